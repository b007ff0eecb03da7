#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# runw refuses bad input cleanly (hostile ids, missing or malformed bundles) and `delete --force`
# recovers a container whose `create` was killed with SIGKILL half-way.
#
# Run as root: sudo RUNW=build/bin/runw bash test/integration/runw_robustness.sh
# jq filters and in-container scripts are single-quoted on purpose.
# shellcheck disable=SC2016
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=runw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/runw_lib.sh"

case_hostile_ids() {
  local b id long what cmd
  b=$(rl_bundle hostile)
  # A root two levels deep, so "../../etc/x" would land in $T/deep/etc/x; a decoy sits there.
  rl_use_root "$T/deep/a/state"
  mkdir -p "$T/deep/etc/x"
  echo decoy >"$T/deep/etc/x/state.json"
  long=$(printf 'a%.0s' {1..1025})
  for id in "../../etc/x" "a/b" "" "$long"; do
    what="id '${id:0:20}$([[ ${#id} -le 20 ]] || echo "...(${#id} chars)")'"
    for cmd in "create --bundle $b" "run --detach --bundle $b" state "delete --force" "kill"; do
      # shellcheck disable=SC2086 # cmd holds the subcommand and its options
      rw $cmd "$id"
      expect_rc 1 "$cmd with $what"
      expect_one_line_err "$cmd with $what"
    done
  done
  expect_eq "$(ls -A "$ROOT")" "" "entries in the state root after hostile ids"
  expect_eq "$(cat "$T/deep/etc/x/state.json" 2>/dev/null)" decoy "decoy outside the root"
  expect_eq "$(ls -A "$T/deep/etc/x")" state.json "files written next to the decoy"
}

# Checks that the last command was a clean refusal: exit 1, one stderr line matching RE, and no
# container ID left.
expect_refused() {
  local id=$1 re=$2 what=$3
  expect_rc 1 "$what"
  expect_one_line_err "$what"
  expect_match "$ERR" "$re" "$what: error message"
  expect_no_container "$id" "$what"
}

case_bad_bundles() {
  local b
  rw create --bundle "$T/no-such-bundle" nobundle
  expect_refused nobundle "no-such-bundle|config\.json" "create with a missing bundle dir"

  mkdir -p "$T/bundles/noconfig"
  cp -a "$T/rootfs" "$T/bundles/noconfig/rootfs"
  rw create --bundle "$T/bundles/noconfig" noconfig
  expect_refused noconfig "config\.json" "create with no config.json"

  b=$(rl_bundle malformed)
  echo '{ "ociVersion": "1.2.1", "process": { not json' >"$b/config.json"
  rw create --bundle "$b" malformed
  expect_refused malformed "config\.json|JSON|json|parse" "create with a malformed config.json"

  b=$(rl_bundle notobject)
  echo '[1, 2, 3]' >"$b/config.json"
  rw create --bundle "$b" notobject
  expect_refused notobject "config\.json|JSON|json|object" "create with a config.json that is not an object"

  b=$(rl_bundle norootfs)
  rm -rf "$b/rootfs"
  rw create --bundle "$b" norootfs
  expect_refused norootfs "rootfs|root" "create with a missing rootfs"
  for id in noconfig malformed notobject norootfs; do
    for dir in $(rl_cgroup_dirs_for "$RL_TAG/$id"); do
      [[ ! -d $dir ]] || reason "cgroup $dir left after a refused create of $id"
    done
  done
}

case_duplicate_id() {
  local b
  b=$(rl_bundle dup)
  rw create --bundle "$b" dup
  expect_rc 0 "create dup"
  rl_state dup
  rl_track_pid "$SPID"
  rw create --bundle "$b" dup
  expect_rc 1 "second create with the same id"
  expect_contains "$ERR" "container with given ID already exists" "second create"
  rl_state dup
  expect_eq "$STATUS" created "the first container after a refused duplicate"
}

case_kill9_during_create() {
  local b h=$T/hooks rpid initpid hookpid dirs dir
  b=$(rl_bundle k9 '.hooks.createRuntime = [{path: ($h + "/wait.sh"),
      args: ["wait.sh", ($h + "/k9.json"), ($h + "/k9.pid"), ($h + "/k9.release")]}]' --arg h "$h")
  "$RUNW" --root "$ROOT" create --bundle "$b" k9 </dev/null >"$T/k9.out" 2>"$T/k9.err" &
  rpid=$!
  rl_track_pid "$rpid"
  if ! wait_until 10 "the createRuntime hook of k9" test -s "$h/k9.pid"; then
    kill -KILL "$rpid" 2>/dev/null || true
    return 1
  fi
  initpid=$(jq -r .pid "$h/k9.json")
  hookpid=$(cat "$h/k9.pid")
  rl_track_pid "$initpid"
  rl_track_pid "$hookpid"
  dirs=$( (rl_cgroup_dirs_of_pid "$initpid" 2>/dev/null; rl_cgroup_dirs_for "$RL_TAG/k9") |
    sort -u | grep "/$RL_TAG/k9\$" || true)
  kill -KILL "$rpid"
  wait "$rpid" 2>/dev/null || true
  touch "$h/k9.release"
  rl_note "k9: runw pid $rpid killed while its createRuntime hook ran; init pid $initpid" \
    "$(rl_alive "$initpid" && echo "still alive" || echo "already gone") before delete --force"
  [[ -n $dirs ]] || reason "init pid $initpid is not in a cgroup under $RL_TAG/k9 while creating"

  rw delete --force k9
  expect_rc 0 "delete --force after runw was killed during create"
  wait_until 3 "init pid $initpid to be gone" eval "! rl_alive $initpid"
  for dir in $dirs; do
    if [[ -f $dir/cgroup.procs && -n $(cat "$dir/cgroup.procs") ]]; then
      reason "processes left in cgroup $dir: $(paste -sd ' ' "$dir/cgroup.procs")"
    fi
    [[ ! -d $dir ]] || reason "cgroup $dir left after delete --force"
  done
  expect_no_container k9 "after delete --force"
}

# Starts `create ID` in the background from a bundle whose createRuntime hook blocks (wait.sh,
# released by touching $T/hooks/ID.release); sets CREATE_PID once the hook runs.
start_blocked_create() {
  local id=$1 b h=$T/hooks
  b=$(rl_bundle "$id" '.hooks.createRuntime = [{path: ($h + "/wait.sh"),
      args: ["wait.sh", ($h + "/" + $id + ".json"), ($h + "/" + $id + ".pid"),
             ($h + "/" + $id + ".release")]}]' --arg h "$h" --arg id "$id")
  "$RUNW" --root "$ROOT" create --bundle "$b" "$id" </dev/null >"$T/$id.out" 2>"$T/$id.err" &
  CREATE_PID=$!
  rl_track_pid "$CREATE_PID"
  if ! wait_until 10 "the createRuntime hook of $id" test -s "$h/$id.pid"; then
    kill -KILL "$CREATE_PID" 2>/dev/null || true
    return 1
  fi
  rl_track_pid "$(jq -r .pid "$h/$id.json")"
  rl_track_pid "$(cat "$h/$id.pid")"
}

