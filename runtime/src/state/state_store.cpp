// SPDX-License-Identifier: Apache-2.0
// StateStore: create/load/save/remove/list of container directories under the state root.
#include "state/state_store.h"

#include "state/container_id.h"
#include "state/fs_ops.h"

#include "support/scope_exit.h"
#include "support/strings.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::runtime::state {
namespace {

// Prefixes of directories that are being built or torn down. '~' is not allowed in an id,
// so these never collide with a container and list() skips them.
constexpr const char *kCreatingPrefix = "~creating~";
constexpr const char *kRemovingPrefix = "~removing~";
// Where save() writes before renaming over state.json; fixed, because saves are serialized
// by the exclusive lock and a leftover from a killed writer is simply overwritten.
constexpr const char *kStateTmpName = ".state.json.tmp";
// A record with a full seccomp profile in configJson is well under this.
constexpr size_t kMaxStateBytes = size_t{16} << 20;
// runc creates container directories 0711 so a container user can reach exec.fifo.
constexpr mode_t kContainerDirMode = 0711;
constexpr mode_t kStateFileMode = 0600;
// Bound on temporary-name collisions (only stale names of this pid can collide).
constexpr int kMaxTmpNames = 1000;

Result<void> flockExclusive(int fd) {
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      return failErrno("flock state root");
    }
  }
  return {};
}

// rename(2) that fails instead of replacing: plain renameat would silently replace an empty
// directory. Returns false when to exists.
Result<bool> renameNoReplace(int dirFd, const std::string &from, const std::string &to) {
  if (::renameat2(dirFd, from.c_str(), dirFd, to.c_str(), RENAME_NOREPLACE) == 0) {
    return true;
  }
  if (errno == EEXIST || errno == ENOTEMPTY) {
    return false;
  }
  if (errno != EINVAL && errno != ENOSYS) {
    return failErrno(strprintf("renaming {} to {}", from, to));
  }
  // A filesystem without RENAME_NOREPLACE: check, then rename. The caller holds the root
  // lock, so no other runw can create `to` in between.
  struct stat st {};
  if (::fstatat(dirFd, to.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    return false;
  }
  if (::renameat(dirFd, from.c_str(), dirFd, to.c_str()) != 0) {
    return failErrno(strprintf("renaming {} to {}", from, to));
  }
  return true;
}

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

Result<std::string> absolutePath(const std::string &path) {
  if (path.empty()) {
    return fail(ErrorCode::Invalid, "state root must not be empty");
  }
  if (path[0] == '/') {
    return std::string(path);
  }
  std::array<char, 4096> cwd{};
  if (::getcwd(cwd.data(), cwd.size()) == nullptr) {
    return failErrno("getcwd");
  }
  return strprintf("{}/{}", cwd.data(), path);
}

} // namespace

std::string containerNotExistMessage(std::string_view id) {
  return strprintf("container does not exist: {}", id);
}

Result<StateStore> StateStore::open(std::string root) {
  std::string absolute = TRY(absolutePath(root));
  while (absolute.size() > 1 && absolute.back() == '/') {
    absolute.pop_back();
  }
  UniqueFd fd = TRY(std::move(makeDirectories(absolute, 0700)).context("state root"));
  return StateStore(std::move(absolute), std::move(fd));
}

std::string StateStore::containerDir(std::string_view id) const {
  return strprintf("{}/{}", root_, id);
}

std::string StateStore::execFifoPath(std::string_view id) const {
  return strprintf("{}/{}/{}", root_, id, kExecFifoName);
}

