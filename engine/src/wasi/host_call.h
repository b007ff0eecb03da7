// SPDX-License-Identifier: Apache-2.0
// Helpers for the system calls behind WASI functions: retrying calls a signal interrupted, and
// checking the narrow witx integers that arrive widened to i32/i64.
#pragma once

#include "host_errno.h"

#include <cerrno>
#include <cstdint>
#include <limits>

namespace runw::engine::wasi {

/// Calls call() until it does not fail with EINTR. A signal the runtime handles (SIGCHLD,
/// SIGWINCH, a timeout) must not surface to the guest as Errno::Intr from a blocking call.
template <class Call> auto retryOnEintr(Call call) {
  for (;;) {
    auto result = call();
    if (result != -1 || errno != EINTR) {
      return result;
    }
  }
}

/// value as a host off_t; offsets and lengths beyond INT64_MAX are Errno::Inval.
inline WasiResult<off_t> hostOffset(uint64_t value) {
  if (value > static_cast<uint64_t>(std::numeric_limits<off_t>::max())) {
    return std::unexpected(Errno::Inval);
  }
  return static_cast<off_t>(value);
}

} // namespace runw::engine::wasi
