#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Interpreter benchmark: builds the C kernels in kernels/ for wasm32 and natively, runs each once
# on every engine, checks that all print the same checksum, and prints a table of CPU times.
#
# Usage: bench/interp/run.sh [BUILD_DIR]     BUILD_DIR defaults to build/ (needs bin/runw-wasm)
#
# Environment:
#   RUNW_BENCH_KERNELS  space-separated kernel names to run (default: every kernels/*.c)
#   RUNW_BENCH_ENGINES  space-separated subset of: runw wasm-interp node node-liftoff
#                       (default: all; native always runs, it is the reference)
#   RUNW_BENCH_TIMEOUT  seconds one engine may take on one kernel (default 300)
#
# Artifacts go to BUILD_DIR/bench-interp/ (never into the source tree): the .wasm and native
# binaries, each run's stdout/stderr/time, results.tsv and table.md. Exits non-zero if a build
# fails, an engine fails or times out, or any checksum differs from native's.
set -euo pipefail

kScriptDir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kRepoDir=$(cd "$kScriptDir/../.." && pwd)
kAllEngines="runw wasm-interp node node-liftoff"
kClang=clang-19
# Shared by both targets so wasm and native compute bit-identical floating-point results:
# no FMA contraction, sqrt as an instruction (wasm has no errno), and no libc calls inserted for
# loops that look like memset/memcpy (the wasm modules have no libc to import them from).
kCommonFlags=(-O2 -ffreestanding -fno-math-errno -ffp-contract=off -Wall -Wextra -Werror)
# shellcheck disable=SC2054 # the commas belong to -Wl, options
kWasmFlags=(--target=wasm32 -nostdlib -fuse-ld=lld -Wl,--no-entry -Wl,--export=run)

die() {
  echo "bench-interp: $*" >&2
  exit 1
}

requireTool() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found (run 'scripts/deps.sh' to install it)"
}

# Compiles one kernel source into NAME.wasm and NAME.native inside the output directory.
buildKernel() {
  local src=$1 name=$2 out=$3
  "$kClang" "${kCommonFlags[@]}" "${kWasmFlags[@]}" "$src" -o "$out/$name.wasm" ||
    die "$name: wasm32 build failed"
  # A module with imports could not be instantiated without a host; wasm-ld already rejects
  # undefined symbols, this is the belt to that brace.
  if wasm-objdump -h "$out/$name.wasm" | grep -q '^ *Import '; then
    die "$name: $name.wasm has an import section; kernels must be freestanding"
  fi
  "$kClang" "${kCommonFlags[@]}" -DKERNEL="\"$src\"" "$kScriptDir/native_main.c" \
    -o "$out/$name.native" || die "$name: native build failed"
}

# Prints the command line that runs ENGINE on kernel NAME, one word per line.
engineCommand() {
  local engine=$1 name=$2 out=$3
  case "$engine" in
  native) printf '%s\n' "$out/$name.native" ;;
  runw) printf '%s\n' "$kRunw" run --invoke run "$out/$name.wasm" ;;
  wasm-interp) printf '%s\n' wasm-interp "$out/$name.wasm" --run-all-exports ;;
  node) printf '%s\n' node "$kScriptDir/harness.js" "$out/$name.wasm" ;;
  node-liftoff)
    printf '%s\n' node --liftoff-only --no-wasm-tier-up "$kScriptDir/harness.js" "$out/$name.wasm"
    ;;
  *) die "unknown engine '$engine'" ;;
  esac
}

# Turns an engine's output into TYPE:SIGNED-DECIMAL. TYPE is the kernel's result type (from the
# native run); it is needed because runw-wasm prints a bare value.
canonicalResult() {
  local engine=$1 type=$2 file=$3 line value
  line=$(grep -v '^$' "$file" | tail -n 1 || true)
  case "$engine" in
  native | node | node-liftoff) echo "$line" ;;
  runw) echo "$type:$line" ;;
  wasm-interp)
    # wabt prints "run() => i64:VALUE" with VALUE unsigned; convert to signed of that width.
    [[ "$line" =~ ^run\(\)\ =\>\ (i32|i64):([0-9]+)$ ]] || {
      echo "unparsed:$line"
      return
    }
    type=${BASH_REMATCH[1]}
    value=${BASH_REMATCH[2]}
    if [[ "$type" == i64 ]]; then
      # Bash arithmetic is 64-bit two's complement without overflow checks, so a value in
      # [2^63, 2^64) wraps to its signed reading.
      value=$((value))
    elif ((value >= 2147483648)); then
      value=$((value - 4294967296))
    fi
    echo "$type:$value"
    ;;
  esac
}

