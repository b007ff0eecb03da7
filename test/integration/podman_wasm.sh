#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Drives the real podman (isolated storage, cgroupfs) with --runtime "$RUNW_RUNTIME" on wasm images.
#
# Usage: RUNW_RUNTIME=build/bin/runw test/integration/podman_wasm.sh   (as root)
# The images are packed from the build's examples (RUNW_BUILD_DIR, default <repo>/build:
# examples/{hello,echo,loop,memhog}.wasm) by scripts/runw-image.sh, then `podman load`ed.
# Prints "ok - name" or "not ok - name: reason" per case; exits non-zero if any case failed or
# setup failed (missing package or example, podman not working).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=podman_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/podman_lib.sh"

readonly BUSYBOX=localhost/runw-it/busybox:latest
readonly WASM_REPO=localhost/runw-it-wasm
readonly EXAMPLES=(hello echo loop memhog)
EXAMPLES_DIR=${RUNW_BUILD_DIR:-$IT_REPO_DIR/build}/examples

# ---------------------------------------------------------------------------------------------
# Setup (the private podman environment is the one podman_native.sh uses)

# Packs every example module as an OCI archive (and hello also as a docker archive) under
# $IT_TMP/images with scripts/runw-image.sh; fails if a module was not built.
wasm_pack_images() {
  local name wasm packer=$IT_REPO_DIR/scripts/runw-image.sh
  mkdir -p "$IT_TMP/images"
  for name in "${EXAMPLES[@]}"; do
    wasm=$EXAMPLES_DIR/$name.wasm
    [[ -f $wasm ]] || fail "$wasm missing: build the examples (ninja -C build runw_example_$name)"
    bash "$packer" build --wasm "$wasm" --tag "$WASM_REPO/$name:latest" \
      --output "$IT_TMP/images/$name.tar" || fail "runw-image.sh could not pack $wasm"
  done
  bash "$packer" build --wasm "$EXAMPLES_DIR/hello.wasm" --tag "$WASM_REPO/hello-docker:latest" \
    --output "$IT_TMP/images/hello-docker.tar" --format docker ||
    fail "runw-image.sh --format docker could not pack hello.wasm"
}

# ---------------------------------------------------------------------------------------------
# Helpers for cases

# Prints the reference of example image NAME.
img() {
  echo "$WASM_REPO/$1:latest"
}

# Succeeds when container NAME's state is STATUS.
pm_status_is() {
  [[ $(timeout 10 "${PODMAN[@]}" inspect -f '{{.State.Status}}' "$1" 2>/dev/null) == "$2" ]]
}

# Runs `podman ARGS...` through capture. podman warns on stderr that a wasip1/wasm image does
# not match the linux host platform; the warning is dropped from ERR so assertions and reasons
# see the module's own stderr.
pm() {
  capture "${PODMAN[@]}" "$@"
  ERR=$(grep -v '^WARNING: image platform' <<<"$ERR" || true)
}

# Prints the namespace inode ("net:[4026…]") of NS for process PID.
ns_of() {
  readlink "/proc/$1/ns/$2"
}

# ---------------------------------------------------------------------------------------------
# Cases

case_load() {
  local name format
  for name in "${EXAMPLES[@]}"; do
    pm load -i "$IT_TMP/images/$name.tar"
    expect_rc 0 "podman load -i $name.tar"
    expect_contains "$OUT" "Loaded image: $(img "$name")" "podman load output"
  done
  format='{{.Os}}/{{.Architecture}} {{.Config.Entrypoint}}'
  format+=' {{index .Labels "module.wasm.image/variant"}}'
  pm image inspect -f "$format" "$(img hello)"
  expect_rc 0 "podman image inspect"
  expect_eq "$OUT" "wasip1/wasm [/hello.wasm] compat-smart" "os/arch, entrypoint, variant label"
}

