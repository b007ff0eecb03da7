// SPDX-License-Identifier: Apache-2.0
// Path handling inside a rootfs that cannot escape it: lexical cleaning and openat2
// RESOLVE_IN_ROOT.
#include "linux/safe_path.h"

#include "support/strings.h"

#include <array>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <vector>

namespace runw::runtime::fs {

std::string cleanContainerPath(std::string_view path) {
  std::vector<std::string_view> parts;
  for (std::string_view part : split(path, '/')) {
    if (part.empty() || part == ".") {
      continue;
    }
    if (part == "..") {
      // ".." at the top stays at "/", as in the kernel's own lookup of "/..".
      if (!parts.empty()) {
        parts.pop_back();
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out = "/";
  out += join(parts, "/");
  return out;
}

std::string joinUnderRoot(std::string_view root, std::string_view path) {
  std::string out(root);
  while (out.size() > 1 && out.back() == '/') {
    out.pop_back();
  }
  const std::string clean = cleanContainerPath(path);
  if (clean == "/") {
    return out.empty() ? "/" : out;
  }
  return out == "/" ? clean : out + clean;
}

Result<UniqueFd> openInRoot(int rootFd, std::string_view path, int flags, uint64_t extraResolve) {
  const std::string clean = cleanContainerPath(path);
  // openat2 wants a relative path for "beneath rootFd"; "/" itself is ".".
  const std::string rel = clean == "/" ? "." : clean.substr(1);
  open_how how{};
  how.flags = static_cast<unsigned>(flags | O_CLOEXEC);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | extraResolve;
  for (;;) {
    const long fd = ::syscall(SYS_openat2, rootFd, rel.c_str(), &how, sizeof(how));
    if (fd >= 0) {
      return UniqueFd(static_cast<int>(fd));
    }
    // openat2 returns EAGAIN when a concurrent rename raced the ".." checks; retry.
    if (errno != EAGAIN && errno != EINTR) {
      return failErrno("open " + clean + " in rootfs");
    }
  }
}

Result<UniqueFd> mkdirAllInRoot(int rootFd, std::string_view path, mode_t mode) {
  const std::string clean = cleanContainerPath(path);
  UniqueFd current = TRY(openInRoot(rootFd, "/", O_PATH | O_DIRECTORY));
  std::string prefix;
  for (std::string_view part : split(clean, '/')) {
    if (part.empty()) {
      continue;
    }
    prefix += '/';
    prefix += part;
    auto next = openInRoot(rootFd, prefix, O_PATH | O_DIRECTORY);
    if (!next && next.error().sysErrno == ENOENT) {
      // Create the single component in the resolved parent: a dangling symlink here makes
      // mkdirat fail with EEXIST instead of following it.
      const std::string name(part);
      if (::mkdirat(current.get(), name.c_str(), mode) != 0 && errno != EEXIST) {
        return failErrno("mkdir " + prefix + " in rootfs");
      }
      next = openInRoot(rootFd, prefix, O_PATH | O_DIRECTORY);
    }
    current = TRY(std::move(next));
  }
  return current;
}

Result<UniqueFd> createFileInRoot(int rootFd, std::string_view path, mode_t mode) {
  const std::string clean = cleanContainerPath(path);
  if (auto existing = openInRoot(rootFd, clean, O_PATH); existing) {
    return existing;
  } else if (existing.error().sysErrno != ENOENT) {
    return std::unexpected(std::move(existing).error());
  }
  const size_t slash = clean.rfind('/');
  UniqueFd parent = TRY(mkdirAllInRoot(rootFd, clean.substr(0, slash), 0755));
  const std::string name = clean.substr(slash + 1);
  // O_NOFOLLOW|O_EXCL: never create through a symlink planted at the last component.
  const int fd = ::openat(parent.get(), name.c_str(),
                          O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0 && errno != EEXIST) {
    return failErrno("create " + clean + " in rootfs");
  }
  UniqueFd created(fd);
  return openInRoot(rootFd, clean, O_PATH);
}

std::string procFdPath(int fd) { return strprintf("/proc/self/fd/{}", fd); }

Result<void> checkFdUnderRoot(int fd, std::string_view hostRoot) {
  std::array<char, 4096> buf{};
  const std::string link = procFdPath(fd);
  const ssize_t len = ::readlink(link.c_str(), buf.data(), buf.size() - 1);
  if (len < 0) {
    return failErrno("readlink " + link);
  }
  const std::string_view target(buf.data(), static_cast<size_t>(len));
  const bool under = target == hostRoot || hostRoot == "/" ||
                     (target.starts_with(hostRoot) && target.size() > hostRoot.size() &&
                      target[hostRoot.size()] == '/');
  if (!under) {
    return fail(ErrorCode::Invalid,
                strprintf("mount target {} moved outside the rootfs {}", target, hostRoot));
  }
  return {};
}

} // namespace runw::runtime::fs
