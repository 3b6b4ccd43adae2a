#!/usr/bin/env bash
# The programs the tests run besides the Pulumi CLI. The Go ones are built from the Go module
# proxy at the versions pinned in package.json ("ucflow.toolchain") and cached under
# $UCFLOW_CACHE, keyed by version, as scripts/toolchain.sh does for the CLI:
#
#   - actionlint (github.com/rhysd/actionlint): checks the GitOps workflow kit (examples/gitops);
#   - SeaweedFS's `weed` (github.com/seaweedfs/seaweedfs): the S3 server of the S3-backend test;
#   - ShellCheck (Debian package shellcheck), which actionlint runs on the workflows' scripts.
#
# scripts/toolchain.sh sources this file and calls ensure_test_tools, which puts them on PATH.
# Run on its own (`bash scripts/test-tools.sh`), it brings in what is missing and prints the
# paths. Set UCFLOW_SKIP_TEST_TOOLS=1 to skip them (the demo and the lab need none of them).

test_tools_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
test_tools_cache=${UCFLOW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ucflow}

test_tools_say() { printf '[toolchain] %s\n' "$*" >&2; }
test_tools_die() { printf '[toolchain] error: %s\n' "$*" >&2; exit 1; }

test_tools_pin() { # test_tools_pin <key>: a version from package.json's "ucflow.toolchain"
  sed -n "/\"toolchain\"/,/}/s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" "$test_tools_repo/package.json"
}

# test_tools_install <name> <destination file> <build command...>: runs the build command with
# the output file as its last argument, in a fresh directory, then moves the binary into place in
# one rename, so two runs sharing a cache never see half a binary.
test_tools_install() {
  local name=$1 dest=$2; shift 2
  command -v go >/dev/null || test_tools_die "$name is not in $test_tools_cache and Go is not installed to build it; install Go"
  mkdir -p "$(dirname "$dest")"
  local work; work=$(mktemp -d "$test_tools_cache/$name-build.XXXXXX")
  test_tools_say "building $name from Go modules (first run only)"
  ( while sleep 30; do test_tools_say "  still building $name... $(date +%T)"; done ) & local ticker=$!
  if ! ( cd "$work" && export GOFLAGS=-mod=readonly GOTOOLCHAIN=${GOTOOLCHAIN:-auto} && "$@" "$work/$name" ); then
    kill $ticker 2>/dev/null; rm -rf "$work"; test_tools_die "building $name failed; see the messages above"
  fi
  kill $ticker 2>/dev/null || true
  mv "$work/$name" "$dest.tmp.$$" && mv -f "$dest.tmp.$$" "$dest" && rm -rf "$work"
  test_tools_say "built $dest"
}

build_actionlint() { # build_actionlint <version> <output file>
  # `go install module@version` works here: actionlint's go.mod has no replace directives.
  local bin; bin=$(dirname "$2")
  GOBIN="$bin" go install -trimpath -ldflags "-s -w" "github.com/rhysd/actionlint/cmd/actionlint@v$1"
}

build_weed() { # build_weed <version> <output file>
  # SeaweedFS's go.mod has a replace directive, which `go install module@version` refuses, so
  # the main package is built inside the downloaded module itself (read-only; nothing written).
  local module=github.com/seaweedfs/seaweedfs@v$1 dir
  dir=$(go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": *"\(.*\)",*$/\1/p')
  if [ -z "$dir" ] || [ ! -d "$dir/weed" ]; then
    printf 'could not download %s from the Go module proxy\n' "$module" >&2; return 1
  fi
  (cd "$dir" && go build -trimpath -ldflags "-s -w" -o "$2" ./weed)
}

ensure_shellcheck() {
  command -v shellcheck >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    test_tools_say "installing ShellCheck (Debian package shellcheck)"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y -qq --no-install-recommends shellcheck || { apt-get update -qq && apt-get install -y -qq --no-install-recommends shellcheck; }; } >/dev/null \
      || test_tools_die "apt-get could not install shellcheck"
  else
    test_tools_die "shellcheck is not installed and this is not a root Debian shell; install the shellcheck package"
  fi
}

ensure_test_tools() {
  [ "${UCFLOW_SKIP_TEST_TOOLS:-}" = 1 ] && return
  ensure_shellcheck
  local actionlint_version weed_version
  actionlint_version=$(test_tools_pin actionlint)
  weed_version=$(test_tools_pin seaweedfs)
  if [ -z "$actionlint_version" ] || [ -z "$weed_version" ]; then
    test_tools_die "package.json has no ucflow.toolchain.actionlint / .seaweedfs pins"
  fi
  local actionlint_bin="$test_tools_cache/actionlint-v$actionlint_version/bin"
  local weed_bin="$test_tools_cache/seaweedfs-v$weed_version/bin"
  [ -x "$actionlint_bin/actionlint" ] || test_tools_install actionlint "$actionlint_bin/actionlint" build_actionlint "$actionlint_version"
  [ -x "$weed_bin/weed" ] || test_tools_install weed "$weed_bin/weed" build_weed "$weed_version"
  export PATH="$actionlint_bin:$weed_bin:$PATH"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  ensure_test_tools
  command -v actionlint weed shellcheck
fi
