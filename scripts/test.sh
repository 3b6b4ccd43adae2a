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
# One lab CA for the whole run: in-process clients trust it only through NODE_EXTRA_CA_CERTS,
# which Node reads at start; every lab a test starts reuses it (startLab's tlsDir).
UCFLOW_TEST_TLS_DIR=$(mktemp -d -t ucflow-test-tls.XXXXXX)
trap 'rm -rf "$UCFLOW_TEST_TLS_DIR"' EXIT
export UCFLOW_TEST_TLS_DIR NODE_EXTRA_CA_CERTS="$UCFLOW_TEST_TLS_DIR/ca.pem"
node -e 'require("./dist/lab").prepareLabTls(process.env.UCFLOW_TEST_TLS_DIR).catch((e) => { console.error(e); process.exit(1); })'
echo "== tests (node $(node --version), $(pulumi version))"
mocha "$@"