case_load_docker_archive() {
  pm load -i "$IT_TMP/images/hello-docker.tar"
  expect_rc 0 "podman load -i hello-docker.tar (docker format)"
  expect_contains "$OUT" "Loaded image: $(img hello-docker)" "podman load output"
  pm run --rm "${RUN_OPTS[@]}" "$(img hello-docker)"
  # hello exits 1 after its greeting when /data/message.txt is missing.
  expect_rc 1 "podman run of the docker-format hello image"
  expect_contains "$OUT" "Hello from WebAssembly!" "stdout"
}

case_hello() {
  local data=$IT_TMP/hello-data
  mkdir -p "$data"
  echo "a file from the host" >"$data/message.txt"
  pm run --rm "${RUN_OPTS[@]}" -e GREETING=Hi -v "$data:/data:ro" \
    "$(img hello)" alice bob
  expect_rc 0 "podman run hello"
  expect_eq "$OUT" $'Hi from WebAssembly!\nargument 1: alice\nargument 2: bob
/data/message.txt says: a file from the host' "stdout"
  # Without the mount, hello greets, then reports the missing file and exits 1.
  pm run --rm "${RUN_OPTS[@]}" "$(img hello)"
  expect_rc 1 "podman run hello without /data"
  expect_contains "$OUT" "Hello from WebAssembly!" "stdout"
  expect_contains "$ERR" "cannot open /data/message.txt" "stderr"
}

case_args() {
  pm run --rm "${RUN_OPTS[@]}" "$(img echo)" 'two words' '' -x --argv
  expect_rc 0 "podman run echo --argv"
  expect_eq "$OUT" $'two words  -x\nargv[0]=/echo.wasm\nargv[1]=two words\nargv[2]=\nargv[3]=-x
argv[4]=--argv' "WASI argv (the entrypoint, then the run arguments)"
  # --entrypoint replaces the module path; the module is still found through it.
  pm run --rm "${RUN_OPTS[@]}" --entrypoint '["/echo.wasm","hello"]' \
    "$(img echo)" world
  expect_rc 0 "podman run --entrypoint"
  expect_eq "$OUT" "hello world" "stdout"
}

case_env() {
  pm run --rm "${RUN_OPTS[@]}" -e FOO=bar -e 'SPACED=a b=c' "$(img echo)" \
    --env FOO --env SPACED --env NOT_SET --environ
  expect_rc 0 "podman run -e"
  expect_contains "$OUT" $'FOO=bar\nSPACED=a b=c\nNOT_SET is unset\n' "--env lookups"
  # podman's own defaults reach the module too.
  expect_contains "$OUT" "container=podman" "WASI environ"
  expect_contains "$OUT" "PATH=" "WASI environ"
}

case_exit_codes() {
  pm run --rm "${RUN_OPTS[@]}" "$(img echo)" bye --exit 5
  expect_rc 5 "podman run echo --exit 5"
  expect_eq "$OUT" "bye" "stdout before the exit"
  pm run --rm "${RUN_OPTS[@]}" "$(img echo)" --exit 0
  expect_rc 0 "podman run echo --exit 0"
  # An unknown option: the module's own usage error (exit 2), on the module's stderr.
  pm run --rm "${RUN_OPTS[@]}" "$(img echo)" --no-such-option
  expect_rc 2 "podman run echo --no-such-option"
  expect_contains "$ERR" "echo: unknown option" "stderr"
}

case_volumes() {
  local vol=$IT_TMP/vol
  mkdir -p "$vol"
  echo from-host >"$vol/in.txt"
  pm run --rm "${RUN_OPTS[@]}" -v "$vol:/data" "$(img echo)" \
    --cat /data/in.txt --write /data/out.txt from-wasm
  expect_rc 0 "podman run -v (read and write)"
  expect_eq "$OUT" $'from-host\nwrote /data/out.txt' "stdout"
  expect_eq "$(cat "$vol/out.txt" 2>/dev/null)" "from-wasm" "file written by the module"
  pm run --rm "${RUN_OPTS[@]}" -v "$vol:/rodata:ro" "$(img echo)" \
    --cat /rodata/in.txt --write /rodata/x nope
  expect_rc 1 "podman run -v :ro, write"
  expect_eq "$OUT" "from-host" "stdout (the :ro mount is readable)"
  expect_contains "$ERR" "Read-only file system" "stderr of the write to the :ro mount"
  [[ ! -e $vol/x ]] || it_reason "the :ro bind mount was writable"
}