# Runs ENGINE on kernel NAME once; appends "name engine cpu_ms wall_ms result status" to the TSV.
measure() {
  local engine=$1 name=$2 out=$3 type=$4
  local -a cmd
  mapfile -t cmd < <(engineCommand "$engine" "$name" "$out")
  local base="$out/runs/$name.$engine" status=0
  # Bash's `time` reports the CPU time of the waited-for children (getrusage RUSAGE_CHILDREN),
  # which includes every thread of the engine (V8's compiler and GC threads too).
  local TIMEFORMAT='%3U %3S %3R'
  { time timeout "$kTimeout" "${cmd[@]}" >"$base.out" 2>"$base.err"; } 2>"$base.time" || status=$?
  local cpuMs wallMs result
  cpuMs=$(awk '{ printf "%.0f", ($1 + $2) * 1000 }' "$base.time")
  wallMs=$(awk '{ printf "%.0f", $3 * 1000 }' "$base.time")
  if ((status == 124)); then
    result="timeout"
  elif ((status != 0)); then
    result="exit-$status"
  else
    result=$(canonicalResult "$engine" "$type" "$base.out")
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$engine" "$cpuMs" "$wallMs" "$result" >>"$kResults"
  printf '  %-13s %8s ms  %s\n' "$engine" "$cpuMs" "$result" >&2
  if ((status != 0)); then
    echo "bench-interp: $name on $engine failed ($result); see $base.err" >&2
    sed 's/^/    /' "$base.err" | head -n 5 >&2
  fi
}

# Renders results.tsv as a markdown table: CPU ms and ratio to native per engine, geometric
# means over the kernels (the startup row is shown but left out of the means), and the geometric
# means again with every engine's startup time subtracted.
renderTable() {
  local engines=$1
  awk -F'\t' -v engines="$engines" '
    { cpu[$1, $2] = $3; res[$1, $2] = $5; if (!($1 in seen)) { seen[$1] = 1; order[n++] = $1 } }
    END {
      ne = split("native " engines, eng, " ")
      printf "| kernel | checksum |"
      for (e = 1; e <= ne; e++) printf " %s ms |", eng[e]
      for (e = 2; e <= ne; e++) printf " %s / native |", eng[e]
      printf "\n|---|---|"
      for (e = 1; e <= 2 * ne - 1; e++) printf "---:|"
      printf "\n"
      for (k = 0; k < n; k++) {
        name = order[k]; ref = cpu[name, "native"]
        check = res[name, "native"]; sub(/^i(32|64):/, "", check)
        printf "| %s | %s |", name, check
        for (e = 1; e <= ne; e++) {
          ok = res[name, eng[e]] == res[name, "native"]
          printf " %s%s |", cpu[name, eng[e]], ok ? "" : " (" res[name, eng[e]] ")"
        }
        for (e = 2; e <= ne; e++) {
          if (name == "startup") { printf " |"; continue }
          # A failed or mismatching run has no meaningful ratio; the script exits 1 anyway.
          if (res[name, eng[e]] != res[name, "native"]) { printf " failed |"; continue }
          r = cpu[name, eng[e]] / (ref > 0 ? ref : 1)
          printf " %.1fx |", r
          logSum[e] += log(r); count[e]++
        }
        printf "\n"
      }
      printf "| **geomean** | |"
      for (e = 1; e <= ne; e++) printf " |"
      for (e = 2; e <= ne; e++) {
        printf " %s |", count[e] ? sprintf("**%.1fx**", exp(logSum[e] / count[e])) : "n/a"
      }
      printf "\n"
      # The same with each engine'"'"'s startup time taken off first (floored at 1 ms), which is
      # closer to the speed of the generated code when startup is a large share (node).
      if (!(("startup", "native") in cpu)) exit
      printf "| geomean, net of startup | |"
      for (e = 1; e <= ne; e++) printf " |"
      for (e = 2; e <= ne; e++) {
        s = 0; c = 0
        for (k = 0; k < n; k++) {
          name = order[k]
          if (name == "startup" || res[name, eng[e]] != res[name, "native"]) continue
          num = cpu[name, eng[e]] - cpu["startup", eng[e]]
          den = cpu[name, "native"] - cpu["startup", "native"]
          s += log((num < 1 ? 1 : num) / (den < 1 ? 1 : den)); c++
        }
        printf " %s |", c ? sprintf("%.1fx", exp(s / c)) : "n/a"
      }
      printf "\n"
    }' "$kResults"
}

