// SPDX-License-Identifier: Apache-2.0
// Host stat results and timestamps in WASI's terms: filetype from st_mode, the filestat struct
// written to guest memory, and fstflags turned into the timespecs utimensat takes.
#pragma once

#include "guest_memory.h"
#include "witx.h"

#include <array>
#include <sys/stat.h>
#include <time.h>

namespace runw::engine::wasi {

/// The WASI filetype of an st_mode (SOCK_DGRAM vs SOCK_STREAM needs the fd: see socketType).
witx::Filetype filetypeOfMode(mode_t mode);

/// The filetype of an open host descriptor (sockets asked for their SO_TYPE).
witx::Filetype filetypeOfFd(int fd, const struct stat &info);

/// Writes info as a WASI filestat at ptr.
WasiResult<void> storeFilestat(GuestMemory &memory, uint32_t ptr, const struct stat &info,
                               witx::Filetype type);

/// The {atime, mtime} pair for utimensat/futimens from WASI's timestamps and fstflags:
/// UTIME_NOW for *_NOW, UTIME_OMIT for a time not named. Errno::Inval when a time is named
/// both as a value and as now, or flags has unknown bits.
WasiResult<std::array<timespec, 2>> timesFromFstflags(uint64_t atim, uint64_t mtim, uint16_t flags);

} // namespace runw::engine::wasi
