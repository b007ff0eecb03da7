// SPDX-License-Identifier: Apache-2.0
// Reading and writing cgroupfs files: one write(2) per value, errors naming file and value.
#pragma once

#include "support/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace runw::runtime::cgroups::fs {

/// Reads a whole (small) cgroup or proc file. A missing file is ErrorCode::NotFound.
Result<std::string> readFile(const std::string &path);

/// Writes value with one write(2), as cgroupfs parses each write separately:
/// `cannot write "max" to /sys/fs/cgroup/.../pids.max: <strerror>` on failure.
Result<void> writeFile(const std::string &path, std::string_view value);

/// Reads a file holding one unsigned number ("max" gives UINT64_MAX).
Result<uint64_t> readUint(const std::string &path);

/// Parses "key value" lines (memory.stat, cpu.stat, cgroup.events) into value for key.
std::optional<uint64_t> keyedValue(std::string_view text, std::string_view key);

/// True when path exists (any type).
bool exists(const std::string &path);

/// mkdir -p with mode 0755; existing directories are fine.
Result<void> makeDirs(const std::string &path);

/// The pids in path/cgroup.procs.
Result<std::vector<pid_t>> readProcs(const std::string &dir);

/// Sub-directories (child cgroups) of dir, as full paths.
Result<std::vector<std::string>> childCgroups(const std::string &dir);

/// rmdir of dir and its child cgroups, deepest first, retrying EBUSY for about a second while
/// exiting tasks leave. A missing directory is success.
Result<void> removeTree(const std::string &dir);

/// "a" + "/" + "b" without doubling slashes; b may be absolute within the hierarchy.
std::string joinPath(std::string_view a, std::string_view b);

} // namespace runw::runtime::cgroups::fs
