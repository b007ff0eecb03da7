// SPDX-License-Identifier: Apache-2.0
// Device nodes in the container's /dev: the default set, linux.devices, /dev symlinks and ptmx.
#pragma once

#include "linux/fs_config.h"

#include "support/result.h"

#include <vector>

namespace runw::runtime::fs {

/// Checks one linux.devices entry: path absolute, clean and not "/" or "/dev"; type c, u, b or
/// p; major and minor not negative (and below the kernel's 12/20-bit limits); fileMode only
/// permission bits.
Result<void> validateDevice(const DeviceNode &device);

/// runc's default devices: /dev/null, zero, full, random, urandom and tty, mode 0666, root-owned.
std::vector<DeviceNode> defaultDevices();

/// The default devices followed by configured ones; a configured path replaces a default one.
std::vector<DeviceNode> devicesToCreate(const FsConfig &config);

/// True unless /dev is a bind mount from the host, in which case runc leaves /dev alone.
bool needsDevSetup(const FsConfig &config);

/// Creates each device under rootFd: mknod(2) with the mode, then chown; or, when
/// bindFromHost (a user namespace, where mknod is not allowed), an empty file with the host's
/// node of the same path bind-mounted over it. Existing nodes are left as they are (runc).
Result<void> createDevices(int rootFd, const std::vector<DeviceNode> &devices, bool bindFromHost);

/// /dev/fd -> /proc/self/fd, /dev/stdin|stdout|stderr -> /proc/self/fd/0|1|2, /dev/core ->
/// /proc/kcore (when the host has it), and /dev/ptmx -> pts/ptmx (the devpts newinstance one).
Result<void> setupDevSymlinks(int rootFd);

} // namespace runw::runtime::fs
