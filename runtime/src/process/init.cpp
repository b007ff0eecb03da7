// SPDX-License-Identifier: Apache-2.0
// The container init (and exec'd process): the in-container setup sequence, in runc's order.
#include "linux/console.h"
#include "linux/hooks.h"
#include "linux/process_security.h"
#include "linux/rootfs.h"
#include "process/init_context.h"
#include "process/sync.h"
#include "process/workload.h"

#include "support/strings.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace runw::runtime::process {
namespace {

// runw's own handlers and ignored signals (SIGPIPE for hooks) must not leak into the workload.
void resetSignals() {
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) {
      ::sigaction(sig, &defaults, nullptr);
    }
  }
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

// prestart and createRuntime run in the parent (runtime namespace) while the init waits; the
// parent answers with the state document that the in-container hooks get on stdin.
Result<std::string> runHooksBeforePivot(const InitContext &context) {
  const HooksConfig &hooks = context.config->hooks;
  TRY(sendSync(context.syncFd, SyncType::RunHooks));
  SyncMessage done = TRY(expectSync(context.syncFd, SyncType::HooksDone));
  TRY(hooks::runHooks(hooks.createContainer, "createContainer", done.text));
  return std::move(done.text);
}

// A fresh session keyring, so the container cannot read the host session's keys (runc's
// JoinSessionKeyring). Kernels or seccomp profiles without keyrings (ENOSYS) are tolerated.
Result<void> joinSessionKeyring(const std::string &name) {
  if (name.empty()) {
    return {};
  }
  constexpr long kJoinSessionKeyring = 1; // KEYCTL_JOIN_SESSION_KEYRING
  constexpr long kSetPerm = 5;            // KEYCTL_SETPERM
  // possessor: all; user: view, read, write, search, link, setattr (runc's 0x3f3f0000).
  constexpr unsigned long kPermissions = 0x3f3f0000;
  const long serial = ::syscall(SYS_keyctl, kJoinSessionKeyring, name.c_str());
  if (serial < 0) {
    if (errno == ENOSYS) {
      return {};
    }
    return failErrno("joining a new session keyring");
  }
  if (::syscall(SYS_keyctl, kSetPerm, serial, kPermissions) != 0) {
    return failErrno("setting session keyring permissions");
  }
  return {};
}

Result<void> enterWorkingDirectory(const std::string &cwd) {
  if (::chdir(cwd.c_str()) == 0) {
    return {};
  }
  if (errno != ENOENT) {
    return failErrno(strprintf("chdir to cwd (\"{}\") set in config.json failed", cwd));
  }
  // runc creates a missing cwd inside the container.
  std::string path;
  for (const std::string_view part : split(cwd, '/')) {
    if (part.empty()) {
      continue;
    }
    path += '/';
    path += part;
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
      return failErrno(strprintf("creating cwd {}", path));
    }
  }
  if (::chdir(cwd.c_str()) != 0) {
    return failErrno(strprintf("chdir to cwd (\"{}\") set in config.json failed", cwd));
  }
  return {};
}

Result<void> setupContainerRoot(const InitContext &context, std::string &stateJson) {
  const ContainerConfig &config = *context.config;
  TRY(ns::enterCgroupNamespace(config.namespaces));
  const bool needHooks = !config.hooks.prestart.empty() || !config.hooks.createRuntime.empty() ||
                         !config.hooks.createContainer.empty() ||
                         !config.hooks.startContainer.empty();
  TRY(fs::prepareRootfs(config.fs, [&]() -> Result<void> {
    if (needHooks) {
      stateJson = TRY(runHooksBeforePivot(context));
    }
    return {};
  }));
  return {};
}

// Everything before Ready: what fails here makes create (or exec) fail with the reason.
Result<Workload> prepare(const InitContext &context, std::string &stateJson) {
  const ContainerConfig &config = *context.config;
  const ProcessConfig &process = config.process;
  if (::setsid() < 0) {
    return failErrno("setsid");
  }
  if (!context.exec) {
    TRY(setupContainerRoot(context, stateJson));
  }
  if (process.terminal) {
    TRY(console::setupConsole(context.consoleSocketFd, process.consoleHeight,
                              process.consoleWidth));
  }
  TRY(joinSessionKeyring(context.sessionKeyring));
  TRY(enterWorkingDirectory(process.cwd));
  if (!context.exec) {
    TRY(fs::finalizeRootfs(config.fs));
  }
  Workload workload = TRY(resolveWorkload(process, context.forceWasm));
  const std::vector<std::string> warnings =
      TRY(security::applyProcessSecurity(config.security).context("applying process security"));
  for (const std::string &warning : warnings) {
    TRY(sendSync(context.syncFd, SyncType::Warning, 0, warning));
  }
  return workload;
}

// Blocks until `runw start` opens the fifo for reading, then tells it we are going.
Result<void> waitForStart(int execFifoFd) {
  const std::string path = strprintf("/proc/self/fd/{}", execFifoFd);
  const int fifo = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fifo < 0) {
    return failErrno("opening exec.fifo");
  }
  const ssize_t n = ::write(fifo, "0", 1);
  ::close(fifo);
  if (n != 1) {
    return failErrno("writing exec.fifo");
  }
  ::close(execFifoFd);
  return {};
}

// Fds 3..3+preserved-1 pass to the workload; everything above is closed at exec.
void limitInheritedFds(int preserved) {
  for (int fd = 3; fd < 3 + preserved; ++fd) {
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) {
      ::fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
    }
  }
  ::syscall(SYS_close_range, 3 + preserved, ~0U, CLOSE_RANGE_CLOEXEC);
}

[[noreturn]] void dieBeforeReady(const InitContext &context, const Error &error) {
  (void)sendSync(context.syncFd, SyncType::Error, 0, error.describe());
  ::_exit(1);
}

[[noreturn]] void dieAfterReady(std::string_view what, const Error &error) {
  const std::string line = strprintf("runw: {}: {}\n", what, error.describe());
  (void)!::write(STDERR_FILENO, line.data(), line.size());
  ::_exit(127);
}

} // namespace

void runInit(const InitContext &context) {
  resetSignals();
  if (Result<SyncMessage> go = expectSync(context.syncFd, SyncType::Go); !go) {
    dieBeforeReady(context, go.error());
  }
  std::string stateJson;
  Result<Workload> workload = prepare(context, stateJson);
  if (!workload) {
    dieBeforeReady(context, workload.error());
  }
  limitInheritedFds(context.preservedFds);
  // The parent records whether the engine runs the workload (exec and state use it).
  if (Result<void> ready = sendSync(context.syncFd, SyncType::Ready, workload->wasm ? 1 : 0);
      !ready) {
    ::_exit(1);
  }
  ::close(context.syncFd);
  if (context.execFifoFd >= 0) {
    // The parent is told Ready already, so this work runs while `runw create` returns and the
    // caller comes back with `runw start`, not after start.
    preloadWasm(*workload);
    if (Result<void> started = waitForStart(context.execFifoFd); !started) {
      dieAfterReady("waiting for start", started.error());
    }
  }
  const std::vector<HookConfig> &startHooks = context.config->hooks.startContainer;
  if (Result<void> hooksRun = hooks::runHooks(startHooks, "startContainer", stateJson); !hooksRun) {
    dieAfterReady("running hooks", hooksRun.error());
  }
  const Error error = runWorkload(*workload, *context.config);
  dieAfterReady("exec", error);
}

} // namespace runw::runtime::process
