#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs examples/hello as a wasm container: packs hello.wasm into an OCI image (runw-image.sh),
# unpacks that image into a bundle (its layer as rootfs, its entrypoint as process.args, plus a
# data file), then `runw run` (namespaces, cgroup, pivot_root, then the engine instead of execve).
#
# Usage: scripts/demo-container.sh BUILD_DIR
set -euo pipefail

build=${1:?usage: demo-container.sh BUILD_DIR}
runw="$build/bin/runw"
work=$(mktemp -d /tmp/runw-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT

blob() { echo "$work/image/blobs/sha256/${1#sha256:}"; }

# The image, as `podman load` and `ctr image import` take it.
scripts/runw-image.sh build --wasm "$build/examples/hello.wasm" --tag localhost/hello:demo \
  --output "$work/hello.tar"
mkdir -p "$work/image" "$work/bundle/rootfs/data"
tar -xf "$work/hello.tar" -C "$work/image"

# index → manifest → layers and config, the way a container engine unpacks it.
manifest=$(blob "$(jq -r '.manifests[0].digest' "$work/image/index.json")")
for layer in $(jq -r '.layers[].digest' "$manifest"); do
  tar -xzf "$(blob "$layer")" -C "$work/bundle/rootfs"
done
config=$(blob "$(jq -r '.config.digest' "$manifest")")
entrypoint=$(jq -c '.config.Entrypoint' "$config")
cp examples/hello/data/* "$work/bundle/rootfs/data/"

"$runw" spec --bundle "$work/bundle"
jq --argjson entrypoint "$entrypoint" \
  '.process.args = $entrypoint + ["alice", "bob"] | .process.terminal = false
   | .process.env += ["GREETING=Hello"]' "$work/bundle/config.json" >"$work/config.json"
mv "$work/config.json" "$work/bundle/config.json"

echo "+ runw --root $work/state run --bundle $work/bundle hello-demo   # image localhost/hello:demo"
"$runw" --root "$work/state" run --bundle "$work/bundle" "hello-demo"
