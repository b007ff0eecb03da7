#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# runw honours config.json: hostname, readonly root, masked/readonly paths, mounts, user, rlimits,
# capabilities, noNewPrivileges, seccomp and hooks; each checked from inside a busybox container.
#
# Run as root: sudo RUNW=build/bin/runw bash test/integration/runw_config.sh
# jq filters and in-container scripts are single-quoted on purpose.
# shellcheck disable=SC2016
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=runw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/runw_lib.sh"

# Runs container NAME in the foreground from a fresh bundle whose process is `sh -c SCRIPT`,
# after applying jq FILTER (extra jq ARGS follow). Leaves the result in OUT/ERR/RC.
run_sh() {
  local name=$1 script=$2 filter=${3:-.} b
  shift 3 || shift $#
  b=$(rl_bundle "$name" "$filter" "$@")
  rl_edit "$b" '.process.args = ["sh", "-c", $s]' --arg s "$script"
  rw run --bundle "$b" "$name"
}

# Prints the lines of /proc/self/status named by the regex KEYS, with whitespace squeezed.
status_of() {
  grep -E "^($2):" <<<"$1" | tr -s ' \t' ' '
}

case_hostname() {
  run_sh hostname 'hostname' '.hostname = "cfg-host"'
  expect_rc 0 "run"
  expect_eq "$OUT" cfg-host "hostname in the container"
}

case_readonly_root() {
  # /mnt/new does not exist in the rootfs: the mount point must be made before / turns ro.
  run_sh rootro 'touch /newfile 2>&1; echo "rc=$?"; touch /dev/ok && echo dev-writable
      touch /mnt/new/ok && echo mnt-writable' \
    '.root.readonly = true
     | .mounts += [{destination: "/mnt/new", type: "tmpfs", source: "tmpfs", options: ["nosuid"]}]'
  expect_rc 0 "run"
  expect_contains "$OUT" "Read-only file system" "touch / on a readonly root"
  expect_contains "$OUT" "rc=1" "touch / on a readonly root"
  expect_contains "$OUT" "dev-writable" "/dev (a tmpfs mount) on a readonly root"
  expect_contains "$OUT" "mnt-writable" "a new tmpfs mount point on a readonly root"
  [[ ! -e $T/bundles/rootro/rootfs/newfile ]] || reason "file written into a readonly rootfs"
}

case_masked_readonly_paths() {
  local b script
  b=$(rl_bundle masked '.linux.maskedPaths += ["/etc/secret", "/secretdir"]
      | .linux.readonlyPaths += ["/data"]')
  echo s3cret >"$b/rootfs/etc/secret"
  mkdir -p "$b/rootfs/secretdir" "$b/rootfs/data"
  echo hidden >"$b/rootfs/secretdir/file"
  echo visible >"$b/rootfs/data/file"
  script='echo "secret=[$(cat /etc/secret)]"; echo "secretdir=[$(ls -A /secretdir)]"
    echo "kcore=$(head -c 16 /proc/kcore | wc -c)"
    echo "data=$(cat /data/file)"
    touch /data/new 2>&1 || echo "data-ro"
    (echo x >/proc/sys/kernel/domainname) 2>&1 || echo "procsys-ro"
    touch /tmp/ok && echo "tmp-rw"'
  rl_edit "$b" '.process.args = ["sh", "-c", $s]' --arg s "$script"
  rw run --bundle "$b" masked
  expect_rc 0 "run"
  expect_contains "$OUT" "secret=[]" "masked file /etc/secret"
  expect_contains "$OUT" "secretdir=[]" "masked dir /secretdir"
  expect_contains "$OUT" "kcore=0" "masked /proc/kcore (spec default)"
  expect_contains "$OUT" "data=visible" "readonly path /data is readable"
  expect_match "$OUT" "Read-only file system"$'\n'"data-ro" "readonly path /data"
  expect_match "$OUT" "Read-only file system"$'\n'"procsys-ro" "readonly path /proc/sys"
  expect_contains "$OUT" "tmp-rw" "the rest of the root stays writable"
}

case_tmpfs_mount() {
  run_sh tmpfs 'grep " /mnt/scratch " /proc/mounts; echo hi >/mnt/scratch/f && cat /mnt/scratch/f' \
    '.mounts += [{destination: "/mnt/scratch", type: "tmpfs", source: "tmpfs",
                  options: ["nosuid", "nodev", "size=1m", "mode=755"]}]'
  expect_rc 0 "run"
  expect_match "$OUT" "^tmpfs /mnt/scratch tmpfs rw,nosuid,nodev" "tmpfs in /proc/mounts"
  expect_contains "$OUT" "size=1024k" "tmpfs size option"
  expect_contains "$OUT" "mode=755" "tmpfs mode option"
  expect_eq "$(tail -n1 <<<"$OUT")" hi "write to the tmpfs"
}

