# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# Shared helpers for the integration tests: temp dir and cleanup, case runner, assertions, images.
#
# Source it from a test script that runs with `set -euo pipefail`, then call it_setup. Knobs:
#   RUNW_RUNTIME     runtime binary under test (default <repo>/build/bin/runw)
#   RUNW_BUILD_DIR   build dir used for that default (default <repo>/build)
#   IT_CMD_TIMEOUT   seconds any single client command may take (default 30)
#   IT_BUDGET        seconds all cases together may take (default 180); cases that would start
#                    later fail as "not run", so the script ends before ctest's TIMEOUT kills it
#                    (a killed script cannot clean up)
#   IT_KEEP=1        keep the temp dir (containers are still stopped) for post-mortem

IT_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IT_REPO_DIR=$(cd "$IT_LIB_DIR/../.." && pwd)
RUNW_RUNTIME=${RUNW_RUNTIME:-${RUNW_BUILD_DIR:-$IT_REPO_DIR/build}/bin/runw}
IT_CMD_TIMEOUT=${IT_CMD_TIMEOUT:-30}
IT_BUDGET=${IT_BUDGET:-180}
IT_DEADLINE=$((SECONDS + IT_BUDGET))
IT_SCRIPT=$(basename "$0" .sh)
IT_TMP=""
IT_TAG=""
IT_PASSED=0
IT_FAILED=0
IT_CLEANUP_HOOKS=()
# Results of the last `capture`.
OUT=""
ERR=""
RC=0
IT_LAST_SECS=0
IT_CASE_LEVEL=0

# ---------------------------------------------------------------------------------------------
# Fatal errors and setup

# Stops the whole test with a one-line reason; the EXIT trap still cleans up.
fail() {
  echo "FAIL: $IT_SCRIPT: $*" >&2
  exit 1
}

# Prints a diagnostic line that TAP consumers ignore.
note() {
  echo "# $*"
}

require_root() {
  [[ $(id -u) -eq 0 ]] || fail "must run as root (podman and containerd are driven as root)"
}

# Fails unless every named command is on PATH.
require_cmd() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 ||
      fail "'$cmd' not found: install the integration packages with scripts/deps.sh"
  done
}

# Fails unless $RUNW_RUNTIME is an executable file, makes it absolute (keeping a symlink's name,
# which podman keys runtime features on), then notes its version.
require_runtime() {
  [[ -f $RUNW_RUNTIME && -x $RUNW_RUNTIME ]] ||
    fail "runtime '$RUNW_RUNTIME' is not an executable file (build runw or set RUNW_RUNTIME)"
  RUNW_RUNTIME=$(realpath -s "$RUNW_RUNTIME")
  note "runtime: $RUNW_RUNTIME ($("$RUNW_RUNTIME" --version 2>&1 | head -n1 || true))"
}

# Creates the temp dir and a tag unique to this run (used for cgroup paths and namespaces).
it_setup() {
  require_root
  IT_TMP=$(mktemp -d /tmp/runw-it.XXXXXX) || fail "cannot create a temp dir under /tmp"
  IT_TAG=$(tr '[:upper:]' '[:lower:]' <<<"runw-it-${IT_TMP##*.}")
  : >"$IT_TMP/pids"
  trap it_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  note "temp dir $IT_TMP, tag $IT_TAG"
}

# ---------------------------------------------------------------------------------------------
# Processes and cleanup

# Runs FUNC (no arguments) at cleanup, before tracked processes are stopped; last in, first run.
it_on_cleanup() {
  IT_CLEANUP_HOOKS+=("$1")
}

# Prints the start time (field 22 of /proc/PID/stat) so a recycled PID is never mistaken for ours;
# fails if PID is gone or a zombie.
it_pid_start() {
  local stat
  local -a fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  # The command name (field 2) may contain spaces; fields after it start at field 3 (state).
  read -ra fields <<<"${stat##*) }"
  [[ ${fields[0]} != Z ]] || return 1
  echo "${fields[19]}"
}

