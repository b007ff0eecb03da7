// SPDX-License-Identifier: Apache-2.0
// Signals and the freezer: kill, pause, resume.
#include "container/common.h"

#include "support/strings.h"

#include <cerrno>
#include <csignal>

namespace runw::runtime {
namespace {

struct Target {
  state::StateStore store;
  state::ContainerRecord record;
  oci::ContainerStatus status;
};

Result<Target> loadTarget(const RuntimeOptions &options, std::string_view id) {
  state::StateStore store = TRY(container::openStore(options));
  state::ContainerRecord record = TRY(store.load(id));
  const oci::ContainerStatus status = TRY(container::liveStatus(store, record));
  return Target{std::move(store), std::move(record), status};
}

} // namespace

Result<void> killContainer(const RuntimeOptions &options, std::string_view id, int sig, bool all) {
  const Target target = TRY(loadTarget(options, id));
  if (target.status == oci::ContainerStatus::Stopped && !all) {
    return fail(ErrorCode::NotFound, "container not running");
  }
  // While create runs, the record has no init pid yet; kill(0) would hit runw's process group.
  if (!all && target.record.initPid <= 0) {
    return fail(ErrorCode::NotFound, "container not running");
  }
  if (all) {
    cgroups::Manager manager = TRY(container::cgroupOf(target.record));
    return manager.killAll(sig);
  }
  if (::kill(target.record.initPid, sig) != 0) {
    if (errno == ESRCH) {
      return fail(ErrorCode::NotFound, "container not running");
    }
    return failErrno(strprintf("kill of pid {}", target.record.initPid));
  }
  return {};
}

Result<void> pauseContainer(const RuntimeOptions &options, std::string_view id) {
  const Target target = TRY(loadTarget(options, id));
  if (target.status != oci::ContainerStatus::Running &&
      target.status != oci::ContainerStatus::Created) {
    return fail(ErrorCode::Invalid, "container not running");
  }
  cgroups::Manager manager = TRY(container::cgroupOf(target.record));
  return manager.freeze();
}

Result<void> resumeContainer(const RuntimeOptions &options, std::string_view id) {
  const Target target = TRY(loadTarget(options, id));
  if (target.status != oci::ContainerStatus::Paused) {
    return fail(ErrorCode::Invalid, "container not paused");
  }
  cgroups::Manager manager = TRY(container::cgroupOf(target.record));
  return manager.thaw();
}

Result<void> updateContainer(const RuntimeOptions &options, std::string_view id,
                             const oci::Resources &resources) {
  const Target target = TRY(loadTarget(options, id));
  if (target.status == oci::ContainerStatus::Stopped) {
    return fail(ErrorCode::Invalid, "container not running");
  }
  const cgroups::Resources converted = TRY(toCgroupResources(resources));
  cgroups::Manager manager = TRY(container::cgroupOf(target.record));
  const std::vector<std::string> skipped = TRY(manager.apply(converted));
  for (const std::string &line : skipped) {
    container::debug(options, line);
  }
  return {};
}

} // namespace runw::runtime
