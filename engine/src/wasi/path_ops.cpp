// SPDX-License-Identifier: Apache-2.0
// The path_* calls that act on a name rather than open it: mkdir, stat, times, link, readlink,
// rmdir, rename, symlink and unlink, each resolved beneath its directory by the Sandbox.
// (path_open.cpp opens files.)
#include "filestat.h"
#include "functions.h"
#include "host_errno.h"
#include "path_common.h"

#include <algorithm>
#include <array>
#include <fcntl.h>
#include <limits.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::engine::wasi::fn {

namespace rights = witx::rights;

namespace {

constexpr uint32_t kFollow = witx::lookupflags::kSymlinkFollow;

/// The outcome of a system call that returns 0 or -1.
WasiResult<void> checked(int result) {
  if (result != 0) {
    return lastHostError();
  }
  return {};
}

/// A directory with the right a call needs and the path resolved to its parent beneath it.
struct NameAt {
  FdEntry *dir = nullptr;
  ParentAndName at;
};

WasiResult<NameAt> nameAt(State &s, GuestMemory &m, uint32_t fd, uint64_t required, bool mutates,
                          uint32_t path, uint32_t pathLen) {
  auto dir = pathDirectory(s.fds, fd, required, mutates);
  if (!dir) {
    return std::unexpected(dir.error());
  }
  auto at = guestParent(s, m, **dir, path, pathLen);
  if (!at) {
    return std::unexpected(at.error());
  }
  return NameAt{*dir, std::move(*at)};
}

/// lstat of the name itself (never followed).
WasiResult<struct stat> statName(const ParentAndName &at) {
  struct stat info {};
  if (::fstatat(at.parent.get(), at.name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
    return lastHostError();
  }
  return info;
}

/// What the kernel answers when a call that creates a non-directory (symlink, link) is given a
/// name ending in '/': EEXIST when the name exists, ENOENT otherwise. The name itself is never
/// passed with its slash, which would make the kernel follow a symlink unconfined.
Errno slashedCreateError(const ParentAndName &at) {
  return statName(at) ? Errno::Exist : Errno::NoEnt;
}

/// Whether lookupflags is valid, and whether it asks to follow a final symlink.
WasiResult<bool> followOf(uint32_t lookupflags) {
  if ((lookupflags & ~kFollow) != 0) {
    return std::unexpected(Errno::Inval);
  }
  return (lookupflags & kFollow) != 0;
}

/// The magic link procfs offers for an open descriptor (the fallback where the kernel lacks
/// AT_EMPTY_PATH for a call).
std::string procFdPath(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

/// utimensat on the object an O_PATH descriptor holds.
WasiResult<void> setTimesOfFd(int fd, const std::array<timespec, 2> &times) {
  if (::utimensat(fd, "", times.data(), AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) == 0) {
    return {};
  }
  // utimensat learned AT_EMPTY_PATH in Linux 5.8; before, it is EINVAL.
  if (errno != EINVAL) {
    return lastHostError();
  }
  return checked(::utimensat(AT_FDCWD, procFdPath(fd).c_str(), times.data(), 0));
}

/// linkat from the object an O_PATH descriptor holds (a followed symlink's target).
WasiResult<void> linkFromFd(int fd, const ParentAndName &to) {
  if (::linkat(fd, "", to.parent.get(), to.name.c_str(), AT_EMPTY_PATH) == 0) {
    return {};
  }
  // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH before Linux 6.10 (ENOENT without it); the procfs
  // link is the documented way around that (linkat(2), O_TMPFILE).
  if (errno != ENOENT && errno != EPERM) {
    return lastHostError();
  }
  return checked(::linkat(AT_FDCWD, procFdPath(fd).c_str(), to.parent.get(), to.name.c_str(),
                          AT_SYMLINK_FOLLOW));
}

} // namespace

R pathCreateDirectory(State &s, GuestMemory &m, uint32_t fd, uint32_t path, uint32_t pathLen) {
  auto target = nameAt(s, m, fd, rights::kPathCreateDirectory, true, path, pathLen);
  if (!target) {
    return std::unexpected(target.error());
  }
  // A trailing slash is what mkdir(2) accepts anyway; the name is created without it.
  return checked(::mkdirat(target->at.parent.get(), target->at.name.c_str(), 0777));
}

R pathFilestatGet(State &s, GuestMemory &m, uint32_t fd, uint32_t flags, uint32_t path,
                  uint32_t pathLen, uint32_t statPtr) {
  auto follow = followOf(flags);
  if (!follow) {
    return std::unexpected(follow.error());
  }
  auto dir = pathDirectory(s.fds, fd, rights::kPathFilestatGet, false);
  if (!dir) {
    return std::unexpected(dir.error());
  }
  auto text = m.path(path, pathLen);
  if (!text) {
    return std::unexpected(text.error());
  }
  // O_PATH opens anything (no read permission needed) and, without follow, a symlink itself.
  auto object = s.sandbox.open((*dir)->host.get(), *text, O_PATH, 0, *follow);
  if (!object) {
    return std::unexpected(object.error());
  }
  struct stat info {};
  if (::fstat(object->get(), &info) != 0) {
    return lastHostError();
  }
  return storeFilestat(m, statPtr, info, filetypeOfFd(object->get(), info));
}

R pathFilestatSetTimes(State &s, GuestMemory &m, uint32_t fd, uint32_t flags, uint32_t path,
                       uint32_t pathLen, uint64_t atim, uint64_t mtim, uint32_t fstFlags) {
  auto follow = followOf(flags);
  if (!follow || fstFlags > UINT16_MAX) {
    return std::unexpected(Errno::Inval);
  }
  auto times = timesFromFstflags(atim, mtim, static_cast<uint16_t>(fstFlags));
  if (!times) {
    return std::unexpected(times.error());
  }
  auto target = nameAt(s, m, fd, rights::kPathFilestatSetTimes, true, path, pathLen);
  if (!target) {
    return std::unexpected(target.error());
  }
  if (!*follow && !target->at.trailingSlash) {
    return checked(::utimensat(target->at.parent.get(), target->at.name.c_str(), times->data(),
                               AT_SYMLINK_NOFOLLOW));
  }
  // Following a final symlink is the sandbox's job: the kernel would follow it unconfined.
  auto text = *m.path(path, pathLen);
  auto object = s.sandbox.open(target->dir->host.get(), text, O_PATH, 0, true);
  if (!object) {
    return std::unexpected(object.error());
  }
  return setTimesOfFd(object->get(), *times);
}

R pathLink(State &s, GuestMemory &m, uint32_t oldFd, uint32_t oldFlags, uint32_t oldPath,
           uint32_t oldPathLen, uint32_t newFd, uint32_t newPath, uint32_t newPathLen) {
  auto follow = followOf(oldFlags);
  if (!follow) {
    return std::unexpected(follow.error());
  }
  auto from = nameAt(s, m, oldFd, rights::kPathLinkSource, true, oldPath, oldPathLen);
  if (!from) {
    return std::unexpected(from.error());
  }
  auto to = nameAt(s, m, newFd, rights::kPathLinkTarget, true, newPath, newPathLen);
  if (!to) {
    return std::unexpected(to.error());
  }
  if (from->at.trailingSlash) {
    // "name/" must be a directory (or a symlink to one), and directories cannot be linked.
    auto object = s.sandbox.open(from->dir->host.get(), *m.path(oldPath, oldPathLen),
                                 O_PATH | O_DIRECTORY, 0, true);
    return std::unexpected(object ? Errno::Perm : object.error());
  }
  if (to->at.trailingSlash) {
    return std::unexpected(slashedCreateError(to->at));
  }
  auto info = statName(from->at);
  if (*follow && info && S_ISLNK(info->st_mode)) {
    auto object =
        s.sandbox.open(from->dir->host.get(), *m.path(oldPath, oldPathLen), O_PATH, 0, true);
    if (!object) {
      return std::unexpected(object.error());
    }
    return linkFromFd(object->get(), to->at);
  }
  // Without AT_SYMLINK_FOLLOW, linkat links a symlink itself (also one swapped in meanwhile).
  return checked(::linkat(from->at.parent.get(), from->at.name.c_str(), to->at.parent.get(),
                          to->at.name.c_str(), 0));
}

R pathReadlink(State &s, GuestMemory &m, uint32_t fd, uint32_t path, uint32_t pathLen, uint32_t buf,
               uint32_t bufLen, uint32_t bufusedPtr) {
  auto target = nameAt(s, m, fd, rights::kPathReadlink, false, path, pathLen);
  if (!target) {
    return std::unexpected(target.error());
  }
  auto out = m.bytes(buf, bufLen);
  if (!out || !m.contains(bufusedPtr, sizeof(uint32_t))) {
    return std::unexpected(Errno::Fault);
  }
  if (target->at.trailingSlash) {
    // "link/" follows the link, and what it names then is a directory, not a symlink.
    auto object = s.sandbox.open(target->dir->host.get(), *m.path(path, pathLen),
                                 O_PATH | O_DIRECTORY, 0, true);
    return std::unexpected(object ? Errno::Inval : object.error());
  }
  std::array<char, PATH_MAX> link{};
  const ssize_t length =
      ::readlinkat(target->at.parent.get(), target->at.name.c_str(), link.data(), link.size());
  if (length < 0) {
    return lastHostError();
  }
  // As readlink(2) and wasmtime: a link longer than the buffer is cut short silently.
  const size_t copied = std::min(static_cast<size_t>(length), out->size());
  std::copy_n(link.begin(), copied, reinterpret_cast<char *>(out->data()));
  return m.store<uint32_t>(bufusedPtr, static_cast<uint32_t>(copied));
}

R pathRemoveDirectory(State &s, GuestMemory &m, uint32_t fd, uint32_t path, uint32_t pathLen) {
  auto target = nameAt(s, m, fd, rights::kPathRemoveDirectory, true, path, pathLen);
  if (!target) {
    return std::unexpected(target.error());
  }
  // rmdir("name/") and rmdir("name") agree (ENOTDIR for a symlink either way).
  return checked(::unlinkat(target->at.parent.get(), target->at.name.c_str(), AT_REMOVEDIR));
}

R pathRename(State &s, GuestMemory &m, uint32_t fd, uint32_t oldPath, uint32_t oldPathLen,
             uint32_t newFd, uint32_t newPath, uint32_t newPathLen) {
  auto from = nameAt(s, m, fd, rights::kPathRenameSource, true, oldPath, oldPathLen);
  if (!from) {
    return std::unexpected(from.error());
  }
  auto to = nameAt(s, m, newFd, rights::kPathRenameTarget, true, newPath, newPathLen);
  if (!to) {
    return std::unexpected(to.error());
  }
  if (from->at.trailingSlash || to->at.trailingSlash) {
    // rename(2): a trailing slash on either side needs the source to be a directory.
    auto info = statName(from->at);
    if (!info) {
      return std::unexpected(info.error());
    }
    if (!S_ISDIR(info->st_mode)) {
      return std::unexpected(Errno::NotDir);
    }
  }
  return checked(::renameat(from->at.parent.get(), from->at.name.c_str(), to->at.parent.get(),
                            to->at.name.c_str()));
}

R pathSymlink(State &s, GuestMemory &m, uint32_t oldPath, uint32_t oldPathLen, uint32_t fd,
              uint32_t newPath, uint32_t newPathLen) {
  auto linkTarget = m.path(oldPath, oldPathLen);
  if (!linkTarget) {
    return std::unexpected(linkTarget.error());
  }
  auto link = nameAt(s, m, fd, rights::kPathSymlink, true, newPath, newPathLen);
  if (!link) {
    return std::unexpected(link.error());
  }
  if (link->at.trailingSlash) {
    return std::unexpected(slashedCreateError(link->at));
  }
  // The target is stored as given: it is only ever resolved by the Sandbox, which confines it
  // when the link is followed.
  const std::string target(*linkTarget);
  return checked(::symlinkat(target.c_str(), link->at.parent.get(), link->at.name.c_str()));
}

R pathUnlinkFile(State &s, GuestMemory &m, uint32_t fd, uint32_t path, uint32_t pathLen) {
  auto target = nameAt(s, m, fd, rights::kPathUnlinkFile, true, path, pathLen);
  if (!target) {
    return std::unexpected(target.error());
  }
  if (target->at.trailingSlash) {
    // unlinkat(2) with "name/": EISDIR for a directory, ENOTDIR for anything else.
    auto info = statName(target->at);
    if (!info) {
      return std::unexpected(info.error());
    }
    return std::unexpected(S_ISDIR(info->st_mode) ? Errno::IsDir : Errno::NotDir);
  }
  return checked(::unlinkat(target->at.parent.get(), target->at.name.c_str(), 0));
}

} // namespace runw::engine::wasi::fn
