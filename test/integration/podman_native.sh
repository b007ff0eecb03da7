#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Drives the real podman (isolated storage, cgroupfs) with --runtime "$RUNW_RUNTIME" on busybox.
#
# Usage: RUNW_RUNTIME=/usr/sbin/runc test/integration/podman_native.sh   (as root)
# Prints "ok - name" or "not ok - name: reason" per case; exits non-zero if any case failed or
# setup failed (missing package, podman not working).
# shellcheck disable=SC2016 # commands for the container's shell are single-quoted on purpose
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=podman_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/podman_lib.sh"

readonly IMAGE=localhost/runw-it/busybox:latest
PM_PID=""

# ---------------------------------------------------------------------------------------------
# Setup

# ---------------------------------------------------------------------------------------------
# Helpers for cases

# Starts a detached container: pm_run_detached NAME [RUN-OPTION...] -- COMMAND [ARG...].
pm_run_detached() {
  local name=$1
  local -a opts=()
  shift
  while [[ $1 != -- ]]; do
    opts+=("$1")
    shift
  done
  shift
  capture "${PODMAN[@]}" run -d --name "$name" "${RUN_OPTS[@]}" "${opts[@]}" "$IMAGE" "$@"
  expect_rc 0 "podman run -d"
  pm_track "$name"
}

# Sets PM_PID to the init PID of container NAME.
pm_pid() {
  capture "${PODMAN[@]}" inspect -f '{{.State.Pid}}' "$1"
  expect_rc 0 "podman inspect"
  PM_PID=$OUT
}

# ---------------------------------------------------------------------------------------------
# Cases

case_run_output() {
  capture "${PODMAN[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" echo hello from busybox
  expect_rc 0 "podman run --rm echo"
  expect_eq "$OUT" "hello from busybox" "stdout"
}

case_no_leaked_fds() {
  # ls is the container's init; fd 3 is the directory it reads.
  capture "${PODMAN[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" ls /proc/self/fd
  expect_rc 0 "podman run ls /proc/self/fd"
  expect_eq "$(paste -sd ' ' <<<"$OUT")" "0 1 2 3" "open fds of the container's init"
}

case_exit_codes() {
  local name=$IT_TAG-killed
  capture "${PODMAN[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" sh -c 'exit 3'
  expect_rc 3 "podman run sh -c 'exit 3'"
  # podman maps the runtime's "no such file or directory" exec error to 127.
  capture "${PODMAN[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" /no/such/binary
  expect_rc 127 "podman run /no/such/binary"
  # A container init cannot SIGKILL itself (the kernel protects PID 1), so kill it from outside.
  pm_run_detached "$name" -- sleep 60
  capture "${PODMAN[@]}" kill --signal KILL "$name"
  expect_rc 0 "podman kill --signal KILL"
  capture "${PODMAN[@]}" wait "$name"
  expect_rc 0 "podman wait"
  expect_eq "$OUT" 137 "exit code after SIGKILL"
  capture "${PODMAN[@]}" rm "$name"
  expect_rc 0 "podman rm"
}

case_detach_exec_stop() {
  local name=$IT_TAG-detach
  pm_run_detached "$name" -- \
    sh -c 'trap "exit 7" TERM; echo ready; while :; do sleep 1 & wait $!; done'
  wait_until 20 "container log to show 'ready'" pm_log_has "$name" ready
  capture "${PODMAN[@]}" exec "$name" sh -c 'echo exec $((40 + 2))'
  expect_rc 0 "podman exec echo"
  expect_eq "$OUT" "exec 42" "exec stdout"
  capture "${PODMAN[@]}" exec "$name" sh -c 'exit 5'
  expect_rc 5 "podman exec sh -c 'exit 5'"
  # The exec'd process must share the container's PID namespace: PID 1 is the trap loop.
  capture "${PODMAN[@]}" exec "$name" sh -c 'tr "\0" " " </proc/1/cmdline'
  expect_contains "$OUT" 'trap "exit 7" TERM' "/proc/1/cmdline seen by exec"
  capture "${PODMAN[@]}" stop --time 10 "$name"
  expect_rc 0 "podman stop"
  capture "${PODMAN[@]}" inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$name"
  expect_eq "$OUT" "exited 7" "state after SIGTERM (trap exits 7)"
  capture "${PODMAN[@]}" rm "$name"
  expect_rc 0 "podman rm"
}

case_tty() {
  # podman -t needs a terminal on its own stdin.
  capture_in_pty "${PODMAN[@]}" run --rm -t "${RUN_OPTS[@]}" "$IMAGE" \
    sh -c 'tty; [ -t 0 ] && [ -t 1 ] && echo both-are-ttys'
  expect_rc 0 "podman run -t (under script)"
  expect_contains "$OUT" "/dev/pts/0" "tty output"
  expect_contains "$OUT" "both-are-ttys" "tty output"
}

