#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Drives a private containerd whose runc shim (io.containerd.runc.v2) runs "$RUNW_RUNTIME" via ctr.
#
# Usage: RUNW_RUNTIME=/usr/sbin/runc test/integration/containerd_native.sh   (as root)
# Prints "ok - name" or "not ok - name: reason" per case; exits non-zero if any case failed or
# setup failed (missing package, containerd not starting, image import failing).
# The runc shim takes the runtime binary from its options (BinaryName, Root); with ctr those come
# from --runc-binary and --runc-root on `ctr run` (containerd's config only sets them for CRI).
# shellcheck disable=SC2016 # commands for the container's shell are single-quoted on purpose
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=containerd_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/containerd_lib.sh"

readonly IMAGE=localhost/runw-it/busybox:latest
RUN_OPTS=()

# ---------------------------------------------------------------------------------------------
# Setup

# Imports the locally built busybox image from an OCI archive.
ct_import_image() {
  local archive=$IT_TMP/image/busybox-oci.tar
  it_busybox_oci_archive "$IMAGE" "$archive"
  capture "${CTR[@]}" image import "$archive"
  [[ $RC == 0 ]] || fail "ctr image import of the busybox OCI archive failed: $(it_oneline "$ERR")"
  capture "${CTR[@]}" image ls -q
  [[ $OUT == *"$IMAGE"* ]] || fail "ctr image import did not create $IMAGE (images: $OUT)"
}

# ---------------------------------------------------------------------------------------------
# Helpers for cases

# Checks on the host that the freezer cgroup of task ID is frozen (v1 FROZEN, v2 cgroup.freeze 1).
expect_frozen() {
  local pid file want=1
  pid=$(ct_pid "$1")
  file=$(it_cgroup_file "$pid" freezer freezer.state cgroup.freeze) ||
    it_reason "task $1 (pid $pid) has no freezer.state or cgroup.freeze"
  [[ $file != */freezer.state ]] || want=FROZEN
  expect_eq "$(cat "$file")" "$want" "host $file while paused"
}

# ---------------------------------------------------------------------------------------------
# Cases

case_run_output() {
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-echo" echo hello from busybox
  expect_rc 0 "ctr run --rm echo"
  expect_eq "$OUT" "hello from busybox" "stdout"
}

case_no_leaked_fds() {
  # ls is the container's init; fd 3 is the directory it reads.
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-fds" ls /proc/self/fd
  expect_rc 0 "ctr run ls /proc/self/fd"
  expect_eq "$(paste -sd ' ' <<<"$OUT")" "0 1 2 3" "open fds of the container's init"
}

case_exit_codes() {
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-exit" sh -c 'exit 3'
  expect_rc 3 "ctr run sh -c 'exit 3'"
  # The runtime's create error travels through its --log file and the shim to ctr.
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-nobin" /no/such/binary
  expect_rc 1 "ctr run /no/such/binary"
  expect_contains_i "$ERR" "no such file or directory" "ctr error for a missing binary"
}

case_tty() {
  # ctr run -t needs a terminal on its own stdin.
  capture_in_pty "${CTR[@]}" run --rm -t "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-tty" \
    sh -c 'tty; [ -t 0 ] && [ -t 1 ] && echo both-are-ttys'
  expect_rc 0 "ctr run -t (under script)"
  expect_contains "$OUT" "/dev/pts/0" "tty output"
  expect_contains "$OUT" "both-are-ttys" "tty output"
}

case_run_detached() {
  local id=$1
  capture "${CTR[@]}" run -d "${RUN_OPTS[@]}" "$IMAGE" "$id" \
    sh -c 'trap "exit 7" TERM; while :; do sleep 1 & wait $!; done'
  # A failed `ctr run -d` leaves its container record behind; drop it so only this case fails.
  [[ $RC == 0 ]] || "${CTR[@]}" container delete "$id" >/dev/null 2>&1 || true
  expect_rc 0 "ctr run -d"
  ct_track "$id"
  wait_until 15 "task $id to be RUNNING" ct_status_is "$id" RUNNING
}

