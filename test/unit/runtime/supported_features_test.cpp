// SPDX-License-Identifier: Apache-2.0
// supportedFeatures: claims only what runw implements, and survives a JSON round trip.
#include "engine/engine.h"
#include "oci/features.h"
#include "runtime/features.h"
#include "support/version.h"

#include <gtest/gtest.h>

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

// Container creation does not exist yet, so nothing that configures a container may be
// claimed. When a feature lands, supportedFeatures() and this test change together.
TEST(SupportedFeatures, ClaimsNothingThatIsNotImplemented) {
  const oci::Features features = supportedFeatures();
  EXPECT_EQ(features.hooks, std::vector<std::string>{});
  EXPECT_EQ(features.mountOptions, std::vector<std::string>{});
  EXPECT_EQ(features.potentiallyUnsafeConfigAnnotations, std::vector<std::string>{});
  const oci::FeaturesLinux &linux = features.linux.value();
  EXPECT_EQ(linux.namespaces, std::vector<std::string>{});
  EXPECT_EQ(linux.capabilities, std::vector<std::string>{});
  const oci::FeaturesCgroup &cgroup = linux.cgroup.value();
  for (const auto &flag : {cgroup.v1, cgroup.v2, cgroup.systemd, cgroup.systemdUser, cgroup.rdma}) {
    EXPECT_EQ(flag, false);
  }
  EXPECT_EQ(linux.seccomp.value().enabled, false);
  EXPECT_FALSE(linux.seccomp->actions.has_value());
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
