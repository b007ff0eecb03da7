#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs runw on a node: the binaries, and the configuration for the container managers asked
# for. Run from a checkout after `make build`, as root.
#
# Usage: deploy/install.sh [--build-dir DIR] [--prefix DIR] [--destdir DIR]
#                          [--containerd] [--crio] [--podman] [--all]
#   --build-dir DIR  where the binaries were built (default: build/ of this checkout)
#   --prefix DIR     install prefix (default /usr/local): binaries go to PREFIX/bin and the
#                    configuration files name them there
#   --destdir DIR    stage everything below DIR instead of / (packaging, tests)
#   --containerd     /etc/containerd/conf.d/runw.toml (runw's shim), imported from
#                    /etc/containerd/config.toml (created, or `imports` added, when needed)
#   --crio           /etc/crio/crio.conf.d/10-runw.conf
#   --podman         /etc/containers/containers.conf.d/runw.conf
#   --all            all three
# Restart the manager afterwards; for Kubernetes also `kubectl apply -f
# deploy/kubernetes/runtimeclass.yaml` and label the node `runw.io/enabled=true`.
set -euo pipefail

kDeployDir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kBinaries=(runw runw-wasm containerd-shim-runw-v2)
kContainerdImport="/etc/containerd/conf.d/*.toml"

BUILD_DIR=$kDeployDir/../build
PREFIX=/usr/local
DESTDIR=""
WANT_CONTAINERD=0
WANT_CRIO=0
WANT_PODMAN=0

die() {
  echo "install.sh: $*" >&2
  exit 1
}

say() {
  echo "install.sh: $*"
}

parse_args() {
  while (($#)); do
    case $1 in
      --build-dir) BUILD_DIR=${2:?--build-dir needs a directory}; shift ;;
      --prefix) PREFIX=${2:?--prefix needs a directory}; shift ;;
      --destdir) DESTDIR=${2:?--destdir needs a directory}; shift ;;
      --containerd) WANT_CONTAINERD=1 ;;
      --crio) WANT_CRIO=1 ;;
      --podman) WANT_PODMAN=1 ;;
      --all) WANT_CONTAINERD=1 WANT_CRIO=1 WANT_PODMAN=1 ;;
      -h | --help) sed -n '3,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
      *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
  done
  [[ $PREFIX == /* ]] || die "--prefix must be an absolute path, not '$PREFIX'"
}

install_binaries() {
  local bin
  for bin in "${kBinaries[@]}"; do
    [[ -x $BUILD_DIR/bin/$bin ]] || die "$BUILD_DIR/bin/$bin not found: run 'make build' first"
  done
  mkdir -p "$DESTDIR$PREFIX/bin"
  for bin in "${kBinaries[@]}"; do
    install -m 0755 "$BUILD_DIR/bin/$bin" "$DESTDIR$PREFIX/bin/$bin"
  done
  say "installed ${kBinaries[*]} in $DESTDIR$PREFIX/bin"
}

# Installs deploy/SRC as DEST (an absolute path below DESTDIR), naming the binaries in PREFIX.
install_config() {
  local src=$kDeployDir/$1 dest=$DESTDIR$2
  mkdir -p "$(dirname "$dest")"
  sed "s|/usr/local/bin/|$PREFIX/bin/|g" "$src" >"$dest.tmp"
  chmod 0644 "$dest.tmp"
  mv "$dest.tmp" "$dest"
  say "wrote $dest"
}

# containerd reads one config.toml; drop-ins work through its top-level `imports` list.
containerd_import() {
  local config=$DESTDIR/etc/containerd/config.toml
  if [[ ! -e $config ]]; then
    mkdir -p "$(dirname "$config")"
    printf 'version = 2\nimports = ["%s"]\n' "$kContainerdImport" >"$config"
    say "wrote $config (imports $kContainerdImport)"
  elif grep -qF "$kContainerdImport" "$config"; then
    say "$config already imports $kContainerdImport"
  elif grep -qE '^[[:space:]]*imports[[:space:]]*=' "$config"; then
    say "add \"$kContainerdImport\" to the imports list of $config yourself"
  elif grep -qE '^[[:space:]]*version[[:space:]]*=' "$config"; then
    # Top-level keys must come before the first table: right after `version`.
    sed -i -E "0,/^[[:space:]]*version[[:space:]]*=.*/s||&\nimports = [\"$kContainerdImport\"]|" \
      "$config"
    say "added imports = [\"$kContainerdImport\"] to $config"
  else
    sed -i "1i imports = [\"$kContainerdImport\"]" "$config"
    say "added imports = [\"$kContainerdImport\"] to $config"
  fi
}

main() {
  parse_args "$@"
  install_binaries
  if ((WANT_CONTAINERD)); then
    install_config containerd/runw.toml /etc/containerd/conf.d/runw.toml
    containerd_import
  fi
  if ((WANT_CRIO)); then
    install_config crio/10-runw.conf /etc/crio/crio.conf.d/10-runw.conf
  fi
  if ((WANT_PODMAN)); then
    install_config podman/runw.conf /etc/containers/containers.conf.d/runw.conf
  fi
}

main "$@"
