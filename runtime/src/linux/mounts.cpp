// SPDX-License-Identifier: Apache-2.0
// Performing one configured mount beneath the rootfs, and the remount helpers runc uses.
#include "linux/mounts.h"

#include "linux/mount_options.h"
#include "linux/safe_path.h"

#include "support/strings.h"
#include "support/unique_fd.h"

#include <array>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace runw::runtime::fs {
namespace {

// The files below /proc that may be mounted over (runc: entries that lxcfs emulates).
constexpr std::array<std::string_view, 11> kProcMountWhitelist = {"/proc/cpuinfo",
                                                                  "/proc/diskstats",
                                                                  "/proc/meminfo",
                                                                  "/proc/stat",
                                                                  "/proc/swaps",
                                                                  "/proc/uptime",
                                                                  "/proc/loadavg",
                                                                  "/proc/slabinfo",
                                                                  "/proc/net/dev",
                                                                  "/proc/sys/kernel/ns_last_pid",
                                                                  "/proc/sys/crypto/fips_enabled"};

// What a bind remount may change; anything beyond MS_REC/MS_REMOUNT/MS_BIND needs a remount.
constexpr unsigned long kRemountableFlags =
    MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_MANDLOCK | MS_DIRSYNC |
    MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME | MS_NOSYMFOLLOW;

bool fsTypeIs(const std::string &path, int64_t magic) {
  struct statfs st {};
  return ::statfs(path.c_str(), &st) == 0 && static_cast<int64_t>(st.f_type) == magic;
}

/// The container path of an fd opened beneath the rootfs, checking it is still inside.
Result<std::string> containerPathOf(int fd, const RootfsHandle &root) {
  TRY(checkFdUnderRoot(fd, root.hostPath));
  std::array<char, 4096> buf{};
  const ssize_t len = ::readlink(procFdPath(fd).c_str(), buf.data(), buf.size() - 1);
  if (len < 0) {
    return failErrno("readlink " + procFdPath(fd));
  }
  std::string_view host(buf.data(), static_cast<size_t>(len));
  host.remove_prefix(root.hostPath == "/" ? 0 : root.hostPath.size());
  return host.empty() ? std::string("/") : std::string(host);
}

/// Opens (creating as needed) the mount target of `mount` beneath the rootfs.
Result<UniqueFd> openTarget(const RootfsHandle &root, const MountEntry &mount,
                            const std::string &dest) {
  if (isBindMount(mount)) {
    struct stat st {};
    if (::stat(mount.source.c_str(), &st) != 0) {
      return failErrno("bind source " + mount.source);
    }
    if (!S_ISDIR(st.st_mode)) {
      return createFileInRoot(root.fd, dest, 0755);
    }
    return mkdirAllInRoot(root.fd, dest, 0755);
  }
  if (mount.type == "proc" || mount.type == "sysfs") {
    // runc: these must go on an ordinary directory, never through a symlink.
    auto fd = openInRoot(root.fd, dest, O_PATH | O_DIRECTORY, RESOLVE_NO_SYMLINKS);
    if (!fd && fd.error().sysErrno == ENOENT) {
      TRY(mkdirAllInRoot(root.fd, dest, 0755));
      fd = openInRoot(root.fd, dest, O_PATH | O_DIRECTORY, RESOLVE_NO_SYMLINKS);
    }
    return fd;
  }
  return mkdirAllInRoot(root.fd, dest, 0755);
}

/// Re-resolves the destination after mounting: the earlier fd still names the covered
/// directory, and remounts must reach the new mount on top of it.
Result<UniqueFd> reopenMounted(const RootfsHandle &root, const std::string &dest) {
  UniqueFd fd = TRY(openInRoot(root.fd, dest, O_PATH));
  TRY(checkFdUnderRoot(fd.get(), root.hostPath));
  return fd;
}

/// Propagation options, then the recursive mount_setattr attributes.
Result<void> applyPropagationAndAttrs(int fd, const MountOptions &options) {
  const std::string target = procFdPath(fd);
  for (unsigned long flags : options.propagation) {
    if (::mount("", target.c_str(), nullptr, flags, nullptr) != 0) {
      return failErrno("set mount propagation");
    }
  }
  if (options.recAttrSet != 0 || options.recAttrClr != 0) {
    mount_attr attr{};
    attr.attr_set = options.recAttrSet;
    attr.attr_clr = options.recAttrClr;
    if (::mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) != 0) {
      return failErrno("mount_setattr (recursive options)");
    }
  }
  return {};
}

