// SPDX-License-Identifier: Apache-2.0
// Stage 1 of container creation: namespaces in runc's order, then the fork of the init.
#include "process/init_context.h"
#include "process/sync.h"

#include "support/strings.h"

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace runw::runtime::process {
namespace {

Result<void> mapIdsThroughParent(int syncFd) {
  TRY(sendSync(syncFd, SyncType::MapIds, ::getpid()));
  TRY(expectSync(syncFd, SyncType::MapIdsDone));
  return {};
}

Result<pid_t> enterNamespacesAndFork(const InitContext &context) {
  TRY(expectSync(context.syncFd, SyncType::Go));
  const ns::NamespaceConfig &config = context.config->namespaces;
  std::function<Result<void>()> mapIds;
  if (ns::hasNewNamespace(config, ns::NamespaceKind::User)) {
    mapIds = [&] { return mapIdsThroughParent(context.syncFd); };
  }
  TRY(ns::setupNamespaces(config, *context.joined, mapIds).context("setting up namespaces"));
  const pid_t pid = ::fork();
  if (pid < 0) {
    return failErrno("fork of the container init");
  }
  if (pid == 0) {
    runInit(context);
  }
  return pid;
}

} // namespace

void runStage1(const InitContext &context) {
  // If runw dies before the init reports its pid, stage 1 must not linger.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  const Result<pid_t> pid = enterNamespacesAndFork(context);
  if (!pid) {
    (void)sendSync(context.syncFd, SyncType::Error, 0, pid.error().describe());
    ::_exit(1);
  }
  (void)sendSync(context.syncFd, SyncType::InitPid, *pid);
  ::_exit(0);
}

} // namespace runw::runtime::process
