#!/usr/bin/env bash
# Makes the Pulumi CLI and its Node.js, YAML, Python and Go language hosts available and prints, as the last line of
# stdout, the absolute directory that holds them (with the dynamic-provider launcher beside them).
#
# A `pulumi` already on PATH wins (a user's machine). Otherwise they are built from the Go module proxy
# into a cache outside the repo that later runs reuse. Versions: scripts/pulumi-versions.env.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=pulumi-versions.env
. "$REPO_DIR/scripts/pulumi-versions.env"
CLI_VERSION="${OKTA_PROVISIONING_PULUMI_VERSION:-$PULUMI_CLI_VERSION}"
LANGHOST_VERSION="$PULUMI_NODEJS_HOST_VERSION"
YAML_VERSION="$PULUMI_YAML_HOST_VERSION"
PYTHON_HOST_VERSION="$PULUMI_PYTHON_HOST_VERSION"
GO_HOST_VERSION="$PULUMI_GO_HOST_VERSION"
CACHE_DIR="${OKTA_PROVISIONING_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-okta-provisioning}"
BIN_DIR="$CACHE_DIR/pulumi-$CLI_VERSION"

log() { echo "ensure-pulumi: $*" >&2; }

# The dynamic-provider launcher ships at the root of the @pulumi/pulumi npm package; the CLI looks for
# plugins beside itself, so it is copied next to the binaries.
place_launcher() {
  local dir="$1" src="$REPO_DIR/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ -f "$src" ] && [ ! -x "$dir/pulumi-resource-pulumi-nodejs" ]; then
    cp "$src" "$dir/pulumi-resource-pulumi-nodejs" && chmod +x "$dir/pulumi-resource-pulumi-nodejs"
  fi
}

if [ -z "${OKTA_PROVISIONING_BUILD_PULUMI:-}" ] && command -v pulumi >/dev/null 2>&1 \
   && [ "$(command -v pulumi)" != "$BIN_DIR/pulumi" ]; then
  dir="$(cd "$(dirname "$(command -v pulumi)")" && pwd)"
  if [ -x "$dir/pulumi-language-nodejs" ] || command -v pulumi-language-nodejs >/dev/null 2>&1; then
    log "using pulumi on PATH: $dir ($(pulumi version))"
    echo "$dir"
    exit 0
  fi
  log "pulumi on PATH ($dir) has no pulumi-language-nodejs beside it; building our own"
fi

if [ -x "$BIN_DIR/pulumi" ] && [ -x "$BIN_DIR/pulumi-language-nodejs" ] && [ -x "$BIN_DIR/pulumi-language-yaml" ] \
   && [ -x "$BIN_DIR/pulumi-language-python" ] && [ -x "$BIN_DIR/pulumi-language-python-exec" ] \
   && [ -x "$BIN_DIR/pulumi-language-go" ]; then
  place_launcher "$BIN_DIR"
  log "cached: $BIN_DIR ($("$BIN_DIR/pulumi" version))"
  echo "$BIN_DIR"
  exit 0
fi

command -v go >/dev/null 2>&1 || { log "no pulumi on PATH and no Go toolchain to build it: install Pulumi (https://www.pulumi.com/docs/install/) or Go 1.23+"; exit 1; }

start=$(date +%s)
mkdir -p "$BIN_DIR"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOFLAGS="-mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

if [ ! -x "$BIN_DIR/pulumi" ]; then
  log "building pulumi $CLI_VERSION from the Go module proxy (cold: about 5 minutes)"
  mkdir -p "$work/cli" && cd "$work/cli"
  go mod init okta-provisioning/pulumi-cli >/dev/null 2>&1
  # pkg/v3's own go.mod replaces this module; a consumer module must repeat the non-local replace.
  go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
  go get "github.com/pulumi/pulumi/pkg/v3@$CLI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$CLI_VERSION" >&2
  # Without the version ldflag `pulumi version` prints nothing and the Automation API refuses the CLI.
  go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$CLI_VERSION" \
    -o "$BIN_DIR/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
  mv "$BIN_DIR/pulumi.tmp" "$BIN_DIR/pulumi"
fi

if [ ! -x "$BIN_DIR/pulumi-language-nodejs" ]; then
  log "building pulumi-language-nodejs $LANGHOST_VERSION"
  mkdir -p "$work/lang" && cd "$work/lang"
  go mod init okta-provisioning/pulumi-language-nodejs >/dev/null 2>&1
  go get "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@$LANGHOST_VERSION" >&2
  go build -o "$BIN_DIR/pulumi-language-nodejs.tmp" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs >&2
  mv "$BIN_DIR/pulumi-language-nodejs.tmp" "$BIN_DIR/pulumi-language-nodejs"
fi

if [ ! -x "$BIN_DIR/pulumi-language-yaml" ]; then
  log "building pulumi-language-yaml $YAML_VERSION"
  mkdir -p "$work/yaml" && cd "$work/yaml"
  go mod init okta-provisioning/pulumi-language-yaml >/dev/null 2>&1
  go get "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$YAML_VERSION" >&2
  go build -o "$BIN_DIR/pulumi-language-yaml.tmp" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml >&2
  mv "$BIN_DIR/pulumi-language-yaml.tmp" "$BIN_DIR/pulumi-language-yaml"
fi

# The Python host, like the Node.js one, left sdk/v3 after v3.68.0. It runs programs through the script
# pulumi-language-python-exec, which it looks for beside itself; the script ships in the same module's source.
if [ ! -x "$BIN_DIR/pulumi-language-python" ] || [ ! -x "$BIN_DIR/pulumi-language-python-exec" ]; then
  log "building pulumi-language-python $PYTHON_HOST_VERSION"
  mkdir -p "$work/python" && cd "$work/python"
  go mod init okta-provisioning/pulumi-language-python >/dev/null 2>&1
  go get "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python@$PYTHON_HOST_VERSION" >&2
  go build -o "$BIN_DIR/pulumi-language-python.tmp" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python >&2
  exec_src="$(go list -m -f '{{.Dir}}' "github.com/pulumi/pulumi/sdk/v3")/python/cmd/pulumi-language-python-exec"
  install -m 0755 "$exec_src" "$BIN_DIR/pulumi-language-python-exec"
  mv "$BIN_DIR/pulumi-language-python.tmp" "$BIN_DIR/pulumi-language-python"
fi

# The Go host lived in sdk/v3 (go/pulumi-language-go) until v3.66.0; later releases moved it to a module of its own
# that the Go module proxy does not serve. It builds Go programs with the `go` on PATH.
if [ ! -x "$BIN_DIR/pulumi-language-go" ]; then
  log "building pulumi-language-go $GO_HOST_VERSION"
  mkdir -p "$work/go" && cd "$work/go"
  go mod init okta-provisioning/pulumi-language-go >/dev/null 2>&1
  go get "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go@$GO_HOST_VERSION" >&2
  go build -o "$BIN_DIR/pulumi-language-go.tmp" github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go >&2
  mv "$BIN_DIR/pulumi-language-go.tmp" "$BIN_DIR/pulumi-language-go"
fi

place_launcher "$BIN_DIR"
log "built in $(( $(date +%s) - start ))s: $("$BIN_DIR/pulumi" version)"
echo "$BIN_DIR"
