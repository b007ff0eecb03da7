#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs examples/hello as a wasm container: a bundle whose rootfs holds hello.wasm and its data,
# then `runw run` (namespaces, cgroup, pivot_root, then the embedded engine instead of execve).
#
# Usage: scripts/demo-container.sh BUILD_DIR
set -euo pipefail

build=${1:?usage: demo-container.sh BUILD_DIR}
runw="$build/bin/runw"
work=$(mktemp -d /tmp/runw-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/bundle/rootfs/data"
cp "$build/examples/hello.wasm" "$work/bundle/rootfs/hello.wasm"
cp examples/hello/data/* "$work/bundle/rootfs/data/"
"$runw" spec --bundle "$work/bundle"
jq '.process.args = ["/hello.wasm", "alice", "bob"] | .process.terminal = false
    | .process.env += ["GREETING=Hello"]' "$work/bundle/config.json" >"$work/config.json"
mv "$work/config.json" "$work/bundle/config.json"

echo "+ runw --root $work/state run --bundle $work/bundle hello-demo"
"$runw" --root "$work/state" run --bundle "$work/bundle" "hello-demo"
