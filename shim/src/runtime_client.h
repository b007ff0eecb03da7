// SPDX-License-Identifier: Apache-2.0
// Running the runw CLI from the threaded shim (posix_spawn) and reaping every child (subreaper).
#pragma once

#include "support/result.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace runw::shim {

/// How a reaped process ended: wait status as containerd wants it (128+signal when killed).
struct ExitInfo {
  std::uint32_t status = 0;
  std::chrono::system_clock::time_point at;
};

/// Reaps every child of the shim (it is a subreaper, so container inits land here too). Exits
/// of pids someone claimed go to their callback; others are kept until collected.
class Reaper {
public:
  using OnExit = std::function<void(pid_t, const ExitInfo &)>;
  Reaper() = default;
  Reaper(const Reaper &) = delete;
  Reaper &operator=(const Reaper &) = delete;
  ~Reaper();
  /// Starts the reaping thread.
  void start();
  /// Routes the exit of pid to onExit; runs it at once (on this thread) if pid exited at or
  /// after `since` (when the process was started). An older exit of the same pid number is a
  /// reused pid's and is dropped.
  void watch(pid_t pid, std::chrono::system_clock::time_point since, OnExit onExit);
  /// Blocks until pid (a child) has exited and returns how.
  ExitInfo waitFor(pid_t pid);
  /// Tells the reaper a child was just spawned. With no children it sleeps until this is
  /// called instead of polling: an idle shim must not wake up every few milliseconds.
  void childSpawned();

private:
  void loop(const std::stop_token &stop);
  /// Blocks until childSpawned() moved the spawn count past `seen`, or stop.
  void waitForChildren(const std::stop_token &stop, std::uint64_t seen);
  std::mutex mutex_;
  std::condition_variable cv_;
  std::condition_variable_any spawnCv_;
  std::uint64_t spawned_ = 0;
  std::map<pid_t, ExitInfo> exited_;
  std::map<pid_t, OnExit> watched_;
  std::jthread thread_;
};

/// One run of the runw binary.
struct RuntimeCall {
  std::vector<std::string> args; ///< after the global flags, e.g. {"start", "id"}
  int stdinFd = -1;              ///< given as fd 0 (else /dev/null)
  int stdoutFd = -1;             ///< given as fd 1 (else captured)
  int stderrFd = -1;             ///< given as fd 2 (else captured)
  std::string input;             ///< written to stdin when stdinFd is -1
};

/// A RuntimeCall with only its arguments set.
inline RuntimeCall runtimeCall(std::vector<std::string> args) {
  RuntimeCall call;
  call.args = std::move(args);
  return call;
}

/// What a finished run printed and how it ended.
struct RuntimeOutput {
  std::uint32_t status = 0;
  std::string out;
  std::string err;
};

/// Runs runw with `--root <root> --log <bundle>/log.json --log-format json` via posix_spawn.
class RuntimeClient {
public:
  RuntimeClient(Reaper &reaper, std::string binary, std::string root);
  /// When set, one line per runw run: its verb, wall time and exit status (shim -debug).
  void setRunLog(std::function<void(std::string_view)> log) { runLog_ = std::move(log); }
  /// Runs and waits; fails with the runtime's error (from its json log or stderr) unless it
  /// exited 0.
  Result<RuntimeOutput> run(const std::string &bundle, const RuntimeCall &call);
  /// The path of the runw binary: `runw` next to self, else found in PATH.
  static std::string locate(const std::string &self);

private:
  Reaper &reaper_;
  std::string binary_;
  std::string root_;
  std::function<void(std::string_view)> runLog_;
};

/// The last "msg" of an error-level line in a runw json log, or empty.
std::string lastLogError(const std::string &logPath);

} // namespace runw::shim
