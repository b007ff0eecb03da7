// SPDX-License-Identifier: Apache-2.0
// Path handling inside a rootfs that cannot escape it: lexical cleaning and openat2
// RESOLVE_IN_ROOT.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace runw::runtime::fs {

/// Cleans a container path lexically, like Go's filepath.Clean of "/" + path: the result is
/// absolute, has no "." or ".." components, no repeated or trailing slashes, and ".." never
/// climbs above "/" ("/a/../../b//c/." gives "/b/c", "x" gives "/x").
std::string cleanContainerPath(std::string_view path);

/// Joins a cleaned container path to a host directory: ("/r", "/a/../b") gives "/r/b". Lexical
/// only; use openInRoot to touch the file.
std::string joinUnderRoot(std::string_view root, std::string_view path);

/// Opens path beneath rootFd as if rootFd were "/" (openat2 RESOLVE_IN_ROOT |
/// RESOLVE_NO_MAGICLINKS): symlinks and ".." are resolved inside the root and cannot leave it.
/// extraResolve adds RESOLVE_* flags (e.g. RESOLVE_NO_SYMLINKS).
Result<UniqueFd> openInRoot(int rootFd, std::string_view path, int flags,
                            uint64_t extraResolve = 0);

/// Creates every missing directory of path beneath rootFd (each one inside its already resolved
/// parent, so a symlink in the path cannot redirect the creation out of the root) and returns
/// an O_PATH descriptor of the final directory.
Result<UniqueFd> mkdirAllInRoot(int rootFd, std::string_view path, mode_t mode);

/// Creates an empty regular file at path beneath rootFd when nothing is there (parents too) and
/// returns an O_PATH descriptor of what is at path afterwards.
Result<UniqueFd> createFileInRoot(int rootFd, std::string_view path, mode_t mode);

/// "/proc/self/fd/N": the magic link through which mount(2) targets exactly the opened file.
std::string procFdPath(int fd);

/// Fails unless the file behind fd lies at or below hostRoot (a canonical path). Guards against
/// the file being moved out of the rootfs between opening and mounting (CVE-2021-30465).
Result<void> checkFdUnderRoot(int fd, std::string_view hostRoot);

} // namespace runw::runtime::fs