uint64_t attrsFromFlags(unsigned long flags) {
  uint64_t attr = 0;
  attr |= (flags & MS_RDONLY) != 0 ? MOUNT_ATTR_RDONLY : 0;
  attr |= (flags & MS_NOSUID) != 0 ? MOUNT_ATTR_NOSUID : 0;
  attr |= (flags & MS_NODEV) != 0 ? MOUNT_ATTR_NODEV : 0;
  attr |= (flags & MS_NOEXEC) != 0 ? MOUNT_ATTR_NOEXEC : 0;
  return attr;
}

/// type "cgroup": a cgroup2 mount on a pure v2 host; otherwise (v1 or hybrid, or cgroup2 refused
/// outside a cgroup namespace) a recursive bind of the host's /sys/fs/cgroup, with ro, nosuid,
/// nodev and noexec applied recursively. runc instead builds a tmpfs with one bind per v1
/// hierarchy of the container's own cgroup.
Result<void> mountCgroup(const RootfsHandle &root, const MountEntry &mount,
                         const std::string &dest) {
  UniqueFd target = TRY(mkdirAllInRoot(root.fd, dest, 0755));
  const unsigned long flags = mount.options.flags & ~static_cast<unsigned long>(MS_BIND | MS_REC);
  if (fsTypeIs("/sys/fs/cgroup", CGROUP2_SUPER_MAGIC)) {
    if (::mount("cgroup2", procFdPath(target.get()).c_str(), "cgroup2", flags,
                mount.options.data.empty() ? nullptr : mount.options.data.c_str()) == 0) {
      UniqueFd mounted = TRY(reopenMounted(root, dest));
      return applyPropagationAndAttrs(mounted.get(), mount.options);
    }
    if (errno != EPERM && errno != EBUSY) {
      return failErrno("mount cgroup2");
    }
  }
  if (::mount("/sys/fs/cgroup", procFdPath(target.get()).c_str(), nullptr, MS_BIND | MS_REC,
              nullptr) != 0) {
    return failErrno("bind /sys/fs/cgroup");
  }
  UniqueFd mounted = TRY(reopenMounted(root, dest));
  if (const uint64_t attr = attrsFromFlags(flags); attr != 0) {
    mount_attr setattr{};
    setattr.attr_set = attr;
    if (::mount_setattr(mounted.get(), "", AT_EMPTY_PATH | AT_RECURSIVE, &setattr,
                        sizeof(setattr)) != 0) {
      return failErrno("make the cgroup mount read-only");
    }
  }
  return applyPropagationAndAttrs(mounted.get(), mount.options);
}

