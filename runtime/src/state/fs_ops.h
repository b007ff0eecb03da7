// SPDX-License-Identifier: Apache-2.0
// Directory-fd file operations for the state dir: atomic writes, bounded reads, safe rm -rf.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace runw::runtime::state {

/// Opens the directory name under dirFd without following a final symlink (O_NOFOLLOW).
/// ENOENT, ENOTDIR and ELOOP (a symlink) give ErrorCode::NotFound.
Result<UniqueFd> openDirAt(int dirFd, const std::string &name);

/// Creates path and any missing parents with mode (like `mkdir -p`), then opens it.
Result<UniqueFd> makeDirectories(const std::string &path, mode_t mode);

/// Replaces dirFd/name with content atomically: writes tmpName in the same directory, then
/// rename(2)s it over name. Readers see the old or the new file, never a mix, and a writer
/// killed at any point leaves at most a stray tmpName. Not fsynced (see the .cpp).
Result<void> writeFileAtomicAt(int dirFd, const std::string &name, const std::string &tmpName,
                               std::string_view content, mode_t mode);

/// Reads dirFd/name (not following a symlink) of at most maxBytes bytes. A missing file gives
/// ErrorCode::NotFound.
Result<std::string> readFileAt(int dirFd, const std::string &name, size_t maxBytes);

/// `rm -rf dirFd/name` that never follows a symlink (it unlinks the link) and refuses to
/// descend into another filesystem. A missing name is success.
Result<void> removeTreeAt(int dirFd, const std::string &name);

/// Names in the directory dirFd, without "." and "..".
Result<std::vector<std::string>> listDirectory(int dirFd);

} // namespace runw::runtime::state
