// SPDX-License-Identifier: Apache-2.0
// Running a program to completion from the shim's single-threaded bootstrap actions.
#pragma once

#include <string>
#include <vector>

namespace runw::shim {

/// How a program run by runOnce ended.
struct OnceResult {
  int status = -1; ///< waitpid status, or -1 when it could not be started
  std::string out; ///< its stdout, when captured
};

/// Runs args[0] (searched in PATH) with stdin and, unless captured, stdout on /dev/null and
/// the caller's stderr, and waits for it. Only for single-threaded callers (the bootstrap
/// actions): it waits for its own child with waitpid, which the daemon's reaper would race.
OnceResult runOnce(std::vector<std::string> args, bool captureStdout);

} // namespace runw::shim
