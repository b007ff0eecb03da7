// SPDX-License-Identifier: Apache-2.0
// fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell: moving bytes between guest
// iovecs and host descriptors, and the file offset.
#include "functions.h"
#include "host_call.h"
#include "host_errno.h"

#include <array>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

namespace runw::engine::wasi::fn {

namespace rights = witx::rights;

namespace {

/// The iovecs of a call and a checked place for its u32 count, so the count's store cannot
/// fail after the data has moved (a Fault after a read would lose the bytes read).
WasiResult<HostIovecs> prepare(GuestMemory &m, uint32_t iovs, uint32_t iovsLen, uint32_t countPtr) {
  if (!m.contains(countPtr, 4)) {
    return std::unexpected(Errno::Fault);
  }
  return m.iovecs(iovs, iovsLen);
}

/// Stores the byte count of a transfer. Linux moves at most 0x7ffff000 bytes per call, so the
/// count always fits the guest's u32.
R storeCount(GuestMemory &m, uint32_t countPtr, ssize_t count) {
  return m.store<uint32_t>(countPtr, static_cast<uint32_t>(count));
}

/// The entry for a write: its rights, and Errno::Rofs beneath a read-only preopen.
WasiResult<FdEntry *> writeEntry(State &s, uint32_t fd, uint64_t required) {
  auto entry = s.fds.get(fd, required);
  if (entry && (*entry)->readOnly) {
    return std::unexpected(Errno::Rofs);
  }
  return entry;
}

} // namespace

R fdRead(State &s, GuestMemory &m, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
         uint32_t nreadPtr) {
  auto entry = s.fds.get(fd, rights::kFdRead);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  const auto vec = prepare(m, iovs, iovsLen, nreadPtr);
  if (!vec) {
    return std::unexpected(vec.error());
  }
  const int host = (*entry)->host.get();
  const ssize_t got = retryOnEintr([&] { return ::readv(host, vec->data(), vec->count()); });
  if (got < 0) {
    return lastHostError();
  }
  return storeCount(m, nreadPtr, got);
}

R fdWrite(State &s, GuestMemory &m, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
          uint32_t nwrittenPtr) {
  auto entry = writeEntry(s, fd, rights::kFdWrite);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  const auto vec = prepare(m, iovs, iovsLen, nwrittenPtr);
  if (!vec) {
    return std::unexpected(vec.error());
  }
  const int host = (*entry)->host.get();
  const ssize_t put = retryOnEintr([&] { return ::writev(host, vec->data(), vec->count()); });
  if (put < 0) {
    return lastHostError();
  }
  return storeCount(m, nwrittenPtr, put);
}

R fdPread(State &s, GuestMemory &m, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint64_t offset,
          uint32_t nreadPtr) {
  // witx: fd_read includes fd_pread only together with fd_seek.
  auto entry = s.fds.get(fd, rights::kFdRead | rights::kFdSeek);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  const auto at = hostOffset(offset);
  if (!at) {
    return std::unexpected(at.error());
  }
  const auto vec = prepare(m, iovs, iovsLen, nreadPtr);
  if (!vec) {
    return std::unexpected(vec.error());
  }
  const int host = (*entry)->host.get();
  const ssize_t got = retryOnEintr([&] { return ::preadv(host, vec->data(), vec->count(), *at); });
  if (got < 0) {
    return lastHostError();
  }
  return storeCount(m, nreadPtr, got);
}

R fdPwrite(State &s, GuestMemory &m, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint64_t offset,
           uint32_t nwrittenPtr) {
  auto entry = writeEntry(s, fd, rights::kFdWrite | rights::kFdSeek);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  const auto at = hostOffset(offset);
  if (!at) {
    return std::unexpected(at.error());
  }
  const auto vec = prepare(m, iovs, iovsLen, nwrittenPtr);
  if (!vec) {
    return std::unexpected(vec.error());
  }
  const int host = (*entry)->host.get();
  const int status = ::fcntl(host, F_GETFL);
  if (status < 0) {
    return lastHostError();
  }
  // Linux's pwrite appends on an O_APPEND file whatever the offset. fd_pwrite promises the
  // offset, so such writes use RWF_NOAPPEND (Linux 6.9+); where the kernel lacks it the call is
  // NotSup rather than data silently written elsewhere.
  const int flags = (status & O_APPEND) != 0 ? RWF_NOAPPEND : 0;
  const ssize_t put =
      retryOnEintr([&] { return ::pwritev2(host, vec->data(), vec->count(), *at, flags); });
  if (put < 0) {
    if (flags != 0 && (errno == EOPNOTSUPP || errno == EINVAL)) {
      return std::unexpected(Errno::NotSup);
    }
    return lastHostError();
  }
  return storeCount(m, nwrittenPtr, put);
}

R fdSeek(State &s, GuestMemory &m, uint32_t fd, uint64_t offset, uint32_t whence,
         uint32_t newOffsetPtr) {
  using witx::Whence;
  if (whence > static_cast<uint32_t>(Whence::End)) {
    return std::unexpected(Errno::Inval);
  }
  auto entry = s.fds.get(fd);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  // witx: fd_tell alone allows the seek that leaves the offset as it is (cur + 0).
  const bool tellOnly = offset == 0 && whence == static_cast<uint32_t>(Whence::Cur);
  const uint64_t allowed = tellOnly ? rights::kFdSeek | rights::kFdTell : rights::kFdSeek;
  if (((*entry)->rightsBase & allowed) == 0) {
    return std::unexpected(Errno::NotCapable);
  }
  if (!m.contains(newOffsetPtr, 8)) {
    return std::unexpected(Errno::Fault);
  }
  static constexpr std::array<int, 3> kHostWhence = {SEEK_SET, SEEK_CUR, SEEK_END};
  // The filedelta is a signed i64 passed as u64.
  const off_t result =
      ::lseek((*entry)->host.get(), static_cast<off_t>(offset), kHostWhence[whence]);
  if (result < 0) {
    return lastHostError();
  }
  return m.store<uint64_t>(newOffsetPtr, static_cast<uint64_t>(result));
}

R fdTell(State &s, GuestMemory &m, uint32_t fd, uint32_t offsetPtr) {
  auto entry = s.fds.get(fd, rights::kFdTell);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  if (!m.contains(offsetPtr, 8)) {
    return std::unexpected(Errno::Fault);
  }
  const off_t result = ::lseek((*entry)->host.get(), 0, SEEK_CUR);
  if (result < 0) {
    return lastHostError();
  }
  return m.store<uint64_t>(offsetPtr, static_cast<uint64_t>(result));
}

} // namespace runw::engine::wasi::fn
