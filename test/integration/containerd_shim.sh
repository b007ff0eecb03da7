#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Drives a private containerd whose runtime io.containerd.runw.v2 is our containerd-shim-runw-v2.
#
# Usage: RUNW_RUNTIME=build/bin/runw RUNW_SHIM=build/bin/containerd-shim-runw-v2 \
#          RUNW_SHIM_CALL=build/test-bin/runw-shim-call test/integration/containerd_shim.sh
#        (as root)
# Prints "ok - name" or "not ok - name: reason" per case; exits non-zero if any case failed or
# setup failed. The shim is copied into a temp dir next to a `runw` symlink to $RUNW_RUNTIME (the
# shim runs the runw found next to itself) and that dir is put first on containerd's PATH.
# shellcheck disable=SC2016 # commands for the container's shell are single-quoted on purpose
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=containerd_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/containerd_lib.sh"

readonly IMAGE=localhost/runw-it/busybox:latest
readonly WASM_IMAGE=localhost/runw-it-wasm/hello:latest
readonly RUNTIME_TYPE=io.containerd.runw.v2
RUNW_SHIM=${RUNW_SHIM:-${RUNW_BUILD_DIR:-$IT_REPO_DIR/build}/bin/containerd-shim-runw-v2}
RUNW_SHIM_CALL=${RUNW_SHIM_CALL:-${RUNW_BUILD_DIR:-$IT_REPO_DIR/build}/test-bin/runw-shim-call}
EXAMPLES_DIR=${RUNW_BUILD_DIR:-$IT_REPO_DIR/build}/examples
SHIM_DIR=""
RUN_OPTS=()

# ---------------------------------------------------------------------------------------------
# Setup

# Puts a copy of the shim and a runw symlink into SHIM_DIR.
shim_install() {
  [[ -f $RUNW_SHIM && -x $RUNW_SHIM ]] ||
    fail "shim '$RUNW_SHIM' is not an executable file (build containerd-shim-runw-v2 or set RUNW_SHIM)"
  [[ -f $RUNW_SHIM_CALL && -x $RUNW_SHIM_CALL ]] ||
    fail "'$RUNW_SHIM_CALL' is not an executable file (build runw-shim-call or set RUNW_SHIM_CALL)"
  SHIM_DIR=$IT_TMP/shim-bin
  mkdir -p "$SHIM_DIR"
  cp "$RUNW_SHIM" "$SHIM_DIR/containerd-shim-runw-v2"
  ln -s "$RUNW_RUNTIME" "$SHIM_DIR/runw"
}

# Cleanup hook: ct_remove_all, then the (empty) runtime state dir the shim used for our
# namespace.
shim_remove_all() {
  ct_remove_all
  rmdir "/run/containerd/runw/$IT_TAG" 2>/dev/null || true
}

# Imports the locally built busybox image and the packed wasm hello image.
ct_import_images() {
  local archive=$IT_TMP/image/busybox-oci.tar wasm=$EXAMPLES_DIR/hello.wasm
  it_busybox_oci_archive "$IMAGE" "$archive"
  capture "${CTR[@]}" image import "$archive"
  [[ $RC == 0 ]] || fail "ctr image import of the busybox OCI archive failed: $(it_oneline "$ERR")"
  [[ -f $wasm ]] || fail "$wasm missing: build the examples (ninja -C build runw_example_hello)"
  bash "$IT_REPO_DIR/scripts/runw-image.sh" build --wasm "$wasm" --tag "$WASM_IMAGE" \
    --output "$IT_TMP/image/hello.tar" >/dev/null || fail "runw-image.sh could not pack $wasm"
  capture "${CTR[@]}" image import "$IT_TMP/image/hello.tar"
  [[ $RC == 0 ]] || fail "ctr image import of the wasm hello image failed: $(it_oneline "$ERR")"
}

# ---------------------------------------------------------------------------------------------
# Helpers for cases

# Succeeds if there is no task ID.
ct_no_task() {
  [[ -z $(ct_status "$1") ]]
}

# Succeeds if no process PID exists.
pid_gone() {
  ! kill -0 "$1" 2>/dev/null
}

# Succeeds if FILE does not exist.
file_gone() {
  [[ ! -e $1 ]]
}

