// SPDX-License-Identifier: Apache-2.0
// /proc/<pid>/stat reading: process state and start time, for pid-reuse-safe liveness checks.
#pragma once

#include "support/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace runw::runtime::state {

/// The parts of /proc/<pid>/stat runw uses (proc(5)).
struct ProcStat {
  int64_t pid = 0;        ///< field 1
  std::string comm;       ///< field 2 without the parentheses; may hold spaces and ')'
  char state = '?';       ///< field 3: R, S, D, Z, T, t, X, I, ...
  int64_t ppid = 0;       ///< field 4
  uint64_t startTime = 0; ///< field 22: clock ticks after boot when the process started
};

/// Parses one /proc/<pid>/stat line. comm is whatever lies between the first '(' and the
/// last ')', so names such as "a) R 1 (" cannot shift the fields that follow.
Result<ProcStat> parseProcStat(std::string_view line);

/// Reads and parses /proc/<pid>/stat. A process that does not exist gives ErrorCode::NotFound.
Result<ProcStat> readProcStat(pid_t pid);

/// Field 22 of /proc/<pid>/stat: recorded at create so a reused pid is not mistaken for the
/// container's init (runc's InitProcessStartTime).
Result<uint64_t> processStartTime(pid_t pid);

/// True when state means the process has exited but is not yet reaped (Z) or is dead (X, x).
bool isExitedState(char state);

} // namespace runw::runtime::state
