// SPDX-License-Identifier: Apache-2.0
// Sandbox: confined path resolution through openat2(2)'s RESOLVE_BENEATH where the kernel has
// it, and through the component walk (sandbox_walk.cpp) where it does not.
#include "sandbox.h"

#include "host_call.h"
#include "host_errno.h"
#include "sandbox_walk.h"

#include <cerrno>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <string>
#include <sys/syscall.h>
#include <unistd.h>

namespace runw::engine::wasi {

namespace {

/// RESOLVE_BENEATH fails with EAGAIN when a rename or mount raced with a `..`; after this many
/// tries the walk (which holds every directory it passes) resolves the path instead.
constexpr int kOpenat2Attempts = 8;

constexpr uint64_t kResolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;

/// openat2(dirFd, path, how); -1 with errno set on failure.
int openat2(int dirFd, const char *path, const open_how &how) {
  return static_cast<int>(
      retryOnEintr([&] { return ::syscall(SYS_openat2, dirFd, path, &how, sizeof(how)); }));
}

/// Whether the running kernel (and any seccomp filter) lets openat2 through.
bool openat2Works() {
  open_how how{};
  how.flags = static_cast<uint64_t>(O_PATH | O_DIRECTORY | O_CLOEXEC);
  how.resolve = kResolve;
  const int fd = openat2(AT_FDCWD, ".", how);
  if (fd >= 0) {
    (void)::close(fd);
    return true;
  }
  // ENOSYS: before Linux 5.6. EPERM: a seccomp profile that does not know the call.
  return errno != ENOSYS && errno != EPERM;
}

/// The checks both resolvers share: paths that name nothing beneath a directory.
WasiResult<void> checkRelative(std::string_view path) {
  if (path.empty()) {
    return std::unexpected(Errno::NoEnt);
  }
  if (path.front() == '/') {
    return std::unexpected(Errno::NotCapable);
  }
  // The kernel's limit, checked here too so the walk (which holds a descriptor per directory)
  // answers as openat2 does.
  if (path.size() >= PATH_MAX) {
    return std::unexpected(Errno::NameTooLong);
  }
  return {};
}

/// One openat2 beneath dirFd: EXDEV (the kernel's beneath check) is an escape.
WasiResult<UniqueFd> openBeneath(int dirFd, const std::string &path, int flags, mode_t mode) {
  open_how how{};
  how.flags = static_cast<uint64_t>(static_cast<unsigned>(flags));
  // openat2 refuses a mode unless the call may create a file.
  const bool creates = (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
  how.mode = creates ? mode : 0;
  how.resolve = kResolve;
  for (int attempt = 0; attempt < kOpenat2Attempts; ++attempt) {
    const int fd = openat2(dirFd, path.c_str(), how);
    if (fd >= 0) {
      return UniqueFd(fd);
    }
    if (errno == EXDEV) {
      return std::unexpected(Errno::NotCapable);
    }
    if (errno != EAGAIN) {
      return lastHostError();
    }
  }
  return std::unexpected(Errno::Again);
}

/// Where the last component of a relative path starts, once trailing slashes are dropped.
struct LastComponent {
  std::string_view prefix; ///< everything before it ("" for a single component)
  std::string_view name;
  bool trailingSlash = false;
};

LastComponent lastComponent(std::string_view path) {
  LastComponent out;
  const size_t end = path.find_last_not_of('/') + 1;
  out.trailingSlash = end < path.size();
  path = path.substr(0, end);
  const size_t slash = path.rfind('/');
  out.name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  out.prefix = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash + 1);
  return out;
}

} // namespace

Sandbox::Sandbox(bool forceComponentWalk) : useOpenat2_(!forceComponentWalk && openat2Works()) {}

WasiResult<UniqueFd> Sandbox::open(int dirFd, std::string_view path, int flags, mode_t mode,
                                   bool followFinal) const {
  if (auto ok = checkRelative(path); !ok) {
    return std::unexpected(ok.error());
  }
  if (!useOpenat2_) {
    return walkOpen(dirFd, path, flags, mode, followFinal);
  }
  // openat2 refuses O_PATH together with any flag but O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC.
  const int noctty = (flags & O_PATH) != 0 ? 0 : O_NOCTTY;
  const int hostFlags = flags | O_CLOEXEC | noctty | (followFinal ? 0 : O_NOFOLLOW);
  auto fd = openBeneath(dirFd, std::string(path), hostFlags, mode);
  if (!fd && fd.error() == Errno::Again) {
    return walkOpen(dirFd, path, flags, mode, followFinal);
  }
  return fd;
}

WasiResult<ParentAndName> Sandbox::parent(int dirFd, std::string_view path) const {
  if (auto ok = checkRelative(path); !ok) {
    return std::unexpected(ok.error());
  }
  if (!useOpenat2_) {
    return walkParent(dirFd, path);
  }
  const LastComponent last = lastComponent(path);
  const bool dots = last.name == "." || last.name == "..";
  // A last "." or ".." is resolved with the rest: the directory it names is the parent.
  std::string_view directory = dots ? path : last.prefix;
  if (directory.empty()) {
    directory = ".";
  }
  auto parentFd = openBeneath(dirFd, std::string(directory), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
  if (!parentFd && parentFd.error() == Errno::Again) {
    return walkParent(dirFd, path);
  }
  if (!parentFd) {
    return std::unexpected(parentFd.error());
  }
  return ParentAndName{std::move(*parentFd), dots ? std::string(".") : std::string(last.name),
                       last.trailingSlash};
}

} // namespace runw::engine::wasi
