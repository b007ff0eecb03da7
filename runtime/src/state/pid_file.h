// SPDX-License-Identifier: Apache-2.0
// The --pid-file of create/run/exec: decimal pid, no newline, replaced atomically.
#pragma once

#include "support/result.h"

#include <string>
#include <sys/types.h>

namespace runw::runtime::state {

/// Writes pid to path as decimal digits without a newline (go-runc does strconv.Atoi on the
/// whole file). Like runc, it writes "<dir>/.<name>" first and renames it over path, so a
/// reader never sees an empty or partial file.
Result<void> writePidFile(const std::string &path, pid_t pid);

/// Reads a pid file written by writePidFile (a trailing newline is tolerated).
Result<pid_t> readPidFile(const std::string &path);

} // namespace runw::runtime::state
