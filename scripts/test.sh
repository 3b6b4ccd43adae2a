#!/usr/bin/env bash
# The test command (npm test runs it through scripts/toolchain.sh): type-check, build, then
# unit, integration (lab, slapd) and engine (real Pulumi CLI) tests.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type-check (tsc --noEmit)"
tsc --noEmit -p tsconfig.json
echo "== build"
rm -rf dist
tsc -p tsconfig.build.json
echo "== tests (node $(node --version), $(pulumi version))"
mocha "$@"
