// SPDX-License-Identifier: Apache-2.0
// Read-only cgroup facts for the shim: the host's cgroup mode and a process's OOM notifier.
#include "runtime/cgroup_watch.h"

#include "cgroups/cgfs.h"
#include "cgroups/host.h"
#include "cgroups/oom_events.h"

#include "support/strings.h"

#include <fcntl.h>

namespace runw::runtime {
namespace {

// The directory of the cgroup `path` (from /proc/<pid>/cgroup) on hierarchy h.
Result<std::string> directoryOn(const cgroups::Hierarchy &h, const std::string &path) {
  std::optional<std::string> dir = h.directoryOf(path);
  if (!dir) {
    return fail(ErrorCode::NotFound,
                strprintf("cgroup {} is outside the mount at {}", path, h.mountPoint));
  }
  return *dir;
}

Result<OomNotifier> notifierOf(const cgroups::HostLayout &host,
                               const std::map<std::string, std::string> &paths) {
  OomNotifier notifier;
  auto v1Path = paths.find("memory");
  if (const cgroups::Hierarchy *memory = host.v1For("memory");
      memory != nullptr && v1Path != paths.end()) {
    notifier.fd = TRY(cgroups::v1OomEventFd(TRY(directoryOn(*memory, v1Path->second))));
    return notifier;
  }
  auto v2Path = paths.find("");
  if (host.unified && host.unified->has("memory") && v2Path != paths.end()) {
    notifier.eventsFile =
        cgroups::fs::joinPath(TRY(directoryOn(*host.unified, v2Path->second)), "memory.events");
    notifier.fd = TRY(cgroups::memoryEventsWatch(notifier.eventsFile));
    return notifier;
  }
  return fail(ErrorCode::Unsupported, "no memory controller on this host");
}

} // namespace

Result<bool> cgroupHostIsUnified() {
  const cgroups::HostLayout host = TRY(cgroups::detectHost());
  return host.mode == cgroups::HostMode::Unified;
}

Result<OomNotifier> oomNotifierOfProcess(pid_t pid) {
  const cgroups::HostLayout host = TRY(cgroups::detectHost());
  const std::string procCgroup = TRY(cgroups::fs::readFile(strprintf("/proc/{}/cgroup", pid)));
  OomNotifier notifier = TRY(notifierOf(host, TRY(cgroups::parseProcCgroup(procCgroup))));
  // The v1 eventfd is blocking; callers check it without waiting.
  const int flags = ::fcntl(notifier.fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(notifier.fd.get(), F_SETFL, flags | O_NONBLOCK) != 0) {
    return failErrno("fcntl O_NONBLOCK on the OOM event fd");
  }
  return notifier;
}

} // namespace runw::runtime
