#!/usr/bin/env bash
# API compatibility with the previous release: jsii-diff against its assembly, kept in
# test/upgrade/baseline-api/ under a name other than .jsii (jsii-docgen reads every .jsii below the
# project, and would document the old API). jsii-diff wants a package directory whose dependencies
# resolve: a temporary one with this project's node_modules.
set -euo pipefail
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cp test/upgrade/baseline-api/paved-road-constructs.jsii "$dir/.jsii"
cp test/upgrade/baseline-api/package.json "$dir/package.json"
ln -s "$PWD/node_modules" "$dir/node_modules"
jsii-diff "$dir" . --keys --ignore-file .compatignore
