#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Packs a wasm module into a "compat" container image archive (for podman load / ctr image import).
#
# Usage: scripts/runw-image.sh build --wasm FILE.wasm --tag NAME:TAG --output ARCHIVE.tar
#                                    [--format oci|docker]
#
# The image has one layer holding the module as /<name>.wasm (<name> is FILE's base name without
# .wasm), an image config with os "wasip1", architecture "wasm", Entrypoint ["/<name>.wasm"] and
# the label module.wasm.image/variant=compat-smart, which the manifest carries as an annotation
# too (interfaces.md 3.1). Arguments given to `podman run IMAGE ARGS...` follow the entrypoint.
#   --format oci     (default) an OCI image layout (oci-layout, index.json, blobs/sha256/) in a
#                    tar, gzip-compressed layer; index.json names the image by
#                    org.opencontainers.image.ref.name and io.containerd.image.name (= NAME:TAG,
#                    as given: podman prefixes a bare name with localhost/, containerd does not).
#   --format docker  a `docker save` style archive (manifest.json with RepoTags, blobs/sha256/),
#                    uncompressed layer, for `docker load` and `podman load` (containerd 1.6
#                    filters its wasip1/wasm manifest out unless `ctr image import --all-platforms`).
# The output is reproducible: every timestamp is SOURCE_DATE_EPOCH (default 0), owners are 0:0,
# entries are sorted and gzip stores no name or time. Needs only tar, gzip, sha256sum and jq.
set -euo pipefail
shopt -s inherit_errexit

readonly kVariantKey=module.wasm.image/variant
readonly kVariant=compat-smart

die() {
  echo "runw-image: $*" >&2
  exit 1
}

usage() {
  cat <<'EOF'
usage: runw-image.sh build --wasm FILE.wasm --tag NAME:TAG --output ARCHIVE.tar
                          [--format oci|docker]
EOF
}

# tar flags that make an archive depend on the file contents and names only.
reproducible_tar() {
  tar --sort=name --format=ustar --owner=0 --group=0 --numeric-owner --mode=u=rwX,go=rX \
    --mtime="@$EPOCH" "$@"
}

# Moves FILE into WORK/layout/blobs/sha256 under its digest; prints "sha256:<hex> <size>".
add_blob() {
  local file=$1 hex size
  hex=$(sha256sum "$file" | cut -d' ' -f1)
  size=$(stat -c %s "$file")
  mv "$file" "$WORK/layout/blobs/sha256/$hex"
  echo "sha256:$hex $size"
}

# Writes the image config for layer DIFF_ID (digest of the uncompressed layer) to stdout.
config_json() {
  jq -cn --arg created "$CREATED" --arg entry "/$NAME.wasm" --arg diff "$1" \
    --arg key "$kVariantKey" --arg variant "$kVariant" '{
    created: $created, architecture: "wasm", os: "wasip1",
    config: {Entrypoint: [$entry], WorkingDir: "/", Labels: {($key): $variant}},
    rootfs: {type: "layers", diff_ids: [$diff]},
    history: [{created: $created, created_by: ("runw-image.sh build " + $entry)}]}'
}

# Writes the OCI manifest for CONFIG_DIGEST CONFIG_SIZE LAYER_DIGEST LAYER_SIZE to stdout.
manifest_json() {
  jq -cn --arg cd "$1" --argjson cs "$2" --arg ld "$3" --argjson ls "$4" --arg key "$kVariantKey" \
    --arg variant "$kVariant" --arg created "$CREATED" --arg title "$NAME.wasm" '{
    schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs},
    layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: $ld, size: $ls}],
    annotations: {($key): $variant, "org.opencontainers.image.created": $created,
                  "org.opencontainers.image.title": $title}}'
}

# Writes index.json naming manifest DIGEST SIZE as $TAG to stdout.
index_json() {
  jq -cn --arg d "$1" --argjson s "$2" --arg tag "$TAG" '{
    schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s,
      annotations: {"org.opencontainers.image.ref.name": $tag, "io.containerd.image.name": $tag}}]}'
}

# Writes the docker-archive manifest.json for CONFIG_DIGEST and LAYER_DIGEST to stdout.
docker_manifest_json() {
  jq -cn --arg c "blobs/sha256/${1#sha256:}" --arg l "blobs/sha256/${2#sha256:}" --arg tag "$TAG" \
    '[{Config: $c, RepoTags: [$tag], Layers: [$l]}]'
}

