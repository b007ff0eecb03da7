// SPDX-License-Identifier: Apache-2.0
// Live container status (runc libcontainer refreshState/runType, with pid-reuse detection).
#include "state/status.h"

#include "state/proc_stat.h"

#include "support/strings.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>

namespace runw::runtime::state {

Result<bool> isInitAlive(pid_t pid, uint64_t startTime) {
  if (pid <= 0) {
    return false;
  }
  auto stat = readProcStat(pid);
  if (!stat) {
    if (stat.error().code == ErrorCode::NotFound) {
      return false;
    }
    return std::unexpected(std::move(stat).error());
  }
  // A zombie has exited; only its parent (the subreaper) has not collected it yet.
  return !isExitedState(stat->state) && stat->startTime == startTime;
}

oci::ContainerStatus deriveStatus(const ContainerRecord &record, const LiveFacts &facts) {
  using oci::ContainerStatus;
  switch (record.status) {
  case ContainerStatus::Stopped:
    return ContainerStatus::Stopped;
  case ContainerStatus::Creating:
    // Before the init exists only the creating runw knows how far it got.
    return record.initPid == 0 || facts.initAlive ? ContainerStatus::Creating
                                                  : ContainerStatus::Stopped;
  case ContainerStatus::Created:
  case ContainerStatus::Running:
  case ContainerStatus::Paused:
    break;
  }
  if (record.initPid == 0 || !facts.initAlive) {
    return ContainerStatus::Stopped;
  }
  if (facts.frozen) {
    return ContainerStatus::Paused;
  }
  // runc: the fifo exists from create until start has opened it.
  return facts.execFifoExists ? ContainerStatus::Created : ContainerStatus::Running;
}

Result<oci::ContainerStatus> containerStatus(const StateStore &store, const ContainerRecord &record,
                                             const FrozenCheck &isFrozen) {
  LiveFacts facts;
  facts.initAlive = TRY(isInitAlive(record.initPid, record.initStartTime));
  if (facts.initAlive && record.status != oci::ContainerStatus::Creating &&
      record.status != oci::ContainerStatus::Stopped) {
    const std::string fifo = strprintf("{}/{}", record.id, kExecFifoName);
    struct stat st {};
    if (::fstatat(store.rootFd(), fifo.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
      facts.execFifoExists = true;
    } else if (errno != ENOENT) {
      return failErrno("stat " + fifo);
    }
    if (isFrozen) {
      facts.frozen = TRY(std::move(isFrozen(record)).context("checking the freezer"));
    }
  }
  return deriveStatus(record, facts);
}

} // namespace runw::runtime::state
