// SPDX-License-Identifier: Apache-2.0
// Creating and joining the container's namespaces, and writing user-namespace id maps.
#pragma once

#include "linux/namespace_config.h"

#include "support/result.h"
#include "support/unique_fd.h"

#include <cstdint>
#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace runw::runtime::ns {

/// The CLONE_NEW* bit of a namespace kind.
uint64_t cloneFlagOf(NamespaceKind kind);

/// The name the kernel uses under /proc/PID/ns/ ("net", "mnt", "user", ...).
const char *procNamespaceName(NamespaceKind kind);

/// True when the container has a namespace of this kind, new or joined by path.
bool hasNamespace(const NamespaceConfig &config, NamespaceKind kind);

/// True when the container gets a new namespace of this kind (an entry without a path).
bool hasNewNamespace(const NamespaceConfig &config, NamespaceKind kind);

/// The CLONE_NEW* flags of all namespaces to create. CLONE_NEWTIME (0x80) is only valid for
/// clone3(2) and unshare(2), never for clone(2), where that bit is part of the exit signal.
uint64_t newNamespaceFlags(const NamespaceConfig &config);

/// Checks the config as runc's validator does: no kind twice, namespace paths absolute, a new
/// user namespace has uid and gid mappings, mappings only with a user namespace, time offsets
/// only with a new time namespace.
Result<void> validateNamespaces(const NamespaceConfig &config);

/// An opened namespace file, ready for setns(2).
struct NamespaceFd {
  NamespaceKind kind = NamespaceKind::Pid;
  UniqueFd fd;
};

/// Opens the file of every namespace to join, in the order they are joined: user first (its
/// capabilities are needed to join the others), then ipc, uts, net, pid, mnt, cgroup, time
/// (runc's order). All are opened before any is joined, because joining the mount namespace
/// changes what the remaining paths name.
Result<std::vector<NamespaceFd>> openNamespacePaths(const NamespaceConfig &config);

/// setns(2) into each opened namespace, in order.
Result<void> joinNamespaces(const std::vector<NamespaceFd> &namespaces);

/// The text of a uid_map/gid_map file: one "containerId hostId size" line per range.
std::string formatIdMap(const std::vector<IdMapRange> &ranges);

/// From the parent side, writes /proc/PID/uid_map, then "deny" to /proc/PID/setgroups when
/// denySetgroups (needed when the writer lacks CAP_SETGID in the parent user namespace, i.e.
/// rootless), then /proc/PID/gid_map. PID must have unshared its user namespace already.
Result<void> writeIdMappings(pid_t pid, const NamespaceConfig &config, bool denySetgroups);

/// Writes the clock offsets to /proc/PID/timens_offsets. They apply to PID's time namespace
/// for children, and only until a process has entered it: call right after unshare(CLONE_NEWTIME).
Result<void> writeTimeOffsets(pid_t pid, const NamespaceConfig &config);

/// Runs in the process that will fork the container init, in runc's order:
///   1. setns into `joined` (from openNamespacePaths, user namespace first);
///   2. if a new user namespace is asked for: unshare(CLONE_NEWUSER), then `mapIds()`, which
///      must make the parent call writeIdMappings(this pid) and return once it has; then become
///      uid/gid 0 in it when 0 is mapped;
///   3. unshare every other new namespace except cgroup (see enterCgroupNamespace);
///   4. write time offsets for a new time namespace.
/// New pid and time namespaces only apply to children: the caller must fork (or clone) the
/// init process afterwards. mapIds may be empty when no new user namespace is asked for.
Result<void> setupNamespaces(const NamespaceConfig &config, const std::vector<NamespaceFd> &joined,
                             const std::function<Result<void>()> &mapIds);

/// unshare(CLONE_NEWCGROUP) when a new cgroup namespace is asked for. Its root is the cgroup the
/// process is in at that moment, so call it in the init process after it was put in its cgroup.
Result<void> enterCgroupNamespace(const NamespaceConfig &config);

} // namespace runw::runtime::ns
