#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks (or with --fix, applies) clang-format 14 on every C++ source of the project.
#
# Usage: scripts/check-format.sh          fail and name each file clang-format would change
#        scripts/check-format.sh --fix    reformat those files in place
#        scripts/check-format.sh --list   print the checked files
#
# Checked: *.h, *.cpp, *.cc under the source directories below, skipping build trees.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

kSourceDirs=(support oci engine runtime shim test bench examples)
kMaxDiffLines=40

die() {
  echo "check-format: $*" >&2
  exit 1
}

# The style guide pins clang-format 14; other majors format differently, so refuse them.
findClangFormat() {
  local candidate version
  for candidate in clang-format-14 clang-format; do
    command -v "$candidate" >/dev/null 2>&1 || continue
    version=$("$candidate" --version | sed -n 's/.*clang-format version \([0-9]*\).*/\1/p')
    if [[ "$version" == 14 ]]; then
      echo "$candidate"
      return 0
    fi
  done
  die "clang-format 14 not found (run 'make deps')"
}

# Prints the files to check, NUL-separated, in a stable order.
listSources() {
  local -a dirs=()
  local dir
  for dir in "${kSourceDirs[@]}"; do
    [[ -d "$dir" ]] && dirs+=("$dir")
  done
  [[ ${#dirs[@]} -eq 0 ]] && return 0
  find "${dirs[@]}" \
    \( -type d \( -name 'build' -o -name 'build-*' -o -name '.git' -o -name 'third_party' \) -prune \) \
    -o \( -type f \( -name '*.h' -o -name '*.cpp' -o -name '*.cc' \) -print0 \) |
    sort -z
}

main() {
  local mode="${1:-check}"
  case "$mode" in
  check | --check) mode=check ;;
  --fix) mode=fix ;;
  --list)
    listSources | tr '\0' '\n'
    return 0
    ;;
  *) die "unknown argument '$mode' (use --fix or --list)" ;;
  esac

  local clangFormat
  clangFormat=$(findClangFormat)

  local -a files=()
  mapfile -d '' files < <(listSources)
  [[ ${#files[@]} -eq 0 ]] && return 0

  if [[ "$mode" == fix ]]; then
    "$clangFormat" -i --style=file "${files[@]}"
    return 0
  fi

  local -a bad=()
  local file
  for file in "${files[@]}"; do
    "$clangFormat" --style=file --dry-run -Werror "$file" >/dev/null 2>&1 || bad+=("$file")
  done
  [[ ${#bad[@]} -eq 0 ]] && return 0

  echo "check-format: ${#bad[@]} of ${#files[@]} files are not clang-format clean:" >&2
  for file in "${bad[@]}"; do
    echo "--- $file" >&2
    diff -u --label "$file" --label "$file (formatted)" "$file" \
      <("$clangFormat" --style=file "$file") | sed -n "3,$((kMaxDiffLines + 2))p" >&2 || true
  done
  echo "check-format: unformatted files:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "check-format: run 'make format' to fix them" >&2
  return 1
}

main "$@"
