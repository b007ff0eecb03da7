// SPDX-License-Identifier: Apache-2.0
// ContainerLock: flock(2) on <root>/<id>/lock, revalidated against removal and re-creation.
#include "state/container_lock.h"

#include "state/container_id.h"
#include "state/fs_ops.h"
#include "state/state_store.h"

#include "support/strings.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

namespace runw::runtime::state {
namespace {

// Each retry means the container was removed and re-created while this runw waited; a few
// rounds cover any real interleaving, and the bound turns a pathological loop into an error.
constexpr int kMaxAttempts = 16;

Result<bool> flockFd(int fd, LockMode mode, bool wait) {
  int operation = mode == LockMode::Exclusive ? LOCK_EX : LOCK_SH;
  if (!wait) {
    operation |= LOCK_NB;
  }
  while (::flock(fd, operation) != 0) {
    if (errno == EWOULDBLOCK && !wait) {
      return false;
    }
    if (errno != EINTR) {
      return failErrno("flock");
    }
  }
  return true;
}

// After the flock is granted, the lock file must still be the one at <root>/<id>/lock:
// a remover renames the directory away while holding the lock, so a waiter that wakes up
// holding a lock on a removed (or replaced) container must not act on it.
Result<bool> stillCurrent(int rootFd, std::string_view id, int lockFd) {
  struct stat held {};
  if (::fstat(lockFd, &held) != 0) {
    return failErrno("stat lock");
  }
  struct stat current {};
  const std::string path = strprintf("{}/{}", id, kLockFileName);
  if (::fstatat(rootFd, path.c_str(), &current, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return fail(ErrorCode::NotFound, containerNotExistMessage(id));
    }
    return failErrno("stat " + path);
  }
  return held.st_dev == current.st_dev && held.st_ino == current.st_ino;
}

} // namespace

Result<ContainerLock> ContainerLock::acquire(const StateStore &store, std::string_view id,
                                             LockMode mode) {
  std::optional<ContainerLock> lock = TRY(ContainerLock::lock(store, id, mode, true));
  if (!lock) {
    return fail(ErrorCode::Internal, "blocking flock returned busy");
  }
  return std::move(*lock);
}

Result<std::optional<ContainerLock>> ContainerLock::tryAcquire(const StateStore &store,
                                                               std::string_view id, LockMode mode) {
  return ContainerLock::lock(store, id, mode, false);
}

Result<std::optional<ContainerLock>>
ContainerLock::lock(const StateStore &store, std::string_view id, LockMode mode, bool wait) {
  TRY(validateContainerId(id));
  const std::string name(id);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    auto dir = openDirAt(store.rootFd(), name);
    if (!dir) {
      if (dir.error().code == ErrorCode::NotFound) {
        return fail(ErrorCode::NotFound, containerNotExistMessage(id));
      }
      return std::unexpected(std::move(dir).error());
    }
    UniqueFd lockFd(::openat(dir->get(), kLockFileName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!lockFd) {
      if (errno == ENOENT) {
        return fail(ErrorCode::NotFound, containerNotExistMessage(id));
      }
      return failErrno(strprintf("opening lock of container {}", id));
    }
    if (!TRY(flockFd(lockFd.get(), mode, wait))) {
      return std::optional<ContainerLock>();
    }
    if (TRY(stillCurrent(store.rootFd(), id, lockFd.get()))) {
      return std::optional<ContainerLock>(
          ContainerLock(name, mode, std::move(*dir), std::move(lockFd)));
    }
  }
  return fail(ErrorCode::Internal,
              strprintf("container {} was replaced {} times while locking it", id, kMaxAttempts));
}

} // namespace runw::runtime::state
