#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# runw --log FILE --log-format json writes logrus-style JSON lines (level, msg, time) that
# containerd's shim can decode, and appends rather than truncates.
#
# Run as root: sudo RUNW=build/bin/runw bash test/integration/runw_log.sh
# jq filters and in-container scripts are single-quoted on purpose.
# shellcheck disable=SC2016
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=runw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/runw_lib.sh"

# RFC 3339 as Go's time.Parse(time.RFC3339Nano, …) accepts it.
RFC3339='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$'

# Checks that every line of LOG is a JSON object with string level/msg/time, level one of
# logrus's names and time RFC 3339.
expect_json_lines() {
  local log=$1 what=$2 n=0 line
  while IFS= read -r line; do
    n=$((n + 1))
    jq -e 'type == "object" and (.level | type == "string") and (.msg | type == "string")
           and (.time | type == "string")
           and (.level | IN("debug", "info", "warning", "error", "fatal", "panic", "trace"))' \
      <<<"$line" >/dev/null 2>&1 ||
      { reason "$what: log line $n is not a logrus JSON object: '$(oneline "$line")'"; return 1; }
    [[ $(jq -r .time <<<"$line") =~ $RFC3339 ]] ||
      { reason "$what: log line $n time '$(jq -r .time <<<"$line")' is not RFC 3339"; return 1; }
  done <"$log"
}

# Prints the msg of the last error line in LOG (what containerd reports as the cause).
last_error() {
  jq -rs 'map(select(.level == "error")) | last | .msg // ""' "$1"
}

case_error_is_logged() {
  local log=$T/state-error.json
  rw --log "$log" --log-format json state no-such-container
  expect_rc 1 "state of an unknown container"
  [[ -s $log ]] || { reason "--log file is empty after an error"; return 1; }
  expect_json_lines "$log" "state error"
  expect_contains "$(last_error "$log")" "container does not exist" "last error msg in the log"
  # runc writes the error to stderr as well.
  expect_contains "$ERR" "container does not exist" "stderr with --log"
}

case_log_appends() {
  local log=$T/append.json b
  echo '{"level":"info","msg":"written before runw","time":"2026-01-01T00:00:00Z"}' >"$log"
  rw --log "$log" --log-format json kill no-such-container KILL
  expect_rc 1 "kill of an unknown container"
  b=$(rl_bundle logbad)
  echo '{ broken' >"$b/config.json"
  rw --log "$log" --log-format json create --bundle "$b" logbad
  expect_rc 1 "create with a malformed config.json"
  expect_json_lines "$log" "two errors"
  expect_eq "$(head -n1 "$log" | jq -r .msg)" "written before runw" "first line (the file was truncated)"
  expect_eq "$(jq -s 'map(select(.level == "error")) | length' "$log")" 2 "error lines in the log"
  expect_match "$(last_error "$log")" "config\.json|JSON|json|parse|invalid character" "last error msg"
}

case_failed_hook_is_logged() {
  local log=$T/hook.json b
  b=$(rl_bundle loghook '.hooks.createRuntime = [{path: ($h + "/fail.sh"),
      args: ["fail.sh", ($h + "/loghook.json")]}]' --arg h "$T/hooks")
  rw --log "$log" --log-format json create --bundle "$b" loghook
  expect_rc 1 "create with a failing hook"
  [[ -s $log ]] || { reason "--log file is empty after a failed create"; return 1; }
  expect_json_lines "$log" "failed hook"
  expect_match "$(last_error "$log")" "hook|createRuntime" "last error msg after a failed hook"
  # runc puts the hook's stdout and stderr into the error, so the caller sees why it failed.
  expect_contains "$(last_error "$log")" "hook says no" "last error msg after a failed hook"
}

case_debug_success_is_json() {
  local log=$T/debug.json b
  b=$(rl_bundle logdebug '.process.args = ["true"]')
  rw --debug --log "$log" --log-format json run --bundle "$b" logdebug
  expect_rc 0 "--debug run"
  [[ ! -e $log ]] || expect_json_lines "$log" "--debug run"
  [[ ! -s $log ]] || [[ -z $(jq -r 'select(.level == "error") | .msg' "$log") ]] ||
    reason "error lines after a successful run: $(oneline "$(cat "$log")")"
}

rl_setup
run_case "--log json: an error is a JSON line with level/msg/time" case_error_is_logged
run_case "--log json: appends, one line per error" case_log_appends
run_case "--log json: a failed createRuntime hook is logged" case_failed_hook_is_logged
run_case "--log json: --debug output is JSON lines too" case_debug_success_is_json
rl_finish
