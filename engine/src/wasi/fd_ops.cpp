// SPDX-License-Identifier: Apache-2.0
// The descriptor calls that do not move data: advice, allocation, close/renumber, sync, the
// fdstat and filestat pair, and the preopen queries. (fd_io.cpp moves data; fd_readdir.cpp
// lists directories.)
#include "fd_table.h"
#include "filestat.h"
#include "functions.h"
#include "host_call.h"
#include "host_errno.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::engine::wasi::fn {

namespace rights = witx::rights;

namespace {

/// The fd entry for a call that changes the file: its right, and Errno::Rofs beneath a
/// read-only preopen.
WasiResult<FdEntry *> writableEntry(State &s, uint32_t fd, uint64_t right) {
  auto entry = s.fds.get(fd, right);
  if (entry && (*entry)->readOnly) {
    return std::unexpected(Errno::Rofs);
  }
  return entry;
}

/// posix_fadvise's advice for a witx advice value.
WasiResult<int> hostAdvice(uint32_t advice) {
  using witx::Advice;
  switch (static_cast<Advice>(advice)) {
  case Advice::Normal:
    return POSIX_FADV_NORMAL;
  case Advice::Sequential:
    return POSIX_FADV_SEQUENTIAL;
  case Advice::Random:
    return POSIX_FADV_RANDOM;
  case Advice::WillNeed:
    return POSIX_FADV_WILLNEED;
  case Advice::DontNeed:
    return POSIX_FADV_DONTNEED;
  case Advice::NoReuse:
    return POSIX_FADV_NOREUSE;
  }
  return std::unexpected(Errno::Inval);
}

/// The witx fdflags of an open file description's F_GETFL status flags.
uint16_t fdflagsOfStatus(int status) {
  uint16_t flags = 0;
  if ((status & O_APPEND) != 0) {
    flags |= witx::fdflags::kAppend;
  }
  if ((status & O_NONBLOCK) != 0) {
    flags |= witx::fdflags::kNonblock;
  }
  // Linux's O_SYNC is __O_SYNC | O_DSYNC and O_RSYNC is O_SYNC, so test the wider flag first:
  // a file opened O_SYNC reports SYNC (not also DSYNC/RSYNC, which it implies).
  if ((status & O_SYNC) == O_SYNC) {
    flags |= witx::fdflags::kSync;
  } else if ((status & O_DSYNC) != 0) {
    flags |= witx::fdflags::kDsync;
  }
  return flags;
}

} // namespace

R fdAdvise(State &s, GuestMemory & /*m*/, uint32_t fd, uint64_t offset, uint64_t len,
           uint32_t advice) {
  const auto hostAdv = hostAdvice(advice);
  const auto off = hostOffset(offset);
  const auto length = hostOffset(len);
  if (!hostAdv || !off || !length) {
    return std::unexpected(Errno::Inval);
  }
  auto entry = s.fds.get(fd, rights::kFdAdvise);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  // posix_fadvise returns the error number instead of setting errno.
  const int error = ::posix_fadvise((*entry)->host.get(), *off, *length, *hostAdv);
  if (error != 0) {
    return std::unexpected(fromHostErrno(error));
  }
  return {};
}

R fdAllocate(State &s, GuestMemory & /*m*/, uint32_t fd, uint64_t offset, uint64_t len) {
  auto entry = writableEntry(s, fd, rights::kFdAllocate);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  const auto off = hostOffset(offset);
  const auto length = hostOffset(len);
  if (!off || !length) {
    return std::unexpected(Errno::Inval);
  }
  int error = 0;
  do {
    error = ::posix_fallocate((*entry)->host.get(), *off, *length);
  } while (error == EINTR);
  if (error != 0) {
    return std::unexpected(fromHostErrno(error));
  }
  return {};
}

R fdClose(State &s, GuestMemory & /*m*/, uint32_t fd) {
  // Preopens may be closed too (wasmtime allows it; wasi-libc never does it on its own).
  return s.fds.close(fd);
}

R fdDatasync(State &s, GuestMemory & /*m*/, uint32_t fd) {
  auto entry = s.fds.get(fd, rights::kFdDatasync);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  if (retryOnEintr([&] { return ::fdatasync((*entry)->host.get()); }) != 0) {
    return lastHostError();
  }
  return {};
}

R fdSync(State &s, GuestMemory & /*m*/, uint32_t fd) {
  auto entry = s.fds.get(fd, rights::kFdSync);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  if (retryOnEintr([&] { return ::fsync((*entry)->host.get()); }) != 0) {
    return lastHostError();
  }
  return {};
}

R fdFdstatGet(State &s, GuestMemory &m, uint32_t fd, uint32_t statPtr) {
  namespace l = witx::layout;
  auto entry = s.fds.get(fd);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  auto out = m.bytes(statPtr, l::kFdstatSize);
  if (!out) {
    return std::unexpected(out.error());
  }
  const int status = ::fcntl((*entry)->host.get(), F_GETFL);
  if (status < 0) {
    return lastHostError();
  }
  std::fill(out->begin(), out->end(), uint8_t{0});
  (void)m.store<uint8_t>(statPtr + l::kFdstatFiletype, static_cast<uint8_t>((*entry)->type));
  (void)m.store<uint16_t>(statPtr + l::kFdstatFlags, fdflagsOfStatus(status));
  (void)m.store<uint64_t>(statPtr + l::kFdstatRightsBase, (*entry)->rightsBase);
  (void)m.store<uint64_t>(statPtr + l::kFdstatRightsInheriting, (*entry)->rightsInheriting);
  return {};
}