# Fills WORK/layout for $FORMAT; prints the top-level entries the archive must hold.
build_layout() {
  local layer diff config manifest
  mkdir -p "$WORK/stage" "$WORK/layout/blobs/sha256"
  cp "$WASM" "$WORK/stage/$NAME.wasm"
  chmod 0755 "$WORK/stage/$NAME.wasm"
  reproducible_tar -C "$WORK/stage" -cf "$WORK/layer.tar" "$NAME.wasm"
  diff=sha256:$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)
  if [[ $FORMAT == oci ]]; then
    gzip -n -9 "$WORK/layer.tar"
    layer=$(add_blob "$WORK/layer.tar.gz")
  else
    layer=$(add_blob "$WORK/layer.tar")
  fi
  config_json "$diff" >"$WORK/config.json"
  config=$(add_blob "$WORK/config.json")
  if [[ $FORMAT == docker ]]; then
    docker_manifest_json "${config% *}" "${layer% *}" >"$WORK/layout/manifest.json"
    echo blobs manifest.json
    return
  fi
  # shellcheck disable=SC2086 # word splitting of "digest size" pairs is intended
  manifest_json $config $layer >"$WORK/manifest.json"
  manifest=$(add_blob "$WORK/manifest.json")
  # shellcheck disable=SC2086
  index_json $manifest >"$WORK/layout/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$WORK/layout/oci-layout"
  echo blobs index.json oci-layout
}

# Parses the options of `build` into WASM, TAG, OUTPUT, FORMAT and NAME.
parse_build_args() {
  WASM="" TAG="" OUTPUT="" FORMAT=oci
  while (($# > 0)); do
    case $1 in
    --wasm | --tag | --output | --format)
      (($# >= 2)) || die "$1 needs a value"
      case $1 in
      --wasm) WASM=$2 ;;
      --tag) TAG=$2 ;;
      --output) OUTPUT=$2 ;;
      --format) FORMAT=$2 ;;
      esac
      shift 2
      ;;
    --wasm=* | --tag=* | --output=* | --format=*)
      set -- "${1%%=*}" "${1#*=}" "${@:2}"
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown argument '$1' (try --help)" ;;
    esac
  done
  [[ -n $WASM && -n $TAG && -n $OUTPUT ]] || die "--wasm, --tag and --output are required"
  [[ -f $WASM ]] || die "$WASM: no such file"
  [[ $(head -c 4 "$WASM" | od -An -c | tr -d ' ') == '\0asm' ]] ||
    die "$WASM is not a wasm module (no \\0asm magic)"
  [[ $FORMAT == oci || $FORMAT == docker ]] || die "--format must be oci or docker, not '$FORMAT'"
  # NAME:TAG with a lowercase repository path (docker reference grammar, without a digest).
  local component='[a-z0-9]+([._-]+[a-z0-9]+)*'
  [[ $TAG =~ ^$component(:[0-9]+)?(/$component)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] ||
    die "--tag '$TAG' is not NAME:TAG (lowercase name, explicit tag)"
  NAME=$(basename "$WASM" .wasm)
  [[ $NAME =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || die "module name '$NAME' is not a plain file name"
}

main() {
  local entries
  (($# > 0)) || {
    usage >&2
    exit 2
  }
  [[ $1 == build ]] || die "unknown command '$1' (only 'build' exists)"
  shift
  parse_build_args "$@"
  for tool in tar gzip sha256sum jq; do
    command -v "$tool" >/dev/null || die "'$tool' not found"
  done
  EPOCH=${SOURCE_DATE_EPOCH:-0}
  [[ $EPOCH =~ ^[0-9]+$ ]] || die "SOURCE_DATE_EPOCH must be seconds since the epoch"
  CREATED=$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/runw-image.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  entries=$(build_layout)
  # shellcheck disable=SC2086 # the entry list is space-separated on purpose
  reproducible_tar -C "$WORK/layout" -cf "$WORK/archive.tar" $entries
  mkdir -p "$(dirname "$OUTPUT")"
  mv -f "$WORK/archive.tar" "$OUTPUT"
}

main "$@"
