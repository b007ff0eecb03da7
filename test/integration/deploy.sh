#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# deploy/: install.sh stages the binaries and configuration below a DESTDIR, and the real
# clients accept what it writes: containerd merges its drop-in (config dump), podman runs a
# container through the runtime name its drop-in defines. CRI-O is not packaged for Debian 12, so
# its drop-in and the RuntimeClass are only parsed.
#
# Usage: RUNW_RUNTIME=build/bin/runw test/integration/deploy.sh   (as root)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=podman_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/podman_lib.sh"

readonly INSTALL=$IT_REPO_DIR/deploy/install.sh
readonly PREFIX=/opt/runw
BUILD_DIR=${RUNW_BUILD_DIR:-$(cd "$(dirname "$RUNW_RUNTIME")/.." && pwd)}
DEST=""

# Prints what python's tomllib makes of TOML file $1 as JSON (fails on a syntax error).
toml_json() {
  python3 -c 'import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))' "$1"
}

case_install_layout() {
  local bin
  capture "$INSTALL" --build-dir "$BUILD_DIR" --prefix "$PREFIX" --destdir "$DEST" --all
  expect_rc 0 "install.sh --all"
  for bin in runw runw-wasm containerd-shim-runw-v2; do
    [[ -x $DEST$PREFIX/bin/$bin ]] || it_reason "$PREFIX/bin/$bin not installed"
  done
  capture "$DEST$PREFIX/bin/runw" --version
  expect_contains "$OUT" "runw version" "installed runw --version"
  for f in etc/containerd/conf.d/runw.toml etc/containerd/config.toml \
    etc/crio/crio.conf.d/10-runw.conf etc/containers/containers.conf.d/runw.conf; do
    [[ -f $DEST/$f ]] || it_reason "/$f not written"
  done
  expect_not_contains "$(cat "$DEST"/etc/*/*.d/*)" "/usr/local/bin/" "drop-ins name --prefix"
}

case_install_bad_input() {
  capture "$INSTALL" --build-dir "$IT_TMP/nowhere" --destdir "$IT_TMP/bad" --all
  expect_rc 1 "install.sh without a build"
  expect_contains "$ERR" "run 'make build' first" "error for a missing build"
  capture "$INSTALL" --bogus
  expect_rc 1 "install.sh --bogus"
  expect_contains "$ERR" "unknown argument '--bogus'" "error for an unknown argument"
  capture "$INSTALL" --prefix relative/dir
  expect_rc 1 "install.sh --prefix relative/dir"
}

case_configs_parse() {
  local json
  json=$(toml_json "$DEST/etc/crio/crio.conf.d/10-runw.conf") || it_reason "CRI-O drop-in is not TOML"
  expect_eq "$(jq -r '.crio.runtime.runtimes.runw.runtime_path' <<<"$json")" "$PREFIX/bin/runw" \
    "CRI-O runtime_path"
  json=$(toml_json "$IT_REPO_DIR/deploy/containerd/runw-v3.toml") || it_reason "runw-v3.toml is not TOML"
  expect_eq "$(jq -r '.plugins["io.containerd.cri.v1.runtime"].containerd.runtimes.runw.runtime_type' \
    <<<"$json")" "io.containerd.runw.v2" "containerd 2.x runtime_type"
  json=$(toml_json "$IT_REPO_DIR/deploy/containerd/runw-runc-shim.toml") ||
    it_reason "runw-runc-shim.toml is not TOML"
  expect_eq "$(jq -r '.plugins["io.containerd.grpc.v1.cri"].containerd.runtimes.runw.options.BinaryName' \
    <<<"$json")" "/usr/local/bin/runw" "runc shim BinaryName"
  json=$(python3 -c 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))' \
    "$IT_REPO_DIR/deploy/kubernetes/runtimeclass.yaml") || it_reason "runtimeclass.yaml is not YAML"
  expect_eq "$(jq -r '"\(.kind) \(.handler)"' <<<"$json")" "RuntimeClass runw" "RuntimeClass handler"
}

