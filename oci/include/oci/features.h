// SPDX-License-Identifier: Apache-2.0
// Typed model of the runtime-spec `features` document (features.md, features-linux.md).
#pragma once

#include "oci/extensions.h"
#include "oci/json.h"
#include "oci/spec.h"
#include "support/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runw::oci {

/// linux.cgroup: which cgroup setups the runtime can drive.
struct FeaturesCgroup {
  std::optional<bool> v1;
  std::optional<bool> v2;
  std::optional<bool> systemd;
  std::optional<bool> systemdUser;
  std::optional<bool> rdma;
  Extensions extensions;
  bool operator==(const FeaturesCgroup &) const = default;
};

/// linux.seccomp: what the runtime's seccomp support understands.
struct FeaturesSeccomp {
  std::optional<bool> enabled;
  std::optional<std::vector<std::string>> actions;
  std::optional<std::vector<std::string>> operators;
  std::optional<std::vector<std::string>> archs;
  std::optional<std::vector<std::string>> knownFlags;
  std::optional<std::vector<std::string>> supportedFlags;
  Extensions extensions;
  bool operator==(const FeaturesSeccomp &) const = default;
};

/// A feature that is only on or off (apparmor, selinux, idmap mounts, netDevices).
struct FeatureSwitch {
  std::optional<bool> enabled;
  Extensions extensions;
  bool operator==(const FeatureSwitch &) const = default;
};

/// linux.intelRdt.
struct FeaturesIntelRdt {
  std::optional<bool> enabled;
  std::optional<bool> schemata;
  std::optional<bool> monitoring;
  Extensions extensions;
  bool operator==(const FeaturesIntelRdt &) const = default;
};

/// linux.memoryPolicy.
struct FeaturesMemoryPolicy {
  std::optional<std::vector<std::string>> modes;
  std::optional<std::vector<std::string>> flags;
  Extensions extensions;
  bool operator==(const FeaturesMemoryPolicy &) const = default;
};

/// linux.mountExtensions.
struct FeaturesMountExtensions {
  std::optional<FeatureSwitch> idmap;
  Extensions extensions;
  bool operator==(const FeaturesMountExtensions &) const = default;
};

/// linux: Linux-specific features.
struct FeaturesLinux {
  std::optional<std::vector<std::string>> namespaces;
  std::optional<std::vector<std::string>> capabilities;
  std::optional<FeaturesCgroup> cgroup;
  std::optional<FeaturesSeccomp> seccomp;
  std::optional<FeatureSwitch> apparmor;
  std::optional<FeatureSwitch> selinux;
  std::optional<FeaturesIntelRdt> intelRdt;
  std::optional<FeaturesMemoryPolicy> memoryPolicy;
  std::optional<FeaturesMountExtensions> mountExtensions;
  std::optional<FeatureSwitch> netDevices;
  Extensions extensions;
  bool operator==(const FeaturesLinux &) const = default;
};

/// The features document: what a runtime implementation supports. An absent field means
/// "unknown", an empty list means "none" (features.md).
struct Features {
  std::string ociVersionMin;
  std::string ociVersionMax;
  std::optional<std::vector<std::string>> hooks;
  std::optional<std::vector<std::string>> mountOptions;
  std::optional<FeaturesLinux> linux;
  std::optional<StringMap> annotations;
  std::optional<std::vector<std::string>> potentiallyUnsafeConfigAnnotations;
  Extensions extensions;
  bool operator==(const Features &) const = default;
};

/// Parses a features document (`runc features` output and the like).
Result<Features> parseFeatures(std::string_view json, const ParseLimits &limits = {});
/// Serializes a features document.
std::string serialize(const Features &features, const SerializeOptions &options = {});

} // namespace runw::oci