/// mount(2) of the entry onto target, with tmpcopyup's copy when asked for.
Result<void> doMount(const RootfsHandle &root, const MountEntry &mount, const std::string &dest,
                     int target) {
  unsigned long flags = mount.options.flags;
  if (dest == "/dev") {
    flags &= ~static_cast<unsigned long>(MS_RDONLY);
  }
  const bool copyUp = mount.options.tmpcopyup && mount.type == "tmpfs";
  UniqueFd oldContent;
  if (copyUp) {
    // An fd opened before the mount keeps naming the covered directory and its entries.
    oldContent.reset(::openat(target, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!oldContent) {
      return failErrno("open " + dest + " for tmpcopyup");
    }
    flags &= ~static_cast<unsigned long>(MS_RDONLY);
  }
  const std::string source = mount.source.empty() ? mount.type : mount.source;
  const char *data = mount.options.data.empty() ? nullptr : mount.options.data.c_str();
  const char *type = isBindMount(mount) ? nullptr : mount.type.c_str();
  if (::mount(source.c_str(), procFdPath(target).c_str(), type, flags, data) != 0) {
    return failErrno("mount " + source + " (" + mount.type + ")");
  }
  if (copyUp) {
    UniqueFd mounted = TRY(reopenMounted(root, dest));
    UniqueFd newDir(::openat(mounted.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!newDir) {
      return failErrno("open the new tmpfs at " + dest);
    }
    TRY(copyTree(oldContent.get(), newDir.get()).context("tmpcopyup " + dest));
    if ((mount.options.flags & MS_RDONLY) != 0 &&
        ::mount("", procFdPath(mounted.get()).c_str(), nullptr, mount.options.flags | MS_REMOUNT,
                data) != 0) {
      return failErrno("remount " + dest + " read-only");
    }
  }
  return {};
}

} // namespace

Result<void> checkProcMount(std::string_view destination, const MountEntry &mount,
                            bool sourceIsProc) {
  if (destination == "/proc") {
    if (isBindMount(mount) && !sourceIsProc) {
      return fail(ErrorCode::Invalid, "/proc can only be bind-mounted from a procfs");
    }
    return {};
  }
  if (!destination.starts_with("/proc/")) {
    return {};
  }
  for (std::string_view allowed : kProcMountWhitelist) {
    if (destination == allowed) {
      return {};
    }
  }
  return fail(ErrorCode::Invalid,
              strprintf("\"{}\" cannot be mounted because it is inside /proc", destination));
}

Result<void> remountBind(const std::string &path, unsigned long flags) {
  const unsigned long base = (flags & kRemountableFlags) | MS_BIND | MS_REMOUNT;
  if (::mount("", path.c_str(), nullptr, base, nullptr) == 0) {
    return {};
  }
  if (errno != EPERM) {
    return failErrno("bind remount");
  }
  // Flags locked by a less privileged user namespace must be repeated (mount_namespaces(7)).
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) {
    return failErrno("statvfs " + path);
  }
  unsigned long locked = 0;
  locked |= (st.f_flag & ST_NOSUID) != 0 ? MS_NOSUID : 0;
  locked |= (st.f_flag & ST_NODEV) != 0 ? MS_NODEV : 0;
  locked |= (st.f_flag & ST_NOEXEC) != 0 ? MS_NOEXEC : 0;
  locked |= (st.f_flag & ST_NOATIME) != 0 ? MS_NOATIME : 0;
  locked |= (st.f_flag & ST_NODIRATIME) != 0 ? MS_NODIRATIME : 0;
  locked |= (st.f_flag & ST_RELATIME) != 0 ? MS_RELATIME : 0;
  locked |= (st.f_flag & ST_RDONLY) != 0 ? MS_RDONLY : 0;
  if (::mount("", path.c_str(), nullptr, base | locked, nullptr) != 0) {
    return failErrno("bind remount (with locked flags)");
  }
  return {};
}

Result<void> mountEntry(const RootfsHandle &root, const MountEntry &mount) {
  if (mount.options.idmap) {
    return fail(ErrorCode::Unsupported, "idmapped mounts are not supported");
  }
  const std::string dest = cleanContainerPath(mount.destination);
  const bool sourceIsProc = isBindMount(mount) && fsTypeIs(mount.source, PROC_SUPER_MAGIC);
  TRY(checkProcMount(dest, mount, sourceIsProc));
  if (mount.type == "cgroup") {
    return mountCgroup(root, mount, dest);
  }
  UniqueFd target = TRY(openTarget(root, mount, dest));
  // Symlinks inside the rootfs may have led somewhere else than dest: check where, again.
  const std::string resolved = TRY(containerPathOf(target.get(), root));
  TRY(checkProcMount(resolved, mount, sourceIsProc));
  TRY(doMount(root, mount, dest, target.get()));
  UniqueFd mounted = TRY(reopenMounted(root, dest));
  if (isBindMount(mount) && (mount.options.flags & kRemountableFlags) != 0) {
    unsigned long flags = mount.options.flags;
    if (dest == "/dev") {
      flags &= ~static_cast<unsigned long>(MS_RDONLY);
    }
    TRY(remountBind(procFdPath(mounted.get()), flags));
  }
  return applyPropagationAndAttrs(mounted.get(), mount.options);
}

} // namespace runw::runtime::fs