case_containerd_merges_dropin() {
  local config=$IT_TMP/containerd-config.toml
  # The installed config.toml imports /etc/containerd/conf.d; point it at the staged copy.
  sed "s|\"/etc/containerd/|\"$DEST/etc/containerd/|" "$DEST/etc/containerd/config.toml" >"$config"
  capture containerd --config "$config" config dump
  expect_rc 0 "containerd config dump with the drop-in imported"
  expect_contains "$OUT" '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runw]' \
    "merged runtime table"
  expect_contains "$OUT" 'runtime_type = "io.containerd.runw.v2"' "merged runtime_type"
  expect_contains "$OUT" "runtime_path = \"$PREFIX/bin/containerd-shim-runw-v2\"" "merged runtime_path"
}

case_containerd_import_edits() {
  local etc=$IT_TMP/edit/etc/containerd
  mkdir -p "$etc"
  printf 'version = 2\nroot = "/var/lib/containerd"\n\n[grpc]\n  address = "/run/x.sock"\n' \
    >"$etc/config.toml"
  capture "$INSTALL" --build-dir "$BUILD_DIR" --destdir "$IT_TMP/edit" --containerd
  expect_rc 0 "install.sh --containerd over an existing config"
  expect_eq "$(sed -n 2p "$etc/config.toml")" 'imports = ["/etc/containerd/conf.d/*.toml"]' \
    "imports right after version (top level)"
  capture "$INSTALL" --build-dir "$BUILD_DIR" --destdir "$IT_TMP/edit" --containerd
  expect_eq "$(grep -c '^imports' "$etc/config.toml")" 1 "imports added once"
  toml_json "$etc/config.toml" >/dev/null || it_reason "edited config.toml is not TOML"
}

# podman reads only CONTAINERS_CONF when it is set, so the private podman's config is the base
# sections plus the staged drop-in (binaries named below DEST, events kept in the temp dir).
case_podman_runs_by_name() {
  local conf=$PM_DIR/containers-dropin.conf
  {
    pm_containers_conf | sed '/^\[engine\]/,$d'
    sed -e "s|\"$PREFIX/bin/|\"$DEST$PREFIX/bin/|" \
      -e "s|^\[engine\]$|[engine]\nevents_logger = \"file\"\nevents_logfile_path = \"$PM_DIR/events.log\"|" \
      "$DEST/etc/containers/containers.conf.d/runw.conf"
  } >"$conf"
  local podman=("${PODMAN[@]}")
  podman[-1]=runw # --runtime by name, resolved through [engine.runtimes]
  capture env CONTAINERS_CONF="$conf" "${podman[@]}" info --format '{{.Host.OCIRuntime.Path}}'
  expect_rc 0 "podman info with the drop-in"
  expect_eq "$OUT" "$DEST$PREFIX/bin/runw" "runtime podman resolves for --runtime runw"
  capture env CONTAINERS_CONF="$conf" "${podman[@]}" run --rm "${RUN_OPTS[@]}" "$IMAGE" \
    echo deployed
  expect_rc 0 "podman --runtime runw run --rm"
  expect_eq "$OUT" "deployed" "stdout"
}

readonly IMAGE=localhost/runw-it/busybox-deploy:latest

main() {
  require_cmd podman containerd jq python3 sed install
  require_runtime
  it_setup
  DEST=$IT_TMP/dest
  pm_write_config
  it_on_cleanup pm_remove_all
  pm_import_busybox "$IMAGE"
  run_case "install.sh --all stages binaries and drop-ins" case_install_layout
  run_case "install.sh: clear errors for bad input" case_install_bad_input
  run_case "CRI-O drop-in, containerd 2.x and runc-shim variants, RuntimeClass parse" \
    case_configs_parse
  run_case "containerd merges the installed drop-in" case_containerd_merges_dropin
  run_case "install.sh adds containerd's imports once, at the top level" case_containerd_import_edits
  run_case "podman runs a container through the drop-in's runtime name" case_podman_runs_by_name
  it_finish
}

main "$@"
