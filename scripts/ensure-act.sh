#!/usr/bin/env bash
# Makes act (github.com/nektos/act, which runs GitHub Actions workflows locally) available at the version the
# workflow e2e test was verified with, and prints the absolute path of the binary as the last line of stdout. It is
# built once from the Go module proxy into the cache that ensure-pulumi uses. An `act` on PATH is used only when it
# reports that version (act's behaviour differs between releases). Fails (exit 1) when it can be neither found nor
# built: the test that runs the generated workflow must not skip.
set -euo pipefail

VERSION="${OKTA_PROVISIONING_ACT_VERSION:-v0.2.89}"
CACHE_DIR="${OKTA_PROVISIONING_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-okta-provisioning}"
BIN="$CACHE_DIR/act-$VERSION/act"

log() { echo "ensure-act: $*" >&2; }

if command -v act >/dev/null 2>&1 && act --version 2>/dev/null | grep -q "version ${VERSION#v}\$"; then
  command -v act
  exit 0
fi
if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null 2>&1 || { log "no act $VERSION on PATH and no Go toolchain to build it: install Go 1.23+"; exit 1; }

mkdir -p "$(dirname "$BIN")"
# Parallel test runs build it once: the others wait on the lock, then find the binary.
exec 9>"$(dirname "$BIN")/.lock"
flock 9
if [ ! -x "$BIN" ]; then
  start=$(date +%s)
  log "building act $VERSION from the Go module proxy (cold: about two minutes)"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # act prints this version; `go install` leaves it empty (it is set by act's release build).
  GOBIN="$work" GOTOOLCHAIN="${GOTOOLCHAIN:-local}" \
    go install -ldflags "-X main.version=${VERSION#v}" "github.com/nektos/act@$VERSION" >&2
  mv "$work/act" "$BIN"
  log "built in $(( $(date +%s) - start )) s: $BIN"
fi
echo "$BIN"
