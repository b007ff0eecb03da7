// SPDX-License-Identifier: Apache-2.0
// Hook execution: fork, state JSON on a stdin pipe, wait on a pidfd with the hook's timeout.
#include "linux/hooks.h"

#include "support/strings.h"
#include "support/unique_fd.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <sys/mman.h>
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

[[noreturn]] void execHook(const HookConfig &hook, int stdinFd, int stdoutFd, int stderrFd) {
  // runw run blocks the signals it forwards; a hook starts with none blocked.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  if (::dup2(stdinFd, STDIN_FILENO) < 0 || ::dup2(stdoutFd, STDOUT_FILENO) < 0 ||
      ::dup2(stderrFd, STDERR_FILENO) < 0) {
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

// The hook's output, kept for the error message as runc reports it.
Result<UniqueFd> captureFile(const char *name) {
  UniqueFd fd(::memfd_create(name, MFD_CLOEXEC));
  if (!fd) {
    return failErrno("memfd_create");
  }
  return fd;
}

std::string capturedText(int fd) {
  constexpr size_t kMaxCaptured = 4096;
  std::string text(kMaxCaptured, '\0');
  const ssize_t n = ::pread(fd, text.data(), text.size(), 0);
  text.resize(n > 0 ? static_cast<size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

} // namespace

Result<void> runHook(const HookConfig &hook, std::string_view stateJson) {
  std::array<int, 2> pipeFds{};
  if (::pipe2(pipeFds.data(), O_CLOEXEC) != 0) {
    return failErrno("pipe");
  }
  const UniqueFd out = TRY(captureFile("hook-stdout"));
  const UniqueFd err = TRY(captureFile("hook-stderr"));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipeFds[0]);
    ::close(pipeFds[1]);
    return failErrno("fork");
  }
  if (pid == 0) {
    execHook(hook, pipeFds[0], out.get(), err.get());
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
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    return {};
  }
  const std::string how = WIFSIGNALED(status) ? strprintf("killed by signal {}", WTERMSIG(status))
                                              : strprintf("exit status {}", WEXITSTATUS(status));
  return fail(ErrorCode::Io, strprintf("{}: {}, stdout: {}, stderr: {}", hook.path, how,
                                       capturedText(out.get()), capturedText(err.get())));
}

Result<void> runHooks(const std::vector<HookConfig> &hooks, std::string_view stage,
                      std::string_view stateJson) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    TRY(runHook(hooks[i], stateJson).context(strprintf("error running {} hook #{}", stage, i)));
  }
  return {};
}

} // namespace runw::runtime::hooks