# Like capture_in_pty (ctr -t needs a terminal of its own), on a pty of 91 columns and 37 rows,
# which ctr sends as the first ResizePty. PREFIX (shell code, may be empty) runs first on the
# script line and may end in a pipe into ctr. OUT loses the terminal's carriage returns.
ct_capture_tty() {
  local prefix=$1 cmd
  shift
  cmd=$(printf '%q ' "$@")
  capture env SHELL=/bin/bash script -qec "stty cols 91 rows 37 && $prefix $cmd" /dev/null
  OUT=${OUT//$'\r'/}
}

# Shell code for the container: prints "size ROWS COLS" once the terminal has a size. ctr sends
# its size (ResizePty) only after Start, so a fast process may look before it arrives.
readonly PRINT_TTY_SIZE='for i in $(seq 100); do s=$(stty size 2>/dev/null) && [ -n "$s" ] &&
  break; sleep 0.1; done; echo "size $s"'

# Prints the ttrpc address of the shim serving task ID (containerd keeps it in the bundle).
ct_shim_address() {
  cat "$CT_DIR/state/io.containerd.runtime.v2.task/$IT_TAG/$1/address"
}

# ---------------------------------------------------------------------------------------------
# Cases

case_run_output() {
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-echo" echo hello from busybox
  expect_rc 0 "ctr run --rm echo"
  expect_eq "$OUT" "hello from busybox" "stdout"
}

case_stdin_eof() {
  local cmd
  # Without a terminal the container holds the stdin fifo itself and the shim keeps no writer,
  # so cat reads the piped lines and then EOF once ctr closes its end.
  cmd=$(printf '%q ' "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-stdin" \
    sh -c 'cat; echo cat-status-$?')
  capture bash -c 'printf "one\ntwo\n" | '"$cmd"
  expect_rc 0 "ctr run --rm cat with piped stdin"
  expect_eq "$OUT" $'one\ntwo\ncat-status-0' "stdout"
}

case_exit_codes() {
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-exit" \
    sh -c 'echo err >&2; exit 3'
  expect_rc 3 "ctr run sh -c 'exit 3'"
  expect_eq "$ERR" "err" "stderr"
  # The runtime's create error travels through its --log file and the shim to ctr.
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-nobin" /no/such/binary
  expect_rc 1 "ctr run /no/such/binary"
  expect_contains_i "$ERR" "no such file or directory" "ctr error for a missing binary"
}

case_run_detached() {
  local id=$1
  capture "${CTR[@]}" run -d "${RUN_OPTS[@]}" "$IMAGE" "$id" \
    sh -c 'trap "exit 7" TERM; while :; do sleep 1 & wait $!; done'
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
}

case_tty_run() {
  ct_capture_tty "" "${CTR[@]}" run -t --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-tty" \
    sh -c "tty; $PRINT_TTY_SIZE; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-ttys; seq 3000; exit 3"
  expect_rc 3 "ctr run -t sh -c '...; exit 3' (under script)"
  expect_contains "$OUT" "/dev/pts/0" "tty"
  expect_contains "$OUT" "size 37 91" "stty size (ctr's first ResizePty)"
  expect_contains "$OUT" "all-ttys" "stdin, stdout and stderr are the terminal"
  # All the output is copied before the exit is reported (ctr stops reading at the exit).
  expect_eq "$(grep -cxE '[0-9]+' <<<"$OUT")" 3000 "lines of seq 3000 that arrived"
  expect_eq "$(tail -n 1 <<<"$OUT")" 3000 "the last line"
}

case_tty_input() {
  local cmd
  # Typed lines reach an interactive shell on the terminal; it exits with `exit 4`.
  cmd=$(printf '%q ' "${CTR[@]}" run -t --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-tty-in" sh)
  capture bash -c 'printf "echo in-\$((6 * 7))\nexit 4\n" |
    SHELL=/bin/bash script -qec "$1" /dev/null' _ "$cmd"
  expect_rc 4 "ctr run -t sh with 'exit 4' typed"
  expect_contains "$OUT" "in-42" "output of the typed echo"
}

case_tty_close_stdin() {
  local id=$IT_TAG-tty-eof address
  # ctr -t reads its terminal and never sends CloseIO; CRI does (attach/exec with stdin once).
  # Detached, ctr leaves and cat keeps waiting: the shim holds the stdin fifo open until CloseIO,
  # after which cat must read EOF from its terminal.
  ct_capture_tty "" "${CTR[@]}" run -d -t "${RUN_OPTS[@]}" "$IMAGE" "$id" sh -c 'cat; exit 9'
  [[ $RC == 0 ]] || "${CTR[@]}" container delete "$id" >/dev/null 2>&1 || true
  expect_rc 0 "ctr run -d -t cat"
  ct_track "$id"
  wait_until 15 "task $id to be RUNNING" ct_status_is "$id" RUNNING
  sleep 1
  expect_status "$id" RUNNING
  address=$(ct_shim_address "$id")
  capture "$RUNW_SHIM_CALL" close-stdin "$address" "$id"
  expect_rc 0 "CloseIO of $id"
  wait_until 15 "task $id to stop after CloseIO (cat read EOF)" ct_status_is "$id" STOPPED
  capture "${CTR[@]}" task delete "$id"
  expect_contains "$ERR" "exit code 9" "exit status after cat ended"
  capture "${CTR[@]}" container delete "$id"
  expect_rc 0 "ctr container delete"
}

case_tty_resize() {
  # ctr sends ResizePty on SIGWINCH, which the kernel sends it when its terminal is resized.
  ct_capture_tty "" bash -c '"$@" </dev/tty & sleep 1; stty cols 100 rows 30; wait $!' _ \
    "${CTR[@]}" run -t --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-tty-resize" \
    sh -c 'sleep 3; stty size'
  expect_rc 0 "ctr run -t sh -c 'sleep 3; stty size'"
  expect_contains "$OUT" "30 100" "stty size after the resize"
}

case_tty_exec() {
  local id=$1
  ct_require_task "$id"
  ct_capture_tty "" "${CTR[@]}" task exec -t --exec-id exec-tty --fifo-dir "$CT_DIR/fifo" "$id" \
    sh -c "tty; $PRINT_TTY_SIZE; exit 6"
  expect_rc 6 "ctr task exec -t sh -c '...; exit 6'"
  expect_contains "$OUT" "/dev/pts/" "tty in the exec'd process"
  expect_contains "$OUT" "size 37 91" "stty size in the exec'd process"
  # ResizePty for a process without a terminal, and for one that is gone.
  capture "$RUNW_SHIM_CALL" resize "$(ct_shim_address "$id")" "$id" "" 80 24
  expect_rc 1 "ResizePty of an init without a terminal"
  expect_contains "$OUT" "FailedPrecondition" "ResizePty of an init without a terminal"
  capture "$RUNW_SHIM_CALL" resize "$(ct_shim_address "$id")" "$id" exec-tty 80 24
  expect_rc 1 "ResizePty of a deleted exec"
  expect_contains "$OUT" "NotFound" "ResizePty of a deleted exec"
}

case_tty_wasm_hello() {
  ct_capture_tty "" "${CTR[@]}" run -t --rm "${RUN_OPTS[@]}" "$WASM_IMAGE" "$IT_TAG-hello-tty"
  expect_rc 1 "ctr run -t hello without /data"
  expect_contains "$OUT" "Hello from WebAssembly!" "output on the terminal"
  expect_contains "$OUT" "cannot open /data/message.txt" "error output on the terminal"
}

case_ps_pause_resume() {
  local id=$1
  ct_require_task "$id"
  capture "${CTR[@]}" task ps "$id"
  expect_rc 0 "ctr task ps"
  expect_contains "$OUT" "$(ct_pid "$id")" "ctr task ps lists the init pid"
  capture "${CTR[@]}" task pause "$id"
  expect_rc 0 "ctr task pause"
  expect_status "$id" PAUSED
  capture "${CTR[@]}" task resume "$id"
  expect_rc 0 "ctr task resume"
  expect_status "$id" RUNNING
}

# Prints the VALUE column of METRIC in a `ctr task metrics` table on stdin.
ct_metric() {
  awk -v metric="$1" '$1 == metric { print $2 }'
}

# Succeeds if VALUE is a decimal number from MIN to MAX.
number_in() {
  [[ $1 =~ ^[0-9]+$ ]] && (($1 >= $2 && $1 <= $3))
}

# Succeeds on a host with only cgroup v2, where containerd wants io.containerd.cgroups.v2.Metrics.
host_is_cgroup2() {
  [[ $(stat -fc %T /sys/fs/cgroup) == cgroup2fs ]]
}

case_metrics() {
  local id=$1 usage pids usage_row=memory.usage_in_bytes cpu_path=.cpu.usage.total
  ct_require_task "$id"
  if host_is_cgroup2; then
    usage_row=memory.usage
    cpu_path=.cpu.usage_usec
  fi
  # ctr prints a table only for the cgroups v1 or v2 Metrics types; for anything else (or a
  # type URL its typeurl registry does not know) it fails.
  capture "${CTR[@]}" task metrics "$id"
  expect_rc 0 "ctr task metrics"
  usage=$(ct_metric "$usage_row" <<<"$OUT")
  number_in "$usage" 1 $((1 << 40)) ||
    it_reason "$usage_row is '$usage', want a positive number: $(it_oneline "$OUT")"
  # The task's shell is always there; its sleep mostly.
  pids=$(ct_metric pids.current <<<"$OUT")
  number_in "$pids" 1 3 ||
    it_reason "pids.current is '$pids', want 1 to 3: $(it_oneline "$OUT")"
  capture "${CTR[@]}" task metrics --format json "$id"
  expect_rc 0 "ctr task metrics --format json"
  jq -e "$cpu_path > 0" <<<"$OUT" >/dev/null ||
    it_reason "ctr task metrics --format json: $cpu_path is not positive: $(it_oneline "$OUT")"
}

# Prints the /tasks/ topics `ctr events` saw for task ID, in order, on one line.
ct_task_topics() {
  grep -F "\"$1\"" "$IT_TMP/events.log" | ct_topics | grep "^/tasks/" | paste -sd ' '
}

# Succeeds once `ctr events` has printed TOPIC for task ID.
ct_task_saw() {
  [[ " $(ct_task_topics "$2") " == *" $1 "* ]]
}

# Fails (with the reason) on a host with swap: ctr sets no swap limit, so a 32 MiB task could
# swap out instead of meeting the OOM killer.
require_no_swap() {
  [[ $(awk 'NR > 1' /proc/swaps) == "" ]] ||
    it_reason "the host has swap (/proc/swaps), so ctr's --memory-limit cannot force an OOM"
}

case_oom_init() {
  local id=$IT_TAG-oom
  require_no_swap
  # dd's 64 MiB buffer does not fit under a 32 MiB limit: the OOM killer ends dd, the init.
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" --memory-limit $((32 << 20)) "$IMAGE" "$id" \
    dd if=/dev/zero of=/dev/null bs=64M count=1
  expect_rc 137 "ctr run --memory-limit 32MiB dd bs=64M (OOM-killed: 128+SIGKILL)"
  wait_until 5 "ctr events to show the /tasks/delete of $id" ct_task_saw /tasks/delete "$id"
  expect_eq "$(ct_task_topics "$id")" \
    "/tasks/create /tasks/start /tasks/oom /tasks/exit /tasks/delete" "event order of $id"
}

case_oom_child() {
  local id=$IT_TAG-oom-child
  require_no_swap
  # The OOM kills a child; the init lives on, so no exit can carry the OOM: the shim's watcher
  # has to publish it by itself.
  capture "${CTR[@]}" run -d "${RUN_OPTS[@]}" --memory-limit $((32 << 20)) "$IMAGE" "$id" \
    sh -c 'dd if=/dev/zero of=/dev/null bs=64M count=1; echo "dd $?" >/dd.status; sleep 300'
  [[ $RC == 0 ]] || "${CTR[@]}" container delete "$id" >/dev/null 2>&1 || true
  expect_rc 0 "ctr run -d --memory-limit 32MiB sh -c 'dd bs=64M; sleep'"
  ct_track "$id"
  wait_until 10 "ctr events to show /tasks/oom for $id" ct_task_saw /tasks/oom "$id"
  capture "${CTR[@]}" task exec --exec-id status --fifo-dir "$CT_DIR/fifo" "$id" cat /dd.status
  expect_eq "$OUT" "dd 137" "dd's exit status inside the task"
  expect_eq "$(ct_task_topics "$id")" \
    "/tasks/create /tasks/start /tasks/oom /tasks/exec-added /tasks/exec-started /tasks/exit" \
    "events of $id while its init runs"
  capture "${CTR[@]}" task kill --signal SIGKILL "$id"
  expect_rc 0 "ctr task kill --signal SIGKILL"
  wait_until 15 "task $id to be STOPPED" ct_status_is "$id" STOPPED
  capture "${CTR[@]}" task delete "$id"
  expect_rc 0 "ctr task delete"
  capture "${CTR[@]}" container delete "$id"
  expect_rc 0 "ctr container delete"
  expect_eq "$(grep -c "/tasks/oom.*\"$id\"" "$IT_TMP/events.log")" 1 \
    "/tasks/oom events of $id (one OOM; none for the SIGKILL or the cgroup's removal)"
}

case_kill_delete() {
  local id=$1
  ct_require_task "$id"
  # An exec'd process still running when the init exits: its exit must be published first.
  capture "${CTR[@]}" task exec -d --exec-id exec-sleep --fifo-dir "$CT_DIR/fifo" "$id" sleep 300
  expect_rc 0 "ctr task exec -d sleep"
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

case_exited_task() {
  local id=$1
  capture "${CTR[@]}" run -d "${RUN_OPTS[@]}" "$IMAGE" "$id" sh -c 'exit 4'
  [[ $RC == 0 ]] || "${CTR[@]}" container delete "$id" >/dev/null 2>&1 || true
  expect_rc 0 "ctr run -d sh -c 'exit 4'"
  wait_until 15 "task $id to be STOPPED" ct_status_is "$id" STOPPED
  # The shim deletes the container in runw as soon as its last process has exited, so that
  # containerd's Delete finds the work done: runw's state and the cgroup go before Delete.
  wait_until 10 "runw's state of the exited $id to be removed before Delete" \
    file_gone "/run/containerd/runw/$IT_TAG/$id"
  expect_eq "$(ct_cgroups_named "$id")" "" "cgroups of the exited $id before Delete"
  expect_status "$id" STOPPED
  capture "${CTR[@]}" task ps "$id"
  expect_rc 0 "ctr task ps of an exited task"
  expect_eq "$(tail -n +2 <<<"$OUT")" "" "pids of an exited task"
  capture "${CTR[@]}" task metrics "$id"
  expect_rc 1 "ctr task metrics of an exited task"
  # containerd 1.6 drops the shim's error (FailedPrecondition) and says it got none.
  expect_contains "$ERR" "no metrics" "ctr task metrics error"
  capture "${CTR[@]}" task delete "$id"
  expect_rc 0 "ctr task delete"
  expect_contains "$ERR" "exit code 4" "ctr task delete warning (exit status of the task)"
  capture "${CTR[@]}" container delete "$id"
  expect_rc 0 "ctr container delete"
}

case_shim_killed() {
  local id=$1 pid shim sock
  capture "${CTR[@]}" run -d "${RUN_OPTS[@]}" "$IMAGE" "$id" sleep 300
  [[ $RC == 0 ]] || "${CTR[@]}" container delete "$id" >/dev/null 2>&1 || true
  expect_rc 0 "ctr run -d sleep"
  ct_track "$id"
  pid=$(ct_pid "$id")
  shim=$(awk '{ print $4 }' "/proc/$pid/stat")
  # containerd notices the lost connection and runs the shim binary's `delete` action, which
  # must kill the container (runw delete --force) and report it as SIGKILLed.
  kill -KILL "$shim"
  wait_until 15 "task $id to disappear after its shim was killed" ct_no_task "$id"
  wait_until 10 "the container init $pid to be gone" pid_gone "$pid"
  expect_contains "$(grep -F "\"$id\"" "$IT_TMP/events.log" | grep -F /tasks/exit)" \
    '"exit_status":137' "TaskExit that containerd publishes for the dead shim"
  # The socket is named as containerd 1.6's shim.SocketAddress does: sha256 of address/ns/id.
  sock=/run/containerd/s/$(printf '%s' "$CT_DIR/c.sock/$IT_TAG/$id" | sha256sum | cut -d' ' -f1)
  wait_until 5 "the dead shim's socket $sock to be removed" file_gone "$sock"
  capture "${CTR[@]}" container delete "$id"
  expect_rc 0 "ctr container delete"
}

case_wasm_hello() {
  # hello greets, then exits 1 because /data/message.txt does not exist.
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$WASM_IMAGE" "$IT_TAG-hello"
  expect_rc 1 "ctr run --rm hello without /data"
  expect_eq "$OUT" "Hello from WebAssembly!" "stdout"
  expect_contains "$ERR" "cannot open /data/message.txt" "stderr"
}

# Prints the pid of the shim that serves task ID (the parent of its init).
ct_shim_of() {
  local pid
  pid=$(ct_pid "$1")
  [[ -n $pid && $pid -gt 0 ]] || return 0
  awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null
}

case_pod_shares_shim() {
  local pod=$IT_TAG-pod app=$IT_TAG-pod-app shim
  local annotation=(--annotation "io.kubernetes.cri.sandbox-id=$pod")
  capture "${CTR[@]}" run -d "${RUN_OPTS[@]}" "${annotation[@]}" "$IMAGE" "$pod" sleep 300
  expect_rc 0 "ctr run -d of the pod's sandbox"
  ct_track "$pod"
  capture "${CTR[@]}" run -d "${RUN_OPTS[@]}" "${annotation[@]}" "$IMAGE" "$app" sleep 300
  expect_rc 0 "ctr run -d of a second container of the pod"
  ct_track "$app"
  shim=$(ct_shim_of "$pod")
  [[ -n $shim ]] || it_reason "no shim found for $pod"
  expect_eq "$(ct_shim_of "$app")" "$shim" "shim of the second container (the sandbox's shim)"
  capture "${CTR[@]}" task exec --exec-id pod-exec --fifo-dir "$CT_DIR/fifo" "$app" echo shared
  expect_rc 0 "ctr task exec in the second container"
  expect_eq "$OUT" "shared" "exec stdout"
  # The sandbox goes first; its shim keeps serving the container that is left.
  capture "${CTR[@]}" task kill --signal SIGKILL "$pod"
  wait_until 15 "the sandbox task to stop" ct_status_is "$pod" STOPPED
  capture "${CTR[@]}" task delete "$pod"
  capture "${CTR[@]}" container delete "$pod"
  expect_rc 0 "ctr container delete of the sandbox"
  expect_status "$app" RUNNING
  kill -0 "$shim" 2>/dev/null || it_reason "the pod's shim exited with a container left"
  capture "${CTR[@]}" task kill --signal SIGKILL "$app"
  wait_until 15 "the second task to stop" ct_status_is "$app" STOPPED
  capture "${CTR[@]}" task delete "$app"
  capture "${CTR[@]}" container delete "$app"
  expect_rc 0 "ctr container delete of the second container"
  wait_until 10 "the pod's shim $shim to exit after its last container" pid_gone "$shim"
}

case_runtime_info() {
  local info
  info=$("$SHIM_DIR/containerd-shim-runw-v2" -info </dev/null | protoc --decode_raw)
  expect_contains "$info" '1: "io.containerd.runw.v2"' "RuntimeInfo name"
  expect_contains "$info" 'runtime-spec/1/features/Features' "features type URL"
  expect_contains "$info" 'ociVersionMin' "features JSON from runw features"
}

# containerd 2.3+ writes BootstrapParams to `start`'s stdin and reads a BootstrapResult back;
# containerd 1.6 cannot, so the shim binary is run by hand here, as containerd would.
case_bootstrap_params() {
  local bundle=$IT_TMP/boot-bundle id=$IT_TAG-boot sockdir=$IT_TMP/boot-s result hash daemon
  local proto_dir=$IT_REPO_DIR/shim/proto proto=containerd/runtime/bootstrap/v1/bootstrap.proto
  mkdir -p "$bundle" "$sockdir"
  echo '{"ociVersion":"1.0.2"}' >"$bundle/config.json"
  printf 'instance_id: "%s" namespace: "%s" socket_dir: "%s"\n' "$id" "$IT_TAG" "$sockdir" |
    protoc -I "$proto_dir" --encode=containerd.runtime.bootstrap.v1.BootstrapParams "$proto" \
      >"$IT_TMP/boot-params.bin"
  result=$(cd "$bundle" && "$SHIM_DIR/containerd-shim-runw-v2" -namespace "$IT_TAG" \
    -address "$CT_DIR/c.sock" -id "$id" start <"$IT_TMP/boot-params.bin" |
    protoc -I "$proto_dir" --decode=containerd.runtime.bootstrap.v1.BootstrapResult "$proto")
  daemon=$(pgrep -f -- "-namespace $IT_TAG -id $id -address") || true
  [[ -n $daemon ]] && it_track_pid "$daemon"
  hash=$(printf '%s' "$CT_DIR/c.sock/$IT_TAG/$id" | sha256sum | cut -d' ' -f1)
  expect_contains "$result" "version: 3" "BootstrapResult version"
  expect_contains "$result" "address: \"unix://$sockdir/$hash\"" "BootstrapResult address"
  expect_contains "$result" 'protocol: "ttrpc"' "BootstrapResult protocol"
  [[ -S $sockdir/$hash ]] || it_reason "no socket in the params' socket_dir $sockdir"
  [[ -n $daemon ]] || it_reason "no shim daemon was started"
  [[ -z $daemon ]] || kill -TERM "$daemon"
}

# Starts `ctr events` in the background; case_events reads what it printed.
ct_watch_events() {
  local pid
  "${CTR[@]}" events >"$IT_TMP/events.log" 2>&1 &
  pid=$!
  it_track_pid "$pid"
  sleep 0.5
}

# Prints the topic (the first word starting with /) of each `ctr events` line on stdin.
ct_topics() {
  awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) { print $i; break } }'
}

