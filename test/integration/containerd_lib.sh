#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A private containerd for the integration tests (sourced after lib.sh): its own root, state,
# sockets and config.toml under the test's temp dir, no CRI plugin. Sets CT_DIR and CTR.

CT_DIR=""
CTR=()

# Prints containerd's config.toml: everything under CT_DIR, no CRI plugin.
ct_config() {
  cat <<EOF
version = 2
root = "$CT_DIR/root"
state = "$CT_DIR/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "$CT_DIR/c.sock"

[ttrpc]
  address = "$CT_DIR/c.sock.ttrpc"

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = "$CT_DIR/opt"
EOF
}

# Starts containerd in the background (tracked by PID) and waits until it answers on its socket.
# PATH_PREFIX (optional) goes in front of containerd's PATH, where it finds shim binaries.
ct_start() {
  local prefix=${1:-} pid i
  CT_DIR=$IT_TMP/ctrd
  mkdir -p "$CT_DIR"/{root,state,opt,fifo,runc-root}
  ct_config >"$CT_DIR/config.toml"
  PATH="${prefix:+$prefix:}$PATH" containerd --config "$CT_DIR/config.toml" --log-level info \
    </dev/null >"$CT_DIR/containerd.log" 2>&1 &
  pid=$!
  it_track_pid "$pid"
  CTR=(ctr --address "$CT_DIR/c.sock" --namespace "$IT_TAG")
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null ||
      fail "containerd exited at startup: $(it_oneline "$(cat "$CT_DIR/containerd.log")")"
    timeout 5 "${CTR[@]}" version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "containerd did not answer on $CT_DIR/c.sock within 10 s: $(it_oneline \
    "$(cat "$CT_DIR/containerd.log")")"
}

# Cleanup hook: kills and deletes every task, then deletes every container of our namespace.
# Shims left behind (e.g. of a task that never started) name our socket on their command line,
# so it_track_leftovers finds them.
ct_remove_all() {
  local id
  for id in $(timeout 10 "${CTR[@]}" task ls -q 2>/dev/null); do
    timeout 10 "${CTR[@]}" task kill --signal SIGKILL "$id" >/dev/null 2>&1
    timeout 10 "${CTR[@]}" task delete --force "$id" >/dev/null 2>&1 ||
      note "cleanup: ctr task delete $id failed"
  done
  for id in $(timeout 10 "${CTR[@]}" container ls -q 2>/dev/null); do
    timeout 10 "${CTR[@]}" container delete "$id" >/dev/null 2>&1 ||
      note "cleanup: ctr container delete $id failed"
  done
  # The runtimes' state roots for our namespace (runw's shim and the runc shim's defaults):
  # removed once empty, so runs do not pile up directories in /run.
  rmdir "/run/containerd/runw/$IT_TAG" "/run/containerd/runc/$IT_TAG" 2>/dev/null || true
}

# ctr run options that make containerd's runc shim run $RUNW_RUNTIME (containerd 1.6 applies
# config.toml runtime options to CRI only, so ctr passes BinaryName itself).
ct_runc_shim_opts() {
  # shellcheck disable=SC2034 # read by the sourcing script
  RUN_OPTS=(--runc-binary "$RUNW_RUNTIME" --runc-root "$CT_DIR/runc-root" --fifo-dir "$CT_DIR/fifo")
}

# ---------------------------------------------------------------------------------------------
# Task helpers the containerd suites share (they read CTR and CT_DIR).

# Prints the STATUS column of `ctr task ls` for task ID (empty if there is no such task).
ct_status() {
  timeout 10 "${CTR[@]}" task ls 2>/dev/null | awk -v id="$1" '$1 == id { print $3 }'
}

# Succeeds if task ID has STATUS.
ct_status_is() {
  [[ $(ct_status "$1") == "$2" ]]
}

# Checks that task ID has STATUS now.
expect_status() {
  expect_eq "$(ct_status "$1")" "$2" "ctr task ls status of $1"
}

# Prints the PID column of `ctr task ls` for task ID.
ct_pid() {
  timeout 10 "${CTR[@]}" task ls 2>/dev/null | awk -v id="$1" '$1 == id { print $2 }'
}

# Checks that task ID exists, so later cases name the real cause rather than a follow-on error.
ct_require_task() {
  [[ -n $(ct_status "$1") ]] || it_reason "task $1 does not exist (see the 'ctr run -d' case)"
}

# Tracks the init process of task ID and its shim so cleanup can stop them by PID. containerd 1.6
# writes no shim.pid; the shim is the init's parent (it is the subreaper the init is reparented to).
ct_track() {
  local pid ppid
  pid=$(ct_pid "$1")
  [[ -n $pid && $pid -gt 0 ]] || return 0
  it_track_pid "$pid"
  ppid=$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null) || return 0
  [[ $(cat "/proc/$ppid/comm" 2>/dev/null) == containerd-shim* ]] && it_track_pid "$ppid"
  return 0
}

# Succeeds when no shim connected to our containerd is alive.
ct_no_shims() {
  ! pgrep -f -- "-address $CT_DIR/c.sock\$" >/dev/null
}
