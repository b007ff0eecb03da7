#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Start-up benchmark: times `run` of a busybox /bin/true bundle on runw, crun and runc, interleaved
# in one run, and prints wall time, CPU time and peak RSS per runtime plus runw's ratios.
#
# Usage: bench/startup/run.sh [BUILD_DIR]     BUILD_DIR defaults to build/ (needs bin/runw); root
#
# Environment:
#   RUNW_BENCH_ROUNDS  measured rounds (default 30); each round runs every runtime once
#   RUNW_BENCH_WARMUP  unmeasured rounds first (default 3)
#   RUNW_BENCH_OUT     where artifacts go (default BUILD_DIR/bench-startup)
#
# Artifacts: OUT/startup-harness (compiled from harness.cpp), OUT/samples.tsv (every run) and
# OUT/report.md (what is printed). The bundle lives in a temporary directory that is removed on
# exit; the runtimes' --root dirs are on a tmpfs that the harness mounts in its own mount
# namespace. Exits non-zero if any runtime run fails.
set -euo pipefail

kScriptDir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kRepoDir=$(cd "$kScriptDir/../.." && pwd)
kBusybox=/bin/busybox

die() {
  echo "bench-startup: $*" >&2
  exit 1
}

requireTool() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found (run 'scripts/deps.sh' to install it)"
}

# Makes BUNDLE/rootfs (Debian's static busybox plus one symlink per applet) and two configs from
# `runc spec`: BUNDLE/config.json runs /bin/true, CHECK/config.json runs `sh -c 'exit 7'` on the
# same rootfs so the harness can tell that a runtime really ran the container.
makeBundles() {
  local bundle=$1 check=$2 applet
  mkdir -p "$bundle/rootfs/bin" "$check"
  cp "$kBusybox" "$bundle/rootfs/bin/busybox"
  for applet in $("$kBusybox" --list); do
    [[ "$applet" == busybox ]] || ln -s busybox "$bundle/rootfs/bin/$applet"
  done
  (cd "$bundle" && runc spec)
  jq '.process.args = ["/bin/true"] | .process.terminal = false' "$bundle/config.json" \
    >"$bundle/config.json.new"
  mv "$bundle/config.json.new" "$bundle/config.json"
  jq --arg rootfs "$bundle/rootfs" '.process.args = ["/bin/sh", "-c", "exit 7"] |
    .root.path = $rootfs' "$bundle/config.json" >"$check/config.json"
}

# A wasm bundle: examples/echo (prints its arguments, exits 0) as /echo.wasm, run by runw's engine.
makeWasmBundle() {
  local bundle=$1 module=$2
  mkdir -p "$bundle/rootfs"
  cp "$module" "$bundle/rootfs/echo.wasm"
  (cd "$bundle" && runc spec)
  jq '.process.args = ["/echo.wasm", "hello"] | .process.terminal = false' "$bundle/config.json" \
    >"$bundle/config.json.new"
  mv "$bundle/config.json.new" "$bundle/config.json"
}

main() {
  local buildDir=${1:-build}
  [[ "$buildDir" == /* ]] || buildDir="$kRepoDir/$buildDir"
  local runw="$buildDir/bin/runw"
  local out=${RUNW_BENCH_OUT:-$buildDir/bench-startup}
  local rounds=${RUNW_BENCH_ROUNDS:-30} warmup=${RUNW_BENCH_WARMUP:-3}

  [[ "$(id -u)" -eq 0 ]] || die "needs root (the runtimes create namespaces and cgroups)"
  [[ -x "$runw" ]] || die "$runw not found (run 'make build')"
  local wasmModule="$buildDir/examples/echo.wasm"
  [[ -f "$wasmModule" ]] || die "$wasmModule not found (run 'make build')"
  requireTool crun
  requireTool runc
  requireTool jq
  requireTool g++
  # The rootfs holds nothing but busybox, so it must be the static build.
  dpkg-query -W -f='${Status}\n' busybox-static 2>/dev/null | grep -qx 'install ok installed' ||
    die "busybox-static not installed (run 'scripts/deps.sh')"

  mkdir -p "$out"
  g++ -std=c++23 -O2 -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion -Werror \
    "$kScriptDir/harness.cpp" -o "$out/startup-harness" || die "building the harness failed"

  local work
  work=$(mktemp -d /tmp/runw-bench-startup.XXXXXX)
  # shellcheck disable=SC2064 # expand $work now
  trap "rm -rf '$work'" EXIT
  makeBundles "$work/bundle" "$work/check"
  makeWasmBundle "$work/wasm" "$wasmModule"
  # Run a copy: a build in BUILD_DIR may relink bin/runw while the benchmark runs.
  mkdir "$work/bin"
  cp "$runw" "$work/bin/runw"

  {
    echo "# Container start-up: runw vs crun vs runc"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -r), $(nproc) CPUs, load average" \
      "$(cut -d' ' -f1-3 /proc/loadavg) before the run."
    echo "runw $("$work/bin/runw" --version | sed -n 's/^runw version //p')" \
      "(commit $("$work/bin/runw" --version | sed -n 's/^commit: //p'))," \
      "$(crun --version | head -n1), $(runc --version | head -n1)."
    echo "Each run: \`RUNTIME --root TMPFS run --bundle B ID\`; B is a busybox-static rootfs and" \
      "\`runc spec\` with process.args=[\"/bin/true\"], terminal=false; runw-wasm is runw on" \
      "a bundle whose entrypoint is examples/echo compiled to wasm (/echo.wasm hello), run by" \
      "the embedded engine."
    echo
    "$out/startup-harness" --bundle "$work/bundle" --check-bundle "$work/check" --work "$work" \
      --rounds "$rounds" --warmup "$warmup" --tsv "$out/samples.tsv" \
      runw="$work/bin/runw" runw-wasm="$work/bin/runw@$work/wasm" \
      crun="$(command -v crun)" runc="$(command -v runc)"
  } | tee "$out/report.md"
}

main "$@"
