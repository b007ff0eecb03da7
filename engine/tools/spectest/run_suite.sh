#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The spec ctest: runs runw-spectest on every .wast file of the core testsuite; 0 failed passes.
#
# Usage: run_suite.sh RUNNER [SUITE_DIR]
#   RUNW_SPEC_SUITE overrides SUITE_DIR. A missing suite is a plain "skipped" (exit 77, which
#   ctest reports as skipped) unless CI=true, where it is a failure.
set -uo pipefail

runner=${1:?usage: run_suite.sh RUNNER [SUITE_DIR]}
suite=${RUNW_SPEC_SUITE:-${2:-}}

shopt -s nullglob
files=()
[[ -n "$suite" && -d "$suite" ]] && files=("$suite"/*.wast)
if ((${#files[@]} == 0)); then
  reason="spec testsuite not found: no .wast files in '${suite:-<unset>}' (set RUNW_SPEC_SUITE)"
  if [[ "${CI:-}" == "true" ]]; then
    echo "spec: FAILED: $reason; CI requires the suite" >&2
    exit 1
  fi
  echo "spec: SKIPPED: $reason"
  exit 77
fi

log=$(mktemp "${TMPDIR:-/tmp}/runw-spec.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT
"$runner" "${files[@]}" | tee "$log"
rc=${PIPESTATUS[0]}
summary=$(tail -n 1 "$log")
if [[ $rc -ne 0 || ! "$summary" =~ (^|[^0-9])0\ failed ]]; then
  echo "spec: FAILED ($((${#files[@]})) files from $suite): $summary (exit $rc)" >&2
  exit 1
fi
echo "spec: $((${#files[@]})) files from $suite: $summary"
