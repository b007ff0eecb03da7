#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# runw CLI lifecycle against busybox bundles: create/start/state/kill/delete, run, list, ps,
# pause/resume, exec and update, each compared with what runc does.
#
# Run as root: sudo RUNW=build/bin/runw bash test/integration/runw_lifecycle.sh
# jq filters and in-container scripts are single-quoted on purpose.
# shellcheck disable=SC2016
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=runw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/runw_lib.sh"

# Checks that FILE holds a pid file as go-runc reads it: decimal digits, no newline; prints it.
read_pid_file() {
  local file=$1 pid
  [[ -f $file ]] || { reason "pid file $file was not written"; return 1; }
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || { reason "pid file holds '$pid', want decimal digits"; return 1; }
  [[ $(stat -c %s "$file") == "${#pid}" ]] ||
    { reason "pid file '$pid' has $(stat -c %s "$file") bytes: trailing newline or junk"; return 1; }
  echo "$pid"
}

# Prints the memory limit file of container ID: memory.limit_in_bytes in the v1 memory cgroup
# named by ROOT/ID/state.json ('cgroupDirs'; runc's state.json has cgroup_paths.memory), or
# memory.max in a v2 directory from the same list.
memory_limit_file() {
  local state=$ROOT/$1/state.json dir
  dir=$( (jq -r '(.cgroupDirs // [])[] | select(startswith("/sys/fs/cgroup/memory/"))' "$state"
    jq -r '.cgroup_paths.memory // empty' "$state") 2>/dev/null | head -n1)
  if [[ -n $dir ]]; then
    echo "$dir/memory.limit_in_bytes"
    return 0
  fi
  for dir in $(jq -r '(.cgroupDirs // [])[]' "$state" 2>/dev/null); do
    [[ ! -f $dir/memory.max ]] || { echo "$dir/memory.max"; return 0; }
  done
  return 1
}

# Checks that none of the cgroup directories DIRS... exists any more.
expect_cgroups_gone() {
  local what=$1 dir
  shift
  for dir in "$@"; do
    [[ ! -d $dir ]] || reason "$what: cgroup $dir still exists"
  done
}

