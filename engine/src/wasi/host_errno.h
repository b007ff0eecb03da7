// SPDX-License-Identifier: Apache-2.0
// Host errno -> WASI errno, and helpers that turn failed system calls into WasiResults.
#pragma once

#include "guest_memory.h"
#include "witx.h"

#include <cerrno>

namespace runw::engine::wasi {

/// The WASI errno for a Linux errno value (Errno::Io for the few Linux has and WASI lacks).
witx::Errno fromHostErrno(int hostErrno);

/// The WASI errno for the errno the last failed system call left.
inline std::unexpected<witx::Errno> lastHostError() {
  return std::unexpected(fromHostErrno(errno));
}

} // namespace runw::engine::wasi
