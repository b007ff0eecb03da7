// SPDX-License-Identifier: Apache-2.0
// fd_readdir: a directory listing as witx's dirent stream. The listing is read when a stream
// starts (cookie 0) and kept in the fd entry; a cookie is an index into it, so a guest that
// reads through a small buffer over several calls sees every entry exactly once.
#include "fd_table.h"
#include "filestat.h"
#include "functions.h"
#include "host_call.h"
#include "host_errno.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>

namespace runw::engine::wasi::fn {

namespace {

using witx::Filetype;

/// The witx filetype of a readdir d_type; DT_UNKNOWN (some filesystems never fill it) asks
/// fstatat, without following a final symlink, as the type of the entry itself is wanted.
Filetype direntType(int dirFd, const dirent &host) {
  switch (host.d_type) {
  case DT_REG:
    return Filetype::RegularFile;
  case DT_DIR:
    return Filetype::Directory;
  case DT_LNK:
    return Filetype::SymbolicLink;
  case DT_CHR:
    return Filetype::CharacterDevice;
  case DT_BLK:
    return Filetype::BlockDevice;
  case DT_SOCK:
    return Filetype::SocketStream;
  case DT_UNKNOWN:
    break;
  default:
    return Filetype::Unknown;
  }
  struct stat info {};
  if (::fstatat(dirFd, host.d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
    return Filetype::Unknown;
  }
  return filetypeOfMode(info.st_mode);
}

struct DirCloser {
  void operator()(DIR *dir) const { (void)::closedir(dir); }
};

/// Every entry of the directory, "." and ".." included (wasi-libc's readdir expects them).
/// It reads through a fresh descriptor, so the entry's own offset (shared with the guest's
/// other uses of the fd) is never moved, and every listing starts at the beginning.
WasiResult<std::vector<DirEntryInfo>> readListing(int dirFd) {
  const int fresh = ::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fresh < 0) {
    return lastHostError();
  }
  std::unique_ptr<DIR, DirCloser> dir(::fdopendir(fresh));
  if (!dir) {
    const auto error = lastHostError();
    (void)::close(fresh);
    return error;
  }
  std::vector<DirEntryInfo> listing;
  for (;;) {
    errno = 0;
    const dirent *host = ::readdir(dir.get());
    if (host == nullptr) {
      if (errno != 0) {
        return lastHostError();
      }
      return listing;
    }
    listing.push_back(
        DirEntryInfo{host->d_name, static_cast<uint64_t>(host->d_ino), direntType(fresh, *host)});
  }
}

/// The 24-byte witx dirent header of entry number index.
std::array<uint8_t, witx::layout::kDirentSize> direntHeader(const DirEntryInfo &entry,
                                                            uint64_t index) {
  namespace l = witx::layout;
  std::array<uint8_t, l::kDirentSize> header{};
  const uint64_t next = index + 1;
  const auto nameLength = static_cast<uint32_t>(entry.name.size());
  std::memcpy(header.data() + l::kDirentNext, &next, sizeof(next));
  std::memcpy(header.data() + l::kDirentIno, &entry.inode, sizeof(entry.inode));
  std::memcpy(header.data() + l::kDirentNamlen, &nameLength, sizeof(nameLength));
  header[l::kDirentType] = static_cast<uint8_t>(entry.type);
  return header;
}

/// Serialises the entries from cookie on into out, the last one cut off where out ends (a
/// full buffer is how the guest learns to call again). Returns the bytes used.
size_t serialise(const std::vector<DirEntryInfo> &listing, uint64_t cookie,
                 std::span<uint8_t> out) {
  size_t used = 0;
  for (uint64_t index = cookie; index < listing.size() && used < out.size(); ++index) {
    const DirEntryInfo &entry = listing[index];
    const auto header = direntHeader(entry, index);
    size_t take = std::min(header.size(), out.size() - used);
    std::memcpy(out.data() + used, header.data(), take);
    used += take;
    take = std::min(entry.name.size(), out.size() - used);
    std::memcpy(out.data() + used, entry.name.data(), take);
    used += take;
  }
  return used;
}

} // namespace

R fdReaddir(State &s, GuestMemory &m, uint32_t fd, uint32_t buf, uint32_t bufLen, uint64_t cookie,
            uint32_t bufusedPtr) {
  auto entry = s.fds.get(fd, witx::rights::kFdReaddir);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  auto out = m.bytes(buf, bufLen);
  if (!out || !m.contains(bufusedPtr, 4)) {
    return std::unexpected(Errno::Fault);
  }
  FdEntry &e = **entry;
  if (e.type != Filetype::Directory) {
    return std::unexpected(Errno::NotDir);
  }
  // A listing is never empty ("." is always there), so an empty one was never read: a guest
  // resuming at a cookie it kept (seekdir) gets a fresh listing too.
  if (cookie == 0 || e.listing.empty()) {
    auto listing = readListing(e.host.get());
    if (!listing) {
      return std::unexpected(listing.error());
    }
    e.listing = std::move(*listing);
  }
  const size_t used = serialise(e.listing, cookie, *out);
  return m.store<uint32_t>(bufusedPtr, static_cast<uint32_t>(used));
}

} // namespace runw::engine::wasi::fn