case_exec() {
  local id=$1
  ct_require_task "$id"
  capture "${CTR[@]}" task exec --exec-id exec-echo --fifo-dir "$CT_DIR/fifo" "$id" \
    sh -c 'echo exec $((40 + 2))'
  expect_rc 0 "ctr task exec echo"
  expect_eq "$OUT" "exec 42" "exec stdout"
  capture "${CTR[@]}" task exec --exec-id exec-exit --fifo-dir "$CT_DIR/fifo" "$id" sh -c 'exit 5'
  expect_rc 5 "ctr task exec sh -c 'exit 5'"
  # The exec'd process must share the container's PID namespace: PID 1 is the trap loop.
  capture "${CTR[@]}" task exec --exec-id exec-pid1 --fifo-dir "$CT_DIR/fifo" "$id" \
    sh -c 'tr "\0" " " </proc/1/cmdline'
  expect_contains "$OUT" 'trap "exit 7" TERM' "/proc/1/cmdline seen by exec"
}

case_pause_resume() {
  local id=$1
  ct_require_task "$id"
  capture "${CTR[@]}" task pause "$id"
  expect_rc 0 "ctr task pause"
  expect_status "$id" PAUSED
  expect_frozen "$id"
  capture "${CTR[@]}" task resume "$id"
  expect_rc 0 "ctr task resume"
  expect_status "$id" RUNNING
}

case_kill_delete() {
  local id=$1
  ct_require_task "$id"
  capture "${CTR[@]}" task kill --signal SIGTERM "$id"
  expect_rc 0 "ctr task kill --signal SIGTERM"
  wait_until 15 "task $id to be STOPPED after SIGTERM" ct_status_is "$id" STOPPED
  # ctr task delete reports a non-zero exit status as a warning: the TERM trap exits 7.
  capture "${CTR[@]}" task delete "$id"
  expect_rc 0 "ctr task delete"
  expect_contains "$ERR" "exit code 7" "ctr task delete warning (exit status of the task)"
  capture "${CTR[@]}" container delete "$id"
  expect_rc 0 "ctr container delete"
}

case_cleanup() {
  local left
  capture "${CTR[@]}" task ls -q
  expect_rc 0 "ctr task ls"
  expect_eq "$OUT" "" "tasks left"
  capture "${CTR[@]}" container ls -q
  expect_rc 0 "ctr container ls"
  expect_eq "$OUT" "" "containers left"
  # The runtime's own state (its --root, here runc-root/<namespace>) must be gone after delete.
  left=$(find "$CT_DIR/runc-root" -mindepth 2 -maxdepth 2 2>/dev/null | head -n 3)
  expect_eq "$left" "" "runtime state left under --root"
  wait_until 10 "the shims to exit" ct_no_shims
}

main() {
  require_cmd containerd ctr containerd-shim-runc-v2 script timeout jq tar sha256sum
  require_runtime
  it_setup
  ct_start ""
  ct_runc_shim_opts
  it_on_cleanup ct_remove_all
  ct_import_image
  run_case "ctr run --rm prints the output" case_run_output
  run_case "ctr run leaks no fds into the container" case_no_leaked_fds
  run_case "ctr run exit codes (3, missing binary)" case_exit_codes
  run_case "ctr run -t" case_tty
  run_case "ctr run -d" case_run_detached "$IT_TAG-detach"
  run_case "ctr task exec (output, exit code, PID namespace)" case_exec "$IT_TAG-detach"
  run_case "ctr task pause / resume" case_pause_resume "$IT_TAG-detach"
  run_case "ctr task kill, task delete exit status, container delete" case_kill_delete \
    "$IT_TAG-detach"
  run_case "no tasks, containers, runtime state or shims left" case_cleanup
  it_finish
}

main "$@"
