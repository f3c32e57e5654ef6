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

# shellcheck source-path=SCRIPTDIR source=lib/go-tool.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/go-tool.sh"

if command -v act >/dev/null 2>&1 && act --version 2>/dev/null | grep -q "version ${VERSION#v}\$"; then
  command -v act
  exit 0
fi
# act prints this version; `go install` leaves it empty (it is set by act's release build).
go_tool_build act "$VERSION" github.com/nektos/act "$BIN" -ldflags "-X main.version=${VERSION#v}"
echo "$BIN"
