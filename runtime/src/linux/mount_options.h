// SPDX-License-Identifier: Apache-2.0
// Parsing of OCI mount options and rootfsPropagation into mount(2)/mount_setattr(2) terms.
#pragma once

#include "linux/fs_config.h"

#include "support/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace runw::runtime::fs {

/// Splits an OCI options list as runc's specconv parseMountOptions does: known flags (ro, nosuid,
/// bind, rbind, relatime, ...) set or clear MS_* bits (the later option wins), propagation
/// options (private, rshared, ...) are kept in order, r* options (rro, rnosuid, ...) become
/// recursive mount_setattr attributes, tmpcopyup/idmap are noted, and anything else is joined
/// with commas into the filesystem data string.
MountOptions parseMountOptions(const std::vector<std::string> &options);

/// Every option name parseMountOptions gives a meaning to (for `runw features`).
std::vector<std::string> knownMountOptions();

/// Maps linux.rootfsPropagation (shared, rshared, slave, rslave, private, rprivate, unbindable,
/// runbindable) to MS_* flags; an empty string gives 0 (runc's default, rslave, applies).
Result<unsigned long> parseRootfsPropagation(std::string_view value);

/// True for a bind mount: type "bind", or the bind/rbind option.
bool isBindMount(const MountEntry &mount);

} // namespace runw::runtime::fs
