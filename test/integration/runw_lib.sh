# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# Helpers for the runw CLI tests (runw_*.sh): temp dir, busybox bundles, case runner, assertions.
#
# Source it from a script that runs with `set -euo pipefail`, then call rl_setup. Knobs:
#   RUNW            runtime under test (default <repo>/build/bin/runw); RUNW=/usr/sbin/runc runs
#                   the same cases against runc, to check that a case expects runc's behaviour
#   RL_CMD_TIMEOUT  seconds one runtime command may take (default 20)
#   RL_DEADLINE     epoch second after which no case starts (default: now + RL_BUDGET, 240);
#                   later cases fail as "not run" so the script ends before ctest kills it
#   RL_KEEP=1       keep the temp dir for post-mortem (containers are still deleted)

RL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RL_REPO=$(cd "$RL_DIR/../.." && pwd)
RUNW=${RUNW:-$RL_REPO/build/bin/runw}
RL_CMD_TIMEOUT=${RL_CMD_TIMEOUT:-20}
RL_DEADLINE=${RL_DEADLINE:-$(($(date +%s) + ${RL_BUDGET:-240}))}
RL_SCRIPT=$(basename "$0" .sh)
T=""          # temp dir of this run
ROOT=""       # private --root of the runtime
RL_TAG=""     # parent cgroup (relative) of every container of this run
RL_PASSED=0
RL_FAILED=0
# Results of the last rw/capture and rl_state, read by the test scripts.
# shellcheck disable=SC2034
OUT=""
ERR=""
RC=0
ELAPSED=0
STATUS=""
SPID=""

# ---------------------------------------------------------------------------------------------
# Setup and cleanup

# Stops the whole script with one line; the EXIT trap still cleans up.
rl_fatal() {
  echo "FAIL: $RL_SCRIPT: $*" >&2
  exit 1
}

# Prints a diagnostic line that TAP consumers ignore.
rl_note() {
  echo "# $*"
}

