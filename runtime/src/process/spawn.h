// SPDX-License-Identifier: Apache-2.0
// The parent side of create and exec: fork stage 1, answer its sync messages, get the init pid.
#pragma once

#include "cgroups/manager.h"
#include "process/init_context.h"
#include "state/container_lock.h"

#include "support/result.h"

#include <functional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace runw::runtime::process {

/// How runw serves one spawn.
struct SpawnRequest {
  InitContext context;                  ///< syncFd is filled in by spawn
  cgroups::Manager *cgroup = nullptr;   ///< stage 1 is put in it before it goes on
  state::ContainerLock *lock = nullptr; ///< released in the children
  /// Runs prestart/createRuntime hooks for the init's host pid and returns the state document
  /// the in-container hooks get. Called only when the init asks.
  std::function<Result<std::string>(pid_t initPid)> runParentHooks;
  std::function<void(std::string_view)> warn; ///< logs a warning
};

/// A container process that reported Ready.
struct Spawned {
  pid_t pid = 0;     ///< host pid
  bool wasm = false; ///< its workload runs in the engine
};

/// Forks stage 1, which creates the namespaces and forks the container process; serves id
/// mapping and hooks; returns the container process once it reported Ready. On failure every
/// process it started is killed and the error says why setup failed.
Result<Spawned> spawnContainerProcess(SpawnRequest &request);

} // namespace runw::runtime::process
