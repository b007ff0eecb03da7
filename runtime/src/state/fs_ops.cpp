// SPDX-License-Identifier: Apache-2.0
// Directory-fd file operations for the state dir (openat/renameat/unlinkat, no path walks).
#include "state/fs_ops.h"

#include "support/scope_exit.h"
#include "support/strings.h"

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::runtime::state {
namespace {

// The state dir holds one level of container dirs with flat contents; anything deeper than
// this is not ours, and the bound keeps the recursion small.
constexpr int kMaxRemoveDepth = 32;

Result<void> writeAll(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t wrote = ::write(fd, content.data(), content.size());
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote < 0) {
      return failErrno("write");
    }
    content.remove_prefix(static_cast<size_t>(wrote));
  }
  return {};
}

Result<void> removeContents(int dirFd, dev_t device, int depth) {
  if (depth > kMaxRemoveDepth) {
    return fail(ErrorCode::Limit, "directory tree too deep to remove");
  }
  for (const std::string &name : TRY(listDirectory(dirFd))) {
    // unlinkat without AT_REMOVEDIR removes files, fifos, sockets and symlinks themselves;
    // a directory answers EISDIR (Linux) and is emptied first.
    if (::unlinkat(dirFd, name.c_str(), 0) == 0 || errno == ENOENT) {
      continue;
    }
    if (errno != EISDIR) {
      return failErrno("removing " + name);
    }
    UniqueFd sub = TRY(std::move(openDirAt(dirFd, name)).context("removing " + name));
    struct stat st {};
    if (::fstat(sub.get(), &st) != 0) {
      return failErrno("stat " + name);
    }
    if (st.st_dev != device) {
      return fail(ErrorCode::Invalid, strprintf("refusing to remove {}: another filesystem "
                                                "is mounted there",
                                                name));
    }
    TRY(std::move(removeContents(sub.get(), device, depth + 1)).context(name));
    if (::unlinkat(dirFd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) {
      return failErrno("removing directory " + name);
    }
  }
  return {};
}

} // namespace

Result<UniqueFd> openDirAt(int dirFd, const std::string &name) {
  UniqueFd fd(::openat(dirFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP) {
      return fail(ErrorCode::NotFound, strprintf("{}: not a directory", name));
    }
    return failErrno("opening directory " + name);
  }
  return fd;
}

Result<UniqueFd> makeDirectories(const std::string &path, mode_t mode) {
  if (path.empty()) {
    return fail(ErrorCode::Invalid, "empty directory path");
  }
  for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    const std::string prefix = path.substr(0, slash);
    if (::mkdir(prefix.c_str(), mode) != 0 && errno != EEXIST) {
      return failErrno("creating directory " + prefix);
    }
    if (slash == std::string::npos) {
      break;
    }
  }
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) {
    return failErrno("opening directory " + path);
  }
  return fd;
}

Result<void> writeFileAtomicAt(int dirFd, const std::string &name, const std::string &tmpName,
                               std::string_view content, mode_t mode) {
  // A leftover from a writer killed mid-way is garbage; callers serialize writers.
  if (::unlinkat(dirFd, tmpName.c_str(), 0) != 0 && errno != ENOENT) {
    return failErrno("removing stale " + tmpName);
  }
  UniqueFd fd(
      ::openat(dirFd, tmpName.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
  if (!fd) {
    return failErrno("creating " + tmpName);
  }
  ScopeExit removeTmp([&] { (void)::unlinkat(dirFd, tmpName.c_str(), 0); });
  TRY(std::move(writeAll(fd.get(), content)).context("writing " + tmpName));
  fd.reset();
  if (::renameat(dirFd, tmpName.c_str(), dirFd, name.c_str()) != 0) {
    return failErrno(strprintf("renaming {} to {}", tmpName, name));
  }
  removeTmp.dismiss();
  // No fsync: the rename is atomic for every reader and against a killed writer, which is what
  // state needs; durability across power loss is not, because the state root lives on a tmpfs
  // (/run) that a reboot empties anyway. runc does not fsync either, and on a disk-backed root
  // each fsync cost 3-5 ms of wall time per save (bench/startup).
  return {};
}

Result<std::string> readFileAt(int dirFd, const std::string &name, size_t maxBytes) {
  UniqueFd fd(::openat(dirFd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) {
      return fail(ErrorCode::NotFound, name + " does not exist");
    }
    return failErrno("opening " + name);
  }
  std::string out;
  char buffer[8192];
  for (;;) {
    const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return failErrno("reading " + name);
    }
    if (got == 0) {
      return out;
    }
    out.append(buffer, static_cast<size_t>(got));
    if (out.size() > maxBytes) {
      return fail(ErrorCode::Limit, strprintf("{} is larger than {} bytes", name, maxBytes));
    }
  }
}

Result<void> removeTreeAt(int dirFd, const std::string &name) {
  if (::unlinkat(dirFd, name.c_str(), 0) == 0 || errno == ENOENT) {
    return {};
  }
  if (errno != EISDIR) {
    return failErrno("removing " + name);
  }
  UniqueFd sub = TRY(openDirAt(dirFd, name));
  struct stat st {};
  if (::fstat(sub.get(), &st) != 0) {
    return failErrno("stat " + name);
  }
  TRY(std::move(removeContents(sub.get(), st.st_dev, 0)).context("removing " + name));
  if (::unlinkat(dirFd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) {
    return failErrno("removing directory " + name);
  }
  return {};
}

Result<std::vector<std::string>> listDirectory(int dirFd) {
  // fdopendir takes ownership of its fd, so it gets a duplicate; the offset is shared, hence
  // the rewind.
  const int dupFd = ::fcntl(dirFd, F_DUPFD_CLOEXEC, 0);
  if (dupFd < 0) {
    return failErrno("dup directory fd");
  }
  DIR *dir = ::fdopendir(dupFd);
  if (dir == nullptr) {
    const int err = errno;
    (void)::close(dupFd);
    return failErrno("fdopendir", err);
  }
  ScopeExit closeDir([&] { (void)::closedir(dir); });
  ::rewinddir(dir);
  std::vector<std::string> names;
  for (;;) {
    errno = 0;
    const dirent *entry = ::readdir(dir);
    if (entry == nullptr) {
      if (errno != 0) {
        return failErrno("readdir");
      }
      return names;
    }
    const std::string_view entryName = entry->d_name;
    if (entryName != "." && entryName != "..") {
      names.emplace_back(entryName);
    }
  }
}

} // namespace runw::runtime::state