# Runs `kill ID KILL` in its own session, so that a wrong kill(0, SIGKILL) (pid 0 is the
# caller's whole process group) only hits runw itself; checks it answered with 0 or 1.
expect_kill_answers() {
  local id=$1 what=$2
  capture setsid --wait "$RUNW" --root "$ROOT" kill "$id" KILL
  [[ $RC != 137 ]] || { reason "kill $id KILL $what: runw died of SIGKILL (exit 137):" \
    "it signalled pid 0, i.e. its caller's process group"; return 1; }
  [[ $RC == 0 || $RC == 1 ]] || reason "kill $id KILL $what exited $RC, want 0 or 1"
}

case_kill_during_create() {
  start_blocked_create increate
  # containerd/CRI-O may kill a container whose create hangs in a hook.
  expect_kill_answers increate "while create waits in a createRuntime hook" || true
  touch "$T/hooks/increate.release"
  timeout 10 tail --pid="$CREATE_PID" -f /dev/null || reason "create did not finish after its hook"
  [[ ! -f $T/reason ]]
}

case_delete_during_create() {
  local initpid dpid create_rc=0 delete_rc=0 dir
  start_blocked_create delcreate
  initpid=$(jq -r .pid "$T/hooks/delcreate.json")
  # delete may wait for create (which holds the container) or act at once; either way, once
  # both are done nothing may be left.
  timeout -k 5 "$RL_CMD_TIMEOUT" "$RUNW" --root "$ROOT" delete --force delcreate \
    </dev/null >"$T/delcreate-delete.out" 2>"$T/delcreate-delete.err" &
  dpid=$!
  sleep 0.5
  touch "$T/hooks/delcreate.release"
  wait "$CREATE_PID" || create_rc=$?
  wait "$dpid" || delete_rc=$?
  rl_note "delete during create: create exited $create_rc, delete exited $delete_rc"
  [[ $delete_rc == 0 ]] ||
    reason "delete --force exited $delete_rc: $(oneline "$(cat "$T/delcreate-delete.err")")"
  expect_no_container delcreate "after create and a concurrent delete --force"
  wait_until 3 "init pid $initpid to be gone" eval "! rl_alive $initpid"
  for dir in $(rl_cgroup_dirs_for "$RL_TAG/delcreate"); do
    [[ ! -d $dir ]] || reason "cgroup $dir left after delete --force"
  done
}

case_kill_half_created() {
  start_blocked_create half
  kill -KILL "$CREATE_PID"
  wait "$CREATE_PID" 2>/dev/null || true
  touch "$T/hooks/half.release"
  expect_kill_answers half "after runw create was killed with SIGKILL"
  rw delete --force half
  expect_rc 0 "delete --force"
  expect_no_container half "after delete --force"
}

rl_setup
run_case "hostile ids are refused with exit 1 and one stderr line" case_hostile_ids
run_case "missing/malformed bundle: one-line error, exit 1, no container" case_bad_bundles
run_case "create with an id in use fails" case_duplicate_id
run_case "kill -9 of runw during create, then delete --force cleans up" case_kill9_during_create
run_case "kill during create does not signal pid 0" case_kill_during_create
run_case "kill of a container whose create was killed does not signal pid 0" case_kill_half_created
run_case "delete --force during create leaves nothing behind" case_delete_during_create
rl_finish
