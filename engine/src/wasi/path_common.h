// SPDX-License-Identifier: Apache-2.0
// The first steps every path_* call shares: the directory descriptor a guest path is relative
// to, checked for the right the call needs, and the guest path resolved beneath it.
#pragma once

#include "fd_table.h"
#include "guest_memory.h"
#include "state.h"

#include <cstdint>

namespace runw::engine::wasi {

/// The directory entry fd names, for a path call that needs required. Errno::Badf when fd is
/// not open, NotDir when it is not a directory, NotCapable when a right is missing, and Rofs
/// when the call mutates (mutates) and the directory is beneath a read-only preopen.
inline WasiResult<FdEntry *> pathDirectory(FdTable &fds, uint32_t fd, uint64_t required,
                                           bool mutates) {
  auto entry = fds.get(fd);
  if (!entry) {
    return entry;
  }
  if ((*entry)->type != witx::Filetype::Directory) {
    return std::unexpected(Errno::NotDir);
  }
  if (((*entry)->rightsBase & required) != required) {
    return std::unexpected(Errno::NotCapable);
  }
  if (mutates && (*entry)->readOnly) {
    return std::unexpected(Errno::Rofs);
  }
  return entry;
}

/// The parent directory and last component of the guest path at [path, path + pathLen),
/// resolved beneath dir (Errno::Fault for a bad pointer, Inval for an embedded NUL).
inline WasiResult<ParentAndName> guestParent(const WasiContext::State &s, const GuestMemory &m,
                                             const FdEntry &dir, uint32_t path, uint32_t pathLen) {
  auto text = m.path(path, pathLen);
  if (!text) {
    return std::unexpected(text.error());
  }
  return s.sandbox.parent(dir.host.get(), *text);
}

} // namespace runw::engine::wasi
