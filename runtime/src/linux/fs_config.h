// SPDX-License-Identifier: Apache-2.0
// runw's own filesystem configuration of a container: rootfs, mounts, devices, paths, sysctl.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace runw::runtime::fs {

/// A mount's options list split the way runc's specconv does (see mount_options.h).
struct MountOptions {
  unsigned long flags = 0;        ///< MS_* flags to pass to mount(2)
  unsigned long clearedFlags = 0; ///< MS_* flags an option explicitly turned off (rw, suid, ...)
  std::vector<unsigned long> propagation; ///< MS_PRIVATE, MS_SHARED|MS_REC, ... in option order
  uint64_t recAttrSet = 0;                ///< MOUNT_ATTR_* for mount_setattr(AT_RECURSIVE)
  uint64_t recAttrClr = 0;                ///< MOUNT_ATTR_* to clear recursively
  std::string data;                       ///< unknown options, comma-joined, for the filesystem
  bool tmpcopyup = false;                 ///< copy the directory's old content into the tmpfs
  bool idmap = false;                     ///< idmap/ridmap was asked for (not supported yet)
  bool operator==(const MountOptions &) const = default;
};

/// One entry of the mounts list.
struct MountEntry {
  std::string destination; ///< absolute path inside the container
  std::string type;        ///< filesystem type; "bind" or empty for bind mounts
  std::string source;      ///< host path for bind mounts, a free-form name otherwise
  MountOptions options;
  bool operator==(const MountEntry &) const = default;
};

/// One device node to create in the container (linux.devices or a default device).
struct DeviceNode {
  std::string path; ///< absolute path inside the container
  char type = 'c';  ///< c, u (unbuffered char), b or p (fifo)
  int64_t major = 0;
  int64_t minor = 0;
  uint32_t fileMode = 0666; ///< permission bits only
  uint32_t uid = 0;
  uint32_t gid = 0;
  bool operator==(const DeviceNode &) const = default;
};

/// The filesystem side of container setup, in runc's terms; built once from the OCI spec.
struct FsConfig {
  std::string rootfs;                ///< host path of the root filesystem (absolute)
  bool readonlyRoot = false;         ///< root.readonly
  unsigned long rootPropagation = 0; ///< rootfsPropagation as MS_* flags; 0 = runc's rslave
  std::vector<MountEntry> mounts;    ///< in config order
  std::vector<std::string> maskedPaths;
  std::vector<std::string> readonlyPaths;
  std::vector<DeviceNode> devices; ///< linux.devices; the default devices are always added
  std::optional<std::string> hostname;
  std::optional<std::string> domainname;
  std::map<std::string, std::string> sysctl;
  bool noPivot = false;       ///< --no-pivot: MS_MOVE + chroot instead of pivot_root
  bool userNamespace = false; ///< in a user namespace: bind host device nodes, never mknod
  bool operator==(const FsConfig &) const = default;
};

} // namespace runw::runtime::fs
