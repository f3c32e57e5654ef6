#!/usr/bin/env bash
# Makes a virtualenv with the `pulumi` Python package (PULUMI_PYTHON_SDK_VERSION in pulumi-versions.env) and prints
# its absolute directory as the last line of stdout. Put its `bin` first on PATH to run Python programs: the v3.68
# host does not take `runtime.options.virtualenv` from a current CLI, it runs whichever `python` PATH finds.
#
# The virtualenv lives in the same cache as ensure-pulumi, keyed by the Python and package versions, so later runs
# (and CI steps) reuse it. Override the package version with OKTA_PROVISIONING_PULUMI_PYTHON_VERSION.
set -euo pipefail
# shellcheck source=pulumi-versions.env
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pulumi-versions.env"
SDK_VERSION="${OKTA_PROVISIONING_PULUMI_PYTHON_VERSION:-$PULUMI_PYTHON_SDK_VERSION}"
PYTHON="${OKTA_PROVISIONING_PYTHON:-python3}"
CACHE_DIR="${OKTA_PROVISIONING_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-okta-provisioning}"

log() { echo "ensure-python: $*" >&2; }

command -v "$PYTHON" >/dev/null 2>&1 || { log "no $PYTHON on PATH: install Python 3.9+ (or set OKTA_PROVISIONING_PYTHON)"; exit 1; }
py_version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
VENV="$CACHE_DIR/python$py_version-pulumi-$SDK_VERSION"

# The marker is written last, so a virtualenv left half-made by an interrupted run is made again.
if [ -f "$VENV/.ready" ] && "$VENV/bin/python" -c 'import pulumi' >/dev/null 2>&1; then
  log "cached: $VENV (pulumi $SDK_VERSION, Python $py_version)"
  echo "$VENV"
  exit 0
fi

start=$(date +%s)
log "making a virtualenv with pulumi==$SDK_VERSION for Python $py_version"
rm -rf "$VENV"
mkdir -p "$CACHE_DIR"
"$PYTHON" -m venv "$VENV" >&2
# Beside pulumi: `packaging`, which the generated SDK imports (older pulumi releases do not depend on it), and
# `wheel`, with which pip builds that SDK from its source without build isolation, so offline.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pulumi==$SDK_VERSION" "packaging>=24.0" wheel >&2
touch "$VENV/.ready"
log "made in $(( $(date +%s) - start ))s: $("$VENV/bin/python" -m pip show pulumi 2>/dev/null | sed -n 's/^Version: /pulumi /p')"
echo "$VENV"