# Records PID as started by this test so cleanup stops it. A file, so case subshells can add.
it_track_pid() {
  local start
  start=$(it_pid_start "$1") || return 0
  echo "$1 $start" >>"$IT_TMP/pids"
}

# Prints the tracked PIDs that are still the very processes that were tracked, newest first.
it_live_tracked() {
  local pid start
  [[ -f $IT_TMP/pids ]] || return 0
  tac "$IT_TMP/pids" | while read -r pid start; do
    [[ $(it_pid_start "$pid" 2>/dev/null) == "$start" ]] && echo "$pid"
  done | awk '!seen[$0]++'
}

# Tracks the processes started on this run's behalf that the test never saw directly: those
# whose command line names the temp dir (daemons, shims, conmon, a hung runtime call) and those
# inside this run's cgroups (containers whose runtime failed to stop them).
it_track_leftovers() {
  local pid
  for pid in $(pgrep -f -- "$IT_TMP/") $(cat /sys/fs/cgroup/"$IT_TAG"/cgroup.procs \
    /sys/fs/cgroup/*/"$IT_TAG"/cgroup.procs /sys/fs/cgroup/*/"$IT_TAG"/*/cgroup.procs \
    /sys/fs/cgroup/"$IT_TAG"/*/cgroup.procs 2>/dev/null); do
    it_track_pid "$pid"
  done
}

# Waits up to TENTHS tenths of a second for the tracked processes to exit; fails if some live.
it_wait_tracked() {
  local i
  for ((i = 0; i < $1; i++)); do
    [[ -z $(it_live_tracked) ]] && return 0
    sleep 0.1
  done
  return 1
}

