#!/usr/bin/env bash
# `npm run lab [-- options]`: build, then run the lab in the foreground until SIGINT/SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
tsc -p tsconfig.build.json
exec node dist/lab/main.js "$@"
