#!/usr/bin/env bash
# Builds scripts/sdk-gen (Pulumi's own Python, Node.js and Go code generators of pkg/v3, behind a small main)
# into the same cache as ensure-pulumi, and prints the binary's absolute path as the last line of stdout. The
# binary's name carries the engine version and a hash of main.go, so an edit or a version bump builds it again.
set -euo pipefail
# shellcheck source=pulumi-versions.env
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pulumi-versions.env"
CLI_VERSION="${OKTA_PROVISIONING_PULUMI_VERSION:-$PULUMI_CLI_VERSION}"
CACHE_DIR="${OKTA_PROVISIONING_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-okta-provisioning}"
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/sdk-gen/main.go"
sum="$(sha256sum "$SRC" | cut -c1-12)"
BIN="$CACHE_DIR/sdk-gen-$CLI_VERSION-$sum"
if [ ! -x "$BIN" ]; then
  command -v go >/dev/null 2>&1 || { echo "ensure-sdk-gen: Go is needed to build the SDK generator" >&2; exit 1; }
  echo "ensure-sdk-gen: building the SDK generator against pkg/v3@$CLI_VERSION" >&2
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  cp "$SRC" "$work/main.go"; cd "$work"
  export GOFLAGS="-mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
  go mod init okta-provisioning/sdk-gen >/dev/null 2>&1
  go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
  go get "github.com/pulumi/pulumi/pkg/v3@$CLI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$CLI_VERSION" >&2
  mkdir -p "$CACHE_DIR"; go build -o "$BIN.tmp" . >&2; mv "$BIN.tmp" "$BIN"
fi
echo "$BIN"
