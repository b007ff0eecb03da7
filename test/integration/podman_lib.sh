#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A private podman for the integration tests (sourced after lib.sh): its own storage, runroot,
# tmpdir and containers.conf naming $RUNW_RUNTIME, plus helpers the podman suites share.
# Sets PM_DIR, PODMAN and RUN_OPTS (pm_write_config).

PM_DIR=""
PODMAN=()
RUN_OPTS=()

# Prints the containers.conf for the private podman environment.
pm_containers_conf() {
  local nproc name
  name=$(basename "$RUNW_RUNTIME")
  # podman's root default (1048576) exceeds this machine's hard limits and setrlimit fails, so
  # use the hard limits podman runs with (nproc capped, as podman itself caps it here).
  nproc=$(ulimit -Hu)
  [[ $nproc == unlimited || $nproc -gt 32768 ]] && nproc=32768
  cat <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=$nproc:$nproc"]
# No CNI: podman asks the runtime for a fresh network namespace and leaves host networking alone.
netns = "none"

[network]
network_config_dir = "$PM_DIR/net"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$PM_DIR/events.log"
tmp_dir = "$PM_DIR/tmp"
volume_path = "$PM_DIR/volumes"
runtime = "runw"
# podman passes --log-format=json (and --log) only to runtimes named here.
runtime_supports_json = ["crun", "runc", "kata", "runsc", "youki", "krun", "runw", "$name"]

[engine.runtimes]
runw = ["$RUNW_RUNTIME"]
EOF
}

# Writes storage, registries and containers configs and exports the variables podman reads.
pm_write_config() {
  PM_DIR=$IT_TMP/podman
  mkdir -p "$PM_DIR"/{root,runroot,tmp,net,volumes,imagetmp}
  # conmon drops files (an "oom" marker after an OOM kill) in its working directory: keep them
  # in the temp dir, not in the caller's.
  cd "$PM_DIR" || fail "cannot enter $PM_DIR"
  printf '[storage]\ndriver = "overlay"\ngraphroot = "%s"\nrunroot = "%s"\n' \
    "$PM_DIR/root" "$PM_DIR/runroot" >"$PM_DIR/storage.conf"
  echo 'unqualified-search-registries = []' >"$PM_DIR/registries.conf"
  pm_containers_conf >"$PM_DIR/containers.conf"
  export CONTAINERS_CONF=$PM_DIR/containers.conf
  export CONTAINERS_STORAGE_CONF=$PM_DIR/storage.conf
  export CONTAINERS_REGISTRIES_CONF=$PM_DIR/registries.conf
  # Image import stages layers in TMPDIR (default /var/tmp).
  export TMPDIR=$PM_DIR/imagetmp
  PODMAN=(podman --root "$PM_DIR/root" --runroot "$PM_DIR/runroot" --tmpdir "$PM_DIR/tmp"
    --storage-driver overlay --cgroup-manager cgroupfs --events-backend file
    --runtime "$RUNW_RUNTIME")
  # shellcheck disable=SC2034 # read by the sourcing script
  RUN_OPTS=(--cgroup-parent "/$IT_TAG")
}

# Cleanup hook: removes every pod and container of the private store (stopping them first).
pm_remove_all() {
  timeout 30 "${PODMAN[@]}" pod rm --all --force --time 0 >/dev/null 2>&1 ||
    note "cleanup: podman pod rm --all failed"
  timeout 30 "${PODMAN[@]}" rm --all --force --time 0 >/dev/null 2>&1 ||
    note "cleanup: podman rm --all failed"
}

# Fails unless podman works and would use $RUNW_RUNTIME.
pm_preflight() {
  capture "${PODMAN[@]}" info --format '{{.Host.OCIRuntime.Path}}'
  [[ $RC == 0 ]] || fail "podman info failed (exit $RC): $(it_oneline "$ERR")"
  [[ $OUT == "$RUNW_RUNTIME" ]] || fail "podman would run runtime '$OUT', not '$RUNW_RUNTIME'"
}

# Imports the locally built busybox rootfs as image NAME.
pm_import_busybox() {
  it_build_busybox_tar
  capture "${PODMAN[@]}" import --change 'CMD ["/bin/sh"]' "$(it_busybox_tar_path)" "$1"
  [[ $RC == 0 ]] || fail "podman import of the busybox rootfs failed: $(it_oneline "$ERR")"
}

# Tracks conmon and the container init of NAME so cleanup can stop them by PID.
pm_track() {
  local pid
  capture "${PODMAN[@]}" inspect -f '{{.State.ConmonPid}} {{.State.Pid}}' "$1"
  [[ $RC == 0 ]] || return 0
  for pid in $OUT; do
    [[ $pid -gt 0 ]] && it_track_pid "$pid"
  done
  return 0
}

# Succeeds once the log of container NAME contains TEXT.
pm_log_has() {
  timeout 10 "${PODMAN[@]}" logs "$1" 2>/dev/null | grep -qF -- "$2"
}
