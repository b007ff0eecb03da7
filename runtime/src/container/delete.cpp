// SPDX-License-Identifier: Apache-2.0
// runw delete: kill what is left (with --force), remove cgroup and state, run poststop hooks.
#include "container/common.h"
#include "linux/hooks.h"
#include "state/status.h"

#include "support/strings.h"

#include <csignal>
#include <unistd.h>

namespace runw::runtime {
namespace {

constexpr int kKillWaitMs = 10000;

Result<void> killEverything(const state::ContainerRecord &record,
                            std::optional<cgroups::Manager> &cgroup) {
  if (cgroup) {
    // Thawed first: a frozen task never handles its SIGKILL, so it would never exit. Only
    // when frozen: writing the freezer of an idle cgroup costs kernel text patching.
    if (cgroup->isFrozen().value_or(true)) {
      (void)cgroup->thaw();
    }
    (void)cgroup->killAll(SIGKILL);
  }
  if (record.initPid > 0 && TRY(state::isInitAlive(record.initPid, record.initStartTime))) {
    ::kill(record.initPid, SIGKILL);
  }
  if (record.initPid > 0 &&
      !TRY(container::waitUntilGone(record.initPid, record.initStartTime, kKillWaitMs))) {
    return fail(ErrorCode::Io,
                strprintf("container init {} did not exit after SIGKILL", record.initPid));
  }
  return {};
}

void runPoststop(const RuntimeOptions &options, const state::ContainerRecord &record) {
  if (!container::mayHaveHooks(record, "poststop")) {
    return;
  }
  const Result<ContainerConfig> config = container::recordConfig(options, record);
  if (!config || config->hooks.poststop.empty()) {
    return;
  }
  const std::string json = container::stateJson(record, oci::ContainerStatus::Stopped);
  if (Result<void> ran = hooks::runHooks(config->hooks.poststop, "poststop", json); !ran) {
    container::warn(options, ran.error().describe());
  }
}

} // namespace

Result<void> deleteContainer(const RuntimeOptions &options, std::string_view id, bool force) {
  state::StateStore store = TRY(container::openStore(options));
  state::ContainerLock lock =
      TRY(state::ContainerLock::acquire(store, id, state::LockMode::Exclusive));
  const state::ContainerRecord record = TRY(store.load(id));
  const oci::ContainerStatus status = TRY(container::liveStatus(store, record));
  // runc deletes a created container without --force: its program never ran.
  if (status != oci::ContainerStatus::Stopped && status != oci::ContainerStatus::Created &&
      !force) {
    return fail(
        ErrorCode::Invalid,
        strprintf("cannot delete container {} that is not stopped: container still running", id));
  }
  std::optional<cgroups::Manager> cgroup;
  if (!record.cgroupDirs.empty()) {
    cgroup.emplace(TRY(container::cgroupOf(record)));
  }
  TRY(killEverything(record, cgroup));
  if (cgroup) {
    TRY(cgroup->destroy().context("removing the container cgroup"));
  }
  TRY(store.remove(std::move(lock)));
  runPoststop(options, record);
  return {};
}

} // namespace runw::runtime
