// SPDX-License-Identifier: Apache-2.0
// supportedFeatures: claims only what runw implements, and survives a JSON round trip.
#include "engine/engine.h"
#include "oci/features.h"
#include "runtime/features.h"
#include "support/version.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace runw::runtime {
namespace {

TEST(SupportedFeatures, VersionsAndAnnotations) {
  const oci::Features features = supportedFeatures();
  EXPECT_EQ(features.ociVersionMin, version::kRuntimeSpecMin);
  EXPECT_EQ(features.ociVersionMax, version::kRuntimeSpec);
  const auto &annotations = features.annotations.value();
  EXPECT_EQ(annotations.at("run.oci.runw.version"), version::kRunw);
  EXPECT_EQ(annotations.at("run.oci.runw.commit"), version::kCommit);
  EXPECT_EQ(annotations.at("run.oci.runw.engine.version"), engine::version());
  EXPECT_EQ(annotations.at("run.oci.runw.engine.wasm-spec"), engine::targetWasmVersion());
}

// What is claimed must be implemented, and what is not implemented must not be claimed:
// callers (containerd's CRI) turn behaviour on from this document.
TEST(SupportedFeatures, ClaimsWhatCreateAppliesAndNothingElse) {
  const oci::Features features = supportedFeatures();
  EXPECT_EQ(features.hooks.value().size(), 6U);
  const std::vector<std::string> &options = features.mountOptions.value();
  for (const char *option : {"ro", "rbind", "rprivate", "nosuid", "rro", "tmpcopyup"}) {
    EXPECT_NE(std::find(options.begin(), options.end(), option), options.end()) << option;
  }
  EXPECT_EQ(std::find(options.begin(), options.end(), "idmap"), options.end());
  EXPECT_EQ(features.potentiallyUnsafeConfigAnnotations, std::vector<std::string>{});
  const oci::FeaturesLinux &linux = features.linux.value();
  EXPECT_EQ(linux.namespaces.value().size(), 8U);
  const std::vector<std::string> &caps = linux.capabilities.value();
  EXPECT_NE(std::find(caps.begin(), caps.end(), "CAP_SYS_ADMIN"), caps.end());
  const oci::FeaturesCgroup &cgroup = linux.cgroup.value();
  EXPECT_EQ(cgroup.v1, true);
  EXPECT_EQ(cgroup.v2, true);
  for (const auto &flag : {cgroup.systemd, cgroup.systemdUser, cgroup.rdma}) {
    EXPECT_EQ(flag, false);
  }
  EXPECT_EQ(linux.seccomp.value().enabled, true);
  const std::vector<std::string> &actions = linux.seccomp->actions.value();
  EXPECT_EQ(std::find(actions.begin(), actions.end(), "SCMP_ACT_NOTIFY"), actions.end());
  EXPECT_EQ(linux.apparmor.value().enabled, false);
  EXPECT_EQ(linux.selinux.value().enabled, false);
  EXPECT_EQ(linux.intelRdt.value().enabled, false);
  EXPECT_EQ(linux.mountExtensions.value().idmap.value().enabled, false);
}

TEST(SupportedFeatures, RoundTripsThroughJson) {
  const oci::Features features = supportedFeatures();
  const std::string text = serialize(features, oci::SerializeOptions{4, ' '});
  auto parsed = oci::parseFeatures(text);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  EXPECT_EQ(*parsed, features);
}

} // namespace
} // namespace runw::runtime