case_bind_mounts() {
  mkdir -p "$T/share-rw" "$T/share-ro"
  echo from-host >"$T/share-ro/hostfile"
  echo single-file >"$T/hostfile.txt"
  # /etc/injected does not exist in the rootfs: a file bind mount needs a file mount point.
  run_sh binds 'echo from-ctr >/mnt/rw/ctrfile && echo rw-ok
      cat /mnt/ro/hostfile; touch /mnt/ro/x 2>&1 || echo ro-refused; cat /etc/injected' \
    '.mounts += [{destination: "/mnt/rw", type: "bind", source: $rw, options: ["rbind", "rw"]},
                 {destination: "/mnt/ro", type: "bind", source: $ro, options: ["bind", "ro"]},
                 {destination: "/etc/injected", type: "bind", source: $f, options: ["bind", "ro"]}]' \
    --arg rw "$T/share-rw" --arg ro "$T/share-ro" --arg f "$T/hostfile.txt"
  expect_rc 0 "run"
  expect_contains "$OUT" "rw-ok" "write to the rw bind mount"
  expect_eq "$(cat "$T/share-rw/ctrfile" 2>/dev/null)" from-ctr "host sees the container's write"
  expect_contains "$OUT" "from-host" "read from the ro bind mount"
  expect_match "$OUT" "Read-only file system"$'\n'"ro-refused" "write to the ro bind mount"
  [[ ! -e $T/share-ro/x ]] || reason "the ro bind mount let the container create a file"
  expect_contains "$OUT" "single-file" "file bind mount /etc/injected"
}

case_user() {
  run_sh user 'cat /proc/self/status; id -u; touch /root/x 2>&1 || echo denied' \
    '.process.user = {uid: 1000, gid: 1001, additionalGids: [10, 20]}'
  expect_rc 0 "run"
  expect_eq "$(status_of "$OUT" 'Uid|Gid|Groups' | paste -sd '|')" \
    "Uid: 1000 1000 1000 1000|Gid: 1001 1001 1001 1001|Groups: 10 20 " "ids in /proc/self/status"
  expect_contains "$OUT" "denied" "uid 1000 writing the root-owned /root"
}

case_rlimits() {
  run_sh rlimit 'grep "Max open files" /proc/self/limits; ulimit -n; ulimit -Hn' \
    '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 123, hard: 456}]'
  expect_rc 0 "run"
  expect_eq "$(tr -s ' ' <<<"$OUT" | paste -sd '|')" "Max open files 123 456 files |123|456" \
    "RLIMIT_NOFILE in the container"
}

case_capabilities() {
  local caps
  # The spec's default sets: CAP_AUDIT_WRITE (29), CAP_KILL (5), CAP_NET_BIND_SERVICE (10).
  run_sh capdef 'cat /proc/self/status'
  expect_rc 0 "run (default capabilities)"
  caps=$(status_of "$OUT" 'Cap(Inh|Prm|Eff|Bnd|Amb)' | paste -sd '|')
  expect_eq "$caps" "CapInh: 0000000000000000|CapPrm: 0000000020000420|CapEff: 0000000020000420|CapBnd: 0000000020000420|CapAmb: 0000000000000000" \
    "capabilities without CAP_NET_RAW"
  # Add CAP_NET_RAW (13) to every set, then check it is the only difference.
  run_sh capraw 'cat /proc/self/status' \
    '.process.capabilities |= (.bounding += ["CAP_NET_RAW"] | .effective += ["CAP_NET_RAW"]
                               | .permitted += ["CAP_NET_RAW"])'
  expect_rc 0 "run (with CAP_NET_RAW)"
  caps=$(status_of "$OUT" 'Cap(Prm|Eff|Bnd)' | paste -sd '|')
  expect_eq "$caps" "CapPrm: 0000000020002420|CapEff: 0000000020002420|CapBnd: 0000000020002420" \
    "capabilities with CAP_NET_RAW"
}

