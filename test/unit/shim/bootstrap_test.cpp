// SPDX-License-Identifier: Apache-2.0
// The shim's bootstrap decisions: Go-style flags, containerd 2.3+'s BootstrapParams detection
// and BootstrapResult, the pod grouping key, and the -info RuntimeInfo.
#include "bootstrap_flags.h"
#include "bootstrap_params.h"
#include "containerd/types/introspection.pb.h"
#include "runtime_info.h"
#include "shim_group.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace runw::shim {
namespace {

namespace bootstrap = containerd::runtime::bootstrap::v1;

Flags parse(std::vector<std::string> words) {
  std::vector<char *> argv;
  for (std::string &word : words) {
    argv.push_back(word.data());
  }
  return parseFlags(static_cast<int>(argv.size()), argv.data());
}

TEST(BootstrapFlags, GoFlagFormsAndTheAction) {
  Flags flags = parse({"shim", "-namespace", "k8s.io", "--address=/run/c.sock", "-debug", "-id",
                       "abc", "start", "-ignored"});
  EXPECT_EQ(flags.get("namespace"), "k8s.io");
  EXPECT_EQ(flags.get("address"), "/run/c.sock");
  EXPECT_EQ(flags.get("id"), "abc");
  EXPECT_TRUE(flags.has("debug"));
  EXPECT_FALSE(flags.has("ignored"));
  EXPECT_EQ(flags.action, "start");
  EXPECT_EQ(flags.get("missing"), "");
}

TEST(BootstrapFlags, InfoIsABooleanFlagWithoutAction) {
  Flags flags = parse({"shim", "-info"});
  EXPECT_TRUE(flags.has("info"));
  EXPECT_EQ(flags.action, "");
}

bootstrap::BootstrapParams params(const std::string &id, const std::string &ns) {
  bootstrap::BootstrapParams p;
  p.set_instance_id(id);
  p.set_namespace_(ns);
  p.set_containerd_ttrpc_address("/run/containerd/containerd.sock.ttrpc");
  p.set_socket_dir("/run/containerd/s2");
  return p;
}

TEST(BootstrapParams, DetectedWhenItEchoesOurFlags) {
  auto found = detectBootstrapParams(params("c1", "default").SerializeAsString(), "c1", "default");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->socket_dir(), "/run/containerd/s2");
  EXPECT_EQ(found->containerd_ttrpc_address(), "/run/containerd/containerd.sock.ttrpc");
}

TEST(BootstrapParams, LegacyInputIsNotParams) {
  EXPECT_FALSE(detectBootstrapParams("", "c1", "default").has_value());
  EXPECT_FALSE(detectBootstrapParams("\xff\xff\xff", "c1", "default").has_value());
  // Another container's or namespace's params are not ours.
  EXPECT_FALSE(detectBootstrapParams(params("c2", "default").SerializeAsString(), "c1", "default"));
  EXPECT_FALSE(detectBootstrapParams(params("c1", "k8s.io").SerializeAsString(), "c1", "default"));
  // 1.6's runtime options Any: two strings, like instance_id and namespace.
  google::protobuf::Any options;
  options.set_type_url("runtimeoptions.v1.Options");
  options.set_value("\x12\x04toml");
  EXPECT_FALSE(detectBootstrapParams(options.SerializeAsString(), "c1", "default"));
}

TEST(BootstrapParams, ResultNamesTheAddressAndTtrpc) {
  bootstrap::BootstrapResult result;
  ASSERT_TRUE(result.ParseFromString(encodeBootstrapResult("unix:///run/containerd/s/ab")));
  EXPECT_EQ(result.version(), 3);
  EXPECT_EQ(result.address(), "unix:///run/containerd/s/ab");
  EXPECT_EQ(result.protocol(), "ttrpc");
}

class GroupingKey : public ::testing::Test {
protected:
  void SetUp() override {
    bundle_ = std::filesystem::temp_directory_path() /
              ("runw-group-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(bundle_);
  }
  void TearDown() override { std::filesystem::remove_all(bundle_); }
  void writeConfig(const std::string &json) { std::ofstream(bundle_ / "config.json") << json; }
  std::string key(const std::string &id) { return groupingKey(bundle_.string(), id); }

  std::filesystem::path bundle_;
};

TEST_F(GroupingKey, SandboxIdGroupsThePod) {
  writeConfig(R"({"annotations":{"io.kubernetes.cri.container-type":"container",)"
              R"("io.kubernetes.cri.sandbox-id":"pod1"}})");
  EXPECT_EQ(key("app"), "pod1");
}

TEST_F(GroupingKey, RuncGroupAnnotation) {
  writeConfig(R"({"annotations":{"io.containerd.runc.v2.group":"g7"}})");
  EXPECT_EQ(key("app"), "g7");
}

TEST_F(GroupingKey, OwnIdWithoutAnnotationsOrConfig) {
  EXPECT_EQ(key("alone"), "alone");
  writeConfig(R"({"annotations":{"io.kubernetes.cri.sandbox-id":""}})");
  EXPECT_EQ(key("alone"), "alone");
  writeConfig(R"({"annotations":{"io.kubernetes.cri.sandbox-id":7}})");
  EXPECT_EQ(key("alone"), "alone");
  writeConfig("{not json");
  EXPECT_EQ(key("alone"), "alone");
}

TEST(RuntimeInfo, NameVersionOptionsAndFeatures) {
  google::protobuf::Any options;
  options.set_type_url("runtimeoptions.v1.Options");
  options.set_value("x");
  containerd::types::RuntimeInfo info;
  ASSERT_TRUE(info.ParseFromString(
      encodeRuntimeInfo(options.SerializeAsString(), R"({"ociVersionMin":"1.0.0"})")));
  EXPECT_EQ(info.name(), "io.containerd.runw.v2");
  EXPECT_FALSE(info.version().version().empty());
  EXPECT_EQ(info.options().type_url(), "runtimeoptions.v1.Options");
  EXPECT_EQ(info.features().type_url(),
            "types.containerd.io/opencontainers/runtime-spec/1/features/Features");
  EXPECT_EQ(info.features().value(), R"({"ociVersionMin":"1.0.0"})");
}

TEST(RuntimeInfo, FeaturesFromRunw) {
  const std::string json = runtimeFeaturesJson(RUNW_BIN_DIR "/runw");
  EXPECT_NE(json.find("\"ociVersionMin\""), std::string::npos) << json;
  EXPECT_EQ(runtimeFeaturesJson("/nonexistent/runw"), "");
}

} // namespace
} // namespace runw::shim
