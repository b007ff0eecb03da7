// SPDX-License-Identifier: Apache-2.0
// Gate and Counter: small synchronisation helpers for tests whose handlers block.
#pragma once

#include "ttrpc_test_util.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stop_token>

namespace runw::shim::ttrpc::test {

/// Closed until open(); waiters also return when their stop token fires.
class Gate {
public:
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  /// True when opened, false when stop was requested first.
  bool wait(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    return changed_.wait(lock, stop, [this] { return open_; });
  }

private:
  std::mutex mutex_;
  std::condition_variable_any changed_;
  bool open_ = false;
};

/// A counter tests can wait on.
class Counter {
public:
  void add() {
    std::lock_guard lock(mutex_);
    ++value_;
    changed_.notify_all();
  }
  /// True once the value reached at least target within kPatience.
  bool waitFor(std::size_t target) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kPatience, [&] { return value_ >= target; });
  }
  std::size_t value() {
    std::lock_guard lock(mutex_);
    return value_;
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t value_ = 0;
};

} // namespace runw::shim::ttrpc::test
