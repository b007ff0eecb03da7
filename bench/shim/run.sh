#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Shim benchmark: end-to-end `ctr run --rm` time and shim peak RSS, runw shim vs runc shim + runc.
#
# Usage: bench/shim/run.sh [BUILD_DIR]   BUILD_DIR defaults to build/ (needs bin/runw,
#                                        bin/containerd-shim-runw-v2, examples/echo.wasm); root
#
# Environment:
#   RUNW_BENCH_ROUNDS  measured rounds (default 20); each round runs both cases once, order
#                      alternating from round to round
#   RUNW_BENCH_WARMUP  unmeasured rounds first (default 3)
#   RUNW_BENCH_RSS     long-running tasks per shim whose VmHWM/VmRSS are sampled (default 3)
#   RUNW_BENCH_OUT     where artifacts go (default BUILD_DIR/bench-shim)
#
# Starts a private containerd 1.6 (test/integration/containerd_lib.sh) whose PATH has a copy of
# containerd-shim-runw-v2 next to a runw symlink, imports the locally built busybox image and the
# packed examples/echo.wasm image, then times the ctr process of each case (its wall time from
# bash's EPOCHREALTIME, nothing of the harness inside), interleaved:
#   runw: ctr run --rm --runtime io.containerd.runw.v2 ECHO_IMAGE ID /echo.wasm hello
#   runc: ctr run --rm --runtime io.containerd.runc.v2 BUSYBOX_IMAGE ID /bin/true
# (the runc shim runs Debian's runc from PATH). Shim RSS: `ctr run -d` of busybox `sleep 30`
# under each runtime type; VmHWM and VmRSS of the task's parent (the shim) are read after 1 s.
# Artifacts: OUT/samples.tsv (case, round, wall ms) and OUT/report.md (what is printed).
set -euo pipefail

# Single client commands must not be cut short by the integration tests' default budget.
IT_BUDGET=${IT_BUDGET:-3600}
kBenchDir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kRepoDir=$(cd "$kBenchDir/../.." && pwd)
kBuildDir=$(cd "${1:-$kRepoDir/build}" && pwd)
RUNW_RUNTIME=$kBuildDir/bin/runw
# shellcheck source-path=SCRIPTDIR source=../../test/integration/lib.sh
source "$kRepoDir/test/integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../../test/integration/containerd_lib.sh
source "$kRepoDir/test/integration/containerd_lib.sh"

readonly kBusyboxImage=localhost/runw-bench/busybox:latest
readonly kWasmImage=localhost/runw-bench-wasm/echo:latest
kRounds=${RUNW_BENCH_ROUNDS:-20}
kWarmup=${RUNW_BENCH_WARMUP:-3}
kRssRuns=${RUNW_BENCH_RSS:-3}
kOut=${RUNW_BENCH_OUT:-$kBuildDir/bench-shim}
kShim=$kBuildDir/bin/containerd-shim-runw-v2
kEcho=$kBuildDir/examples/echo.wasm
SEQ=0
MS=""
HWM=0
RSS=0

# Puts a copy of the runw shim and a runw symlink into a dir for containerd's PATH; prints it.
install_shim() {
  local dir=$IT_TMP/shim-bin
  mkdir -p "$dir"
  cp "$kShim" "$dir/containerd-shim-runw-v2"
  ln -s "$RUNW_RUNTIME" "$dir/runw"
  echo "$dir"
}

# Imports the busybox image and examples/echo.wasm packed by scripts/runw-image.sh.
import_images() {
  it_busybox_oci_archive "$kBusyboxImage" "$IT_TMP/image/busybox-oci.tar"
  capture "${CTR[@]}" image import "$IT_TMP/image/busybox-oci.tar"
  [[ $RC == 0 ]] || fail "ctr image import of busybox failed: $(it_oneline "$ERR")"
  bash "$kRepoDir/scripts/runw-image.sh" build --wasm "$kEcho" --tag "$kWasmImage" \
    --output "$IT_TMP/image/echo.tar" >/dev/null || fail "runw-image.sh could not pack $kEcho"
  capture "${CTR[@]}" image import "$IT_TMP/image/echo.tar"
  [[ $RC == 0 ]] || fail "ctr image import of the echo image failed: $(it_oneline "$ERR")"
}

# Runs case NAME (runw or runc) once with a fresh id; sets OUT, ERR, RC (lib.sh capture).
run_case_once() {
  local cmd
  SEQ=$((SEQ + 1))
  mapfile -d '' -t cmd < <(case_command "$1" "bench-$1-$SEQ")
  capture "${cmd[@]}"
}

# Prints the ctr command line of case NAME (runw or runc) with container id ID.
case_command() {
  case $1 in
  runw)
    printf '%s\0' "${CTR[@]}" run --rm --runtime io.containerd.runw.v2 --fifo-dir "$CT_DIR/fifo" \
      "$kWasmImage" "$2" /echo.wasm hello
    ;;
  runc)
    printf '%s\0' "${CTR[@]}" run --rm --runtime io.containerd.runc.v2 --fifo-dir "$CT_DIR/fifo" \
      "$kBusyboxImage" "$2" /bin/true
    ;;
  esac
}

