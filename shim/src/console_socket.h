// SPDX-License-Identifier: Apache-2.0
// ConsoleSocket: the --console-socket runw sends a terminal process's pty master to.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <chrono>
#include <string>

namespace runw::shim {

/// A listening unix socket in a private temporary directory (mode 0700), removed with the
/// object. runw connects to it and sends the pty master over SCM_RIGHTS, as runc does.
class ConsoleSocket {
public:
  /// Makes the directory and the listening socket.
  static Result<ConsoleSocket> create();
  ConsoleSocket(ConsoleSocket &&other) noexcept;
  ConsoleSocket &operator=(ConsoleSocket &&) = delete;
  ConsoleSocket(const ConsoleSocket &) = delete;
  ConsoleSocket &operator=(const ConsoleSocket &) = delete;
  /// Unlinks the socket and removes the directory.
  ~ConsoleSocket();

  /// The socket path to pass as --console-socket.
  [[nodiscard]] const std::string &path() const { return path_; }
  /// Accepts runw's connection and receives the one fd it sends: the pty master, returned
  /// close-on-exec and non-blocking. Fails when nothing arrives within timeout.
  Result<UniqueFd> receiveMaster(std::chrono::milliseconds timeout);

private:
  ConsoleSocket(std::string dir, std::string path, UniqueFd listener);
  std::string dir_;
  std::string path_;
  UniqueFd listener_;
};

} // namespace runw::shim