case_create_start_kill_delete() {
  local b pid
  local -a cgdirs
  b=$(rl_bundle life)
  rw create --bundle "$b" --pid-file "$T/life.pid" life
  expect_rc 0 "create"
  pid=$(read_pid_file "$T/life.pid")
  rl_track_pid "$pid"
  rl_state life
  expect_eq "$STATUS" created "state after create"
  expect_eq "$SPID" "$pid" "state pid vs pid file"
  rl_alive "$pid" || reason "init pid $pid is not alive after create"
  mapfile -t cgdirs < <(rl_cgroup_dirs_of_pid "$pid" | grep "/$RL_TAG/life\$")
  ((${#cgdirs[@]} > 0)) || reason "init pid $pid is not in a cgroup named by cgroupsPath $RL_TAG/life"
  jq -e --arg b "$b" '.id == "life" and .bundle == $b and (.created | test("^[0-9-]+T[0-9:.]+Z$"))' \
    <<<"$OUT" >/dev/null || reason "state JSON lacks id/bundle/created: $(oneline "$OUT")"
  rw start life
  expect_rc 0 "start"
  rl_state life
  expect_eq "$STATUS" running "state after start"
  expect_eq "$SPID" "$pid" "state pid after start"
  rw kill life KILL
  expect_rc 0 "kill life KILL"
  wait_status life stopped 5
  expect_eq "$SPID" 0 "state pid of a stopped container"
  rw delete life
  expect_rc 0 "delete (stopped)"
  expect_no_container life "after delete"
  expect_cgroups_gone "after delete" "${cgdirs[@]}"
  rw state life
  expect_rc 1 "state of a deleted container"
}

case_kill_signal_forms() {
  local b sig id
  b=$(rl_bundle killsig)
  for sig in KILL SIGKILL 9; do
    id=killsig-${sig,,}
    rw run --detach --bundle "$b" "$id"
    expect_rc 0 "run -d $id"
    rl_state "$id"
    rl_track_pid "$SPID"
    expect_eq "$STATUS" running "state $id"
    rw kill "$id" "$sig"
    expect_rc 0 "kill $id $sig"
    wait_status "$id" stopped 5
    rw delete "$id"
    expect_rc 0 "delete $id"
  done
  # runc: killing a stopped container is an error that says so.
  rw run --detach --bundle "$b" killsig-twice
  expect_rc 0 "run -d killsig-twice"
  rw kill killsig-twice KILL
  wait_status killsig-twice stopped 5
  rw kill killsig-twice KILL
  expect_rc 1 "kill of a stopped container"
  expect_match "$ERR" "container not running|no such process" "kill of a stopped container"
  rl_rm killsig-twice
}

case_run_foreground_exit_code() {
  local b
  b=$(rl_bundle runfg '.process.args = ["sh", "-c", "echo hello-from-run; exit 7"]')
  rw run --bundle "$b" runfg
  expect_rc 7 "run (sh -c 'exit 7')"
  expect_eq "$OUT" hello-from-run "run stdout"
  expect_no_container runfg "after a foreground run without --keep"
}

case_run_signalled_exit_code() {
  local b rpid rc=0
  b=$(rl_bundle runsig)
  "$RUNW" --root "$ROOT" run --bundle "$b" runsig </dev/null >"$T/runsig.out" 2>"$T/runsig.err" &
  rpid=$!
  rl_track_pid "$rpid"
  if ! wait_status runsig running 10; then
    kill -KILL "$rpid" 2>/dev/null || true
    return 1
  fi
  rl_track_pid "$SPID"
  rw kill runsig KILL
  expect_rc 0 "kill runsig KILL"
  timeout 10 tail --pid="$rpid" -f /dev/null || reason "run did not return 10 s after its container was killed"
  wait "$rpid" || rc=$?
  expect_eq "$rc" 137 "exit status of a foreground run whose container got SIGKILL"
}

case_run_no_fd_leak() {
  local b
  # ls opens /proc/self/fd as fd 3; anything above it leaked from the runtime.
  b=$(rl_bundle fdleak '.process.args = ["ls", "/proc/self/fd"]')
  rw run --bundle "$b" fdleak
  expect_rc 0 "run ls /proc/self/fd"
  expect_eq "$(paste -sd ' ' <<<"$OUT")" "0 1 2 3" "fds open in the container"
}

case_run_detached() {
  local b pid
  local -a cgdirs
  b=$(rl_bundle rund)
  rw run --detach --pid-file "$T/rund.pid" --bundle "$b" rund
  expect_rc 0 "run -d"
  pid=$(read_pid_file "$T/rund.pid")
  rl_track_pid "$pid"
  rl_state rund
  expect_eq "$STATUS" running "state after run -d"
  expect_eq "$SPID" "$pid" "state pid vs pid file"
  mapfile -t cgdirs < <(rl_cgroup_dirs_of_pid "$pid" | grep "/$RL_TAG/rund\$")
  rw delete rund
  expect_rc 1 "delete of a running container without --force"
  expect_contains "$ERR" "container still running" "delete without --force"
  rl_state rund
  expect_eq "$STATUS" running "state after a refused delete"
  rw delete --force rund
  expect_rc 0 "delete --force"
  expect_no_container rund "after delete --force"
  expect_cgroups_gone "after delete --force" "${cgdirs[@]}"
  wait_until 2 "init pid $pid to die after delete --force" eval "! rl_alive $pid"
}

case_list() {
  local b1 b2 pid1 pid2 id2=list2-an-id-wider-than-the-id-column
  b1=$(rl_bundle list1)
  # A bundle path well over 40 characters: columns must widen, not run together.
  b2=$(rl_bundle list2-in-a-directory-whose-path-is-longer-than-forty-characters)
  rw create --bundle "$b1" list1
  expect_rc 0 "create list1"
  rw run --detach --bundle "$b2" "$id2"
  expect_rc 0 "run -d $id2"
  rl_state list1
  pid1=$SPID
  rl_track_pid "$pid1"
  rl_state "$id2"
  pid2=$SPID
  rl_track_pid "$pid2"

  rw list
  expect_rc 0 "list"
  expect_match "$(head -n1 <<<"$OUT")" "^ID +PID +STATUS +BUNDLE +CREATED +OWNER$" "list header"
  expect_match "$OUT" "list1 +$pid1 +created +$b1 +[0-9T:.Z-]+ +root" "list row list1"
  expect_match "$OUT" "$id2 +$pid2 +running +$b2 +[0-9T:.Z-]+ +root" "list row $id2"
  # Every row starts its columns where the header's do.
  expect_eq "$(awk '{ print index($0, $4) }' <<<"$OUT" | sort -u | wc -l)" 1 \
    "the BUNDLE column starts at one offset in every row"

  rw list --format json
  expect_rc 0 "list --format json"
  expect_eq "$(jq -r '[.[].id] | sort | join(" ")' <<<"$OUT")" "list1 $id2" "list --format json ids"
  expect_eq "$(jq -r '.[] | select(.id == "list1") | "\(.status) \(.pid)"' <<<"$OUT")" \
    "created $pid1" "list --format json: list1 status and pid"
  expect_eq "$(jq -r --arg id "$id2" '.[] | select(.id == $id) | "\(.status) \(.pid)"' <<<"$OUT")" \
    "running $pid2" "list --format json: $id2 status and pid"
  # runc fills owner with the user name in list (but "" in state).
  expect_eq "$(jq -r '[.[].owner] | unique | join(",")' <<<"$OUT")" root "list json owner"

  rw list -q
  expect_rc 0 "list -q"
  expect_eq "$(sort <<<"$OUT" | paste -sd ' ')" "list1 $id2" "list -q"
  rl_rm list1 "$id2"
}

case_ps_json() {
  local b
  b=$(rl_bundle psj)
  rw run --detach --bundle "$b" psj
  expect_rc 0 "run -d"
  rl_state psj
  rl_track_pid "$SPID"
  rw ps --format json psj
  expect_rc 0 "ps --format json"
  jq -e --argjson p "$SPID" 'type == "array" and index($p) != null' <<<"$OUT" >/dev/null ||
    reason "ps --format json: '$(oneline "$OUT")' does not list init pid $SPID"
  rl_rm psj
}

case_pause_resume() {
  local b
  b=$(rl_bundle pause)
  rw run --detach --bundle "$b" pause
  expect_rc 0 "run -d"
  rl_state pause
  rl_track_pid "$SPID"
  rw pause pause
  expect_rc 0 "pause"
  rl_state pause
  expect_eq "$STATUS" paused "state after pause"
  [[ $(awk '/^State:/ { print $2 }' "/proc/$SPID/status") == [DS] ]] ||
    reason "init pid $SPID is not frozen after pause"
  rw resume pause
  expect_rc 0 "resume"
  rl_state pause
  expect_eq "$STATUS" running "state after resume"
  rl_rm pause
}

case_exec_flags() {
  local b
  b=$(rl_bundle execf '.hostname = "exec-host"')
  rw run --detach --bundle "$b" execf
  expect_rc 0 "run -d"
  rl_state execf
  rl_track_pid "$SPID"
  rw exec execf sh -c 'echo exec-out; hostname; tr "\0" " " </proc/1/cmdline; exit 5'
  expect_rc 5 "exec sh -c '... exit 5'"
  expect_eq "$(paste -sd '|' <<<"$OUT")" "exec-out|exec-host|sleep 300 " \
    "exec output (stdout, uts and pid namespace of the container)"
  rw exec --env FOO=bar --cwd /tmp execf sh -c 'echo "$FOO $PWD"'
  expect_rc 0 "exec --env --cwd"
  expect_eq "$OUT" "bar /tmp" "exec --env/--cwd"
  # runc: 255 when the exec itself fails, 128+n when the command dies of signal n.
  rw exec execf /no/such/binary
  expect_rc 255 "exec of a missing binary"
  expect_contains "$ERR" "/no/such/binary" "exec of a missing binary: stderr"
  rw exec execf sh -c 'kill -9 $$'
  expect_rc 137 "exec of a command that dies of SIGKILL"
  rl_rm execf
}

case_exec_process_file() {
  local b
  b=$(rl_bundle execp)
  rw run --detach --bundle "$b" execp
  expect_rc 0 "run -d"
  rl_state execp
  rl_track_pid "$SPID"
  jq -n '{args: ["sh", "-c", "echo proc-out; id -u; id -g; pwd; exit 4"], cwd: "/tmp",
          env: ["PATH=/bin"], user: {uid: 1000, gid: 1001}, terminal: false}' >"$T/process.json"
  rw exec --process "$T/process.json" execp
  expect_rc 4 "exec --process"
  expect_eq "$(paste -sd '|' <<<"$OUT")" "proc-out|1000|1001|/tmp" "exec --process output"
  rl_rm execp
}

case_exec_detached() {
  local b pid initns
  b=$(rl_bundle execd)
  rw run --detach --bundle "$b" execd
  expect_rc 0 "run -d"
  rl_state execd
  rl_track_pid "$SPID"
  initns=$(readlink "/proc/$SPID/ns/pid")
  rw exec --detach --pid-file "$T/execd.pid" execd sleep 200
  expect_rc 0 "exec -d"
  pid=$(read_pid_file "$T/execd.pid")
  rl_track_pid "$pid"
  rl_alive "$pid" || reason "exec -d process $pid is not alive"
  expect_eq "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "sleep 200 " "exec -d process cmdline"
  expect_eq "$(readlink "/proc/$pid/ns/pid")" "$initns" "exec -d process pid namespace"
  rw delete --force execd
  expect_rc 0 "delete --force"
  wait_until 5 "exec -d process $pid to die after delete --force" eval "! rl_alive $pid"
}

case_update_memory() {
  local b file
  b=$(rl_bundle upd '.linux.resources.memory = {limit: 134217728}')
  rw run --detach --bundle "$b" upd
  expect_rc 0 "run -d"
  rl_state upd
  rl_track_pid "$SPID"
  file=$(memory_limit_file upd) || { reason "no memory cgroup in $ROOT/upd/state.json"; return 1; }
  [[ -f $file ]] || { reason "$file missing"; return 1; }
  grep -qx "$SPID" "$(dirname "$file")/cgroup.procs" || reason "init pid $SPID is not in $(dirname "$file")"
  expect_eq "$(cat "$file")" 134217728 "$file from config.json"
  echo '{"memory": {"limit": 67108864}}' >"$T/resources.json"
  RL_STDIN=$T/resources.json rw update --resources - upd
  expect_rc 0 "update --resources -"
  expect_eq "$(cat "$file")" 67108864 "$file after update"
  rl_rm upd
}

rl_setup
run_case "lifecycle: create --pid-file, state, start, kill, delete" case_create_start_kill_delete
run_case "kill: KILL, SIGKILL and 9; kill of a stopped container fails" case_kill_signal_forms
run_case "run: foreground exit code and stdout" case_run_foreground_exit_code
run_case "run: a container killed by SIGKILL exits 137" case_run_signalled_exit_code
run_case "run: no fd leaks into the container" case_run_no_fd_leak
run_case "run -d --pid-file; delete of a running container" case_run_detached
run_case "list: table, json, -q" case_list
run_case "ps --format json lists the init pid" case_ps_json
run_case "pause and resume" case_pause_resume
run_case "exec: flags form, exit code, namespaces, --env/--cwd" case_exec_flags
run_case "exec --process FILE" case_exec_process_file
run_case "exec -d --pid-file" case_exec_detached
run_case "update --resources - (memory limit in the cgroup)" case_update_memory
rl_finish
