// SPDX-License-Identifier: Apache-2.0
// Which cgroup hierarchies this host mounts (v1, v2, hybrid) and where the caller sits in them.
#pragma once

#include "support/result.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runw::runtime::cgroups {

/// The cgroup setup of a host.
enum class HostMode {
  Legacy,  ///< only cgroup v1 hierarchies
  Hybrid,  ///< v1 controllers plus a cgroup2 mount (usually /sys/fs/cgroup/unified)
  Unified, ///< only cgroup2 (at /sys/fs/cgroup)
};

/// One line of /proc/self/mountinfo, the fields runw needs, octal escapes decoded.
struct MountInfoEntry {
  std::string root;         ///< the mount's root within its filesystem (field 4)
  std::string mountPoint;   ///< where it is mounted (field 5)
  std::string fsType;       ///< after the " - " separator
  std::string source;       ///< mount source
  std::string superOptions; ///< per-superblock options (the v1 controllers live here)
};

/// Parses mountinfo text (proc(5)); lines that do not parse are errors naming the line.
Result<std::vector<MountInfoEntry>> parseMountInfo(std::string_view text);

/// Decodes mountinfo's octal escapes ("\040" → ' ').
std::string unescapeMountField(std::string_view field);

/// Parses /proc/<pid>/cgroup: key "" for the v2 line (0::/path), otherwise each controller of
/// the v1 line ("cpu", "name=systemd"), all mapped to the cgroup path.
Result<std::map<std::string, std::string>> parseProcCgroup(std::string_view text);

/// One mounted cgroup hierarchy.
struct Hierarchy {
  std::string mountPoint; ///< e.g. /sys/fs/cgroup/memory
  std::string mountRoot;  ///< the hierarchy path shown at mountPoint (not "/" in a cgroupns)
  /// v1: the controllers from the mount options ("cpu", "cpuacct", "name=systemd");
  /// v2: the contents of cgroup.controllers at the root (filled by detectHost).
  std::vector<std::string> controllers;
  std::string ownPath; ///< the caller's cgroup in this hierarchy, from /proc/self/cgroup

  /// The directory of cgroup path (absolute within the hierarchy) on this mount, or nullopt
  /// when the path is outside what the mount shows.
  [[nodiscard]] std::optional<std::string> directoryOf(std::string_view cgroupPath) const;
  /// True when controller is in controllers.
  [[nodiscard]] bool has(std::string_view controller) const;
};

/// Every hierarchy of the host.
struct HostLayout {
  HostMode mode = HostMode::Unified; ///< the detected setup
  std::vector<Hierarchy> v1;         ///< one per v1 hierarchy (first mount of each)
  std::optional<Hierarchy> unified;  ///< the cgroup2 mount, if any

  /// The v1 hierarchy carrying controller, or nullptr.
  [[nodiscard]] const Hierarchy *v1For(std::string_view controller) const;
};

/// Builds the layout from mountinfo and /proc/self/cgroup text; unified->controllers stays
/// empty (it needs the filesystem). Errors when no cgroup filesystem is mounted.
Result<HostLayout> buildHostLayout(std::string_view mountInfo, std::string_view procCgroup);

/// buildHostLayout on this process's files, plus the unified root's cgroup.controllers.
Result<HostLayout> detectHost();

/// "legacy", "hybrid" or "unified", for messages and --debug.
std::string_view hostModeName(HostMode mode);

} // namespace runw::runtime::cgroups
