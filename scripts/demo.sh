#!/usr/bin/env bash
# `npm run demo`: build, then run the demo against a fresh local lab (see scripts/demo.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
tsc -p tsconfig.build.json
exec node dist/scripts/demo.js