main() {
  local buildDir=${1:-$kRepoDir/build}
  [[ $# -le 1 ]] || die "usage: bench/interp/run.sh [BUILD_DIR]"
  buildDir=$(cd "$buildDir" 2>/dev/null && pwd) || die "build directory '${1:-build}' not found"
  kRunw="$buildDir/bin/runw-wasm"
  kTimeout=${RUNW_BENCH_TIMEOUT:-300}
  [[ -x "$kRunw" ]] || die "$kRunw not found (build it: ninja -C $buildDir runw-wasm)"

  local engines=${RUNW_BENCH_ENGINES:-$kAllEngines} engine
  for engine in $engines; do
    [[ " $kAllEngines " == *" $engine "* ]] || die "unknown engine '$engine' ($kAllEngines)"
  done
  requireTool "$kClang"
  requireTool wasm-ld-19
  requireTool wasm-objdump
  requireTool timeout
  [[ " $engines " != *" wasm-interp "* ]] || requireTool wasm-interp
  [[ " $engines " != *" node"* ]] || requireTool node

  local out="$buildDir/bench-interp"
  rm -rf "$out/runs"
  mkdir -p "$out/runs" "$out/gen"
  # A private copy, so a rebuild of the tree during the run cannot change the binary mid-table.
  cp "$kRunw" "$out/runw-wasm"
  echo "- runw-wasm: $kRunw, tree $(git -C "$kRepoDir" describe --always --dirty 2>/dev/null ||
    echo '?'), binary built $(date -r "$kRunw" '+%Y-%m-%d %H:%M')" >"$out/gen/runw-version"
  kRunw="$out/runw-wasm"
  kResults="$out/results.tsv"
  : >"$kResults"

  # The startup row: a module whose run() does nothing measures each engine's fixed cost
  # (process start, module load and compile), which is part of every kernel's time.
  local startupSrc="$out/gen/startup.c"
  printf '%s\n' '// Generated by bench/interp/run.sh: measures engine startup only.' \
    'static volatile int value = 42;' 'int run(void) { return value; }' >"$startupSrc"

  local -a sources=("$startupSrc") names=(startup)
  local src name
  if [[ -n "${RUNW_BENCH_KERNELS:-}" ]]; then
    for name in $RUNW_BENCH_KERNELS; do
      [[ -f "$kScriptDir/kernels/$name.c" ]] || die "no kernel named '$name' in $kScriptDir/kernels"
      sources+=("$kScriptDir/kernels/$name.c")
      names+=("$name")
    done
  else
    for src in "$kScriptDir"/kernels/*.c; do
      sources+=("$src")
      names+=("$(basename "$src" .c)")
    done
  fi

  kLoadBefore=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "bench-interp: building ${#names[@]} modules into $out" >&2
  local i
  for i in "${!names[@]}"; do
    buildKernel "${sources[$i]}" "${names[$i]}" "$out"
  done

  local failed=0 type expected line
  for name in "${names[@]}"; do
    echo "$name:" >&2
    measure native "$name" "$out" ""
    expected=$(tail -n 1 "$kResults" | cut -f5)
    [[ "$expected" =~ ^(i32|i64):-?[0-9]+$ ]] || die "$name: native printed '$expected'"
    type=${expected%%:*}
    for engine in $engines; do
      measure "$engine" "$name" "$out" "$type"
      line=$(tail -n 1 "$kResults" | cut -f5)
      if [[ "$line" != "$expected" ]]; then
        echo "bench-interp: CHECKSUM MISMATCH: $name on $engine gave '$line', native '$expected'" >&2
        failed=1
      fi
    done
  done

  {
    echo "CPU time (user+sys) of one run per engine, in ms; ratio = engine / native."
    echo
    cat "$out/gen/runw-version"
    echo "- wasm-interp $(wasm-interp --version 2>/dev/null || echo '?'), node $(node --version 2>/dev/null || echo '?'), $("$kClang" --version | head -n 1)"
    echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores;" \
      "load average before the run: $kLoadBefore"
    echo
    renderTable "$engines"
  } >"$out/table.md"
  cat "$out/table.md"
  ((failed == 0)) || die "checksums differ or an engine failed; see $out/runs"
}

main "$@"
