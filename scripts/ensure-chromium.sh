#!/usr/bin/env bash
# Makes Debian's `chromium` available for the browser tests (test/browser) and prints its path as the last line
# of stdout. Already installed: nothing is downloaded and this returns at once. Otherwise it is installed with
# apt (as root, or through sudo); the tests drive it with playwright-core, which downloads no browser of its own.
set -euo pipefail

log() { echo "ensure-chromium: $*" >&2; }

BIN="${OKTA_PROVISIONING_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "no $BIN and no apt-get: install Chromium and set OKTA_PROVISIONING_CHROMIUM to its path"
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { log "installing chromium needs root (or sudo)"; exit 1; }
  SUDO="sudo"
fi

# Other apt runs on a shared machine hold the lock for a while: wait for it rather than fail.
APT=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 -qq)
log "installing Debian's chromium with apt"
$SUDO apt-get "${APT[@]}" update >&2
# No recommends: the headless tests need the browser and a font, not a desktop's worth of extras.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${APT[@]}" install -y --no-install-recommends \
  chromium fonts-dejavu-core >&2
test -x "$BIN" || { log "apt installed chromium, but $BIN is not there"; exit 1; }
log "$("$BIN" --version 2>/dev/null || echo chromium)"
echo "$BIN"
