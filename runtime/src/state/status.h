// SPDX-License-Identifier: Apache-2.0
// Live container status, derived runc-style from the record, /proc, exec.fifo and the freezer.
#pragma once

#include "state/record.h"
#include "state/state_store.h"

#include "oci/state.h"
#include "support/result.h"

#include <cstdint>
#include <functional>
#include <sys/types.h>

namespace runw::runtime::state {

/// Asks the cgroup code whether the container's cgroup is frozen (cgroup.freeze / freezer
/// state). An empty function means "never paused" (no cgroup support wired in yet).
using FrozenCheck = std::function<Result<bool>(const ContainerRecord &record)>;

/// What the live system says about a container.
struct LiveFacts {
  bool initAlive = false;      ///< see isInitAlive()
  bool execFifoExists = false; ///< <root>/<id>/exec.fifo exists: the init waits for `start`
  bool frozen = false;         ///< the container's cgroup is frozen
};

/// True when pid exists, has not exited (not a zombie), and started at startTime (field 22
/// of /proc/<pid>/stat). A different start time means the pid was reused by another process.
Result<bool> isInitAlive(pid_t pid, uint64_t startTime);

/// The status rules, without system access:
///  - recorded Stopped                         -> Stopped
///  - recorded Creating: no init yet or alive  -> Creating, else Stopped
///  - otherwise: init gone -> Stopped; frozen -> Paused; exec.fifo -> Created; else Running
oci::ContainerStatus deriveStatus(const ContainerRecord &record, const LiveFacts &facts);

/// Gathers LiveFacts for record (the freezer is asked only when the init is alive) and applies
/// deriveStatus.
Result<oci::ContainerStatus> containerStatus(const StateStore &store, const ContainerRecord &record,
                                             const FrozenCheck &isFrozen = {});

} // namespace runw::runtime::state
