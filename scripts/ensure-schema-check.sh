#!/usr/bin/env bash
# Builds scripts/schema-check (a binder of Pulumi package schemas from the engine's own Go package) into the
# same cache as ensure-pulumi, and prints the binary's absolute path as the last line of stdout.
set -euo pipefail
# shellcheck source=pulumi-versions.env
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pulumi-versions.env"
CLI_VERSION="${OKTA_PROVISIONING_PULUMI_VERSION:-$PULUMI_CLI_VERSION}"
CACHE_DIR="${OKTA_PROVISIONING_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-okta-provisioning}"
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/schema-check/main.go"
sum="$(sha256sum "$SRC" | cut -c1-12)"
BIN="$CACHE_DIR/schema-check-$CLI_VERSION-$sum"
if [ ! -x "$BIN" ]; then
  command -v go >/dev/null 2>&1 || { echo "ensure-schema-check: Go is needed to build the schema checker" >&2; exit 1; }
  echo "ensure-schema-check: building the schema checker against pkg/v3@$CLI_VERSION" >&2
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  cp "$SRC" "$work/main.go"; cd "$work"
  export GOFLAGS="-mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
  go mod init okta-provisioning/schema-check >/dev/null 2>&1
  go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
  go get "github.com/pulumi/pulumi/pkg/v3@$CLI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$CLI_VERSION" >&2
  mkdir -p "$CACHE_DIR"; go build -o "$BIN.tmp" . >&2; mv "$BIN.tmp" "$BIN"
fi
echo "$BIN"
