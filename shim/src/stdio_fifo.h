// SPDX-License-Identifier: Apache-2.0
// Opening the stdio paths containerd passes (fifos, file://) as fds for a container process.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <string>

namespace runw::shim {

/// Opens one stdio path for the container: a fifo (plain path or fifo://) or file:// (append),
/// or /dev/null when the path is empty. Opening never blocks on a missing fifo peer.
Result<UniqueFd> openStdio(const std::string &path, bool forWriting);

/// The shim's ends of a terminal process's stdio, all non-blocking and close-on-exec; an
/// absent stream has no fd.
struct TerminalStdio {
  UniqueFd in;     ///< read end of the stdin fifo: copied to the pty master
  UniqueFd inHold; ///< a writer on the stdin fifo, so it reads EOF only after CloseIO
  UniqueFd out;    ///< the stdout fifo, opened read-write so a departed reader costs no EPIPE
};

/// Opens the stdin and stdout fifos of a terminal process (plain paths or fifo://; other
/// schemes are Unsupported). stderr is not used with a terminal.
Result<TerminalStdio> openTerminalStdio(const std::string &stdinPath,
                                        const std::string &stdoutPath);

} // namespace runw::shim