# Runs case NAME once and sets MS to the wall time of its ctr process in ms (bash's
# EPOCHREALTIME around a direct run: no timeout(1), subshell or date(1) of the harness inside
# the interval, as they would add the same milliseconds to both cases). A watchdog started
# before the interval kills a ctr that hangs. Fails unless ctr exited 0.
time_case() {
  local id cmd t0 t1 rc=0 watchdog
  SEQ=$((SEQ + 1))
  id=bench-$1-$SEQ
  mapfile -d '' -t cmd < <(case_command "$1" "$id")
  (sleep "$IT_CMD_TIMEOUT" && pkill -KILL -f -- " $id ") >/dev/null 2>&1 &
  watchdog=$!
  # EPOCHREALTIME's separator follows the locale: keep the digits (microseconds).
  t0=${EPOCHREALTIME//[!0-9]/}
  "${cmd[@]}" </dev/null >"$IT_TMP/out" 2>"$IT_TMP/err" || rc=$?
  t1=${EPOCHREALTIME//[!0-9]/}
  # Ending the sleep ends the watchdog: its pkill only runs after a sleep that completed.
  pkill -P "$watchdog" sleep 2>/dev/null || true
  wait "$watchdog" 2>/dev/null || true
  ((rc == 0)) || fail "$1 run exited $rc: $(it_oneline "$(<"$IT_TMP/err")")"
  MS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
}

# Sets HWM and RSS to VmHWM and VmRSS (kB) of the shim of a `sleep 30` busybox task under RUNTIME_TYPE.
shim_rss() {
  local type=$1 id pid shim
  SEQ=$((SEQ + 1))
  id=bench-rss-$SEQ
  capture "${CTR[@]}" run -d --runtime "$type" --fifo-dir "$CT_DIR/fifo" "$kBusyboxImage" "$id" \
    sleep 30
  [[ $RC == 0 ]] || fail "ctr run -d sleep under $type exited $RC: $(it_oneline "$ERR")"
  pid=$(timeout 10 "${CTR[@]}" task ls | awk -v id="$id" '$1 == id { print $2 }')
  shim=$(awk '{ print $4 }' "/proc/$pid/stat")
  [[ $(cat "/proc/$shim/comm") == containerd-shim* ]] ||
    fail "parent $shim of task $id is $(cat "/proc/$shim/comm"), not a shim"
  sleep 1
  read -r HWM RSS < <(awk '$1 == "VmHWM:" { h = $2 } $1 == "VmRSS:" { r = $2 }
    END { print h, r }' "/proc/$shim/status")
  timeout 10 "${CTR[@]}" task delete --force "$id" >/dev/null 2>&1 ||
    fail "ctr task delete --force $id failed"
  timeout 10 "${CTR[@]}" container delete "$id" >/dev/null 2>&1 ||
    fail "ctr container delete $id failed"
}

# Prints "median min max" of the numbers on stdin.
stats() {
  sort -g | awk '{ v[n++] = $1 } END {
    m = n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
    printf "%.1f %.1f %.1f\n", m, v[0], v[n - 1] }'
}

main() {
  local dir round name order i
  local -A wall_med wall_min wall_max hwm_max rss_max
  require_cmd containerd ctr containerd-shim-runc-v2 runc timeout jq tar sha256sum
  require_runtime
  [[ -x $kShim ]] || fail "$kShim missing: build containerd-shim-runw-v2"
  [[ -f $kEcho ]] || fail "$kEcho missing: build the examples"
  it_setup
  dir=$(install_shim)
  ct_start "$dir"
  it_on_cleanup ct_remove_all
  import_images
  mkdir -p "$kOut"

  run_case_once runw
  [[ $RC == 0 && $OUT == hello ]] || fail "runw case: exit $RC, stdout '$OUT', want 0 and 'hello'"
  run_case_once runc
  [[ $RC == 0 ]] || fail "runc case exited $RC: $(it_oneline "$ERR")"

  for ((round = 0; round < kWarmup; round++)); do
    time_case runw
    time_case runc
  done
  printf 'case\tround\twall_ms\n' >"$kOut/samples.tsv"
  for ((round = 0; round < kRounds; round++)); do
    order="runw runc"
    ((round % 2 == 0)) || order="runc runw"
    for name in $order; do
      time_case "$name"
      printf '%s\t%d\t%s\n' "$name" "$round" "$MS" >>"$kOut/samples.tsv"
    done
  done
  for name in runw runc; do
    read -r wall_med[$name] wall_min[$name] wall_max[$name] < <(awk -v c="$name" \
      '$1 == c { print $3 }' "$kOut/samples.tsv" | stats)
    hwm_max[$name]=0
    rss_max[$name]=0
    for ((i = 0; i < kRssRuns; i++)); do
      shim_rss "io.containerd.$name.v2"
      ((HWM <= hwm_max[$name])) || hwm_max[$name]=$HWM
      ((RSS <= rss_max[$name])) || rss_max[$name]=$RSS
    done
  done

  {
    echo "## containerd shim: runw vs runc ($kRounds rounds after $kWarmup warm-ups, $(date -u +%F))"
    echo
    echo "| case | median ms | min ms | max ms | shim VmHWM MiB | shim VmRSS MiB |"
    echo "|---|---|---|---|---|---|"
    for name in runw runc; do
      printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "${wall_med[$name]}" \
        "${wall_min[$name]}" "${wall_max[$name]}" \
        "$(awk -v k="${hwm_max[$name]}" 'BEGIN { printf "%.2f", k / 1024 }')" \
        "$(awk -v k="${rss_max[$name]}" 'BEGIN { printf "%.2f", k / 1024 }')"
    done
    echo
    awk -v w="${wall_med[runw]}" -v c="${wall_med[runc]}" -v h="${hwm_max[runw]}" 'BEGIN {
      r = w / c
      printf "runw/runc median wall: %.2f (%.2fx faster; goal >= 2x: %s)\n", r, 1 / r,
        (1 / r >= 2 ? "met" : "NOT met")
      printf "runw shim VmHWM: %.2f MiB (goal <= 5 MiB: %s)\n", h / 1024,
        (h <= 5 * 1024 ? "met" : "NOT met") }'
  } | tee "$kOut/report.md"
}

main "$@"
