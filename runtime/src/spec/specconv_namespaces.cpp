// SPDX-License-Identifier: Apache-2.0
// linux.namespaces, id mappings and time offsets → ns::NamespaceConfig.
#include "linux/namespaces.h"
#include "spec/specconv_parts.h"

#include "support/strings.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace runw::runtime::specconv {
namespace {

std::optional<ns::NamespaceKind> kindOf(oci::NamespaceType type) {
  switch (type) {
  case oci::NamespaceType::Pid:
    return ns::NamespaceKind::Pid;
  case oci::NamespaceType::Network:
    return ns::NamespaceKind::Network;
  case oci::NamespaceType::Mount:
    return ns::NamespaceKind::Mount;
  case oci::NamespaceType::Ipc:
    return ns::NamespaceKind::Ipc;
  case oci::NamespaceType::Uts:
    return ns::NamespaceKind::Uts;
  case oci::NamespaceType::User:
    return ns::NamespaceKind::User;
  case oci::NamespaceType::Cgroup:
    return ns::NamespaceKind::Cgroup;
  case oci::NamespaceType::Time:
    return ns::NamespaceKind::Time;
  }
  return std::nullopt;
}

std::vector<ns::IdMapRange>
convertIdMappings(const std::optional<std::vector<oci::IdMapping>> &in) {
  std::vector<ns::IdMapRange> out;
  if (in) {
    for (const oci::IdMapping &m : *in) {
      out.push_back(ns::IdMapRange{m.containerId, m.hostId, m.size});
    }
  }
  return out;
}

Result<void> convertTimeOffsets(const std::map<std::string, oci::TimeOffset> &offsets,
                                ns::NamespaceConfig &out) {
  for (const auto &[clock, offset] : offsets) {
    const ns::ClockOffset value{offset.secs.value_or(0), offset.nanosecs.value_or(0)};
    if (clock == "monotonic") {
      out.monotonicOffset = value;
    } else if (clock == "boottime") {
      out.boottimeOffset = value;
    } else {
      return invalidAt(strprintf("linux.timeOffsets.{}", clock),
                       "unknown clock (expected monotonic or boottime)");
    }
  }
  return {};
}

} // namespace

Result<ns::NamespaceConfig> convertNamespaces(const oci::Linux &linux,
                                              std::vector<std::string> &warnings) {
  ns::NamespaceConfig out;
  if (linux.namespaces) {
    for (size_t i = 0; i < linux.namespaces->size(); ++i) {
      const oci::Namespace &entry = (*linux.namespaces)[i];
      const std::optional<ns::NamespaceKind> kind = kindOf(entry.type);
      if (!kind) {
        return invalidAt(strprintf("linux.namespaces[{}].type", i),
                         strprintf("unknown namespace \"{}\"", static_cast<int>(entry.type)));
      }
      // runtime-spec: an absent or empty path asks for a new namespace.
      std::optional<std::string> path;
      if (entry.path && !entry.path->empty()) {
        path = *entry.path;
      }
      out.namespaces.push_back(ns::NamespaceEntry{*kind, std::move(path)});
    }
  }
  const bool hasMappings = (linux.uidMappings && !linux.uidMappings->empty()) ||
                           (linux.gidMappings && !linux.gidMappings->empty());
  if (ns::hasNamespace(out, ns::NamespaceKind::User)) {
    out.uidMappings = convertIdMappings(linux.uidMappings);
    out.gidMappings = convertIdMappings(linux.gidMappings);
  } else if (hasMappings) {
    // runc copies the mappings only when a user namespace is configured.
    warnings.emplace_back(
        "linux.uidMappings/gidMappings are ignored: no user namespace is configured");
  }
  if (linux.timeOffsets) {
    TRY(convertTimeOffsets(*linux.timeOffsets, out));
  }
  return out;
}

} // namespace runw::runtime::specconv