# Sends TERM to the tracked processes, then KILL to those still alive after 5 s.
it_stop_tracked() {
  local pid
  local -a live
  mapfile -t live < <(it_live_tracked)
  ((${#live[@]} > 0)) || return 0
  for pid in "${live[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  it_wait_tracked 50 && return 0
  mapfile -t live < <(it_live_tracked)
  for pid in "${live[@]}"; do
    note "cleanup: pid $pid ($(cat "/proc/$pid/comm" 2>/dev/null)) ignored SIGTERM, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null
  done
  it_wait_tracked 20 || note "cleanup: pids $(it_live_tracked | paste -sd ' ') survived SIGKILL"
}

# Lazily unmounts everything mounted at or below DIR, deepest first.
it_unmount_under() {
  local mnt
  awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo |
    sort -r | while read -r mnt; do umount -l "$mnt" 2>/dev/null; done
}

# Removes the (now empty) cgroup directories named after this run's tag in every hierarchy.
it_remove_cgroups() {
  local dir
  for dir in /sys/fs/cgroup/"$IT_TAG" /sys/fs/cgroup/*/"$IT_TAG"; do
    [[ -d $dir ]] || continue
    find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null ||
      note "cleanup: could not remove cgroup $dir (processes left in it?)"
  done
}

# EXIT trap: hooks, then tracked and leftover processes, mounts, cgroups and the temp dir.
it_cleanup() {
  local rc=$? i
  set +e
  trap - EXIT INT TERM
  for ((i = ${#IT_CLEANUP_HOOKS[@]} - 1; i >= 0; i--)); do "${IT_CLEANUP_HOOKS[i]}"; done
  it_track_leftovers
  it_stop_tracked
  it_unmount_under "$IT_TMP"
  it_remove_cgroups
  if [[ ${IT_KEEP:-0} == 1 ]]; then
    note "kept $IT_TMP"
  else
    rm -rf --one-file-system "$IT_TMP"
  fi
  exit "$rc"
}

# ---------------------------------------------------------------------------------------------
# Running commands and cases

# Prints the seconds a command may take now: IT_CMD_TIMEOUT, less if the budget is nearly used.
it_cmd_timeout() {
  local left=$((IT_DEADLINE - SECONDS))
  ((left > 1)) || left=1
  echo $((left < IT_CMD_TIMEOUT ? left : IT_CMD_TIMEOUT))
}

# Runs a command (not a function) under a timeout with stdin from /dev/null; never fails.
# Sets OUT and ERR (trailing newlines stripped) and RC (124 means it timed out). Processes it
# leaves behind are found at cleanup by it_track_leftovers.
capture() {
  local secs start
  secs=$(it_cmd_timeout)
  start=$SECONDS
  RC=0
  # The subshell (not exec'd: it has two commands) keeps bash's "Killed" job report off stderr.
  (
    timeout --kill-after=5 "$secs" "$@" </dev/null >"$IT_TMP/out" 2>"$IT_TMP/err"
    exit $?
  ) 2>/dev/null || RC=$?
  # timeout exits 137 when the command ignored SIGTERM and needed SIGKILL.
  ((RC != 137 || SECONDS - start < secs)) || RC=124
  OUT=$(<"$IT_TMP/out")
  ERR=$(<"$IT_TMP/err")
  IT_LAST_SECS=$secs
}

# Like capture, but gives the command a pty as its stdin/stdout (for `run -t`) via script(1).
capture_in_pty() {
  local cmd
  cmd=$(printf '%q ' "$@")
  # script(1) runs the line with $SHELL -c; %q output is bash syntax.
  capture env SHELL=/bin/bash script -qec "$cmd" /dev/null
}

# Squeezes text into one line: its last three non-empty lines (colours stripped) joined by " | ",
# at most 400 chars.
it_oneline() {
  local text
  text=$(tr -d '\r' <<<"$1" | sed 's/\x1b\[[0-9;]*m//g' | awk 'NF { line[n++] = $0 } END {
    s = n > 3 ? n - 3 : 0; for (i = s; i < n; i++) printf "%s%s", (i > s ? " | " : ""), line[i] }')
  echo "${text:0:400}"
}

# Records why the current case failed (the first reason wins) and returns 1.
it_reason() {
  [[ -f $IT_TMP/reason ]] || echo "$*" >"$IT_TMP/reason"
  return 1
}

# ERR trap inside a case: a command failed that no assertion guarded. Command substitutions
# inherit the trap but not errexit, so failures there are the caller's to judge.
it_on_error() {
  ((BASH_SUBSHELL == IT_CASE_LEVEL)) || return 0
  it_reason "command failed (exit $1): $2" || true
}

# Runs FUNC ARGS... as one test case in a subshell with errexit; prints "ok - NAME" or
# "not ok - NAME: reason".
run_case() {
  local name=$1 rc=0 reason
  shift
  rm -f "$IT_TMP/reason"
  if ((SECONDS >= IT_DEADLINE)); then
    IT_FAILED=$((IT_FAILED + 1))
    echo "not ok - $name: not run, the time budget (IT_BUDGET=${IT_BUDGET}s) is used up"
    return 0
  fi
  set +e
  (
    set -eE
    IT_CASE_LEVEL=$BASH_SUBSHELL
    trap 'it_on_error $? "$BASH_COMMAND"' ERR
    "$@"
  )
  rc=$?
  set -e
  if ((rc == 0)); then
    IT_PASSED=$((IT_PASSED + 1))
    echo "ok - $name"
    return 0
  fi
  IT_FAILED=$((IT_FAILED + 1))
  reason=$(cat "$IT_TMP/reason" 2>/dev/null || echo "case exited $rc")
  echo "not ok - $name: $reason"
}

# Prints the summary; returns 1 if any case failed.
it_finish() {
  note "$IT_SCRIPT: $IT_PASSED passed, $IT_FAILED failed (runtime $RUNW_RUNTIME)"
  ((IT_FAILED == 0))
}

# Polls CMD... every 0.2 s until it succeeds or SECS pass; on timeout records "waiting for DESC".
wait_until() {
  local secs=$1 desc=$2 deadline
  shift 2
  deadline=$((SECONDS + secs))
  while ((SECONDS < deadline)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  it_reason "timed out after ${secs}s waiting for $desc"
}

# ---------------------------------------------------------------------------------------------
# Assertions (use inside cases; each records a reason and returns 1)

# The last capture exited WANT. WHAT names the command in the reason.
expect_rc() {
  local want=$1 what=$2 text
  [[ $RC != "$want" ]] || return 0
  text=$(it_oneline "${ERR:-$OUT}")
  if [[ $RC == 124 ]]; then
    it_reason "$what timed out after ${IT_LAST_SECS}s${text:+: $text}"
  else
    it_reason "$what exited $RC, want $want${text:+: $text}"
  fi
}

# ACTUAL equals EXPECTED.
expect_eq() {
  [[ $1 == "$2" ]] && return 0
  it_reason "$3: got '$(it_oneline "$1")', want '$2'"
}

# HAYSTACK contains NEEDLE.
expect_contains() {
  [[ $1 == *"$2"* ]] && return 0
  it_reason "$3: '$(it_oneline "$1")' does not contain '$2'"
}

# HAYSTACK contains NEEDLE, ignoring case (e.g. C's strerror "No such file" vs Go's "no such file").
expect_contains_i() {
  [[ ${1,,} == *"${2,,}"* ]] && return 0
  it_reason "$3: '$(it_oneline "$1")' does not contain '$2' (in any case)"
}

# HAYSTACK does not contain NEEDLE.
expect_not_contains() {
  [[ $1 != *"$2"* ]] && return 0
  it_reason "$3: '$(it_oneline "$1")' contains '$2'"
}

# ---------------------------------------------------------------------------------------------
# Cgroups, seen from the host

# Prints the host path of process PID's cgroup for CONTROLLER (v1 hierarchy, else the v2 one).
it_cgroup_dir() {
  local pid=$1 ctrl=$2 path
  path=$(awk -F: -v c="$ctrl" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c)
    print $3 }' "/proc/$pid/cgroup")
  if [[ -n $path ]]; then
    echo "/sys/fs/cgroup/$ctrl$path"
  else
    echo "/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' "/proc/$pid/cgroup")"
  fi
}

# Prints the path of V1FILE (cgroup v1) or V2FILE (unified) in PID's CONTROLLER cgroup; fails if
# neither exists.
it_cgroup_file() {
  local dir
  dir=$(it_cgroup_dir "$1" "$2")
  if [[ -f $dir/$3 ]]; then
    echo "$dir/$3"
  elif [[ -f $dir/$4 ]]; then
    echo "$dir/$4"
  else
    return 1
  fi
}

# Checks that PID's cgroup file V1FILE (or V2FILE) for CONTROLLER holds WANT.
expect_cgroup_value() {
  local pid=$1 ctrl=$2 v1file=$3 v2file=$4 want=$5 file
  file=$(it_cgroup_file "$pid" "$ctrl" "$v1file" "$v2file") ||
    it_reason "pid $pid has no $ctrl cgroup file $v1file or $v2file"
  expect_eq "$(cat "$file")" "$want" "host $file"
}

# ---------------------------------------------------------------------------------------------
# Busybox image, built locally (no network)

# Fails unless /bin/busybox is Debian's static busybox (a dynamic one would not run in a rootfs
# without libc).
require_static_busybox() {
  [[ $(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null) == "install ok installed" ]] ||
    fail "busybox-static is not installed: install the integration packages with scripts/deps.sh"
  [[ -x /bin/busybox ]] || fail "/bin/busybox missing although busybox-static is installed"
}

# Fills DIR with a minimal rootfs: static busybox and its applet links, passwd/group, mount points.
it_make_rootfs() {
  local dir=$1 applet
  mkdir -p "$dir"/{bin,dev,etc,proc,sys,tmp,root,run,var/tmp}
  chmod 1777 "$dir/tmp" "$dir/var/tmp"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in $("$dir/bin/busybox" --list); do
    [[ $applet == busybox ]] || ln -sf busybox "$dir/bin/$applet"
  done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/:/bin/false' \
    >"$dir/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$dir/etc/group"
}

# Writes the rootfs DIR as a reproducible, root-owned tarball TAR.
it_tar_rootfs() {
  tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$1" -cf "$2" .
}

# Path of the busybox rootfs tarball that it_build_busybox_tar writes.
it_busybox_tar_path() {
  echo "$IT_TMP/image/rootfs.tar"
}

# Builds the busybox rootfs and its tarball under the temp dir (once).
it_build_busybox_tar() {
  local tar
  tar=$(it_busybox_tar_path)
  [[ ! -f $tar ]] || return 0
  require_static_busybox
  mkdir -p "$IT_TMP/image"
  it_make_rootfs "$IT_TMP/image/rootfs"
  it_tar_rootfs "$IT_TMP/image/rootfs" "$tar"
}

# Prints the GOARCH name of this machine (what image configs and platform matchers use).
it_goarch() {
  local arch
  arch=$(dpkg --print-architecture)
  case $arch in
  armhf | armel) echo arm ;;
  i386) echo 386 ;;
  ppc64el) echo ppc64le ;;
  *) echo "$arch" ;;
  esac
}

# Moves FILE into the OCI layout LAYOUT as a sha256 blob; prints "sha256:<hex> <size>".
it_oci_blob() {
  local layout=$1 file=$2 hex size
  hex=$(sha256sum "$file" | cut -d' ' -f1)
  size=$(stat -c %s "$file")
  mv "$file" "$layout/blobs/sha256/$hex"
  echo "sha256:$hex $size"
}

# Writes the OCI image config for a single uncompressed layer with digest DIFF_ID to stdout.
it_oci_config_json() {
  jq -cn --arg arch "$(it_goarch)" --arg diff "$1" '{
    architecture: $arch, os: "linux",
    config: {Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
             Cmd: ["/bin/sh"]},
    rootfs: {type: "layers", diff_ids: [$diff]}}'
}

# Writes an image manifest for CONFIG_DIGEST CONFIG_SIZE LAYER_DIGEST LAYER_SIZE to stdout.
it_oci_manifest_json() {
  jq -cn --arg cd "$1" --argjson cs "$2" --arg ld "$3" --argjson ls "$4" '{
    schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
    layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar", digest: $ld, size: $ls}]}'
}

# Writes index.json naming manifest DIGEST SIZE as image NAME (REPO:TAG) to stdout.
it_oci_index_json() {
  jq -cn --arg d "$1" --argjson s "$2" --arg name "$3" '{
    schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s,
      annotations: {"io.containerd.image.name": $name,
                    "org.opencontainers.image.ref.name": ($name | sub(".*:"; ""))}}]}'
}

# Writes an OCI image-layout archive OUT holding the busybox rootfs as image NAME (REPO:TAG).
it_busybox_oci_archive() {
  local name=$1 out=$2 layout=$IT_TMP/image/layout layer config manifest
  rm -rf "$layout"
  mkdir -p "$layout/blobs/sha256"
  it_build_busybox_tar
  cp "$(it_busybox_tar_path)" "$layout/layer.tar"
  layer=$(it_oci_blob "$layout" "$layout/layer.tar")
  it_oci_config_json "${layer% *}" >"$layout/config.json"
  config=$(it_oci_blob "$layout" "$layout/config.json")
  # shellcheck disable=SC2086 # word splitting of "digest size" pairs is intended
  it_oci_manifest_json $config $layer >"$layout/manifest.json"
  manifest=$(it_oci_blob "$layout" "$layout/manifest.json")
  # shellcheck disable=SC2086
  it_oci_index_json $manifest "$name" >"$layout/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  tar -C "$layout" -cf "$out" oci-layout index.json blobs
}