case_read_only() {
  local vol=$IT_TMP/rovol
  mkdir -p "$vol"
  pm run --rm "${RUN_OPTS[@]}" --read-only "$(img echo)" --write /x nope
  expect_rc 1 "podman run --read-only, write to /"
  expect_contains "$ERR" "Read-only file system" "stderr of the write to the read-only root"
  # As for native containers, --read-only leaves /tmp (a tmpfs podman mounts) and volumes
  # writable: the root's read-only flag must not extend to the mounts under it.
  pm run --rm "${RUN_OPTS[@]}" --read-only -v "$vol:/data" "$(img echo)" \
    --write /data/out.txt vol-ok
  expect_rc 0 "podman run --read-only -v, write to the volume"
  expect_eq "$(cat "$vol/out.txt" 2>/dev/null)" "vol-ok" "file written to the volume"
  pm run --rm "${RUN_OPTS[@]}" --read-only "$(img echo)" \
    --write /tmp/t tmp-ok --cat /tmp/t
  expect_rc 0 "podman run --read-only, write to /tmp"
  expect_contains "$OUT" "tmp-ok" "file written to /tmp"
}

case_memory() {
  local name=$IT_TAG-memhog mib
  pm run --name "$name" "${RUN_OPTS[@]}" --memory 64m "$(img memhog)"
  # malloc fails once memory.grow hits the cap runw derives from the limit; memhog then aborts,
  # a wasm trap (134). 137 would mean the kernel's OOM killer ended it instead.
  expect_rc 134 "podman run --memory 64m memhog"
  expect_contains "$ERR" "memhog: malloc failed after" "stderr"
  expect_contains "$ERR" "trap" "stderr"
  mib=$(sed -n 's/.*malloc failed after \([0-9]*\) MiB.*/\1/p' <<<"$ERR")
  [[ -n $mib && $mib -ge 32 && $mib -lt 64 ]] ||
    it_reason "memhog got ${mib:-?} MiB under a 64 MiB limit, want 32..63"
  note "memhog got $mib MiB under --memory 64m"
  pm inspect -f '{{.State.ExitCode}} {{.State.OOMKilled}}' "$name"
  expect_eq "$OUT" "134 false" "podman inspect exit code, OOMKilled"
  pm rm "$name"
  expect_rc 0 "podman rm"
  # Well under the limit the module is not held back.
  pm run --rm "${RUN_OPTS[@]}" --memory 64m "$(img memhog)" 16
  expect_rc 0 "podman run --memory 64m memhog 16"
  expect_contains "$OUT" "memhog: stopped at 16 MiB" "stdout"
}

# Stops a running loop container NAME (started with ARGS...) with `podman stop -t 10`; it
# must end from SIGTERM (143) in under 3 s.
stop_loop() {
  local name=$1 start ms
  shift
  pm run -d --name "$name" "${RUN_OPTS[@]}" "$(img loop)" "$@"
  expect_rc 0 "podman run -d loop $*"
  pm_track "$name"
  wait_until 20 "container log to show 'loop: running'" pm_log_has "$name" "loop: running"
  start=$(date +%s%N)
  pm stop -t 10 "$name"
  ms=$((($(date +%s%N) - start) / 1000000))
  expect_rc 0 "podman stop -t 10"
  note "podman stop of loop ${*:-(spinning)} took $ms ms"
  ((ms < 3000)) ||
    it_reason "podman stop -t 10 of loop $* took $ms ms, want < 3000 (SIGTERM ignored?)"
  pm inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$name"
  expect_eq "$OUT" "exited 143" "state after podman stop (128 + SIGTERM)"
  pm rm "$name"
  expect_rc 0 "podman rm"
}

