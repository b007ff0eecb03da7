// SPDX-License-Identifier: Apache-2.0
// ContainerLock: the per-container flock that serializes concurrent runw invocations.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <optional>
#include <string>
#include <string_view>

namespace runw::runtime::state {

class StateStore;

/// Shared for readers (state, ps, list), exclusive for anything that changes the container.
enum class LockMode { Shared, Exclusive };

/// An flock(2) on <root>/<id>/lock, held until destruction. The kernel drops it when the
/// holder dies, however it dies, so a killed runw never leaves a stale lock. While any
/// ContainerLock is held the container directory cannot be removed or replaced. A process
/// forked while holding one must call closeInForkedChild() in the child (see there).
class ContainerLock {
public:
  ContainerLock(ContainerLock &&) noexcept = default;
  ContainerLock &operator=(ContainerLock &&) noexcept = default;
  ContainerLock(const ContainerLock &) = delete;
  ContainerLock &operator=(const ContainerLock &) = delete;
  ~ContainerLock() = default;

  /// Blocks until the lock is granted. A container that does not exist, or is removed while
  /// waiting, gives ErrorCode::NotFound ("container does not exist: <id>").
  static Result<ContainerLock> acquire(const StateStore &store, std::string_view id, LockMode mode);

  /// Like acquire, but returns nullopt instead of waiting when another holder conflicts.
  static Result<std::optional<ContainerLock>> tryAcquire(const StateStore &store,
                                                         std::string_view id, LockMode mode);

  /// The container id the lock protects.
  [[nodiscard]] const std::string &id() const { return id_; }
  /// How the lock is held.
  [[nodiscard]] LockMode mode() const { return mode_; }
  /// The container directory (<root>/<id>), valid while the lock is held; for *at() calls
  /// such as mkfifoat(dirFd(), "exec.fifo", ...).
  [[nodiscard]] int dirFd() const { return dirFd_.get(); }

  /// For a child forked while this lock was held: closes the child's copies of the
  /// descriptors; the parent keeps the lock. flock belongs to the open file description that
  /// fork shares, so it is released only when every copy is closed: a child that keeps the
  /// copies (say a container init that waits on exec.fifo, or runs wasm and never execs)
  /// would hold the container locked for its whole life. Never unlocks (no LOCK_UN).
  void closeInForkedChild() {
    lockFd_.reset();
    dirFd_.reset();
  }

private:
  friend class StateStore;
  ContainerLock(std::string id, LockMode mode, UniqueFd dirFd, UniqueFd lockFd)
      : id_(std::move(id)), mode_(mode), dirFd_(std::move(dirFd)), lockFd_(std::move(lockFd)) {}

  static Result<std::optional<ContainerLock>> lock(const StateStore &store, std::string_view id,
                                                   LockMode mode, bool wait);

  std::string id_;
  LockMode mode_ = LockMode::Shared;
  UniqueFd dirFd_;
  UniqueFd lockFd_;
};

} // namespace runw::runtime::state
