// SPDX-License-Identifier: Apache-2.0
// features document <-> Features: member lists of features.md and features-linux.md.
#include "codec.h"

#include "oci/features.h"
#include "oci/json.h"

namespace runw::oci {
namespace detail {

template <class Io> void fields(Io &io, FeaturesCgroup &v) {
  io.optional("v1", v.v1);
  io.optional("v2", v.v2);
  io.optional("systemd", v.systemd);
  io.optional("systemdUser", v.systemdUser);
  io.optional("rdma", v.rdma);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, FeaturesSeccomp &v) {
  io.optional("enabled", v.enabled);
  io.optional("actions", v.actions);
  io.optional("operators", v.operators);
  io.optional("archs", v.archs);
  io.optional("knownFlags", v.knownFlags);
  io.optional("supportedFlags", v.supportedFlags);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, FeatureSwitch &v) {
  io.optional("enabled", v.enabled);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, FeaturesIntelRdt &v) {
  io.optional("enabled", v.enabled);
  io.optional("schemata", v.schemata);
  io.optional("monitoring", v.monitoring);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, FeaturesMemoryPolicy &v) {
  io.optional("modes", v.modes);
  io.optional("flags", v.flags);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, FeaturesMountExtensions &v) {
  io.optional("idmap", v.idmap);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, FeaturesLinux &v) {
  io.optional("namespaces", v.namespaces);
  io.optional("capabilities", v.capabilities);
  io.optional("cgroup", v.cgroup);
  io.optional("seccomp", v.seccomp);
  io.optional("apparmor", v.apparmor);
  io.optional("selinux", v.selinux);
  io.optional("intelRdt", v.intelRdt);
  io.optional("memoryPolicy", v.memoryPolicy);
  io.optional("mountExtensions", v.mountExtensions);
  io.optional("netDevices", v.netDevices);
  io.extensions(v.extensions);
}

// The schema (features-schema.json) requires ociVersionMin and ociVersionMax.
template <class Io> void fields(Io &io, Features &v) {
  io.required("ociVersionMin", v.ociVersionMin);
  io.required("ociVersionMax", v.ociVersionMax);
  io.optional("hooks", v.hooks);
  io.optional("mountOptions", v.mountOptions);
  io.optional("linux", v.linux);
  io.optional("annotations", v.annotations);
  io.optional("potentiallyUnsafeConfigAnnotations", v.potentiallyUnsafeConfigAnnotations);
  io.extensions(v.extensions);
}

} // namespace detail

Result<Features> parseFeatures(std::string_view json, const ParseLimits &limits) {
  return detail::decodeDocument<Features>(json, limits);
}

std::string serialize(const Features &features, const SerializeOptions &options) {
  return detail::encodeDocument(features, options);
}

} // namespace runw::oci
