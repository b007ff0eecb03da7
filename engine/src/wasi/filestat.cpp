// SPDX-License-Identifier: Apache-2.0
#include "filestat.h"

#include <sys/socket.h>

namespace runw::engine::wasi {

using witx::Filetype;

Filetype filetypeOfMode(mode_t mode) {
  switch (mode & S_IFMT) {
  case S_IFREG:
    return Filetype::RegularFile;
  case S_IFDIR:
    return Filetype::Directory;
  case S_IFCHR:
    return Filetype::CharacterDevice;
  case S_IFBLK:
    return Filetype::BlockDevice;
  case S_IFLNK:
    return Filetype::SymbolicLink;
  case S_IFSOCK:
    return Filetype::SocketStream;
  default:
    // FIFOs have no WASI type; wasmtime and node report them as unknown too.
    return Filetype::Unknown;
  }
}

Filetype filetypeOfFd(int fd, const struct stat &info) {
  if (!S_ISSOCK(info.st_mode)) {
    return filetypeOfMode(info.st_mode);
  }
  int type = 0;
  socklen_t length = sizeof(type);
  if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == SOCK_DGRAM) {
    return Filetype::SocketDgram;
  }
  return Filetype::SocketStream;
}

namespace {
uint64_t nanoseconds(const timespec &time) {
  return static_cast<uint64_t>(time.tv_sec) * 1'000'000'000ULL +
         static_cast<uint64_t>(time.tv_nsec);
}

timespec timespecOf(uint64_t nanos) {
  timespec out{};
  out.tv_sec = static_cast<time_t>(nanos / 1'000'000'000ULL);
  out.tv_nsec = static_cast<long>(nanos % 1'000'000'000ULL);
  return out;
}
} // namespace

WasiResult<void> storeFilestat(GuestMemory &memory, uint32_t ptr, const struct stat &info,
                               Filetype type) {
  namespace l = witx::layout;
  if (!memory.contains(ptr, l::kFilestatSize)) {
    return std::unexpected(Errno::Fault);
  }
  auto bytes = *memory.bytes(ptr, l::kFilestatSize);
  std::fill(bytes.begin(), bytes.end(), uint8_t{0});
  (void)memory.store<uint64_t>(ptr + l::kFilestatDev, static_cast<uint64_t>(info.st_dev));
  (void)memory.store<uint64_t>(ptr + l::kFilestatIno, static_cast<uint64_t>(info.st_ino));
  (void)memory.store<uint8_t>(ptr + l::kFilestatFiletype, static_cast<uint8_t>(type));
  (void)memory.store<uint64_t>(ptr + l::kFilestatNlink, static_cast<uint64_t>(info.st_nlink));
  (void)memory.store<uint64_t>(ptr + l::kFilestatSizeField, static_cast<uint64_t>(info.st_size));
  (void)memory.store<uint64_t>(ptr + l::kFilestatAtim, nanoseconds(info.st_atim));
  (void)memory.store<uint64_t>(ptr + l::kFilestatMtim, nanoseconds(info.st_mtim));
  (void)memory.store<uint64_t>(ptr + l::kFilestatCtim, nanoseconds(info.st_ctim));
  return {};
}

WasiResult<std::array<timespec, 2>> timesFromFstflags(uint64_t atim, uint64_t mtim,
                                                      uint16_t flags) {
  namespace f = witx::fstflags;
  if ((flags & ~f::kAll) != 0 || ((flags & f::kAtim) != 0 && (flags & f::kAtimNow) != 0) ||
      ((flags & f::kMtim) != 0 && (flags & f::kMtimNow) != 0)) {
    return std::unexpected(Errno::Inval);
  }
  auto pick = [](bool set, bool now, uint64_t value) {
    timespec out{};
    if (now) {
      out.tv_nsec = UTIME_NOW;
    } else if (set) {
      out = timespecOf(value);
    } else {
      out.tv_nsec = UTIME_OMIT;
    }
    return out;
  };
  return std::array<timespec, 2>{pick((flags & f::kAtim) != 0, (flags & f::kAtimNow) != 0, atim),
                                 pick((flags & f::kMtim) != 0, (flags & f::kMtimNow) != 0, mtim)};
}

} // namespace runw::engine::wasi
