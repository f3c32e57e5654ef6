#!/usr/bin/env bash
# Makes actionlint (github.com/rhysd/actionlint, the linter of GitHub Actions workflows) available and prints the
# absolute path of the binary as the last line of stdout. One on PATH wins; otherwise it is built once from the Go
# module proxy into the cache that ensure-pulumi uses, and later runs reuse it. Fails (exit 1) when it can be neither
# found nor built: the tests that lint workflows must not skip.
#
# actionlint checks `run:` scripts with shellcheck when shellcheck is on PATH and silently skips them when not, so
# Debian's shellcheck is installed too (with apt, as root or through sudo) when it is missing.
set -euo pipefail

VERSION="${OKTA_PROVISIONING_ACTIONLINT_VERSION:-v1.7.12}"
CACHE_DIR="${OKTA_PROVISIONING_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-okta-provisioning}"
BIN="$CACHE_DIR/actionlint-$VERSION/actionlint"

# shellcheck source-path=SCRIPTDIR source=lib/go-tool.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/go-tool.sh"
log() { echo "ensure-actionlint: $*" >&2; }

if ! command -v shellcheck >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || { log "no shellcheck and no apt-get: install shellcheck"; exit 1; }
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "installing shellcheck needs root (or sudo)"; exit 1; }
    SUDO="sudo"
  fi
  log "installing Debian's shellcheck with apt"
  # Other apt runs on a shared machine hold the lock for a while: wait for it rather than fail.
  APT=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 -qq)
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${APT[@]}" install -y --no-install-recommends shellcheck >&2 \
    || { $SUDO apt-get "${APT[@]}" update >&2 \
         && DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${APT[@]}" install -y --no-install-recommends shellcheck >&2; }
fi

if [ -z "${OKTA_PROVISIONING_BUILD_ACTIONLINT:-}" ] && command -v actionlint >/dev/null 2>&1 \
   && [ "$(actionlint -version 2>/dev/null | head -n 1)" = "$VERSION" ]; then
  command -v actionlint
  exit 0
fi
go_tool_build actionlint "$VERSION" github.com/rhysd/actionlint/cmd/actionlint "$BIN"
echo "$BIN"
