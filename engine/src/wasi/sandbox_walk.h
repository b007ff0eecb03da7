// SPDX-License-Identifier: Apache-2.0
// The portable resolver behind Sandbox: a component-by-component walk that never hands the
// kernel more than one name at a time, so no symlink or `..` is ever followed by the kernel.
#pragma once

#include "guest_memory.h"
#include "sandbox.h"

#include "support/unique_fd.h"

#include <string_view>
#include <sys/types.h>

namespace runw::engine::wasi {

/// Most symlinks one resolution follows (Linux's MAXSYMLINKS); more is Errno::Loop.
inline constexpr int kMaxSymlinkExpansions = 40;

/// Sandbox::open for kernels without openat2 (path is relative and non-empty).
WasiResult<UniqueFd> walkOpen(int dirFd, std::string_view path, int flags, mode_t mode,
                              bool followFinal);

/// Sandbox::parent for kernels without openat2 (path is relative and non-empty).
WasiResult<ParentAndName> walkParent(int dirFd, std::string_view path);

} // namespace runw::engine::wasi
