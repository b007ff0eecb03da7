// SPDX-License-Identifier: Apache-2.0
// Shared lifecycle helpers: store, cgroup, stored config, status and waiting.
#include "container/common.h"

#include "cgroups/host.h"
#include "state/status.h"

#include "oci/json.h"
#include "support/strings.h"

#include <chrono>
#include <thread>

namespace runw::runtime::container {

Result<state::StateStore> openStore(const RuntimeOptions &options) {
  return state::StateStore::open(options.root);
}

Result<cgroups::Manager> cgroupOf(const state::ContainerRecord &record) {
  const cgroups::HostLayout host = TRY(cgroups::detectHost());
  return cgroups::Manager::adopt(host, record.cgroupDirs);
}

Result<oci::ContainerStatus> liveStatus(const state::StateStore &store,
                                        const state::ContainerRecord &record) {
  const state::FrozenCheck frozen = [](const state::ContainerRecord &r) -> Result<bool> {
    if (r.cgroupDirs.empty()) {
      return false;
    }
    const cgroups::Manager manager = TRY(cgroupOf(r));
    return manager.isFrozen();
  };
  return state::containerStatus(store, record, frozen);
}

std::string stateJson(const state::ContainerRecord &record, oci::ContainerStatus status) {
  return oci::serialize(state::toOciState(record, status));
}

Result<ContainerConfig> recordConfig(const RuntimeOptions &options,
                                     const state::ContainerRecord &record) {
  const oci::Spec spec = TRY(oci::parseSpec(record.configJson).context("stored config"));
  ConvertOptions convert;
  convert.id = record.id;
  convert.bundle = record.bundle;
  convert.systemdCgroup = options.systemdCgroup || record.systemdCgroup;
  return toContainerConfig(spec, convert);
}

bool mayHaveHooks(const state::ContainerRecord &record, std::string_view stage) {
  return record.configJson.find(strprintf("\"{}\"", stage)) != std::string::npos;
}

Result<bool> waitUntilGone(pid_t pid, uint64_t startTime, int timeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  auto pause = std::chrono::microseconds(200);
  for (;;) {
    if (!TRY(state::isInitAlive(pid, startTime))) {
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
}

void warn(const RuntimeOptions &options, std::string_view message) {
  if (options.warn) {
    options.warn(message);
  }
}

void debug(const RuntimeOptions &options, std::string_view message) {
  if (options.debug) {
    options.debug(message);
  }
}

} // namespace runw::runtime::container
