// SPDX-License-Identifier: Apache-2.0
// Read-only lifecycle calls: state, list, and the pids of a container.
#include "container/common.h"

#include "oci/json.h"

namespace runw::runtime {

Result<oci::State> containerState(const RuntimeOptions &options, std::string_view id) {
  const state::StateStore store = TRY(container::openStore(options));
  const state::ContainerRecord record = TRY(store.load(id));
  const oci::ContainerStatus status = TRY(container::liveStatus(store, record));
  return state::toOciState(record, status);
}

Result<std::vector<oci::State>> listContainers(const RuntimeOptions &options) {
  const state::StateStore store = TRY(container::openStore(options));
  std::vector<oci::State> out;
  for (const state::ContainerRecord &record : TRY(store.list())) {
    const oci::ContainerStatus status = TRY(container::liveStatus(store, record));
    out.push_back(state::toOciState(record, status));
  }
  return out;
}

Result<oci::Process> containerProcess(const RuntimeOptions &options, std::string_view id) {
  const state::StateStore store = TRY(container::openStore(options));
  const state::ContainerRecord record = TRY(store.load(id));
  const oci::Spec spec = TRY(oci::parseSpec(record.configJson).context("stored config"));
  return spec.process.value_or(oci::Process{});
}

Result<std::vector<pid_t>> containerPids(const RuntimeOptions &options, std::string_view id) {
  const state::StateStore store = TRY(container::openStore(options));
  const state::ContainerRecord record = TRY(store.load(id));
  const cgroups::Manager manager = TRY(container::cgroupOf(record));
  return manager.pids();
}

} // namespace runw::runtime
