// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the lifecycle commands: the store, a record's cgroup, config and live status.
#pragma once

#include "cgroups/manager.h"
#include "spec/container_config.h"
#include "state/record.h"
#include "state/state_store.h"

#include "runtime/container.h"
#include "support/result.h"

#include <string>
#include <string_view>
#include <sys/types.h>

namespace runw::runtime::container {

/// Opens options.root.
Result<state::StateStore> openStore(const RuntimeOptions &options);

/// The cgroup manager of a created container (from the directories create recorded).
Result<cgroups::Manager> cgroupOf(const state::ContainerRecord &record);

/// The status a caller sees now (runc's rules: /proc, exec.fifo, freezer).
Result<oci::ContainerStatus> liveStatus(const state::StateStore &store,
                                        const state::ContainerRecord &record);

/// The state document for hooks and `state`, compact JSON.
std::string stateJson(const state::ContainerRecord &record, oci::ContainerStatus status);

/// The container's config as create accepted it (stored in the record).
Result<ContainerConfig> recordConfig(const RuntimeOptions &options,
                                     const state::ContainerRecord &record);

/// True when the stored config may hold hooks of this stage ("poststart", "poststop"): a
/// cheap text check that spares start and delete parsing the config of a hook-less container.
bool mayHaveHooks(const state::ContainerRecord &record, std::string_view stage);

/// Waits until pid (started at startTime) is gone or a zombie, up to timeoutMs.
Result<bool> waitUntilGone(pid_t pid, uint64_t startTime, int timeoutMs);

/// Logs through options.warn / options.debug when set.
void warn(const RuntimeOptions &options, std::string_view message);
void debug(const RuntimeOptions &options, std::string_view message);

} // namespace runw::runtime::container
