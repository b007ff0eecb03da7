// SPDX-License-Identifier: Apache-2.0
// The filesystem steps of container setup, in runc's order: validate, prepare, finalize.
#include "linux/rootfs.h"

#include "linux/devices.h"
#include "linux/mount_options.h"
#include "linux/mounts.h"
#include "linux/namespaces.h"
#include "linux/safe_path.h"
#include "linux/sysctl.h"

#include "support/strings.h"
#include "support/unique_fd.h"

#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace runw::runtime::fs {
namespace {

/// Undoes mountinfo's octal escapes ("\040" for a space).
std::string unescapeMountinfo(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size()) {
      const int value = (text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 + (text[i + 3] - '0');
      out += static_cast<char>(value);
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// pivot_root(2) fails when the new root's parent mount is shared; runc makes it private.
Result<void> makeParentMountPrivate(const std::string &rootfs) {
  std::ifstream info("/proc/self/mountinfo");
  if (!info) {
    return failErrno("open /proc/self/mountinfo");
  }
  const std::string parent = rootfs.substr(0, std::max<size_t>(rootfs.rfind('/'), 1));
  std::string best;
  bool bestShared = false;
  for (std::string line; std::getline(info, line);) {
    const auto fields = split(line, ' ');
    if (fields.size() < 7) {
      continue;
    }
    const std::string mountPoint = unescapeMountinfo(fields[4]);
    const bool covers = mountPoint == "/" || parent == mountPoint ||
                        (parent.starts_with(mountPoint) && parent[mountPoint.size()] == '/');
    if (covers && mountPoint.size() >= best.size()) {
      best = mountPoint;
      bestShared = false;
      // Optional fields run from index 6 to the "-" separator.
      for (size_t i = 6; i < fields.size() && fields[i] != "-"; ++i) {
        bestShared = bestShared || fields[i].starts_with("shared:");
      }
    }
  }
  if (bestShared && ::mount("", best.c_str(), nullptr, MS_PRIVATE, nullptr) != 0) {
    return failErrno("make " + best + " private");
  }
  return {};
}

/// runc's pivotRoot: pivot_root(".", ".") stacks the old root on top of the new one at "/";
/// detaching it (after making it rslave so the unmount does not reach the host) leaves only
/// the new root, without needing a directory for the old one.
Result<void> pivotRoot(const std::string &rootfs) {
  UniqueFd oldRoot(::open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC));
  UniqueFd newRoot(::open(rootfs.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC));
  if (!oldRoot || !newRoot) {
    return failErrno("open old or new root");
  }
  if (::fchdir(newRoot.get()) != 0) {
    return failErrno("chdir to rootfs");
  }
  if (::syscall(SYS_pivot_root, ".", ".") != 0) {
    return failErrno("pivot_root");
  }
  if (::fchdir(oldRoot.get()) != 0) {
    return failErrno("chdir to old root");
  }
  if (::mount("", ".", nullptr, MS_SLAVE | MS_REC, nullptr) != 0) {
    return failErrno("make old root rslave");
  }
  if (::umount2(".", MNT_DETACH) != 0) {
    return failErrno("detach old root");
  }
  if (::chdir("/") != 0) {
    return failErrno("chdir /");
  }
  return {};
}

/// --no-pivot: move the rootfs mount onto "/" and chroot into it (runc's msMoveRoot, without
/// its unmounting of host mounts outside the rootfs: they stay in this namespace, unreachable
/// from the chroot).
Result<void> moveRoot(const std::string &rootfs) {
  if (::chdir(rootfs.c_str()) != 0) {
    return failErrno("chdir to rootfs");
  }
  if (::mount(rootfs.c_str(), "/", nullptr, MS_MOVE, nullptr) != 0) {
    return failErrno("move rootfs onto /");
  }
  if (::chroot(".") != 0) {
    return failErrno("chroot");
  }
  if (::chdir("/") != 0) {
    return failErrno("chdir /");
  }
  return {};
}

Result<void> mountAll(const FsConfig &config, const std::string &rootfs) {
  UniqueFd rootFd(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!rootFd) {
    return failErrno("open rootfs " + rootfs);
  }
  const RootfsHandle root{rootFd.get(), rootfs};
  for (const auto &mount : config.mounts) {
    TRY(mountEntry(root, mount).context("mount " + cleanContainerPath(mount.destination)));
  }
  if (needsDevSetup(config)) {
    TRY(createDevices(rootFd.get(), devicesToCreate(config), config.userNamespace)
            .context("creating devices"));
    TRY(setupDevSymlinks(rootFd.get()));
  }
  return {};
}

} // namespace

Result<void> validateFsConfig(const FsConfig &config, const ns::NamespaceConfig &namespaces) {
  if (config.rootfs.empty() || config.rootfs.front() != '/') {
    return fail(ErrorCode::Invalid, "rootfs path must be absolute: \"" + config.rootfs + "\"");
  }
  if (!ns::hasNewNamespace(namespaces, ns::NamespaceKind::Mount)) {
    return fail(ErrorCode::Invalid, "setting up a rootfs needs a new mount namespace");
  }
  if ((config.hostname || config.domainname) &&
      !ns::hasNamespace(namespaces, ns::NamespaceKind::Uts)) {
    return fail(ErrorCode::Invalid,
                "unable to set hostname or domainname without a private UTS namespace");
  }
  TRY(validateSysctl(config.sysctl, namespaces));
  for (const auto &device : config.devices) {
    TRY(validateDevice(device));
  }
  for (const auto &mount : config.mounts) {
    if (mount.options.idmap) {
      return fail(ErrorCode::Unsupported,
                  "mount " + mount.destination + ": idmapped mounts are not supported");
    }
    // A bind of a procfs onto /proc is only known once the source can be inspected.
    const std::string dest = cleanContainerPath(mount.destination);
    if (dest != "/proc") {
      TRY(checkProcMount(dest, mount, false));
    }
  }
  for (const auto *paths : {&config.maskedPaths, &config.readonlyPaths}) {
    for (const auto &path : *paths) {
      if (path.empty() || path.front() != '/') {
        return fail(ErrorCode::Invalid, "masked/readonly path must be absolute: \"" + path + "\"");
      }
    }
  }
  return {};
}

Result<void> prepareRootfs(const FsConfig &config,
                           const std::function<Result<void>()> &beforePivot) {
  std::array<char, PATH_MAX> buf{};
  if (::realpath(config.rootfs.c_str(), buf.data()) == nullptr) {
    return failErrno("resolve rootfs " + config.rootfs);
  }
  const std::string rootfs = buf.data();
  const unsigned long propagation =
      config.rootPropagation != 0 ? config.rootPropagation : MS_SLAVE | MS_REC;
  if (::mount("", "/", nullptr, propagation, nullptr) != 0) {
    return failErrno("set propagation of /");
  }
  TRY(makeParentMountPrivate(rootfs));
  if (::mount(rootfs.c_str(), rootfs.c_str(), "bind", MS_BIND | MS_REC, nullptr) != 0) {
    return failErrno("bind rootfs onto itself");
  }
  TRY(mountAll(config, rootfs));
  if (beforePivot) {
    TRY(beforePivot());
  }
  TRY(config.noPivot ? moveRoot(rootfs) : pivotRoot(rootfs));
  // Only now: applied before the root change it would have changed the host-side mount.
  if (config.rootPropagation != 0 &&
      ::mount("", "/", nullptr, config.rootPropagation, nullptr) != 0) {
    return failErrno("set rootfsPropagation of the new /");
  }
  return {};
}

Result<void> makePathReadonly(const std::string &path) {
  if (::mount(path.c_str(), path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
    if (errno == ENOENT) {
      return {};
    }
    return failErrno("bind " + path);
  }
  struct statfs st {};
  if (::statfs(path.c_str(), &st) != 0) {
    return failErrno("statfs " + path);
  }
  const auto kept = static_cast<unsigned long>(st.f_flags) & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
  return remountBind(path, kept | MS_RDONLY).context("read-only " + path);
}

Result<void> maskPath(const std::string &path) {
  if (::mount("/dev/null", path.c_str(), nullptr, MS_BIND, nullptr) == 0 || errno == ENOENT) {
    return {};
  }
  if (errno != ENOTDIR) {
    return failErrno("mask " + path);
  }
  // mount(2) answers ENOTDIR when binding a file over a directory: hide it with an empty tmpfs.
  if (::mount("tmpfs", path.c_str(), "tmpfs", MS_RDONLY, nullptr) != 0) {
    return failErrno("mask directory " + path);
  }
  return {};
}

Result<void> finalizeRootfs(const FsConfig &config) {
  for (const auto &mount : config.mounts) {
    if (cleanContainerPath(mount.destination) == "/dev" && (mount.options.flags & MS_RDONLY) != 0) {
      TRY(remountBind("/dev", mount.options.flags).context("read-only /dev"));
    }
  }
  if (config.readonlyRoot) {
    TRY(remountBind("/", MS_RDONLY).context("read-only root"));
  }
  if (config.hostname && ::sethostname(config.hostname->data(), config.hostname->size()) != 0) {
    return failErrno("sethostname");
  }
  if (config.domainname &&
      ::setdomainname(config.domainname->data(), config.domainname->size()) != 0) {
    return failErrno("setdomainname");
  }
  TRY(writeSysctl(config.sysctl));
  for (const auto &path : config.readonlyPaths) {
    TRY(makePathReadonly(path));
  }
  for (const auto &path : config.maskedPaths) {
    TRY(maskPath(path));
  }
  return {};
}

} // namespace runw::runtime::fs
