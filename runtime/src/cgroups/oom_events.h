// SPDX-License-Identifier: Apache-2.0
// OOM notification fds for one memory cgroup directory (v1 eventfd, v2 memory.events watch).
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <string>

namespace runw::runtime::cgroups {

/// cgroup-v1/memory.rst 9.: an eventfd registered through dir's cgroup.event_control on its
/// memory.oom_control. The kernel adds 1 on every OOM of the group, and once more when the
/// group is removed; closing the eventfd ends the registration.
Result<UniqueFd> v1OomEventFd(const std::string &memoryDir);

/// An inotify fd (IN_NONBLOCK) with a modify watch on a cgroup2 memory.events file, which the
/// kernel changes on every low/high/max/oom/oom_kill event; readers re-read the file.
Result<UniqueFd> memoryEventsWatch(const std::string &eventsFile);

} // namespace runw::runtime::cgroups
