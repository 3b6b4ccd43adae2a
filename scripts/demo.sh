#!/usr/bin/env bash
# `npm run demo`: build, then `ucflow demo` (lab/cli-demo.ts): the demo customers through the
# real Pulumi CLI against a fresh local lab. Arguments go to the verb (--customer contoso).
set -euo pipefail
cd "$(dirname "$0")/.."
tsc -p tsconfig.build.json
exec node dist/sdk/cli/main.js demo "$@"