case_events() {
  local topic events
  events=$(ct_topics <"$IT_TMP/events.log" | sort -u | paste -sd ' ')
  for topic in /tasks/create /tasks/start /tasks/exit /tasks/delete /tasks/exec-added \
    /tasks/exec-started /tasks/paused /tasks/resumed; do
    expect_contains " $events " " $topic " "topics seen by ctr events"
  done
  # The init's exit is published after its start: check the order for the echo task.
  expect_eq "$(grep -F "\"$IT_TAG-echo\"" "$IT_TMP/events.log" | ct_topics | grep "^/tasks/" | paste -sd ' ')" \
    "/tasks/create /tasks/start /tasks/exit /tasks/delete" "event order of $IT_TAG-echo"
  # The init's exit comes after the exit of the exec'd sleep that outlived it.
  expect_eq "$(grep -F "/tasks/exit" "$IT_TMP/events.log" | grep -F "\"$IT_TAG-detach\"" |
    grep -oE '"id":"[^"]*"' | paste -sd ' ')" \
    "\"id\":\"exec-echo\" \"id\":\"exec-exit\" \"id\":\"exec-tty\" \"id\":\"exec-sleep\" \"id\":\"$IT_TAG-detach\"" \
    "order of the exit events of $IT_TAG-detach"
}

