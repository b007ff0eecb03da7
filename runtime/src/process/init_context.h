// SPDX-License-Identifier: Apache-2.0
// What the forked side of create and exec gets from runw: the config and inherited descriptors.
#pragma once

#include "linux/namespaces.h"
#include "spec/container_config.h"

#include <string>
#include <vector>

namespace runw::runtime::process {

/// Everything the child processes of create/exec need. Descriptors are inherited through
/// fork and are close-on-exec; -1 means absent.
struct InitContext {
  const ContainerConfig *config = nullptr;
  /// Namespaces to join (setns) before the new ones are created, user namespace first.
  const std::vector<ns::NamespaceFd> *joined = nullptr;
  int syncFd = -1;          ///< the child end of the sync socket
  int execFifoFd = -1;      ///< O_PATH descriptor of exec.fifo (create only)
  int consoleSocketFd = -1; ///< connected --console-socket, when process.terminal
  int preservedFds = 0; ///< fds 3..3+n-1 stay open in the workload (LISTEN_FDS + --preserve-fds)
  /// Name of a new session keyring to join (runc: "_ses.<id>"); empty with --no-new-keyring
  /// and for exec.
  std::string sessionKeyring;
  bool exec = false;      ///< runw exec: join a running container, no rootfs setup, no fifo
  bool forceWasm = false; ///< annotations say the entrypoint is wasm (else its magic decides)
};

/// The first forked process: joins and creates namespaces (asking the parent to write id maps),
/// forks the init (or exec'd process), reports its host pid, and exits. Never returns.
[[noreturn]] void runStage1(const InitContext &context);

/// The container init or exec'd process: sets itself up from context, reports Ready, waits for
/// start (create only), then runs the workload. Never returns.
[[noreturn]] void runInit(const InitContext &context);

} // namespace runw::runtime::process