case_no_new_privileges() {
  run_sh nnp1 'grep NoNewPrivs /proc/self/status' '.process.noNewPrivileges = true'
  expect_rc 0 "run"
  expect_eq "$(tr -s ' \t' ' ' <<<"$OUT")" "NoNewPrivs: 1" "noNewPrivileges true"
  run_sh nnp0 'grep NoNewPrivs /proc/self/status' '.process.noNewPrivileges = false'
  expect_rc 0 "run"
  expect_eq "$(tr -s ' \t' ' ' <<<"$OUT")" "NoNewPrivs: 0" "noNewPrivileges false"
}

case_seccomp() {
  run_sh seccomp 'grep -E "^Seccomp:" /proc/self/status; mkdir /tmp/d 2>&1; echo "mkdir=$?"
      touch /tmp/f && echo touch-ok' \
    '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW",
                       syscalls: [{names: ["mkdir", "mkdirat"], action: "SCMP_ACT_ERRNO"}]}'
  expect_rc 0 "run"
  expect_eq "$(head -n1 <<<"$OUT" | tr -s ' \t' ' ')" "Seccomp: 2" "seccomp filter mode"
  expect_contains "$OUT" "Operation not permitted" "mkdir under the seccomp profile"
  expect_contains "$OUT" "mkdir=1" "mkdir exit status under the seccomp profile"
  expect_contains "$OUT" "touch-ok" "syscalls the profile allows"
  [[ ! -e $T/bundles/seccomp/rootfs/tmp/d ]] || reason "mkdir succeeded despite the profile"
}

# Checks that hook output FILE is state JSON for ID; with PID, also that .pid equals it.
expect_hook_state() {
  local file=$1 id=$2 pid=${3:-} what=$4
  [[ -s $file ]] || { reason "$what hook did not run (no $file)"; return 1; }
  jq -e --arg id "$id" '.id == $id and (.pid | type == "number")' "$file" >/dev/null ||
    { reason "$what hook state lacks id '$id' or a numeric pid: $(oneline "$(cat "$file")")"; return 1; }
  [[ -z $pid ]] || expect_eq "$(jq -r .pid "$file")" "$pid" "$what hook state pid"
}

case_hooks() {
  local b h=$T/hooks pid
  b=$(rl_bundle hooks '.hooks = {
      prestart: [{path: ($h + "/record.sh"), args: ["record.sh", ($h + "/prestart.json")]}],
      createRuntime: [{path: ($h + "/record.sh"), args: ["record.sh", ($h + "/createRuntime.json")]}],
      poststart: [{path: ($h + "/record.sh"), args: ["record.sh", ($h + "/poststart.json")]}],
      poststop: [{path: ($h + "/record.sh"), args: ["record.sh", ($h + "/poststop.json")]},
                 {path: ($h + "/fail.sh"), args: ["fail.sh", ($h + "/poststop-fail.json")]}]}' \
    --arg h "$h")
  rw create --bundle "$b" hooks
  expect_rc 0 "create"
  rl_state hooks
  pid=$SPID
  rl_track_pid "$pid"
  expect_hook_state "$h/prestart.json" hooks "$pid" prestart
  expect_hook_state "$h/createRuntime.json" hooks "$pid" createRuntime
  [[ ! -e $h/poststart.json ]] || reason "poststart hook ran before start"
  rw start hooks
  expect_rc 0 "start"
  wait_until 5 "the poststart hook" test -s "$h/poststart.json"
  expect_hook_state "$h/poststart.json" hooks "$pid" poststart
  [[ ! -e $h/poststop.json ]] || reason "poststop hook ran before delete"
  rw kill hooks KILL
  expect_rc 0 "kill"
  wait_status hooks stopped 5
  rw delete hooks
  expect_rc 0 "delete (a failing poststop hook only warns)"
  [[ -s $h/poststop-fail.json ]] || reason "the second (failing) poststop hook did not run"
  expect_hook_state "$h/poststop.json" hooks "" poststop
  expect_no_container hooks "after delete"
}

