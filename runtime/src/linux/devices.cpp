// SPDX-License-Identifier: Apache-2.0
// Device nodes in the container's /dev: the default set, linux.devices, /dev symlinks and ptmx.
#include "linux/devices.h"

#include "linux/safe_path.h"

#include "support/scope_exit.h"
#include "support/strings.h"
#include "support/unique_fd.h"

#include <array>
#include <fcntl.h>
#include <string_view>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <utility>

namespace runw::runtime::fs {
namespace {

// The kernel's dev_t holds a 12-bit major and a 20-bit minor (MINORBITS in kdev_t.h).
constexpr int64_t kMaxMajor = (1 << 12) - 1;
constexpr int64_t kMaxMinor = (1 << 20) - 1;

mode_t fileTypeOf(char type) {
  switch (type) {
  case 'b':
    return S_IFBLK;
  case 'p':
    return S_IFIFO;
  default:
    return S_IFCHR;
  }
}

/// Splits a container path into an O_PATH fd of its (created) parent and the last component.
Result<std::pair<UniqueFd, std::string>> openParent(int rootFd, const std::string &path) {
  const std::string clean = cleanContainerPath(path);
  const size_t slash = clean.rfind('/');
  UniqueFd parent = TRY(mkdirAllInRoot(rootFd, clean.substr(0, slash), 0755));
  return std::pair{std::move(parent), clean.substr(slash + 1)};
}

Result<void> mknodDevice(int rootFd, const DeviceNode &device) {
  auto [parent, name] = TRY(openParent(rootFd, device.path));
  const dev_t dev =
      ::makedev(static_cast<unsigned>(device.major), static_cast<unsigned>(device.minor));
  const mode_t mode = fileTypeOf(device.type) | (device.fileMode & 07777);
  if (::mknodat(parent.get(), name.c_str(), mode, dev) != 0) {
    if (errno == EEXIST) {
      return {};
    }
    return failErrno("mknod " + device.path);
  }
  if (::fchownat(parent.get(), name.c_str(), device.uid, device.gid, AT_SYMLINK_NOFOLLOW) != 0) {
    return failErrno("chown " + device.path);
  }
  return {};
}

Result<void> bindDevice(int rootFd, const DeviceNode &device) {
  UniqueFd target = TRY(createFileInRoot(rootFd, device.path, 0666));
  const std::string source = cleanContainerPath(device.path);
  if (::mount(source.c_str(), procFdPath(target.get()).c_str(), "", MS_BIND, nullptr) != 0) {
    return failErrno("bind host " + source + " into the container");
  }
  return {};
}

Result<void> symlinkIfAbsent(int dirFd, const char *target, const char *name) {
  if (::symlinkat(target, dirFd, name) != 0 && errno != EEXIST) {
    return failErrno(strprintf("symlink /dev/{} -> {}", name, target));
  }
  return {};
}

} // namespace

Result<void> validateDevice(const DeviceNode &device) {
  const std::string where = "device " + device.path;
  if (device.path.empty() || device.path.front() != '/' ||
      cleanContainerPath(device.path) != device.path) {
    return fail(ErrorCode::Invalid, where + ": path must be absolute and clean");
  }
  if (device.path == "/" || device.path == "/dev") {
    return fail(ErrorCode::Invalid, where + ": not a device path");
  }
  if (device.type != 'c' && device.type != 'u' && device.type != 'b' && device.type != 'p') {
    return fail(ErrorCode::Invalid, strprintf("{}: unknown type '{}'", where, device.type));
  }
  if (device.type != 'p' && (device.major < 0 || device.major > kMaxMajor || device.minor < 0 ||
                             device.minor > kMaxMinor)) {
    return fail(ErrorCode::Invalid,
                strprintf("{}: major/minor {}:{} out of range", where, device.major, device.minor));
  }
  if ((device.fileMode & ~07777U) != 0) {
    return fail(ErrorCode::Invalid, strprintf("{}: fileMode {:#o} has more than permission bits",
                                              where, device.fileMode));
  }
  return {};
}

std::vector<DeviceNode> defaultDevices() {
  return {
      {"/dev/null", 'c', 1, 3, 0666, 0, 0},    {"/dev/zero", 'c', 1, 5, 0666, 0, 0},
      {"/dev/full", 'c', 1, 7, 0666, 0, 0},    {"/dev/random", 'c', 1, 8, 0666, 0, 0},
      {"/dev/urandom", 'c', 1, 9, 0666, 0, 0}, {"/dev/tty", 'c', 5, 0, 0666, 0, 0},
  };
}

std::vector<DeviceNode> devicesToCreate(const FsConfig &config) {
  std::vector<DeviceNode> out;
  for (auto &def : defaultDevices()) {
    bool overridden = false;
    for (const auto &dev : config.devices) {
      overridden = overridden || cleanContainerPath(dev.path) == def.path;
    }
    if (!overridden) {
      out.push_back(std::move(def));
    }
  }
  out.insert(out.end(), config.devices.begin(), config.devices.end());
  return out;
}

bool needsDevSetup(const FsConfig &config) {
  for (const auto &mount : config.mounts) {
    if (cleanContainerPath(mount.destination) == "/dev" && (mount.options.flags & MS_BIND) != 0) {
      return false;
    }
    if (cleanContainerPath(mount.destination) == "/dev" && mount.type == "bind") {
      return false;
    }
  }
  return true;
}

Result<void> createDevices(int rootFd, const std::vector<DeviceNode> &devices, bool bindFromHost) {
  // The node modes are exact, as the config gives them; the process umask must not cut them.
  const mode_t oldMask = ::umask(0);
  ScopeExit restoreMask([oldMask] { ::umask(oldMask); });
  for (const auto &device : devices) {
    TRY(validateDevice(device));
    if (bindFromHost) {
      TRY(bindDevice(rootFd, device));
    } else {
      TRY(mknodDevice(rootFd, device));
    }
  }
  return {};
}

Result<void> setupDevSymlinks(int rootFd) {
  UniqueFd dev = TRY(mkdirAllInRoot(rootFd, "/dev", 0755));
  constexpr std::array<std::pair<const char *, const char *>, 4> kLinks = {{
      {"/proc/self/fd", "fd"},
      {"/proc/self/fd/0", "stdin"},
      {"/proc/self/fd/1", "stdout"},
      {"/proc/self/fd/2", "stderr"},
  }};
  for (const auto &[target, name] : kLinks) {
    TRY(symlinkIfAbsent(dev.get(), target, name));
  }
  if (::access("/proc/kcore", F_OK) == 0) {
    TRY(symlinkIfAbsent(dev.get(), "/proc/kcore", "core"));
  }
  // The container's pty master must come from its own devpts instance (mounted newinstance
  // at /dev/pts), not from a host /dev/ptmx node.
  if (::unlinkat(dev.get(), "ptmx", 0) != 0 && errno != ENOENT) {
    return failErrno("remove /dev/ptmx");
  }
  if (::symlinkat("pts/ptmx", dev.get(), "ptmx") != 0) {
    return failErrno("symlink /dev/ptmx -> pts/ptmx");
  }
  return {};
}

} // namespace runw::runtime::fs
