#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages that building and testing runw needs; silent when all are present.
#
# Usage: scripts/deps.sh           install whatever is missing (apt-get update only then)
#        scripts/deps.sh --check   exit 1 and name the missing packages, install nothing
#        scripts/deps.sh --list    print the package list, one per line
#
# The package list lives here and only here. Add a package to the group it belongs to, or add a
# group and list it in RUNW_DEPS below.
set -euo pipefail

# Compiler and build system.
RUNW_DEPS_TOOLCHAIN="cmake ninja-build g++ pkg-config git"
# Libraries the CMake build finds (nlohmann_json, fmt, GTest, benchmark, libcap, libseccomp).
RUNW_DEPS_LIBS="nlohmann-json3-dev libfmt-dev libgtest-dev libgmock-dev googletest libbenchmark-dev libcap-dev libseccomp-dev"
# Tools `make test` runs besides ctest (format check, JSON handling in tests).
RUNW_DEPS_TOOLS="clang-format jq wabt"
# Reference runtimes the tests compare against (`runw spec` vs `runc spec`) and TLS roots.
RUNW_DEPS_TEST="runc ca-certificates"
# WASI programs (test/wasi, examples): C compiled to wasm32-wasi by the build with clang-19 and
# wasi-libc; node's WASI is the differential reference. bench/interp uses the same compiler and node.
RUNW_DEPS_WASI="clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 nodejs"
# Interpreter benchmark (bench/interp) needs nothing beyond the WASI group.
RUNW_DEPS_BENCH=""
# Integration tests (test/integration): the real podman and containerd drive the runtime; the
# busybox image they run is built locally from busybox-static, so no registry is needed. The
# shim suite finds processes with pgrep (procps); the deploy suite parses TOML and YAML with python3.
RUNW_DEPS_INTEGRATION="podman containerd busybox-static procps python3 python3-yaml"
# Start-up benchmark (bench/startup): crun to compare against; runc, busybox-static, jq and g++
# come from the groups above.
RUNW_DEPS_BENCH_STARTUP="crun"
# containerd shim (shim/): protoc generates the ttrpc and Task API messages at build time.
RUNW_DEPS_SHIM="protobuf-compiler libprotobuf-dev"

RUNW_DEPS="$RUNW_DEPS_TOOLCHAIN $RUNW_DEPS_LIBS $RUNW_DEPS_TOOLS $RUNW_DEPS_TEST $RUNW_DEPS_WASI $RUNW_DEPS_BENCH $RUNW_DEPS_INTEGRATION $RUNW_DEPS_BENCH_STARTUP $RUNW_DEPS_SHIM"

die() {
  echo "deps: $*" >&2
  exit 1
}

# Prints the packages of RUNW_DEPS that are not fully installed, one per line.
missingPackages() {
  local installed
  # One dpkg-query for the whole list keeps the no-op case fast. Unknown packages only print to
  # stderr, so they simply do not appear as installed.
  # shellcheck disable=SC2086
  installed=$(dpkg-query -W -f='${Package} ${Status}\n' $RUNW_DEPS 2>/dev/null |
    awk '$2 == "install" && $3 == "ok" && $4 == "installed" { print $1 }' || true)
  local pkg
  for pkg in $RUNW_DEPS; do
    grep -qxF -- "$pkg" <<<"$installed" || echo "$pkg"
  done
}

main() {
  case "${1:-}" in
  --list)
    tr ' ' '\n' <<<"$RUNW_DEPS" | grep -v '^$'
    return 0
    ;;
  --check | "") ;;
  *) die "unknown argument '$1' (use --check or --list)" ;;
  esac

  command -v dpkg-query >/dev/null 2>&1 || die "dpkg-query not found: this script needs Debian 12"

  local missing
  missing=$(missingPackages | tr '\n' ' ')
  missing=${missing% }
  [[ -z "$missing" ]] && return 0

  if [[ "${1:-}" == "--check" ]]; then
    echo "deps: missing packages: $missing" >&2
    return 1
  fi

  local -a asRoot=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 ||
      die "missing packages ($missing) and not root; rerun as root or install sudo"
    asRoot=(sudo)
  fi

  echo "deps: installing: $missing"
  export DEBIAN_FRONTEND=noninteractive
  "${asRoot[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null ||
    die "apt-get update failed"
  # shellcheck disable=SC2086
  "${asRoot[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $missing </dev/null || die "apt-get install failed for: $missing"

  missing=$(missingPackages | tr '\n' ' ')
  missing=${missing% }
  [[ -z "$missing" ]] || die "still missing after install: $missing"
}

main "$@"
