// SPDX-License-Identifier: Apache-2.0
// Opening the stdio paths containerd passes (fifos, file://) as fds for a container process.
#include "stdio_fifo.h"

#include <fcntl.h>
#include <string_view>

namespace runw::shim {
namespace {

// The fifo path of a stdio path with a terminal: plain or fifo://.
Result<std::string> terminalFifoPath(const std::string &path) {
  std::string_view view = path;
  if (view.starts_with("fifo://")) {
    view.remove_prefix(7);
  } else if (view.find("://") != std::string_view::npos) {
    return fail(ErrorCode::Unsupported,
                "stdio URI " + path + " is not supported with a terminal (only fifos are)");
  }
  return std::string(view);
}

Result<UniqueFd> openFifo(const std::string &path, int flags) {
  UniqueFd fd(open(path.c_str(), flags | O_NONBLOCK | O_CLOEXEC));
  if (!fd) {
    return failErrno("open " + path);
  }
  return fd;
}

} // namespace

Result<UniqueFd> openStdio(const std::string &path, bool forWriting) {
  if (path.empty()) {
    UniqueFd null(open("/dev/null", O_RDWR | O_CLOEXEC));
    if (!null) {
      return failErrno("open /dev/null");
    }
    return null;
  }
  std::string_view view = path;
  if (view.starts_with("file://")) {
    std::string file(view.substr(7));
    UniqueFd fd(open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640));
    if (!fd) {
      return failErrno("open " + file);
    }
    return fd;
  }
  if (view.starts_with("fifo://")) {
    view.remove_prefix(7);
  } else if (view.find("://") != std::string_view::npos) {
    return fail(ErrorCode::Unsupported, "stdio URI scheme of " + path + " is not supported");
  }
  std::string fifo(view);
  // The process's stdout/stderr end is opened read-write: a fifo that still has a reader
  // never fails a write with EPIPE (SIGPIPE would kill the program) when containerd's reader
  // goes away, e.g. while containerd restarts; the output waits in the fifo for the next
  // reader, as with the runc shim's copy. containerd still reads EOF once the process exits.
  if (forWriting) {
    UniqueFd fd(open(fifo.c_str(), O_RDWR | O_CLOEXEC));
    if (!fd) {
      return failErrno("open " + fifo);
    }
    return fd;
  }
  // Holding both ends for a moment makes the read-only open succeed at once even when
  // containerd's side is not open yet; only the read-only fd is handed on, so EOF still works.
  UniqueFd both(open(fifo.c_str(), O_RDWR | O_CLOEXEC));
  if (!both) {
    return failErrno("open " + fifo);
  }
  UniqueFd fd(open(fifo.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    return failErrno("open " + fifo);
  }
  return fd;
}

Result<TerminalStdio> openTerminalStdio(const std::string &stdinPath,
                                        const std::string &stdoutPath) {
  TerminalStdio stdio;
  if (!stdinPath.empty()) {
    std::string fifo = TRY(terminalFifoPath(stdinPath));
    // The reader first: a non-blocking write-only open fails (ENXIO) while no reader exists.
    stdio.in = TRY(openFifo(fifo, O_RDONLY));
    stdio.inHold = TRY(openFifo(fifo, O_WRONLY));
  }
  if (!stdoutPath.empty()) {
    // Read-write (Linux fifo(7)): never blocks on a missing reader, and the reader we hold
    // keeps writes from failing with EPIPE while containerd's reader is away (ctr detached);
    // the output then waits in the fifo for the next reader.
    stdio.out = TRY(openFifo(TRY(terminalFifoPath(stdoutPath)), O_RDWR));
  }
  return stdio;
}

} // namespace runw::shim