case_cleanup() {
  local left
  capture "${CTR[@]}" task ls -q
  expect_rc 0 "ctr task ls"
  expect_eq "$OUT" "" "tasks left"
  capture "${CTR[@]}" container ls -q
  expect_rc 0 "ctr container ls"
  expect_eq "$OUT" "" "containers left"
  left=$(find "/run/containerd/runw/$IT_TAG" -mindepth 1 -maxdepth 1 2>/dev/null | head -n 3)
  expect_eq "$left" "" "runtime state left under --root"
  left=$(find /tmp -maxdepth 1 -name 'runw-console-*' -newer "$CT_DIR/config.toml" | head -n 3)
  expect_eq "$left" "" "console socket directories left"
  wait_until 10 "the shims to exit" ct_no_shims
}

# Prints the number of open fds of our containerd.
ct_fd_count() {
  local pid
  pid=$(pgrep -of -- "containerd --config $CT_DIR/config.toml") || return 1
  find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l
}

# Prints the number of mounts below the temp dir.
it_mount_count() {
  awk -v d="$IT_TMP/" 'index($5, d) == 1' /proc/self/mountinfo | wc -l
}

# Prints the cgroup dirs (any v1 hierarchy or v2) of containers whose id starts with PREFIX.
ct_cgroups_named() {
  find /sys/fs/cgroup/"$IT_TAG" /sys/fs/cgroup/*/"$IT_TAG" -mindepth 1 -type d \
    -name "$1*" 2>/dev/null | head -n 3
}

# Succeeds when no runw (by its --root) or shim process of our containerd is alive.
ct_no_runw_procs() {
  ct_no_shims && ! pgrep -f -- "/run/containerd/runw/$IT_TAG( |\$)" >/dev/null
}

case_loop_no_leaks() {
  local n=50 i fds0 fds1 mounts0 start
  fds0=$(ct_fd_count)
  mounts0=$(it_mount_count)
  start=$SECONDS
  for ((i = 0; i < n; i++)); do
    capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" "$IT_TAG-loop-$i" true
    expect_rc 0 "ctr run --rm true (container $i of $n)"
  done
  note "$n ctr run --rm took $((SECONDS - start)) s"
  wait_until 10 "the shims and runw processes to exit" ct_no_runw_procs
  expect_eq "$(timeout 10 "${CTR[@]}" container ls -q)" "" "containers left"
  expect_eq "$(it_mount_count)" "$mounts0" "mounts below $IT_TMP"
  expect_eq "$(ct_cgroups_named "$IT_TAG-loop-")" "" "cgroups left"
  fds1=$(ct_fd_count)
  note "containerd fds $fds0 -> $fds1, mounts below the temp dir $mounts0"
  ((fds1 - fds0 <= 5)) || it_reason "containerd fds grew from $fds0 to $fds1"
}

main() {
  require_cmd containerd ctr timeout jq tar sha256sum protoc pgrep script stty
  require_runtime
  it_setup
  shim_install
  ct_start "$SHIM_DIR"
  RUN_OPTS=(--runtime "$RUNTIME_TYPE" --fifo-dir "$CT_DIR/fifo")
  it_on_cleanup shim_remove_all
  ct_import_images
  ct_watch_events
  run_case "ctr run --rm prints the output" case_run_output
  run_case "ctr run exit codes (3, missing binary)" case_exit_codes
  run_case "ctr run: piped stdin, then EOF" case_stdin_eof
  run_case "ctr run -d" case_run_detached "$IT_TAG-detach"
  run_case "ctr task exec (output, exit code)" case_exec "$IT_TAG-detach"
  run_case "ctr task exec -t (tty, size, exit code)" case_tty_exec "$IT_TAG-detach"
  run_case "ctr task ps / pause / resume" case_ps_pause_resume "$IT_TAG-detach"
  run_case "ctr task metrics (table and json)" case_metrics "$IT_TAG-detach"
  run_case "ctr task kill, task delete exit status, container delete" case_kill_delete \
    "$IT_TAG-detach"
  run_case "an exited task: runw state gone before Delete, no pids or metrics, exit status" \
    case_exited_task "$IT_TAG-exited"
  run_case "a killed shim: bootstrap delete kills the container" case_shim_killed \
    "$IT_TAG-orphan"
  run_case "ctr run --rm of the wasm hello image" case_wasm_hello
  run_case "ctr run -t (tty, size, all output, exit code)" case_tty_run
  run_case "ctr run -t sh reads typed lines" case_tty_input
  run_case "ctr run -d -t: CloseIO gives the program EOF" case_tty_close_stdin
  run_case "ctr run -t: a resized terminal reaches the container" case_tty_resize
  run_case "ctr run -t of the wasm hello image" case_tty_wasm_hello
  run_case "one shim serves the containers of a pod (sandbox-id annotation)" \
    case_pod_shares_shim
  run_case "-info prints RuntimeInfo with runw's features" case_runtime_info
  run_case "bootstrap start with containerd 2.3 BootstrapParams" case_bootstrap_params
  run_case "an OOM-killed init: /tasks/oom before its /tasks/exit" case_oom_init
  run_case "an OOM-killed child: /tasks/oom while the init runs, once" case_oom_child
  run_case "task events reach containerd (topics, order)" case_events
  run_case "50 ctr run --rm leak no fds, mounts, cgroups or processes" case_loop_no_leaks
  run_case "no tasks, containers, runtime state or shims left" case_cleanup
  it_finish
}

main "$@"