case_stop_spinning() {
  stop_loop "$IT_TAG-spin"
}

case_stop_sleeping() {
  stop_loop "$IT_TAG-sleep" --sleep
}

case_pod() {
  local pod=$IT_TAG-pod infra native wasm ns
  # No catatonit here for podman's default infra image, so the infra is busybox sleeping.
  pm pod create --name "$pod" --cgroup-parent "/$IT_TAG" \
    --infra-image "$BUSYBOX" --infra-command "/bin/sleep 100000"
  expect_rc 0 "podman pod create"
  pm run -d --pod "$pod" --name "$pod-native" "$BUSYBOX" \
    sh -c 'trap "exit 0" TERM; echo native-ready; while :; do sleep 1 & wait $!; done'
  expect_rc 0 "podman run -d --pod (native busybox)"
  pm run -d --pod "$pod" --name "$pod-wasm" "$(img loop)" --sleep
  expect_rc 0 "podman run -d --pod (wasm loop)"
  pm_track "$pod-native"
  pm_track "$pod-wasm"
  wait_until 20 "the native container to log 'native-ready'" pm_log_has "$pod-native" native-ready
  wait_until 20 "the wasm container to log 'loop: running'" pm_log_has "$pod-wasm" "loop: running"
  pm pod inspect -f '{{.InfraContainerID}}' "$pod"
  expect_rc 0 "podman pod inspect"
  expect_eq "$(timeout 10 "${PODMAN[@]}" inspect -f '{{.State.Status}}' "$OUT" \
    "$pod-native" "$pod-wasm" 2>/dev/null | sort -u)" running "states of infra, native, wasm"
  infra=$(timeout 10 "${PODMAN[@]}" inspect -f '{{.State.Pid}}' "$OUT")
  native=$(timeout 10 "${PODMAN[@]}" inspect -f '{{.State.Pid}}' "$pod-native")
  wasm=$(timeout 10 "${PODMAN[@]}" inspect -f '{{.State.Pid}}' "$pod-wasm")
  for ns in net ipc uts; do
    expect_eq "$(ns_of "$wasm" "$ns")" "$(ns_of "$infra" "$ns")" "$ns namespace, wasm vs infra"
    expect_eq "$(ns_of "$native" "$ns")" "$(ns_of "$infra" "$ns")" "$ns namespace, native vs infra"
  done
  # A one-shot wasm container in the pod, next to the running ones.
  pm run --rm --pod "$pod" "$(img echo)" in the pod
  expect_rc 0 "podman run --rm --pod (wasm echo)"
  expect_eq "$OUT" "in the pod" "stdout"
  pm pod rm --force --time 0 "$pod"
  expect_rc 0 "podman pod rm --force"
}

main() {
  require_cmd podman conmon timeout jq tar gzip sha256sum
  require_runtime
  it_setup
  pm_write_config
  it_on_cleanup pm_remove_all
  pm_preflight
  wasm_pack_images
  pm_import_busybox "$BUSYBOX"
  run_case "podman load -i of the OCI archives (hello, echo, loop, memhog)" case_load
  run_case "podman load -i of a docker-format archive, then run it" case_load_docker_archive
  run_case "podman run hello (output, args, env, -v :ro, exit 1)" case_hello
  run_case "podman run echo: WASI argv and --entrypoint" case_args
  run_case "podman run -e: WASI environment" case_env
  run_case "podman run exit codes (5, 0, 2)" case_exit_codes
  run_case "podman run -v: bind mount readable and writable, :ro refuses writes" case_volumes
  run_case "podman run --read-only (root refuses writes, volume and /tmp do not)" case_read_only
  run_case "podman run --memory 64m memhog: trap, not OOM kill" case_memory
  run_case "podman stop -t 10 of a spinning wasm loop ends it in < 3 s" case_stop_spinning
  run_case "podman stop -t 10 of a sleeping wasm loop ends it in < 3 s" case_stop_sleeping
  run_case "podman pod: infra, native busybox and wasm containers share namespaces" case_pod
  it_finish
}

main "$@"
