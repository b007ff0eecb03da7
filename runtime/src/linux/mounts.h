// SPDX-License-Identifier: Apache-2.0
// Performing one configured mount beneath the rootfs, and the remount helpers runc uses.
#pragma once

#include "linux/fs_config.h"

#include "support/result.h"

#include <string>
#include <string_view>

namespace runw::runtime::fs {

/// The rootfs being prepared: a directory fd of it and its canonical host path.
struct RootfsHandle {
  int fd = -1;
  std::string hostPath;
};

/// runc's checkProcMount for a cleaned container destination: mounts inside /proc are refused
/// except over the few files lxcfs emulates (/proc/cpuinfo, meminfo, stat, uptime, ...); a bind
/// mount onto /proc itself needs a procfs source (sourceIsProc).
Result<void> checkProcMount(std::string_view destination, const MountEntry &mount,
                            bool sourceIsProc);

/// Performs one mount of the config beneath the rootfs: resolves the destination with
/// RESOLVE_IN_ROOT, creates it (a file when a bind source is not a directory), mounts onto
/// /proc/self/fd/N of it, then applies a bind remount for ro/nosuid/nodev/noexec/...,
/// each propagation option and the recursive attributes. A "/dev" mount is done read-write;
/// finalizeRootfs makes it read-only later, after the device nodes exist.
Result<void> mountEntry(const RootfsHandle &root, const MountEntry &mount);

/// Remounts an existing bind mount at path with flags (MS_BIND|MS_REMOUNT added). If the kernel
/// refuses because the mount has locked flags (a mount from a more privileged user namespace),
/// retries with the mount's current nosuid/nodev/noexec/atime flags kept, as runc does.
Result<void> remountBind(const std::string &path, unsigned long flags);

/// Copies a directory tree (files, directories, symlinks, fifos and device nodes, with modes
/// and owners) from srcDir into dstDir: the "tmpcopyup" option's copy of a directory's old
/// content into the tmpfs now covering it.
Result<void> copyTree(int srcDir, int dstDir);

} // namespace runw::runtime::fs
