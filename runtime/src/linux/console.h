// SPDX-License-Identifier: Apache-2.0
// The container's terminal: a pty whose master goes to the caller's --console-socket.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <cstdint>
#include <string>

namespace runw::runtime::console {

/// Connects to the caller's AF_UNIX stream socket (runw side, before any fork), close-on-exec.
Result<UniqueFd> connectConsoleSocket(const std::string &path);

/// In the container process, after its root is in place: opens a pty from /dev/ptmx, sets its
/// size when height and width are non-zero, sends the master over socketFd (data "/dev/ptmx",
/// one SCM_RIGHTS fd, as go-runc expects), makes the slave stdin/stdout/stderr and the
/// controlling terminal (the caller must be a session leader), and closes the master.
Result<void> setupConsole(int socketFd, uint32_t height, uint32_t width);

} // namespace runw::runtime::console
