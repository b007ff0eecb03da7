// SPDX-License-Identifier: Apache-2.0
// supportedFeatures: the single place that states what runw can do (runtime-spec features.md).
#include "engine/engine.h"
#include "runtime/features.h"
#include "support/version.h"

#include <string>
#include <utility>
#include <vector>

namespace runw::runtime {

// This document must grow as features land: when create/start apply namespaces, mounts,
// capabilities, hooks, cgroups or seccomp, list them here in the same change. An empty list
// means "none supported" and a false switch means "not supported" (features.md); both are
// deliberate, because callers enable behaviour based on what is claimed here (containerd's
// CRI turns on user namespaces and rro mounts from this document).
oci::Features supportedFeatures() {
  using Strings = std::vector<std::string>;
  const oci::FeatureSwitch off{false, {}};

  oci::Features features;
  features.ociVersionMin = version::kRuntimeSpecMin;
  features.ociVersionMax = version::kRuntimeSpec;
  // Container creation is not implemented yet, so no hook runs and no mount option is applied.
  features.hooks = Strings{};
  features.mountOptions = Strings{};

  oci::FeaturesLinux linux;
  linux.namespaces = Strings{};
  linux.capabilities = Strings{};
  linux.cgroup = oci::FeaturesCgroup{false, false, false, false, false, {}};
  linux.seccomp = oci::FeaturesSeccomp{};
  linux.seccomp->enabled = false;
  linux.apparmor = off;
  linux.selinux = off;
  linux.intelRdt = oci::FeaturesIntelRdt{};
  linux.intelRdt->enabled = false;
  linux.mountExtensions = oci::FeaturesMountExtensions{off, {}};
  // memoryPolicy and netDevices are runtime-spec 1.3 additions, beyond ociVersionMax, so a
  // config that runw accepts cannot ask for them; they stay absent.
  features.linux = std::move(linux);

  features.annotations = oci::StringMap{
      {"run.oci.runw.version", version::kRunw},
      {"run.oci.runw.commit", version::kCommit},
      {"run.oci.runw.engine.version", std::string(engine::version())},
      {"run.oci.runw.engine.wasm-spec", std::string(engine::targetWasmVersion())},
  };
  // runw reads no annotation that could weaken isolation.
  features.potentiallyUnsafeConfigAnnotations = Strings{};
  return features;
}

} // namespace runw::runtime