R fdFdstatSetFlags(State &s, GuestMemory & /*m*/, uint32_t fd, uint32_t flags) {
  namespace f = witx::fdflags;
  if ((flags & ~uint32_t{f::kAll}) != 0) {
    return std::unexpected(Errno::Inval);
  }
  auto entry = s.fds.get(fd, rights::kFdFdstatSetFlags);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  // Linux's F_SETFL changes only O_APPEND and O_NONBLOCK (it silently ignores the sync
  // flags), so asking for DSYNC/RSYNC/SYNC is NotSup rather than a success that did nothing.
  if ((flags & (f::kDsync | f::kRsync | f::kSync)) != 0) {
    return std::unexpected(Errno::NotSup);
  }
  const int host = (*entry)->host.get();
  const int status = ::fcntl(host, F_GETFL);
  if (status < 0) {
    return lastHostError();
  }
  int wanted = status & ~(O_APPEND | O_NONBLOCK);
  wanted |= (flags & f::kAppend) != 0 ? O_APPEND : 0;
  wanted |= (flags & f::kNonblock) != 0 ? O_NONBLOCK : 0;
  if (::fcntl(host, F_SETFL, wanted) != 0) {
    return lastHostError();
  }
  return {};
}

R fdFdstatSetRights(State &s, GuestMemory & /*m*/, uint32_t fd, uint64_t base,
                    uint64_t inheriting) {
  auto entry = s.fds.get(fd);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  // Rights can only be dropped (witx: "may only remove rights").
  FdEntry &e = **entry;
  if ((base & ~e.rightsBase) != 0 || (inheriting & ~e.rightsInheriting) != 0) {
    return std::unexpected(Errno::NotCapable);
  }
  e.rightsBase = base;
  e.rightsInheriting = inheriting;
  return {};
}

R fdFilestatGet(State &s, GuestMemory &m, uint32_t fd, uint32_t statPtr) {
  auto entry = s.fds.get(fd, rights::kFdFilestatGet);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  if (!m.contains(statPtr, witx::layout::kFilestatSize)) {
    return std::unexpected(Errno::Fault);
  }
  struct stat info {};
  if (::fstat((*entry)->host.get(), &info) != 0) {
    return lastHostError();
  }
  return storeFilestat(m, statPtr, info, (*entry)->type);
}

R fdFilestatSetSize(State &s, GuestMemory & /*m*/, uint32_t fd, uint64_t size) {
  auto entry = writableEntry(s, fd, rights::kFdFilestatSetSize);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  const auto length = hostOffset(size);
  if (!length) {
    return std::unexpected(length.error());
  }
  if (retryOnEintr([&] { return ::ftruncate((*entry)->host.get(), *length); }) != 0) {
    return lastHostError();
  }
  return {};
}

R fdFilestatSetTimes(State &s, GuestMemory & /*m*/, uint32_t fd, uint64_t atim, uint64_t mtim,
                     uint32_t fstFlags) {
  if (fstFlags > UINT16_MAX) {
    return std::unexpected(Errno::Inval);
  }
  const auto times = timesFromFstflags(atim, mtim, static_cast<uint16_t>(fstFlags));
  if (!times) {
    return std::unexpected(times.error());
  }
  auto entry = writableEntry(s, fd, rights::kFdFilestatSetTimes);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  if (::futimens((*entry)->host.get(), times->data()) != 0) {
    return lastHostError();
  }
  return {};
}

R fdPrestatGet(State &s, GuestMemory &m, uint32_t fd, uint32_t prestatPtr) {
  namespace l = witx::layout;
  auto entry = s.fds.get(fd);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  if (!(*entry)->preopenPath) {
    return std::unexpected(Errno::Badf);
  }
  const std::string &name = *(*entry)->preopenPath;
  if (name.size() > UINT32_MAX) {
    return std::unexpected(Errno::NameTooLong);
  }
  auto out = m.bytes(prestatPtr, l::kPrestatSize);
  if (!out) {
    return std::unexpected(out.error());
  }
  std::fill(out->begin(), out->end(), uint8_t{0});
  (void)m.store<uint8_t>(prestatPtr + l::kPrestatTag, witx::kPreopenTypeDir);
  (void)m.store<uint32_t>(prestatPtr + l::kPrestatNameLen, static_cast<uint32_t>(name.size()));
  return {};
}

R fdPrestatDirName(State &s, GuestMemory &m, uint32_t fd, uint32_t path, uint32_t pathLen) {
  auto entry = s.fds.get(fd);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  if (!(*entry)->preopenPath) {
    return std::unexpected(Errno::Badf);
  }
  const std::string &name = *(*entry)->preopenPath;
  // wasi-libc allocates exactly pr_name_len bytes; a shorter buffer cannot hold the name and
  // is NameTooLong (as wasmtime). The name is written without a NUL.
  if (pathLen < name.size()) {
    return std::unexpected(Errno::NameTooLong);
  }
  auto out = m.bytes(path, name.size());
  if (!out) {
    return std::unexpected(out.error());
  }
  std::copy(name.begin(), name.end(), out->begin());
  return {};
}

R fdRenumber(State &s, GuestMemory & /*m*/, uint32_t fd, uint32_t to) {
  return s.fds.renumber(fd, to);
}

} // namespace runw::engine::wasi::fn
