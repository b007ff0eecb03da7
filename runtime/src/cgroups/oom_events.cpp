// SPDX-License-Identifier: Apache-2.0
// OOM notification fds for one memory cgroup directory (v1 eventfd, v2 memory.events watch).
#include "cgroups/oom_events.h"

#include "cgroups/cgfs.h"

#include "support/strings.h"

#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>

namespace runw::runtime::cgroups {

Result<UniqueFd> v1OomEventFd(const std::string &memoryDir) {
  UniqueFd efd(::eventfd(0, EFD_CLOEXEC));
  if (!efd) {
    return failErrno("eventfd");
  }
  std::string control = fs::joinPath(memoryDir, "memory.oom_control");
  UniqueFd ofd(::open(control.c_str(), O_RDONLY | O_CLOEXEC));
  if (!ofd) {
    return failErrno(strprintf("cannot open {}", control));
  }
  // "<event_fd> <fd of memory.oom_control>"; the registration holds the cgroup, not ofd, so
  // ofd may close on return.
  TRY(fs::writeFile(fs::joinPath(memoryDir, "cgroup.event_control"),
                    strprintf("{} {}", efd.get(), ofd.get())));
  return efd;
}

Result<UniqueFd> memoryEventsWatch(const std::string &eventsFile) {
  UniqueFd ifd(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
  if (!ifd) {
    return failErrno("inotify_init1");
  }
  if (::inotify_add_watch(ifd.get(), eventsFile.c_str(), IN_MODIFY) < 0) {
    return failErrno(strprintf("cannot watch {}", eventsFile));
  }
  return ifd;
}

} // namespace runw::runtime::cgroups
