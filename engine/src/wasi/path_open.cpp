// SPDX-License-Identifier: Apache-2.0
// path_open: opens a file or directory beneath a directory descriptor, with the rights the
// guest asks for cut down to what the directory hands down and what the file type allows.
#include "fd_table.h"
#include "functions.h"
#include "host_errno.h"
#include "path_common.h"

#include <fcntl.h>

namespace runw::engine::wasi::fn {

namespace rights = witx::rights;
namespace oflags = witx::oflags;
namespace fdflags = witx::fdflags;

namespace {

constexpr uint64_t kReadRights = rights::kFdRead | rights::kFdReaddir;
constexpr uint64_t kWriteRights =
    rights::kFdWrite | rights::kFdDatasync | rights::kFdAllocate | rights::kFdFilestatSetSize;

/// O_RDONLY, O_WRONLY or O_RDWR: the rights asked for decide, as in uvwasi and WasmEdge (wasmtime
/// looks at FD_READ/FD_WRITE only).
int accessMode(uint64_t base) {
  const bool reads = (base & kReadRights) != 0;
  const bool writes = (base & kWriteRights) != 0;
  if (writes) {
    return reads ? O_RDWR : O_WRONLY;
  }
  return O_RDONLY;
}

/// The O_* status flags for witx fdflags.
int statusFlags(uint32_t flags) {
  int out = 0;
  out |= (flags & fdflags::kAppend) != 0 ? O_APPEND : 0;
  out |= (flags & fdflags::kDsync) != 0 ? O_DSYNC : 0;
  out |= (flags & fdflags::kNonblock) != 0 ? O_NONBLOCK : 0;
  out |= (flags & fdflags::kRsync) != 0 ? O_RSYNC : 0;
  out |= (flags & fdflags::kSync) != 0 ? O_SYNC : 0;
  return out;
}

/// The creation flags for witx oflags (already checked for unknown bits).
int creationFlags(uint32_t flags) {
  int out = 0;
  out |= (flags & oflags::kCreat) != 0 ? O_CREAT : 0;
  out |= (flags & oflags::kDirectory) != 0 ? O_DIRECTORY : 0;
  out |= (flags & oflags::kExcl) != 0 ? O_EXCL : 0;
  out |= (flags & oflags::kTrunc) != 0 ? O_TRUNC : 0;
  return out;
}

/// The host open(2) flags for a path_open beneath dir, after every check that does not need
/// the file: flag bits, read-only preopens, and the rights the directory holds and hands down.
WasiResult<int> hostFlags(const FdEntry &dir, uint32_t oflagBits, uint64_t base,
                          uint32_t fdflagBits) {
  if ((oflagBits & ~uint32_t{oflags::kAll}) != 0 || (fdflagBits & ~uint32_t{fdflags::kAll}) != 0) {
    return std::unexpected(Errno::Inval);
  }
  // A directory is never created or truncated by path_open (wasmtime refuses the same way).
  if ((oflagBits & oflags::kDirectory) != 0 &&
      (oflagBits & (oflags::kCreat | oflags::kExcl | oflags::kTrunc)) != 0) {
    return std::unexpected(Errno::Inval);
  }
  const bool changes = (oflagBits & (oflags::kCreat | oflags::kTrunc)) != 0;
  if (dir.readOnly && (changes || (base & kWriteRights) != 0)) {
    return std::unexpected(Errno::Rofs);
  }
  if (((oflagBits & oflags::kTrunc) != 0 && (dir.rightsBase & rights::kPathFilestatSetSize) == 0) ||
      ((oflagBits & oflags::kCreat) != 0 && (dir.rightsBase & rights::kPathCreateFile) == 0)) {
    return std::unexpected(Errno::NotCapable);
  }
  // A descriptor never gets more than its directory hands down (uvwasi and node check this).
  if ((base & ~dir.rightsInheriting) != 0) {
    return std::unexpected(Errno::NotCapable);
  }
  return accessMode(base) | creationFlags(oflagBits) | statusFlags(fdflagBits);
}

} // namespace

R pathOpen(State &s, GuestMemory &m, uint32_t fd, uint32_t dirflags, uint32_t path,
           uint32_t pathLen, uint32_t oflagBits, uint64_t rightsBase, uint64_t rightsInheriting,
           uint32_t fdflagBits, uint32_t openedFdPtr) {
  if ((dirflags & ~witx::lookupflags::kSymlinkFollow) != 0) {
    return std::unexpected(Errno::Inval);
  }
  auto dir = pathDirectory(s.fds, fd, rights::kPathOpen, false);
  if (!dir) {
    return std::unexpected(dir.error());
  }
  auto flags = hostFlags(**dir, oflagBits, rightsBase, fdflagBits);
  if (!flags) {
    return std::unexpected(flags.error());
  }
  // Checked before opening, so a bad pointer does not leave a created file behind.
  if (!m.contains(openedFdPtr, sizeof(uint32_t))) {
    return std::unexpected(Errno::Fault);
  }
  auto text = m.path(path, pathLen);
  if (!text) {
    return std::unexpected(text.error());
  }
  const bool follow = (dirflags & witx::lookupflags::kSymlinkFollow) != 0;
  auto host = s.sandbox.open((*dir)->host.get(), *text, *flags, 0666, follow);
  if (!host) {
    return std::unexpected(host.error());
  }
  auto entry = entryForHostFd(std::move(*host));
  if (!entry) {
    return std::unexpected(entry.error());
  }
  entry->rightsBase = rightsBase & rightsForType(entry->type);
  entry->rightsInheriting =
      entry->type == witx::Filetype::Directory ? rightsInheriting & (*dir)->rightsInheriting : 0;
  entry->readOnly = (*dir)->readOnly;
  // insert may move the table's entries: *dir is not used after this.
  auto opened = s.fds.insert(std::move(*entry));
  if (!opened) {
    return std::unexpected(opened.error());
  }
  return m.store<uint32_t>(openedFdPtr, *opened);
}

} // namespace runw::engine::wasi::fn