# Checks the prerequisites, creates the temp dir, the state root and the rootfs template.
rl_setup() {
  [[ $(id -u) -eq 0 ]] || rl_fatal "must run as root"
  command -v jq >/dev/null || rl_fatal "jq not found (apt-get install jq)"
  [[ $(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null) == "install ok installed" &&
    -x /bin/busybox ]] || rl_fatal "Debian's busybox-static is not installed"
  [[ $RUNW == /* ]] || RUNW=$RL_REPO/$RUNW
  [[ -f $RUNW && -x $RUNW ]] || rl_fatal "runtime '$RUNW' is not an executable file (set RUNW)"
  T=$(mktemp -d /tmp/runw-cli.XXXXXX) || rl_fatal "cannot create a temp dir"
  chmod 755 "$T"
  ROOT=$T/state
  RL_TAG=runw-cli-${T##*.}
  mkdir -p "$ROOT" "$T/bundles" "$T/hooks"
  echo "$ROOT" >"$T/roots"
  : >"$T/pids"
  trap rl_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  rl_make_rootfs "$T/rootfs"
  rl_write_hooks
  rl_note "runtime $RUNW, temp dir $T"
}

# Fills DIR with a busybox-static rootfs: the binary, its applet links, passwd/group, mount points.
rl_make_rootfs() {
  local dir=$1 applet
  mkdir -p "$dir"/{bin,dev,etc,proc,sys,tmp,root,mnt}
  chmod 1777 "$dir/tmp"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ $applet == busybox ]] || ln -s busybox "$dir/bin/$applet"
  done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/:/bin/false' \
    >"$dir/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$dir/etc/group"
}

# Host-side hook programs (run by the runtime, so they use absolute paths only):
#   record.sh OUT                 copies the state from stdin to OUT
#   fail.sh OUT                   copies it, then exits 3
#   wait.sh OUT PIDFILE RELEASE   copies it, writes its pid, then waits up to 20 s for RELEASE
rl_write_hooks() {
  cat >"$T/hooks/record.sh" <<'EOF'
#!/bin/sh
/bin/cat >"$1.tmp" && /bin/mv "$1.tmp" "$1"
EOF
  cat >"$T/hooks/fail.sh" <<'EOF'
#!/bin/sh
/bin/cat >"$1.tmp" && /bin/mv "$1.tmp" "$1"
echo "hook says no" >&2
exit 3
EOF
  cat >"$T/hooks/wait.sh" <<'EOF'
#!/bin/sh
/bin/cat >"$1.tmp" && /bin/mv "$1.tmp" "$1"
echo $$ >"$2"
i=0
while [ ! -e "$3" ] && [ $i -lt 200 ]; do /bin/sleep 0.1; i=$((i + 1)); done
EOF
  chmod 755 "$T/hooks/"*.sh
}

# Records PID (started by this test, directly or through the runtime) so that cleanup can stop
# it if the runtime did not; the start time guards against a recycled pid.
rl_track_pid() {
  local start
  start=$(rl_pid_start "$1") || return 0
  echo "$1 $start" >>"$T/pids"
}

# Prints field 22 (start time) of /proc/PID/stat; fails if PID is gone or a zombie.
rl_pid_start() {
  local stat
  local -a f
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -ra f <<<"${stat##*) }"
  [[ ${f[0]} != Z ]] || return 1
  echo "${f[19]}"
}

# Succeeds if PID is a live (non-zombie) process.
rl_alive() {
  rl_pid_start "$1" >/dev/null
}

# Prints the directories of the cgroups process PID is in, one per mounted hierarchy (v1
# controllers and the v2 unified tree).
rl_cgroup_dirs_of_pid() {
  local line ctrl path mnt
  while IFS= read -r line; do
    ctrl=${line#*:}
    path=${ctrl#*:}
    ctrl=${ctrl%%:*}
    ctrl=${ctrl#name=}
    if [[ -z $ctrl ]]; then mnt=/sys/fs/cgroup/unified; else mnt=/sys/fs/cgroup/${ctrl%%,*}; fi
    [[ -d $mnt ]] || mnt=/sys/fs/cgroup
    echo "$mnt${path%/}"
  done <"/proc/$1/cgroup" | awk '!seen[$0]++'
}

# Prints where a relative cgroupsPath REL lands: REL under each of this shell's own cgroups
# (how runc and runw resolve a relative path).
rl_cgroup_dirs_for() {
  rl_cgroup_dirs_of_pid self | sed "s|\$|/$1|"
}

# EXIT trap: force-deletes every container left in ROOT, stops tracked pids the runtime left,
# unmounts, removes this run's cgroups and the temp dir.
rl_cleanup() {
  local rc=$? pid start dir
  set +e
  trap - EXIT INT TERM
  if [[ -n $T && -d $T ]]; then
    rl_rm_all
    while read -r pid start; do
      [[ -n $pid && $(rl_pid_start "$pid" 2>/dev/null) == "$start" ]] || continue
      rl_note "cleanup: pid $pid ($(cat "/proc/$pid/comm" 2>/dev/null)) outlived the test; SIGKILL"
      kill -KILL "$pid" 2>/dev/null
    done <"$T/pids"
    sleep 0.2
    awk -v d="$T" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo |
      sort -r | while read -r dir; do umount -l "$dir" 2>/dev/null; done
    for dir in $(rl_cgroup_dirs_for "$RL_TAG"); do
      [[ -d $dir ]] || continue
      find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null ||
        rl_note "cleanup: cannot remove cgroup $dir (processes left in it?)"
    done
    if [[ ${RL_KEEP:-0} == 1 ]]; then
      rl_note "kept $T"
    else
      rm -rf --one-file-system "$T"
    fi
  fi
  exit "$rc"
}

# ---------------------------------------------------------------------------------------------
# Bundles

# Creates bundle $T/bundles/NAME (own rootfs copy, config.json from `runtime spec`) with the
# test defaults (no terminal, writable root, `sleep 300`, cgroupsPath RL_TAG/NAME), then applies
# the jq FILTER with the extra jq ARGS. Prints the bundle path.
rl_bundle() {
  local name=$1 filter=${2:-.} b=$T/bundles/$1
  shift 2 || shift $#
  mkdir -p "$b"
  cp -a "$T/rootfs" "$b/rootfs"
  "$RUNW" spec --bundle "$b" >/dev/null 2>"$T/spec.err" ||
    { echo "runtime spec failed: $(cat "$T/spec.err")" >&2; return 1; }
  jq --arg cg "$RL_TAG/$name" '.process.terminal = false | .root.readonly = false
      | .process.args = ["sleep", "300"] | .linux.cgroupsPath = $cg' \
    "$b/config.json" >"$b/config.json.tmp"
  jq "$@" "$filter" "$b/config.json.tmp" >"$b/config.json"
  rm -f "$b/config.json.tmp"
  echo "$b"
}

# Applies jq FILTER (with extra jq ARGS) to BUNDLE/config.json in place.
rl_edit() {
  local b=$1 filter=$2
  shift 2
  jq "$@" "$filter" "$b/config.json" >"$b/config.json.tmp" && mv "$b/config.json.tmp" "$b/config.json"
}

# ---------------------------------------------------------------------------------------------
# Running commands

# Runs CMD... under a timeout with stdin from $RL_STDIN (default /dev/null); never fails. Sets
# OUT and ERR (files, so a container that inherits them cannot block us), RC (124: timed out)
# and ELAPSED (seconds, with decimals).
capture() {
  local t0 t1 secs
  t0=$(date +%s.%N)
  secs=$((RL_DEADLINE + 30 - ${t0%.*}))
  ((secs < RL_CMD_TIMEOUT)) || secs=$RL_CMD_TIMEOUT
  ((secs > 1)) || secs=1
  RC=0
  (
    timeout -k 5 "$secs" "$@" <"${RL_STDIN:-/dev/null}" >"$T/out" 2>"$T/err"
    exit $?
  ) 2>/dev/null || RC=$?
  t1=$(date +%s.%N)
  # shellcheck disable=SC2034
  ELAPSED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  OUT=$(<"$T/out")
  ERR=$(<"$T/err")
}

# Runs the runtime with the private root: rw ARGS...
rw() {
  capture "$RUNW" --root "$ROOT" "$@"
}

# Runs `state ID` and sets STATUS and SPID ("" if state failed).
rl_state() {
  rw state "$1"
  STATUS=""
  # shellcheck disable=SC2034
  SPID=""
  [[ $RC == 0 ]] || return 0
  STATUS=$(jq -r .status <<<"$OUT" 2>/dev/null) || STATUS="(bad json)"
  # shellcheck disable=SC2034
  SPID=$(jq -r .pid <<<"$OUT" 2>/dev/null) || SPID=""
}

# Polls until `state ID` says STATUS, up to SECS seconds.
wait_status() {
  local id=$1 want=$2 secs=${3:-5} deadline
  deadline=$((SECONDS + secs))
  while :; do
    rl_state "$id"
    [[ $STATUS != "$want" ]] || return 0
    ((SECONDS < deadline)) || break
    sleep 0.1
  done
  reason "state $id: status '$STATUS' after ${secs}s, want '$want'"
}

# Polls CMD... every 0.1 s until it succeeds or SECS pass; records "timed out waiting for DESC".
wait_until() {
  local secs=$1 desc=$2 deadline
  shift 2
  deadline=$((SECONDS + secs))
  while :; do
    "$@" >/dev/null 2>&1 && return 0
    ((SECONDS < deadline)) || break
    sleep 0.1
  done
  reason "timed out after ${secs}s waiting for $desc"
}

# Force-deletes container ID (end of a case; failures are the cleanup's problem).
rl_rm() {
  local id
  for id in "$@"; do
    timeout -k 5 "$RL_CMD_TIMEOUT" "$RUNW" --root "$ROOT" delete --force "$id" \
      </dev/null >/dev/null 2>&1 || true
  done
}

# Switches to another state root DIR (for cases that need an empty or special root); cleanup
# knows every root used.
rl_use_root() {
  ROOT=$1
  mkdir -p "$ROOT"
  echo "$ROOT" >>"$T/roots"
}

# Force-deletes every container left in any root (after each case, so cases stay independent).
rl_rm_all() {
  local root id
  while read -r root; do
    for id in "$root"/* "$root"/.[!.]*; do
      [[ -e $id ]] || continue
      timeout -k 5 "$RL_CMD_TIMEOUT" "$RUNW" --root "$root" delete --force "${id##*/}" \
        </dev/null >/dev/null 2>&1 || true
    done
  done <"$T/roots"
}

# ---------------------------------------------------------------------------------------------
# Cases and assertions

# Squeezes TEXT into one line: its last three non-empty lines joined by " | ", at most 300 chars.
oneline() {
  local text
  text=$(awk 'NF { l[n++] = $0 } END { s = n > 3 ? n - 3 : 0
    for (i = s; i < n; i++) printf "%s%s", (i > s ? " | " : ""), l[i] }' <<<"$1")
  echo "${text:0:300}"
}

# Records why the current case failed (the first reason wins) and returns 1.
reason() {
  [[ -f $T/reason ]] || echo "$*" >"$T/reason"
  return 1
}

# Runs FUNC ARGS... as one case in a subshell with errexit (a failed assertion ends the case);
# prints "ok - NAME" or "not ok - NAME: reason".
run_case() {
  local name=$1 rc
  shift
  rm -f "$T/reason"
  if (($(date +%s) >= RL_DEADLINE)); then
    RL_FAILED=$((RL_FAILED + 1))
    echo "not ok - $name: not run, the time budget (RL_DEADLINE) is used up"
    return 0
  fi
  set +e
  (
    set -eE
    trap '[[ $BASH_SUBSHELL != 1 ]] || reason "command failed (exit $?): $BASH_COMMAND"' ERR
    "$@"
  )
  rc=$?
  set -e
  rl_rm_all
  if ((rc == 0)); then
    RL_PASSED=$((RL_PASSED + 1))
    echo "ok - $name"
  else
    RL_FAILED=$((RL_FAILED + 1))
    echo "not ok - $name: $(cat "$T/reason" 2>/dev/null || echo "case exited $rc")"
  fi
}

# Prints the summary; returns 1 if a case failed.
rl_finish() {
  rl_note "$RL_SCRIPT: $RL_PASSED passed, $RL_FAILED failed"
  ((RL_FAILED == 0))
}

# The last command exited WANT; WHAT names it in the reason.
expect_rc() {
  local want=$1 what=$2
  [[ $RC == "$want" ]] && return 0
  if [[ $RC == 124 ]]; then
    reason "$what timed out after ${RL_CMD_TIMEOUT}s"
  else
    reason "$what exited $RC, want $want${ERR:+: $(oneline "$ERR")}"
  fi
}

expect_eq() {
  [[ $1 == "$2" ]] && return 0
  reason "$3: got '$(oneline "$1")', want '$2'"
}

expect_contains() {
  [[ $1 == *"$2"* ]] && return 0
  reason "$3: '$(oneline "$1")' does not contain '$2'"
}

expect_match() {
  [[ $1 =~ $2 ]] && return 0
  reason "$3: '$(oneline "$1")' does not match /$2/"
}

# Stderr of the last command is exactly one non-empty line.
expect_one_line_err() {
  local n
  n=$(grep -c . <<<"$ERR" || true)
  [[ $n == 1 ]] && return 0
  reason "$1: stderr has $n lines, want 1: '$(oneline "$ERR")'"
}

# Container ID is gone: `state` fails with "container does not exist" and ROOT/ID is absent.
expect_no_container() {
  local id=$1 what=$2
  rw state "$id"
  [[ $RC != 0 ]] || { reason "$what: container '$id' still exists (state: $(oneline "$OUT"))"; return 1; }
  expect_contains "$ERR" "container does not exist" "$what: state $id stderr"
  [[ ! -e $ROOT/$id ]] || reason "$what: state dir $ROOT/$id still exists"
}
