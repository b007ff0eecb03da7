// SPDX-License-Identifier: Apache-2.0
// OomWatcher: one thread and one epoll set for the OOM notifiers of all of a shim's containers.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace runw::shim {

/// Waits on every container's OOM notifier (runtime::OomNotifier) with one epoll set, so a
/// watched container costs the shim one fd and a map entry. It only says that a notifier fired;
/// takeNewOoms() decides whether an OOM happened, and is what the exit path calls too, so the
/// caller can order an OOM before the exit it caused.
class OomWatcher {
public:
  /// Runs on the watcher thread (no lock held) when id's notifier fired.
  using OnEvent = std::function<void(const std::string &id)>;

  /// Starts the watcher thread.
  explicit OomWatcher(OnEvent onEvent);
  OomWatcher(const OomWatcher &) = delete;
  OomWatcher &operator=(const OomWatcher &) = delete;
  /// Stops and joins the thread.
  ~OomWatcher();

  /// Watches id: fd is a non-blocking cgroup v1 OOM eventfd (eventsFile empty), or a
  /// non-blocking inotify fd on eventsFile, a cgroup v2 memory.events. OOMs counted before
  /// this call are not reported. Replaces an earlier watch of id.
  Result<void> add(const std::string &id, UniqueFd fd, std::string eventsFile);
  /// Stops watching id and closes its fd (which also ends a v1 event registration).
  void remove(const std::string &id);
  /// True when id had OOMs since the previous call (or since add). Consumes them, so each OOM
  /// is reported once, by whichever thread asks first. False for an id not watched.
  bool takeNewOoms(const std::string &id);

private:
  struct Watch {
    UniqueFd fd;
    std::string eventsFile;
    std::uint64_t seen = 0; ///< v2: the "oom" count already reported
  };

  void loop(const std::stop_token &stop);
  std::string idOf(int fd) const;

  OnEvent onEvent_;
  UniqueFd epoll_;
  UniqueFd wake_; ///< an eventfd that interrupts epoll_wait at shutdown
  mutable std::mutex mutex_;
  std::map<std::string, Watch> watches_;
  std::jthread thread_;
};

/// The "oom" count of a cgroup v2 memory.events text (0 when the line is missing).
std::uint64_t oomCountOfMemoryEvents(std::string_view text);

} // namespace runw::shim
