#!/usr/bin/env bash
# Makes actionlint (the linter of GitHub Actions workflows; with shellcheck on PATH it also checks their `run:`
# scripts) available and prints its absolute path as the last line of stdout. An actionlint on PATH of the pinned
# version wins; otherwise it is built once with the Go toolchain from the Go module proxy into the project's cache
# (~/.cache/pulumi-okta-provisioning/actionlint-<version>), where later runs find it.
set -euo pipefail

VERSION="${OKTA_PROVISIONING_ACTIONLINT_VERSION:-v1.7.12}"
CACHE_DIR="${OKTA_PROVISIONING_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-okta-provisioning}"
DIR="$CACHE_DIR/actionlint-$VERSION"

log() { echo "ensure-actionlint: $*" >&2; }

if command -v actionlint >/dev/null 2>&1 && [ "$(actionlint -version 2>/dev/null | head -n 1)" = "$VERSION" ]; then
  command -v actionlint
  exit 0
fi
if [ -x "$DIR/actionlint" ]; then
  echo "$DIR/actionlint"
  exit 0
fi

command -v go >/dev/null 2>&1 || { log "no actionlint $VERSION on PATH and no Go toolchain to build it"; exit 1; }
mkdir -p "$DIR"
# One build at a time on this machine: another run waits for it and then uses what it built.
exec 9>"$DIR/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ ! -x "$DIR/actionlint" ]; then
  log "building actionlint $VERSION from the Go module proxy (about a minute)"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  GOBIN="$work" GOFLAGS="-mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN:-local}" \
    go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION" >&2
  mv "$work/actionlint" "$DIR/actionlint"
fi
echo "$DIR/actionlint"
