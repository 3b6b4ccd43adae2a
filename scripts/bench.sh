#!/usr/bin/env bash
# `npm run bench [-- options]` (through scripts/toolchain.sh): build, then measure preview and up
# at several subscriber counts against the lab. Options and figures: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
tsc -p tsconfig.build.json
# One lab CA for the whole run, as in scripts/test.sh: the bench process trusts it through
# NODE_EXTRA_CA_CERTS (read at start), and every lab the bench starts reuses it (startLab's tlsDir).
# exec below drops shell traps, so the bench removes this directory itself when it ends.
UCFLOW_BENCH_TLS_DIR=$(mktemp -d -t ucflow-bench-tls.XXXXXX)
export UCFLOW_BENCH_TLS_DIR
node -e 'require("./dist/lab").prepareLabTls(process.env.UCFLOW_BENCH_TLS_DIR).catch((e) => { console.error(e); process.exit(1); })' \
  || { rm -rf "$UCFLOW_BENCH_TLS_DIR"; exit 1; }
export NODE_EXTRA_CA_CERTS="$UCFLOW_BENCH_TLS_DIR/ca.pem"
exec node dist/tests/bench/main.js "$@"
