// SPDX-License-Identifier: Apache-2.0
// Foreground waiting: subreaper, signal forwarding through sigtimedwait, exit status.
#include "container/foreground.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <ctime>
#include <optional>
#include <sys/prctl.h>
#include <sys/wait.h>

namespace runw::runtime::container {
namespace {

constexpr std::array kForwarded{SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};

sigset_t waitedSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  for (int sig : kForwarded) {
    sigaddset(&set, sig);
  }
  return set;
}

int exitStatusOf(int status) {
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}

// Reaps every exited child; returns pid's exit status once it is among them.
std::optional<int> reapChildren(pid_t pid) {
  for (;;) {
    int status = 0;
    const pid_t reaped = ::waitpid(-1, &status, WNOHANG);
    if (reaped <= 0) {
      return std::nullopt;
    }
    if (reaped == pid) {
      return exitStatusOf(status);
    }
  }
}

} // namespace

Result<void> prepareForeground() {
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
    return failErrno("PR_SET_CHILD_SUBREAPER");
  }
  const sigset_t set = waitedSignals();
  if (::sigprocmask(SIG_BLOCK, &set, nullptr) != 0) {
    return failErrno("sigprocmask");
  }
  return {};
}

Result<int> waitForeground(pid_t pid) {
  const sigset_t set = waitedSignals();
  for (;;) {
    if (const std::optional<int> status = reapChildren(pid)) {
      return *status;
    }
    // The timeout covers a SIGCHLD that arrived before the mask was in place.
    const timespec timeout{1, 0};
    siginfo_t info{};
    const int sig = ::sigtimedwait(&set, &info, &timeout);
    if (sig < 0 && errno != EAGAIN && errno != EINTR) {
      return failErrno("sigtimedwait");
    }
    if (sig > 0 && sig != SIGCHLD) {
      ::kill(pid, sig);
    }
  }
}

} // namespace runw::runtime::container
