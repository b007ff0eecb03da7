// SPDX-License-Identifier: Apache-2.0
// runw's own namespace configuration: which namespaces to create or join, id maps, time offsets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace runw::runtime::ns {

/// The namespace kinds of config-linux.md "Namespaces".
enum class NamespaceKind { Pid, Network, Mount, Ipc, Uts, User, Cgroup, Time };

/// One namespace of the container: a new one when path is empty, else the one at path (setns).
struct NamespaceEntry {
  NamespaceKind kind = NamespaceKind::Pid;
  std::optional<std::string> path; ///< absolute path of a namespace file to join
  bool operator==(const NamespaceEntry &) const = default;
};

/// One line of /proc/PID/uid_map or gid_map: `size` ids from containerId map to hostId.
struct IdMapRange {
  uint32_t containerId = 0;
  uint32_t hostId = 0;
  uint32_t size = 0;
  bool operator==(const IdMapRange &) const = default;
};

/// The offset of one clock in a new time namespace (time_namespaces(7)).
struct ClockOffset {
  int64_t secs = 0;
  uint32_t nanosecs = 0;
  bool operator==(const ClockOffset &) const = default;
};

/// Everything namespace-related the container init needs; built once from the OCI spec.
struct NamespaceConfig {
  std::vector<NamespaceEntry> namespaces;
  std::vector<IdMapRange> uidMappings; ///< written when a new user namespace is created
  std::vector<IdMapRange> gidMappings;
  std::optional<ClockOffset> monotonicOffset; ///< needs a new time namespace
  std::optional<ClockOffset> boottimeOffset;
  bool operator==(const NamespaceConfig &) const = default;
};

} // namespace runw::runtime::ns
