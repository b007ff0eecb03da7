// SPDX-License-Identifier: Apache-2.0
// copyTree: the "tmpcopyup" copy of a directory's old content into the tmpfs mounted over it.
#include "linux/mounts.h"

#include "support/unique_fd.h"

#include <array>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::runtime::fs {
namespace {

Result<void> copyFile(int srcDir, int dstDir, const char *name, const struct stat &st) {
  UniqueFd in(::openat(srcDir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!in) {
    return failErrno(std::string("open ") + name);
  }
  UniqueFd out(::openat(dstDir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        st.st_mode & 07777));
  if (!out) {
    return failErrno(std::string("create ") + name);
  }
  std::array<char, 65536> buf{};
  for (;;) {
    const ssize_t got = ::read(in.get(), buf.data(), buf.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return failErrno(std::string("read ") + name);
    }
    if (got == 0) {
      break;
    }
    for (ssize_t done = 0; done < got;) {
      const ssize_t put = ::write(out.get(), buf.data() + done, static_cast<size_t>(got - done));
      if (put < 0 && errno != EINTR) {
        return failErrno(std::string("write ") + name);
      }
      done += put > 0 ? put : 0;
    }
  }
  return {};
}

Result<void> copyEntry(int srcDir, int dstDir, const char *name) {
  struct stat st {};
  if (::fstatat(srcDir, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return failErrno(std::string("stat ") + name);
  }
  if (S_ISDIR(st.st_mode)) {
    if (::mkdirat(dstDir, name, st.st_mode & 07777) != 0) {
      return failErrno(std::string("mkdir ") + name);
    }
    UniqueFd from(::openat(srcDir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    UniqueFd to(::openat(dstDir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!from || !to) {
      return failErrno(std::string("open directory ") + name);
    }
    TRY(copyTree(from.get(), to.get()));
  } else if (S_ISREG(st.st_mode)) {
    TRY(copyFile(srcDir, dstDir, name, st));
  } else if (S_ISLNK(st.st_mode)) {
    std::array<char, 4096> target{};
    const ssize_t len = ::readlinkat(srcDir, name, target.data(), target.size() - 1);
    if (len < 0 || ::symlinkat(target.data(), dstDir, name) != 0) {
      return failErrno(std::string("copy symlink ") + name);
    }
  } else if (::mknodat(dstDir, name, st.st_mode, st.st_rdev) != 0) {
    return failErrno(std::string("mknod ") + name);
  }
  if (::fchownat(dstDir, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0) {
    return failErrno(std::string("chown ") + name);
  }
  // The umask may have cut the mode given at creation; symlinks have no mode of their own.
  if (!S_ISLNK(st.st_mode) && ::fchmodat(dstDir, name, st.st_mode & 07777, 0) != 0) {
    return failErrno(std::string("chmod ") + name);
  }
  return {};
}

} // namespace

Result<void> copyTree(int srcDir, int dstDir) {
  // fdopendir takes ownership of its fd, so hand it a duplicate.
  const int dupFd = ::fcntl(srcDir, F_DUPFD_CLOEXEC, 0);
  if (dupFd < 0) {
    return failErrno("dup directory fd");
  }
  DIR *dir = ::fdopendir(dupFd);
  if (dir == nullptr) {
    const int err = errno;
    (void)::close(dupFd);
    return failErrno("fdopendir", err);
  }
  ::rewinddir(dir);
  Result<void> result;
  while (const dirent *entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name == "." || name == "..") {
      continue;
    }
    result = copyEntry(srcDir, dstDir, name.c_str());
    if (!result) {
      break;
    }
  }
  ::closedir(dir);
  if (!result) {
    return result;
  }
  // The tmpfs root takes the covered directory's mode and owner, as runc's copy does.
  struct stat st {};
  if (::fstat(srcDir, &st) != 0 || ::fchown(dstDir, st.st_uid, st.st_gid) != 0 ||
      ::fchmod(dstDir, st.st_mode & 07777) != 0) {
    return failErrno("copy directory mode and owner");
  }
  return {};
}

} // namespace runw::runtime::fs