case_memory() {
  local name=$IT_TAG-memory
  local -a limit=(--memory 64m --memory-swap 64m)
  pm_run_detached "$name" "${limit[@]}" -- sleep 60
  pm_pid "$name"
  expect_cgroup_value "$PM_PID" memory memory.limit_in_bytes memory.max 67108864
  capture "${PODMAN[@]}" rm --force --time 0 "$name"
  expect_rc 0 "podman rm --force"
  # Growing a shell variable past the limit must get the container OOM-killed.
  capture "${PODMAN[@]}" run --rm "${RUN_OPTS[@]}" "${limit[@]}" "$IMAGE" \
    sh -c 'x=$(head -c 200000000 /dev/zero | tr "\0" a); echo survived ${#x}'
  expect_rc 137 "podman run allocating 200 MB under --memory 64m"
}

case_pids_limit() {
  local name=$IT_TAG-pids
  pm_run_detached "$name" --pids-limit 8 -- sleep 60
  pm_pid "$name"
  expect_cgroup_value "$PM_PID" pids pids.max pids.max 8
  capture "${PODMAN[@]}" rm --force --time 0 "$name"
  expect_rc 0 "podman rm --force"
  capture "${PODMAN[@]}" run --rm "${RUN_OPTS[@]}" --pids-limit 8 "$IMAGE" \
    sh -c 'i=0; while [ $i -lt 20 ]; do sleep 5 & i=$((i + 1)); done 2>&1; kill $(jobs -p)'
  expect_contains "$OUT$ERR" "can't fork" "output of 20 background sleeps under --pids-limit 8"
}

case_cap_drop() {
  local script='touch /tmp/f && chown 1:1 /tmp/f && echo chown-ok; grep CapEff /proc/self/status'
  capture "${PODMAN[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" sh -c "$script"
  expect_rc 0 "podman run chown (default capabilities)"
  expect_contains "$OUT" "chown-ok" "chown with CAP_CHOWN"
  capture "${PODMAN[@]}" run --rm --cap-drop CHOWN "${RUN_OPTS[@]}" "$IMAGE" sh -c "$script"
  expect_not_contains "$OUT" "chown-ok" "chown without CAP_CHOWN"
  expect_contains "$ERR" "Operation not permitted" "chown error without CAP_CHOWN"
  local capeff=${OUT##*CapEff:}
  capeff=${capeff//[[:space:]]/}
  expect_eq "$((16#$capeff & 1))" 0 "CAP_CHOWN bit of CapEff $capeff"
}

case_read_only() {
  capture "${PODMAN[@]}" run --rm --read-only "${RUN_OPTS[@]}" "$IMAGE" \
    sh -c 'touch /newfile 2>&1 || echo root-ro; touch /tmp/f && echo tmp-rw'
  expect_rc 0 "podman run --read-only"
  expect_contains "$OUT" "Read-only file system" "touch /newfile"
  expect_contains "$OUT" "root-ro" "touch /newfile"
  expect_contains "$OUT" "tmp-rw" "touch /tmp/f (podman mounts a tmpfs there)"
}

case_bind_mount() {
  local vol=$IT_TMP/volume
  mkdir -p "$vol"
  echo from-host >"$vol/in.txt"
  capture "${PODMAN[@]}" run --rm -v "$vol:/data" -v "$vol:/rodata:ro" "${RUN_OPTS[@]}" "$IMAGE" \
    sh -c 'cat /data/in.txt; echo from-container >/data/out.txt; touch /rodata/x 2>&1 || echo ro-ok'
  expect_rc 0 "podman run -v"
  expect_contains "$OUT" "from-host" "host file read in the container"
  expect_contains "$OUT" "ro-ok" "write to the :ro mount"
  expect_eq "$(cat "$vol/out.txt" 2>/dev/null)" "from-container" "file written by the container"
  [[ ! -e $vol/x ]] || it_reason "the :ro bind mount was writable"
}

case_user() {
  capture "${PODMAN[@]}" run --rm --user 1000:1000 "${RUN_OPTS[@]}" "$IMAGE" \
    sh -c 'echo "$(id -u):$(id -g)"'
  expect_rc 0 "podman run --user 1000:1000"
  expect_eq "$OUT" "1000:1000" "uid:gid"
  capture "${PODMAN[@]}" run --rm --user nobody "${RUN_OPTS[@]}" "$IMAGE" \
    sh -c 'echo "$(id -u):$(id -g)"'
  expect_rc 0 "podman run --user nobody"
  expect_eq "$OUT" "65534:65534" "uid:gid of nobody from the image's /etc/passwd"
}

main() {
  require_cmd podman conmon script timeout jq
  require_runtime
  it_setup
  pm_write_config
  it_on_cleanup pm_remove_all
  pm_preflight
  pm_import_busybox "$IMAGE"
  run_case "podman run --rm prints the output" case_run_output
  run_case "podman run leaks no fds into the container" case_no_leaked_fds
  run_case "podman exit codes (3, 127 missing binary, 137 killed)" case_exit_codes
  run_case "podman run -d, exec, stop" case_detach_exec_stop
  run_case "podman run -t" case_tty
  run_case "podman run --memory" case_memory
  run_case "podman run --pids-limit" case_pids_limit
  run_case "podman run --cap-drop" case_cap_drop
  run_case "podman run --read-only" case_read_only
  run_case "podman run -v bind mounts" case_bind_mount
  run_case "podman run --user" case_user
  it_finish
}

main "$@"