Result<UniqueFd> StateStore::lockRoot() const {
  // A fresh open file description per call: flock is per description, so two StateStore
  // users in one process exclude each other like two processes do.
  UniqueFd fd(::openat(rootFd_.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) {
    return failErrno("opening state root");
  }
  TRY(flockExclusive(fd.get()));
  return fd;
}

Result<void> StateStore::collectGarbage() const {
  for (const std::string &name : TRY(listDirectory(rootFd_.get()))) {
    if (!startsWith(name, kCreatingPrefix) && !startsWith(name, kRemovingPrefix)) {
      continue;
    }
    // A live remover still holds the lock inside its directory; anything else here was left
    // by a runw that died, and its flock died with it.
    auto dir = openDirAt(rootFd_.get(), name);
    if (!dir) {
      continue;
    }
    UniqueFd lockFd(::openat(dir->get(), kLockFileName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (lockFd && ::flock(lockFd.get(), LOCK_EX | LOCK_NB) != 0) {
      continue;
    }
    // Best effort: a tree that cannot be removed now is retried by the next create.
    (void)removeTreeAt(rootFd_.get(), name);
  }
  return {};
}

Result<std::string> StateStore::buildContainerDir(const ContainerRecord &record, UniqueFd &dirFd,
                                                  UniqueFd &lockFd) const {
  std::string tmpName;
  for (int n = 0;; ++n) {
    if (n == kMaxTmpNames) {
      return fail(ErrorCode::Limit, "no free temporary name in the state root");
    }
    tmpName = strprintf("{}{}~{}.{}", kCreatingPrefix, record.id, ::getpid(), n);
    if (::mkdirat(rootFd_.get(), tmpName.c_str(), kContainerDirMode) == 0) {
      break;
    }
    if (errno != EEXIST) {
      return failErrno("creating container directory");
    }
  }
  ScopeExit cleanup([&] { (void)removeTreeAt(rootFd_.get(), tmpName); });
  dirFd = TRY(openDirAt(rootFd_.get(), tmpName));
  // Independent of the caller's umask: the container user must be able to reach exec.fifo.
  if (::fchmod(dirFd.get(), kContainerDirMode) != 0) {
    return failErrno("chmod container directory");
  }
  lockFd = UniqueFd(::openat(dirFd.get(), kLockFileName,
                             O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!lockFd) {
    return failErrno("creating container lock");
  }
  // Nobody else can know this file yet, so the exclusive lock is granted at once.
  if (::flock(lockFd.get(), LOCK_EX | LOCK_NB) != 0) {
    return failErrno("locking new container");
  }
  TRY(writeFileAtomicAt(dirFd.get(), kStateFileName, kStateTmpName, serializeRecord(record),
                        kStateFileMode));
  cleanup.dismiss();
  return tmpName;
}

Result<void> StateStore::publish(const std::string &tmpName, const std::string &id) const {
  if (!TRY(renameNoReplace(rootFd_.get(), tmpName, id))) {
    return fail(ErrorCode::Exists, strprintf("container with given ID already exists: {}", id));
  }
  return {};
}

Result<ContainerLock> StateStore::create(const ContainerRecord &record) const {
  TRY(validateContainerId(record.id));
  const UniqueFd rootLock = TRY(lockRoot());
  TRY(collectGarbage());
  struct stat st {};
  if (::fstatat(rootFd_.get(), record.id.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    return fail(ErrorCode::Exists,
                strprintf("container with given ID already exists: {}", record.id));
  }
  UniqueFd dirFd;
  UniqueFd lockFd;
  const std::string tmpName = TRY(buildContainerDir(record, dirFd, lockFd));
  ScopeExit cleanup([&] { (void)removeTreeAt(rootFd_.get(), tmpName); });
  TRY(publish(tmpName, record.id));
  cleanup.dismiss();
  return ContainerLock(record.id, LockMode::Exclusive, std::move(dirFd), std::move(lockFd));
}

Result<ContainerRecord> StateStore::load(std::string_view id) const {
  TRY(validateContainerId(id));
  auto dir = openDirAt(rootFd_.get(), std::string(id));
  if (!dir && dir.error().code == ErrorCode::NotFound) {
    return fail(ErrorCode::NotFound, containerNotExistMessage(id));
  }
  const UniqueFd dirFd = TRY(std::move(dir));
  auto text = readFileAt(dirFd.get(), kStateFileName, kMaxStateBytes);
  if (!text && text.error().code == ErrorCode::NotFound) {
    return fail(ErrorCode::NotFound, containerNotExistMessage(id));
  }
  const std::string json = TRY(std::move(text).context(strprintf("container {}", id)));
  ContainerRecord record = TRY(std::move(parseRecord(json)).context(strprintf("container {}", id)));
  if (record.id != id) {
    return fail(ErrorCode::Invalid,
                strprintf("container {}: state.json names container {}", id, record.id));
  }
  return record;
}

Result<void> StateStore::save(const ContainerLock &lock, const ContainerRecord &record) const {
  if (lock.mode() != LockMode::Exclusive || lock.id() != record.id) {
    return fail(ErrorCode::Internal,
                strprintf("saving container {} without its exclusive lock", record.id));
  }
  return std::move(writeFileAtomicAt(lock.dirFd(), kStateFileName, kStateTmpName,
                                     serializeRecord(record), kStateFileMode))
      .context(strprintf("saving container {}", record.id));
}

Result<void> StateStore::remove(ContainerLock &&lock) const {
  if (lock.mode() != LockMode::Exclusive) {
    return fail(ErrorCode::Internal,
                strprintf("removing container {} without its exclusive lock", lock.id()));
  }
  // Held until the tree is gone, so the GC of another create never races this removal.
  const ContainerLock held = std::move(lock);
  std::string tmpName;
  {
    const UniqueFd rootLock = TRY(lockRoot());
    for (int n = 0;; ++n) {
      if (n == kMaxTmpNames) {
        return fail(ErrorCode::Limit, "no free temporary name in the state root");
      }
      tmpName = strprintf("{}{}~{}.{}", kRemovingPrefix, held.id(), ::getpid(), n);
      if (TRY(renameNoReplace(rootFd_.get(), held.id(), tmpName))) {
        break;
      }
    }
  }
  return std::move(removeTreeAt(rootFd_.get(), tmpName))
      .context(strprintf("removing container {}", held.id()));
}

Result<std::vector<ContainerRecord>> StateStore::list() const {
  std::vector<ContainerRecord> records;
  for (const std::string &name : TRY(listDirectory(rootFd_.get()))) {
    if (!validateContainerId(name)) {
      continue;
    }
    struct stat st {};
    if (::fstatat(rootFd_.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISDIR(st.st_mode)) {
      continue;
    }
    auto record = load(name);
    if (record) {
      records.push_back(std::move(*record));
    }
  }
  std::sort(records.begin(), records.end(),
            [](const ContainerRecord &a, const ContainerRecord &b) { return a.id < b.id; });
  return records;
}

} // namespace runw::runtime::state
