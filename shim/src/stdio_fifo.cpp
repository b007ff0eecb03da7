// SPDX-License-Identifier: Apache-2.0
// Opening the stdio paths containerd passes (fifos, file://) as fds for a container process.
#include "stdio_fifo.h"

#include <fcntl.h>
#include <string_view>

namespace runw::shim {

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
  // Holding both ends for a moment makes the one-way open succeed at once even when
  // containerd's side is not open yet; only the one-way fd is handed on, so EOF still works.
  UniqueFd both(open(fifo.c_str(), O_RDWR | O_CLOEXEC));
  if (!both) {
    return failErrno("open " + fifo);
  }
  UniqueFd fd(open(fifo.c_str(), (forWriting ? O_WRONLY : O_RDONLY) | O_CLOEXEC));
  if (!fd) {
    return failErrno("open " + fifo);
  }
  return fd;
}

} // namespace runw::shim