case_failing_hook() {
  local b h=$T/hooks pid dir
  b=$(rl_bundle hookfail '.hooks.createRuntime = [{path: ($h + "/fail.sh"),
      args: ["fail.sh", ($h + "/hookfail.json")]}]' --arg h "$h")
  rw create --bundle "$b" hookfail
  expect_rc 1 "create with a failing createRuntime hook"
  [[ -s $h/hookfail.json ]] || { reason "the createRuntime hook did not run"; return 1; }
  pid=$(jq -r .pid "$h/hookfail.json")
  rl_track_pid "$pid"
  expect_no_container hookfail "after a failed create"
  wait_until 2 "init pid $pid to be gone after a failed create" eval "! rl_alive $pid"
  for dir in $(rl_cgroup_dirs_for "$RL_TAG/hookfail"); do
    [[ ! -d $dir ]] || reason "cgroup $dir left after a failed create"
  done
}

case_hook_timeout() {
  local b h=$T/hooks hookpid
  b=$(rl_bundle hooktimeout '.hooks.createRuntime = [{path: ($h + "/wait.sh"), timeout: 1,
      args: ["wait.sh", ($h + "/timeout.json"), ($h + "/timeout.pid"), ($h + "/timeout.release")]}]' \
    --arg h "$h")
  rw create --bundle "$b" hooktimeout
  hookpid=$(cat "$h/timeout.pid" 2>/dev/null || true)
  [[ -z $hookpid ]] || rl_track_pid "$hookpid"
  # runc kills a hook that runs past its timeout; sample that before releasing the hook.
  [[ -z $hookpid ]] || ! rl_alive "$hookpid" || { sleep 0.5; ! rl_alive "$hookpid"; } || hookpid=alive
  touch "$h/timeout.release"
  expect_rc 1 "create with a createRuntime hook that outlives its 1 s timeout"
  [[ $hookpid != alive ]] || reason "the timed-out hook process was not killed"
  awk -v e="$ELAPSED" 'BEGIN { exit !(e < 6) }' ||
    reason "create took ${ELAPSED}s with a 1 s hook timeout (the hook waits 20 s)"
  expect_no_container hooktimeout "after a hook timeout"
}

rl_setup
case_user_and_time_namespaces() {
  run_sh userns 'id -u; cat /proc/self/uid_map; cut -d. -f1 /proc/uptime' \
    '.linux.namespaces += [{"type": "user"}, {"type": "time"}]
     | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
     | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
     | .linux.timeOffsets = {"boottime": {"secs": 864000, "nanosecs": 0}}'
  expect_rc 0 "run"
  local lines
  mapfile -t lines <<<"$OUT"
  expect_eq "${lines[0]}" 0 "uid inside the user namespace"
  expect_eq "$(tr -s ' ' <<<"${lines[1]}")" " 0 100000 65536" "uid_map"
  local hostUptime
  hostUptime=$(cut -d. -f1 /proc/uptime)
  if ((lines[2] < hostUptime + 864000 - 60)); then
    reason "uptime in the time namespace is ${lines[2]}, host's $hostUptime: no 10-day offset"
  fi
}

case_preserve_fds() {
  local b
  b=$(rl_bundle preserve '.')
  rl_edit "$b" '.process.args = ["sh", "-c", "cat <&3; cat <&4; ls /proc/self/fd | wc -l"]'
  rw run --preserve-fds 2 --bundle "$b" preserve 3< <(echo three) 4< <(echo four)
  expect_rc 0 "run --preserve-fds 2"
  expect_contains "$OUT" "three" "fd 3 in the container"
  expect_contains "$OUT" "four" "fd 4 in the container"
}

run_case "hostname" case_hostname
run_case "root.readonly" case_readonly_root
run_case "maskedPaths and readonlyPaths" case_masked_readonly_paths
run_case "tmpfs mount" case_tmpfs_mount
run_case "bind mounts (rw and ro)" case_bind_mounts
run_case "process.user uid/gid/additionalGids" case_user
run_case "rlimits (RLIMIT_NOFILE)" case_rlimits
run_case "capabilities (CAP_NET_RAW dropped and added)" case_capabilities
run_case "noNewPrivileges" case_no_new_privileges
run_case "seccomp: mkdir fails with EPERM" case_seccomp
run_case "hooks: prestart, createRuntime, poststart, poststop get the state" case_hooks
run_case "hooks: a failing createRuntime hook fails create" case_failing_hook
run_case "hooks: timeout" case_hook_timeout
run_case "user and time namespaces (uid map, boottime offset)" case_user_and_time_namespaces
run_case "--preserve-fds 2" case_preserve_fds
rl_finish
