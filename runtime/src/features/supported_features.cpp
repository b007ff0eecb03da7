// SPDX-License-Identifier: Apache-2.0
// supportedFeatures: the single place that states what runw can do (runtime-spec features.md).
#include "linux/mount_options.h"
#include "linux/security_config.h"

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
  features.hooks = Strings{"prestart",       "createRuntime", "createContainer",
                           "startContainer", "poststart",     "poststop"};
  features.mountOptions = fs::knownMountOptions();

  oci::FeaturesLinux linux;
  linux.namespaces = Strings{"cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"};
  Strings caps;
  for (security::CapNumber cap = 0; cap <= security::kernelLastCap(); ++cap) {
    caps.push_back(security::capabilityName(cap));
  }
  linux.capabilities = std::move(caps);
  // cgroupfs v1, v2 and hybrid; systemd cgroup paths are mapped to cgroupfs (no D-Bus), so the
  // systemd driver itself is not claimed.
  linux.cgroup = oci::FeaturesCgroup{true, true, false, false, false, {}};
  linux.seccomp = oci::FeaturesSeccomp{};
  linux.seccomp->enabled = true;
  // SCMP_ACT_NOTIFY is refused (no seccomp agent support).
  linux.seccomp->actions =
      Strings{"SCMP_ACT_ALLOW",       "SCMP_ACT_ERRNO", "SCMP_ACT_KILL",  "SCMP_ACT_KILL_PROCESS",
              "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG",   "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"};
  linux.seccomp->operators =
      Strings{"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",       "SCMP_CMP_LE",
              "SCMP_CMP_LT", "SCMP_CMP_NE", "SCMP_CMP_MASKED_EQ"};
  linux.seccomp->archs = Strings{"SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32",
                                 "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64"};
  const Strings flags{"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                      "SECCOMP_FILTER_FLAG_SPEC_ALLOW"};
  linux.seccomp->knownFlags = flags;
  linux.seccomp->supportedFlags = flags;
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
