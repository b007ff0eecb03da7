// SPDX-License-Identifier: Apache-2.0
// The filesystem steps of container setup, in runc's order: validate, prepare, finalize.
#pragma once

#include "linux/fs_config.h"
#include "linux/namespace_config.h"

#include "support/result.h"

#include <functional>
#include <string>

namespace runw::runtime::fs {

/// Checks what can be checked before any process is created: rootfs path absolute, a new mount
/// namespace, hostname/domainname only with a uts namespace (runc: "unable to set hostname
/// without a private UTS namespace"), sysctl keys (validateSysctl), devices (validateDevice),
/// mount destinations inside /proc (checkProcMount), no idmapped mounts, absolute masked and
/// readonly paths.
Result<void> validateFsConfig(const FsConfig &config, const ns::NamespaceConfig &namespaces);

/// Runs in the container init, inside its new mount namespace, before the root changes:
///   1. make "/" rslave recursively (or rootPropagation), so nothing propagates to the host;
///   2. make the mount holding the rootfs's parent private if it is shared (pivot_root needs it);
///   3. bind-mount the rootfs onto itself (recursively), so it is a mount point;
///   4. perform each mount in config order (mountEntry);
///   5. unless /dev is bind-mounted: create default and configured devices, /dev symlinks and
///      the /dev/ptmx -> pts/ptmx link;
///   6. call beforePivot (may be empty): the caller runs prestart/createRuntime hooks through
///      the parent and createContainer hooks here, while the host's paths are still visible;
///   7. pivot_root(".", ".") and detach the old root; with noPivot: MS_MOVE onto "/" + chroot;
///      the working directory is "/" afterwards;
///   8. apply rootPropagation to the new "/" when set.
Result<void> prepareRootfs(const FsConfig &config,
                           const std::function<Result<void>()> &beforePivot);

/// Runs in the container init after prepareRootfs (and after the console is set up), in runc's
/// order: remount a read-only /dev mount read-only, make the root read-only (root.readonly), set
/// hostname and domainname, write sysctl values, then readonlyPaths (bind + ro remount) and
/// maskedPaths (/dev/null over files, a read-only tmpfs over directories); missing paths are
/// skipped.
Result<void> finalizeRootfs(const FsConfig &config);

/// Bind-mounts path onto itself and remounts it read-only (keeping nosuid/nodev/noexec). A
/// missing path is not an error. Path is taken in the current root.
Result<void> makePathReadonly(const std::string &path);

/// Hides path: /dev/null bound over a file, an empty read-only tmpfs over a directory. A missing
/// path is not an error. Path is taken in the current root.
Result<void> maskPath(const std::string &path);

} // namespace runw::runtime::fs
