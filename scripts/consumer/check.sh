#!/usr/bin/env bash
# Checks the library as a consumer uses it: installs the release tarball (dist/js/*.tgz, written by
# `projen package:js` after bundle and compile, exactly what the release publishes) in an empty project
# next to aws-cdk-lib at the version given (default: the newest), and synthesizes scripts/consumer/app.js,
# which builds every exported construct in every profile with all cdk-nag packs in strict mode and turns
# aws-cdk-lib's own CloudFormation schema validation findings into errors. Needs the npm registry.
#   npx projen consumer:check        # bundle, compile, package:js, then this script for the newest and the lowest aws-cdk-lib
#   bash scripts/consumer/check.sh 2.257.0
set -euo pipefail
cdk_version="${1:-latest}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tarballs=("$root"/dist/js/paved-road-constructs*.tgz)
if [ ! -f "${tarballs[0]}" ] || [ "${#tarballs[@]}" -ne 1 ]; then
  echo "consumer check: expected one dist/js/paved-road-constructs*.tgz (run npx projen consumer:check), found: ${tarballs[*]}" >&2
  exit 1
fi
tarball="${tarballs[0]}"
# The handler bundle must be inside the tarball: without it a consumer cannot create a PreviewReaper.
# (listed into a variable first: grep -q closing the pipe early would fail tar under pipefail)
listing="$(tar -tzf "$tarball")"
if ! grep -qx 'package/assets/preview/reaper.lambda/index.js' <<< "$listing"; then
  echo "consumer check: $tarball has no assets/preview/reaper.lambda/index.js" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
echo '{ "name": "paved-road-consumer-check", "version": "1.0.0", "private": true }' > package.json
npm install --no-audit --no-fund --loglevel=error "aws-cdk-lib@${cdk_version}" 'constructs@^10.5.1' 'cdk-nag@^2.38.2' "$tarball"
cp "$root/scripts/consumer/app.js" .
node app.js 2>&1 | grep -v -E '^(Stack|Cost estimate|[A-Z][a-z]+-Platform|Delivery|Preview|Catalog) '
