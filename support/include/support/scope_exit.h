// SPDX-License-Identifier: Apache-2.0
// ScopeExit: runs a cleanup when the scope ends, unless dismissed.
#pragma once

#include <utility>

namespace runw {

/// Calls fn at scope exit unless dismiss() was called.
template <class Fn> class [[nodiscard]] ScopeExit {
public:
  explicit ScopeExit(Fn fn) : fn_(std::move(fn)) {}
  ScopeExit(const ScopeExit &) = delete;
  ScopeExit &operator=(const ScopeExit &) = delete;
  ScopeExit(ScopeExit &&) = delete;
  ScopeExit &operator=(ScopeExit &&) = delete;
  ~ScopeExit() {
    if (active_) {
      fn_();
    }
  }
  /// Cancels the cleanup.
  void dismiss() { active_ = false; }

private:
  Fn fn_;
  bool active_ = true;
};

} // namespace runw
