// SPDX-License-Identifier: Apache-2.0
// Read-only cgroup facts for the shim: the host's cgroup mode and a process's OOM notifier.
#pragma once

// Apart from container.h on purpose: a static link of these takes runw's host detection and
// little else (no lifecycle, state store or spec code), which keeps the shim small.

#include "support/result.h"
#include "support/unique_fd.h"

#include <string>
#include <sys/types.h>

namespace runw::runtime {

/// True when this host has only cgroup v2 (runw's own host detection, as every runw command
/// sees it), so a container's counters are cgroup v2 ones; false on legacy and hybrid hosts.
Result<bool> cgroupHostIsUnified();

/// How to learn about OOMs in a memory cgroup without polling. fd is non-blocking and becomes
/// readable on an OOM event:
/// - cgroup v1 (eventsFile empty): an eventfd registered on memory.oom_control; a read returns
///   the number of OOMs since the last read. The kernel also signals it once when the cgroup
///   is removed, and drops the registration when fd is closed.
/// - cgroup v2: an inotify fd watching eventsFile (memory.events), whose "oom" line counts the
///   OOMs; drain fd, then compare the count.
struct OomNotifier {
  UniqueFd fd;
  std::string eventsFile;
};

/// The OOM notifier of the memory cgroup process pid is in (a container's init: create put it
/// in the container's cgroup): the memory controller's v1 hierarchy if one carries it, else
/// cgroup2. Paths come from /proc/<pid>/cgroup and this process's mounts.
Result<OomNotifier> oomNotifierOfProcess(pid_t pid);

} // namespace runw::runtime
