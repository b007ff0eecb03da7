// SPDX-License-Identifier: Apache-2.0
// linux.sysctl: which keys a container may set, and writing them under /proc/sys.
#pragma once

#include "linux/namespace_config.h"

#include "support/result.h"

#include <map>
#include <string>

namespace runw::runtime::fs {

/// Checks every key as runc's validator does: kernel.msg*/sem/shm* and fs.mqueue.* need an ipc
/// namespace, net.* a network namespace that is not the host's (a joined path is compared with
/// /proc/self/ns/net), kernel.domainname a uts namespace, kernel.hostname is refused (it
/// conflicts with the hostname field); any other key is not namespaced and refused. Keys with
/// empty, "." or ".." components are refused too.
Result<void> validateSysctl(const std::map<std::string, std::string> &sysctl,
                            const ns::NamespaceConfig &namespaces);

/// Writes each value to /proc/sys/<key with '.' as '/'>, resolved beneath /proc/sys. Call in the
/// container after its /proc is mounted and the root is pivoted.
Result<void> writeSysctl(const std::map<std::string, std::string> &sysctl);

} // namespace runw::runtime::fs
