// SPDX-License-Identifier: Apache-2.0
// Hook execution: fork, state JSON on a stdin pipe, wait on a pidfd with the hook's timeout.
#include "linux/hooks.h"

#include "support/strings.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace runw::runtime::hooks {
namespace {

std::vector<char *> cStrings(const std::vector<std::string> &strings) {
  std::vector<char *> out;
  out.reserve(strings.size() + 1);
  for (const std::string &s : strings) {
    out.push_back(const_cast<char *>(s.c_str()));
  }
  out.push_back(nullptr);
  return out;
}

[[noreturn]] void execHook(const HookConfig &hook, int stdinFd) {
  // runw run blocks the signals it forwards; a hook starts with none blocked.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  if (::dup2(stdinFd, STDIN_FILENO) < 0) {
    ::_exit(127);
  }
  const std::vector<std::string> args = hook.args.empty() ? std::vector{hook.path} : hook.args;
  std::vector<char *> argv = cStrings(args);
  std::vector<char *> envp = cStrings(hook.env);
  ::execve(hook.path.c_str(), argv.data(), envp.data());
  const std::string message = strprintf("runw: hook {}: {}\n", hook.path, std::strerror(errno));
  (void)!::write(STDERR_FILENO, message.data(), message.size());
  ::_exit(127);
}

// Writes all of text, ignoring a hook that closed its stdin early (EPIPE): it may not read it.
void feedState(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return;
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
}

Result<int> waitWithTimeout(pid_t pid, std::optional<int> timeoutSeconds) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0 && timeoutSeconds) {
    pollfd entry{pidfd, POLLIN, 0};
    int ready = 0;
    do {
      ready = ::poll(&entry, 1, *timeoutSeconds * 1000);
    } while (ready < 0 && errno == EINTR);
    if (ready == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      ::close(pidfd);
      return fail(ErrorCode::Limit, strprintf("timed out after {}s", *timeoutSeconds));
    }
  }
  if (pidfd >= 0) {
    ::close(pidfd);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return failErrno("waitpid");
    }
  }
  return status;
}

} // namespace

Result<void> runHook(const HookConfig &hook, std::string_view stateJson) {
  std::array<int, 2> pipeFds{};
  if (::pipe2(pipeFds.data(), O_CLOEXEC) != 0) {
    return failErrno("pipe");
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipeFds[0]);
    ::close(pipeFds[1]);
    return failErrno("fork");
  }
  if (pid == 0) {
    execHook(hook, pipeFds[0]);
  }
  ::close(pipeFds[0]);
  // A hook that exits without reading must not kill runw with SIGPIPE.
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  feedState(pipeFds[1], stateJson);
  ::close(pipeFds[1]);
  ::sigaction(SIGPIPE, &previous, nullptr);
  const int status = TRY(waitWithTimeout(pid, hook.timeoutSeconds));
  if (WIFSIGNALED(status)) {
    return fail(ErrorCode::Io, strprintf("{} killed by signal {}", hook.path, WTERMSIG(status)));
  }
  if (WEXITSTATUS(status) != 0) {
    return fail(ErrorCode::Io,
                strprintf("{} exited with status {}", hook.path, WEXITSTATUS(status)));
  }
  return {};
}

Result<void> runHooks(const std::vector<HookConfig> &hooks, std::string_view stage,
                      std::string_view stateJson) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    TRY(runHook(hooks[i], stateJson).context(strprintf("{} hook #{}", stage, i)));
  }
  return {};
}

} // namespace runw::runtime::hooks
