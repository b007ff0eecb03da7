// SPDX-License-Identifier: Apache-2.0
// features document model: the upstream runc example round-trips, required fields are checked.
#include "oci/features.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace runw::oci {
namespace {

// Abridged from runtime-spec schema/test/features/good/runc.json.
const char *kRuncFeatures = R"({
  "ociVersionMin": "1.0.0", "ociVersionMax": "1.0.2-dev",
  "hooks": ["prestart", "createRuntime", "poststop"],
  "mountOptions": ["bind", "rbind", "ro"],
  "linux": {
    "namespaces": ["cgroup", "ipc", "mount"],
    "capabilities": ["CAP_CHOWN", "CAP_KILL"],
    "cgroup": {"v1": true, "v2": true, "systemd": true, "systemdUser": true},
    "seccomp": {"enabled": true, "actions": ["SCMP_ACT_ALLOW"], "operators": ["SCMP_CMP_EQ"],
                "archs": ["SCMP_ARCH_X86_64"], "knownFlags": ["SECCOMP_FILTER_FLAG_LOG"],
                "supportedFlags": ["SECCOMP_FILTER_FLAG_LOG"]},
    "apparmor": {"enabled": true}, "selinux": {"enabled": true},
    "intelRdt": {"enabled": true}, "mountExtensions": {"idmap": {"enabled": false}}
  },
  "annotations": {"org.opencontainers.runc.version": "1.1.0+dev"},
  "potentiallyUnsafeConfigAnnotations": ["com.example.", "org.example.x"]
})";

TEST(FeaturesJson, UpstreamExampleRoundTrips) {
  auto features = parseFeatures(kRuncFeatures);
  ASSERT_TRUE(features.has_value()) << features.error().describe();
  EXPECT_EQ(features->ociVersionMax, "1.0.2-dev");
  ASSERT_TRUE(features->linux && features->linux->cgroup);
  EXPECT_EQ(features->linux->cgroup->systemdUser, true);
  EXPECT_EQ(features->linux->mountExtensions->idmap->enabled, false);
  EXPECT_EQ(nlohmann::json::parse(serialize(*features)), nlohmann::json::parse(kRuncFeatures));
}

TEST(FeaturesJson, VersionBoundsAreRequired) {
  auto features = parseFeatures(R"({"ociVersionMin":"1.0.0"})");
  ASSERT_FALSE(features.has_value());
  EXPECT_EQ(features.error().describe(), "ociVersionMax: missing required field");
}

TEST(FeaturesJson, EmptyListsMeanNoneAndStayDistinctFromUnknown) {
  auto features = parseFeatures(R"({"ociVersionMin":"1.0.0","ociVersionMax":"1.2.1","hooks":[]})");
  ASSERT_TRUE(features.has_value());
  EXPECT_TRUE(features->hooks.has_value());
  EXPECT_TRUE(features->hooks->empty());
  EXPECT_FALSE(features->mountOptions.has_value());
}

} // namespace
} // namespace runw::oci
