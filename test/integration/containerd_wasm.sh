#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Drives a private containerd whose runc shim runs "$RUNW_RUNTIME" on wasm images, via ctr.
#
# Usage: RUNW_RUNTIME=build/bin/runw test/integration/containerd_wasm.sh   (as root)
# The images are packed from the build's examples (RUNW_BUILD_DIR, default <repo>/build:
# examples/{hello,echo,loop}.wasm) by scripts/runw-image.sh, then `ctr image import`ed.
# Prints "ok - name" or "not ok - name: reason" per case; exits non-zero if any case failed or
# setup failed (missing package or example, containerd not starting).
# As in containerd_native.sh, the runc shim gets the runtime binary (BinaryName) and its root
# from --runc-binary and --runc-root on `ctr run`.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=containerd_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/containerd_lib.sh"

readonly WASM_REPO=localhost/runw-it-wasm
readonly EXAMPLES=(hello echo loop)
EXAMPLES_DIR=${RUNW_BUILD_DIR:-$IT_REPO_DIR/build}/examples
RUN_OPTS=()

# ---------------------------------------------------------------------------------------------
# Setup (the private containerd is the one containerd_native.sh uses)

# Packs the example modules as OCI archives under $IT_TMP/images with scripts/runw-image.sh;
# fails if a module was not built.
wasm_pack_images() {
  local name wasm
  mkdir -p "$IT_TMP/images"
  for name in "${EXAMPLES[@]}"; do
    wasm=$EXAMPLES_DIR/$name.wasm
    [[ -f $wasm ]] || fail "$wasm missing: build the examples (ninja -C build runw_example_$name)"
    bash "$IT_REPO_DIR/scripts/runw-image.sh" build --wasm "$wasm" \
      --tag "$WASM_REPO/$name:latest" --output "$IT_TMP/images/$name.tar" ||
      fail "runw-image.sh could not pack $wasm"
  done
}

# ---------------------------------------------------------------------------------------------
# Helpers for cases

# Prints the reference of example image NAME.
img() {
  echo "$WASM_REPO/$1:latest"
}

# ---------------------------------------------------------------------------------------------
# Cases

case_import() {
  local name
  for name in "${EXAMPLES[@]}"; do
    capture "${CTR[@]}" image import "$IT_TMP/images/$name.tar"
    expect_rc 0 "ctr image import $name.tar"
  done
  capture "${CTR[@]}" image ls
  expect_rc 0 "ctr image ls"
  for name in "${EXAMPLES[@]}"; do
    expect_contains "$OUT" "$(img "$name")" "ctr image ls"
  done
  expect_contains "$OUT" "wasip1/wasm" "platform column of ctr image ls"
}

case_hello_output() {
  local data=$IT_TMP/hello-data
  mkdir -p "$data"
  echo "a file from the host" >"$data/message.txt"
  # Arguments after the container ID replace the image's whole Entrypoint+Cmd under ctr.
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" --env GREETING=Hi \
    --mount "type=bind,src=$data,dst=/data,options=rbind:ro" "$(img hello)" "$IT_TAG-hello" \
    /hello.wasm alice
  expect_rc 0 "ctr run --rm hello"
  expect_eq "$OUT" $'Hi from WebAssembly!\nargument 1: alice
/data/message.txt says: a file from the host' "stdout"
}

case_exit_codes() {
  # hello greets, then exits 1 because /data/message.txt does not exist.
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$(img hello)" "$IT_TAG-hello1"
  expect_rc 1 "ctr run --rm hello without /data"
  expect_eq "$OUT" "Hello from WebAssembly!" "stdout"
  expect_contains "$ERR" "cannot open /data/message.txt" "stderr"
  capture "${CTR[@]}" run --rm "${RUN_OPTS[@]}" "$(img echo)" "$IT_TAG-echo5" \
    /echo.wasm bye --exit 5
  expect_rc 5 "ctr run --rm echo --exit 5"
  expect_eq "$OUT" "bye" "stdout"
}

case_kill() {
  local id=$IT_TAG-loop
  capture "${CTR[@]}" run -d "${RUN_OPTS[@]}" "$(img loop)" "$id"
  [[ $RC == 0 ]] || "${CTR[@]}" container delete "$id" >/dev/null 2>&1 || true
  expect_rc 0 "ctr run -d loop"
  ct_track "$id"
  wait_until 15 "task $id to be RUNNING" ct_status_is "$id" RUNNING
  capture "${CTR[@]}" task kill --signal SIGTERM "$id"
  expect_rc 0 "ctr task kill --signal SIGTERM"
  wait_until 3 "task $id to be STOPPED within 3 s of SIGTERM" ct_status_is "$id" STOPPED
  # ctr task delete reports a non-zero exit status as a warning: 128 + SIGTERM.
  capture "${CTR[@]}" task delete "$id"
  expect_rc 0 "ctr task delete"
  expect_contains "$ERR" "exit code 143" "ctr task delete warning (exit status of the task)"
  capture "${CTR[@]}" container delete "$id"
  expect_rc 0 "ctr container delete"
}

case_cleanup() {
  local left
  capture "${CTR[@]}" task ls -q
  expect_eq "$OUT" "" "tasks left"
  capture "${CTR[@]}" container ls -q
  expect_eq "$OUT" "" "containers left"
  left=$(find "$CT_DIR/runc-root" -mindepth 2 -maxdepth 2 2>/dev/null | head -n 3)
  expect_eq "$left" "" "runtime state left under --root"
  wait_until 10 "the shims to exit" ct_no_shims
}

main() {
  require_cmd containerd ctr containerd-shim-runc-v2 timeout jq tar gzip sha256sum
  require_runtime
  it_setup
  wasm_pack_images
  ct_start ""
  ct_runc_shim_opts
  it_on_cleanup ct_remove_all
  run_case "ctr image import of the OCI archives (hello, echo, loop)" case_import
  run_case "ctr run --rm hello prints its output (env, args, bind mount)" case_hello_output
  run_case "ctr run --rm exit codes propagate (1, 5)" case_exit_codes
  run_case "ctr task kill SIGTERM of a wasm loop (< 3 s, exit 143)" case_kill
  run_case "no tasks, containers, runtime state or shims left" case_cleanup
  it_finish
}

main "$@"
