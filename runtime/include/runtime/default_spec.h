// SPDX-License-Identifier: Apache-2.0
// The starter config.json that `runw spec` writes (runc's specconv.Example and ToRootless).
#pragma once

#include "oci/spec.h"

#include <cstdint>

namespace runw::runtime {

/// The example spec runc writes (libcontainer/specconv/example.go): `sh` as root with three
/// capabilities, a read-only `rootfs`, the seven standard mounts, masked and read-only /proc
/// paths, a deny-all device rule and new pid/network/ipc/uts/mount namespaces; plus a new
/// cgroup namespace when cgroupNamespace is true.
oci::Spec defaultSpec(bool cgroupNamespace);

/// Turns spec into one an unprivileged user can run (runc's specconv.ToRootless): drops the
/// network namespace, adds a user namespace mapping container root to uid/gid, rbinds /sys
/// instead of mounting sysfs, strips uid=/gid= mount options and drops linux.resources.
void makeRootless(oci::Spec &spec, uint32_t uid, uint32_t gid);

/// True when /sys/fs/cgroup is a cgroup2 mount (the unified hierarchy); false on any error.
bool isCgroup2UnifiedMode();

} // namespace runw::runtime
