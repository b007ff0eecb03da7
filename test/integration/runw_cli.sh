#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every runw CLI integration script (lifecycle, config, robustness, log) under one time
# budget; exits non-zero if any case failed or a script could not run. This is what ctest's
# integration.runw_cli runs (see runw_cli.cmake).
#
# Run as root: sudo RUNW=build/bin/runw bash test/integration/runw_cli.sh
#   RUNW       runtime under test (default <repo>/build/bin/runw)
#   RL_BUDGET  seconds all cases together may take (default 240, below ctest's TIMEOUT of 300);
#              cases that would start later fail as "not run", so cleanup still happens
set -uo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export RL_DEADLINE=${RL_DEADLINE:-$(($(date +%s) + ${RL_BUDGET:-240}))}
failed=()
for suite in lifecycle config robustness log; do
  echo "# runw_$suite.sh"
  bash "$dir/runw_$suite.sh" || failed+=("runw_$suite.sh")
done
if ((${#failed[@]} > 0)); then
  echo "# failed: ${failed[*]}"
  exit 1
fi
echo "# all runw CLI suites passed"
