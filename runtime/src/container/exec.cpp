// SPDX-License-Identifier: Apache-2.0
// runw exec: a new process that joins a running container's namespaces and cgroup.
#include "container/common.h"
#include "container/foreground.h"
#include "linux/console.h"
#include "process/spawn.h"
#include "state/pid_file.h"

#include "oci/validate.h"
#include "support/strings.h"

namespace runw::runtime {
namespace {

Result<ns::NamespaceKind> kindOfProcName(std::string_view name) {
  using enum ns::NamespaceKind;
  for (ns::NamespaceKind kind : {Pid, Network, Mount, Ipc, Uts, User, Cgroup, Time}) {
    if (name == ns::procNamespaceName(kind)) {
      return kind;
    }
  }
  return fail(ErrorCode::Invalid, strprintf("state: unknown namespace \"{}\"", name));
}

// Every namespace of the init, joined by its /proc path (user first, as openNamespacePaths orders).
Result<ns::NamespaceConfig> joinedNamespaces(const state::ContainerRecord &record) {
  ns::NamespaceConfig config;
  for (const state::NamespacePath &entry : record.namespaces) {
    config.namespaces.push_back({TRY(kindOfProcName(entry.type)), entry.path});
  }
  return config;
}

Result<void> checkExecutable(oci::ContainerStatus status) {
  if (status == oci::ContainerStatus::Stopped) {
    return fail(ErrorCode::Invalid, "cannot exec in a stopped container");
  }
  if (status == oci::ContainerStatus::Paused) {
    return fail(ErrorCode::Invalid, "cannot exec in a paused container");
  }
  return {};
}

Result<ContainerConfig> execConfig(const RuntimeOptions &options,
                                   const state::ContainerRecord &record, const ExecOptions &exec) {
  TRY(oci::validateProcess(exec.process).context("exec process"));
  ContainerConfig config = TRY(container::recordConfig(options, record));
  ExecProcess converted = TRY(toExecProcess(exec.process));
  for (const std::string &line : converted.warnings) {
    container::warn(options, line);
  }
  std::optional<security::SeccompConfig> seccomp = std::move(config.security.seccomp);
  config.process = std::move(converted.process);
  config.security = std::move(converted.security);
  config.security.seccomp = std::move(seccomp);
  config.namespaces = TRY(joinedNamespaces(record));
  config.hooks = {};
  if (config.process.terminal && exec.consoleSocket.empty()) {
    return fail(ErrorCode::Invalid,
                "cannot allocate tty if runw will detach without setting console socket");
  }
  return config;
}

} // namespace

Result<int> execInContainer(const RuntimeOptions &options, const ExecOptions &exec) {
  const state::StateStore store = TRY(container::openStore(options));
  const state::ContainerRecord record = TRY(store.load(exec.id));
  TRY(checkExecutable(TRY(container::liveStatus(store, record))));
  const ContainerConfig config = TRY(execConfig(options, record, exec));
  cgroups::Manager cgroup = TRY(container::cgroupOf(record));
  UniqueFd console;
  if (config.process.terminal) {
    console = TRY(console::connectConsoleSocket(exec.consoleSocket));
  }
  const std::vector<ns::NamespaceFd> joined = TRY(ns::openNamespacePaths(config.namespaces));
  if (!exec.detach) {
    TRY(container::prepareForeground());
  }
  process::SpawnRequest request;
  request.context = process::InitContext{
      .config = &config,
      .joined = &joined,
      .syncFd = -1,
      .execFifoFd = -1,
      .consoleSocketFd = console ? console.get() : -1,
      .preservedFds = exec.preserveFds,
      .sessionKeyring = {},
      .exec = true,
      .forceWasm = false,
  };
  request.cgroup = &cgroup;
  request.warn = [&](std::string_view text) { container::warn(options, text); };
  const pid_t pid = TRY(process::spawnContainerProcess(request)).pid;
  if (!exec.pidFile.empty()) {
    TRY(state::writePidFile(exec.pidFile, pid).context("writing the pid file"));
  }
  console.reset();
  if (exec.detach) {
    return 0;
  }
  return container::waitForeground(pid);
}

} // namespace runw::runtime
