// SPDX-License-Identifier: Apache-2.0
// Starting the long-lived shim server from the bootstrap `start` action by fork, not exec.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <functional>
#include <string>
#include <vector>

namespace runw::shim {

/// Forks the server off the calling `start` process, which must have a single thread (fork
/// copies only the caller's). The child gets its own session, /dev/null as stdio (containerd
/// reads start's output until every writer is gone), `listener` as fd 3, and commandLine as
/// what /proc/<pid>/cmdline shows (setCommandLine, done before the fork, so the exiting start
/// shows it too: commandLine must fit where start's own arguments are); then it runs serve and
/// exits with its status. Forking spares containerd the exec and start-up of a second shim binary
/// between `start` returning and the server accepting Create. Returns in the parent once the child
/// exists.
Result<void> forkDaemon(const std::vector<std::string> &commandLine, const UniqueFd &listener,
                        const std::function<int()> &serve);

/// Notes where the kernel keeps this process's command line (main's argv strings), for
/// setCommandLine. Call it first thing in main; argc 0 forgets the area.
void rememberCommandLine(int argc, char **argv);

/// Makes /proc/self/cmdline (ps, pgrep -f) read as `args`, as if the process had been exec'd
/// with them, by rewriting main's argv strings in place (setproctitle's way, no capability
/// needed). Fails, changing nothing, when they do not fit in the space the old ones took.
Result<void> setCommandLine(const std::vector<std::string> &args);

} // namespace runw::shim
