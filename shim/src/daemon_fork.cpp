// SPDX-License-Identifier: Apache-2.0
// The shim server as a forked copy of `start`, with the command line it would have had.
#include "daemon_fork.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <span>
#include <unistd.h>

namespace runw::shim {
namespace {

// The argv strings main received, back to back: what /proc/self/cmdline reads.
std::span<char> &commandLineArea() {
  static std::span<char> area;
  return area;
}

// Fd 3 is the listener, as for an exec'd server; 0-2 are /dev/null.
bool arrangeFds(int listener) {
  const int devNull = ::open("/dev/null", O_RDWR);
  if (devNull < 0) {
    return false;
  }
  for (int fd = 0; fd <= 2; ++fd) {
    if (devNull != fd && ::dup2(devNull, fd) < 0) {
      return false;
    }
  }
  if (devNull > 2 && devNull != listener) {
    ::close(devNull);
  }
  if (listener != 3) {
    if (::dup2(listener, 3) < 0) {
      return false;
    }
    ::close(listener);
  }
  return true;
}

[[noreturn]] void runChild(int listener, const std::function<int()> &serve) {
  if (::setsid() < 0 || !arrangeFds(listener)) {
    ::_exit(1);
  }
  ::_exit(serve());
}

} // namespace

Result<void> forkDaemon(const std::vector<std::string> &commandLine, const UniqueFd &listener,
                        const std::function<int()> &serve) {
  // Set before the fork, so the child has it from its first instant (whoever looks for the
  // server right after start returns finds it); start itself is about to exit. Cosmetic when
  // it fails: ps would show start's command line.
  (void)setCommandLine(commandLine);
  const pid_t pid = ::fork();
  if (pid < 0) {
    return failErrno("forking the shim daemon");
  }
  if (pid == 0) {
    runChild(listener.get(), serve);
  }
  return {};
}

void rememberCommandLine(int argc, char **argv) {
  if (argc <= 0) {
    commandLineArea() = {};
    return;
  }
  commandLineArea() = std::span<char>(
      argv[0], static_cast<size_t>(argv[argc - 1] + std::strlen(argv[argc - 1]) + 1 - argv[0]));
}

Result<void> setCommandLine(const std::vector<std::string> &args) {
  std::string joined;
  for (const std::string &arg : args) {
    joined.append(arg);
    joined.push_back('\0');
  }
  std::span<char> area = commandLineArea();
  if (args.empty() || area.empty() || joined.size() > area.size()) {
    return fail(ErrorCode::Limit, "the command line does not fit where the old one was");
  }
  // Trailing NULs read as nothing: the kernel shows the area, ps and pgrep drop them.
  std::fill(std::copy(joined.begin(), joined.end(), area.begin()), area.end(), '\0');
  return {};
}

} // namespace runw::shim
