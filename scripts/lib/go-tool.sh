# shellcheck shell=bash
# Sourced by the ensure-* scripts of the Go tools the tests run (act, actionlint): builds one `go install` target once
# into the cache that ensure-pulumi uses.
#
# go_tool_build NAME VERSION PACKAGE BIN [go install flags...]
# Leaves the binary at BIN (the last element of PACKAGE names it) or returns 1 with a one-line reason on stderr.
go_tool_build() {
  local name="$1" version="$2" package="$3" bin="$4"
  shift 4
  [ -x "$bin" ] && return 0
  command -v go >/dev/null 2>&1 || {
    echo "ensure-$name: no $name $version on PATH and no Go toolchain to build it: install $name $version or Go 1.23+" >&2
    return 1
  }
  mkdir -p "$(dirname "$bin")"
  # Parallel test runs build it once: the others wait on the lock, then find the binary.
  exec 9>"$(dirname "$bin")/.lock"
  flock 9
  if [ ! -x "$bin" ]; then
    local start work
    start=$(date +%s)
    echo "ensure-$name: building $name $version from the Go module proxy (cold: a minute or two)" >&2
    work="$(mktemp -d)"
    if ! GOBIN="$work" GOTOOLCHAIN="${GOTOOLCHAIN:-local}" go install "$@" "$package@$version" >&2; then
      rm -rf "$work"
      echo "ensure-$name: go install $package@$version failed (see above)" >&2
      return 1
    fi
    mv "$work/$(basename "$package")" "$bin"
    rm -rf "$work"
    echo "ensure-$name: built in $(($(date +%s) - start)) s: $bin" >&2
  fi
  exec 9>&-
}
