// SPDX-License-Identifier: Apache-2.0
// The container lifecycle API behind runw's CLI: create, start, state, kill, delete, run, exec...
#pragma once

#include "oci/spec.h"
#include "oci/state.h"
#include "support/result.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace runw::runtime {

/// The global options every lifecycle call needs.
struct RuntimeOptions {
  std::string root = "/run/runw";              ///< state root (--root)
  bool systemdCgroup = false;                  ///< --systemd-cgroup
  std::function<void(std::string_view)> warn;  ///< logs a warning (may be empty)
  std::function<void(std::string_view)> debug; ///< logs at debug level (may be empty)
};

/// runw create (and the create half of run).
struct CreateOptions {
  std::string id;
  std::string bundle;        ///< bundle directory (absolute or relative to the cwd)
  std::string pidFile;       ///< --pid-file; empty: none
  std::string consoleSocket; ///< --console-socket; needed when process.terminal
  bool noPivot = false;      ///< --no-pivot
  bool noNewKeyring = false; ///< --no-new-keyring: keep the caller's session keyring
  int preserveFds = 0;       ///< --preserve-fds
};

/// Creates a container whose init waits for start. Writes the pid file. Returns the init pid.
Result<pid_t> createContainer(const RuntimeOptions &options, const CreateOptions &create);

/// Lets a created container's init run its program, then runs poststart hooks.
Result<void> startContainer(const RuntimeOptions &options, std::string_view id);

/// The container's state document with its live status.
Result<oci::State> containerState(const RuntimeOptions &options, std::string_view id);

/// Every container under the root with its live status.
Result<std::vector<oci::State>> listContainers(const RuntimeOptions &options);

/// Sends sig to the init, or to every process of the container with all.
Result<void> killContainer(const RuntimeOptions &options, std::string_view id, int sig, bool all);

/// Removes a stopped container (any container with force, after SIGKILL): processes, cgroup,
/// state; then runs poststop hooks.
Result<void> deleteContainer(const RuntimeOptions &options, std::string_view id, bool force);

/// The process section of the config.json the container was created from (the base of an
/// exec given by flags, as runc builds it).
Result<oci::Process> containerProcess(const RuntimeOptions &options, std::string_view id);

/// Freezes / thaws every process of the container.
Result<void> pauseContainer(const RuntimeOptions &options, std::string_view id);
Result<void> resumeContainer(const RuntimeOptions &options, std::string_view id);

/// Host pids of every process in the container's cgroup.
Result<std::vector<pid_t>> containerPids(const RuntimeOptions &options, std::string_view id);

/// runw events: one runc-style event document ({"type":"stats","id":…,"data":{…}}) with the
/// container's cgroup counters, as one line of JSON.
Result<std::string> containerStatsEvent(const RuntimeOptions &options, std::string_view id);

/// runw events without --stats: calls emit with a stats event every interval and an
/// {"type":"oom"} event when the OOM killer hits the container, until the container stops.
Result<void> watchContainerEvents(const RuntimeOptions &options, std::string_view id,
                                  int intervalMs,
                                  const std::function<Result<void>(std::string_view)> &emit);

/// Applies new resource limits to a created, running or paused container.
Result<void> updateContainer(const RuntimeOptions &options, std::string_view id,
                             const oci::Resources &resources);

/// runw run: create and start; in the foreground wait and return the container's exit status
/// (128+signal when killed) and delete it unless keep; with detach return 0 at once.
struct RunOptions {
  CreateOptions create;
  bool detach = false;
  bool keep = false;
};
Result<int> runContainer(const RuntimeOptions &options, const RunOptions &run);

/// runw exec: a new process in a running container.
struct ExecOptions {
  std::string id;
  oci::Process process;      ///< from --process or the flags
  std::string pidFile;       ///< --pid-file
  std::string consoleSocket; ///< --console-socket (process.terminal)
  bool detach = false;       ///< return once it runs instead of waiting
  int preserveFds = 0;       ///< --preserve-fds
};
/// Returns the process's exit status, or 0 with detach.
Result<int> execInContainer(const RuntimeOptions &options, const ExecOptions &exec);

} // namespace runw::runtime
