#!/usr/bin/env bash
# Checks the library as a consumer uses it: packs it, installs it next to the newest aws-cdk-lib
# (or AWS_CDK_LIB_VERSION) in an empty project, and synthesizes test/consumer/app.js, which builds
# every construct in every profile with all cdk-nag packs in strict mode and turns aws-cdk-lib's
# own CloudFormation schema validation findings into errors. Needs the npm registry.
#   npx projen consumer:check
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
npm pack --pack-destination "$work" >/dev/null
cd "$work"
echo '{ "name": "paved-road-consumer-check", "version": "1.0.0", "private": true }' > package.json
npm install --no-audit --no-fund --loglevel=error "aws-cdk-lib@${AWS_CDK_LIB_VERSION:-latest}" 'constructs@^10.5.1' 'cdk-nag@^2.38.2' ./paved-road-constructs-*.tgz
cp "$root/test/consumer/app.js" .
node app.js 2>&1 | grep -v -E '^(Stack|Cost estimate|[A-Z][a-z]+-Platform|Delivery) '
