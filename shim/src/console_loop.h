// SPDX-License-Identifier: Apache-2.0
// ConsoleLoop: one epoll thread copying stdin fifo → pty master → stdout fifo for every terminal.
#pragma once

#include "stdio_fifo.h"

#include "support/result.h"
#include "support/unique_fd.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace runw::shim {

/// Copies between the stdio fifos and the pty master of every terminal process of the shim on
/// one thread (started with the first terminal), with non-blocking fds and small per-terminal
/// buffers. All methods may be called from any thread.
class ConsoleLoop {
public:
  /// Names one terminal; never reused.
  using Id = std::uint64_t;
  /// Runs on the loop thread once a finished process's output has been copied.
  using OnDrained = std::function<void()>;
  /// How long after the process's exit the copy may go on without moving a byte before it is
  /// given up (the master is kept open by a child, or the stdout reader does not read).
  static constexpr std::chrono::milliseconds kDefaultDrainIdle{2000};

  explicit ConsoleLoop(std::chrono::milliseconds drainIdle = kDefaultDrainIdle);
  ConsoleLoop(const ConsoleLoop &) = delete;
  ConsoleLoop &operator=(const ConsoleLoop &) = delete;
  /// Stops the thread and closes every terminal's fds.
  ~ConsoleLoop();

  /// Starts copying for a pty master (non-blocking) and its process's stdio.
  Result<Id> add(UniqueFd master, TerminalStdio stdio);
  /// Sets the terminal's window size (TIOCSWINSZ on the master). NotFound for an unknown id.
  Result<void> resize(Id id, std::uint16_t width, std::uint16_t height);
  /// Closes the shim's writer on the stdin fifo. Once the fifo reads EOF (containerd closed its
  /// end too) and what came before is in the pty, the terminal's EOF character (VEOF) is sent,
  /// so the program reads EOF.
  void closeStdin(Id id);
  /// The process has exited: copy what is left of its output, close the stdout fifo, then run
  /// onDrained. It runs at once for an unknown id.
  void finish(Id id, OnDrained onDrained);
  /// Closes every fd of the terminal and forgets it.
  void remove(Id id);

private:
  struct Console;
  Console *find(Id id);
  Result<void> ensureStarted();
  void wake();
  void run(const std::stop_token &stop);
  int waitMillis();
  void handle(std::uint64_t data, std::vector<OnDrained> &drained);
  void service(Console &console, std::vector<OnDrained> &drained);
  void pumpInput(Console &console);
  void pumpOutput(Console &console);
  void queueEof(Console &console);
  void updateInterest(Console &console);
  void setInterest(Console &console, int role, std::uint32_t events);
  void endOutput(Console &console);
  bool finishIfDone(Console &console, std::vector<OnDrained> &drained);
  void expireDeadlines(std::vector<OnDrained> &drained);
  void forget(Console &console);

  std::chrono::milliseconds drainIdle_;
  UniqueFd epoll_;
  UniqueFd wakeFd_; ///< eventfd: a changed deadline or a stop request
  std::mutex mutex_;
  std::map<Id, std::unique_ptr<Console>> consoles_;
  Id nextId_ = 1;
  std::jthread thread_;
};

} // namespace runw::shim
