// SPDX-License-Identifier: Apache-2.0
// config.json model: real client fixtures, lossless round trips, errors that name the JSON path.
#include "oci/json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace runw::oci {
namespace {

namespace fs = std::filesystem;

std::string readFixture(const fs::path &path) {
  auto text = readDocumentFile(path.string());
  EXPECT_TRUE(text.has_value()) << path << ": " << text.error().describe();
  return text.value_or("");
}

std::vector<fs::path> fixtureFiles(std::string_view suffix) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(RUNW_SHARED_DIR) / "fixtures" / "oci";
  for (const auto &entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().ends_with(suffix)) {
      files.push_back(entry.path());
    }
  }
  return files;
}

// Every config.json that podman, containerd (ctr and CRI) and CRI-O wrote must parse, and
// serializing it must give back the same JSON value (member order aside).
TEST(SpecFixtures, EveryClientConfigParsesAndRoundTripsExactly) {
  const auto files = fixtureFiles(".config.json");
  ASSERT_GE(files.size(), 10u) << "fixtures missing under " << RUNW_SHARED_DIR;
  for (const auto &path : files) {
    SCOPED_TRACE(path.filename().string());
    const std::string text = readFixture(path);
    auto spec = parseSpec(text);
    ASSERT_TRUE(spec.has_value()) << spec.error().describe();
    const std::string written = serialize(*spec);
    EXPECT_EQ(nlohmann::json::parse(written), nlohmann::json::parse(text));
    auto again = parseSpec(written);
    ASSERT_TRUE(again.has_value()) << again.error().describe();
    EXPECT_EQ(*again, *spec);
  }
}

TEST(SpecFixtures, ExecProcessDocumentsRoundTrip) {
  const auto files = fixtureFiles(".process.json");
  ASSERT_GE(files.size(), 2u);
  for (const auto &path : files) {
    SCOPED_TRACE(path.filename().string());
    const std::string text = readFixture(path);
    auto process = parseProcess(text);
    ASSERT_TRUE(process.has_value()) << process.error().describe();
    EXPECT_EQ(nlohmann::json::parse(serialize(*process)), nlohmann::json::parse(text));
    EXPECT_FALSE(process->args.value_or(std::vector<std::string>{}).empty());
  }
}

TEST(SpecFixtures, PodmanConfigHasTheFieldsRuntimesUse) {
  auto spec = parseSpec(
      readFixture(fs::path(RUNW_SHARED_DIR) / "fixtures/oci/podman-busybox-echo.config.json"));
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  ASSERT_TRUE(spec->process && spec->linux && spec->root);
  EXPECT_EQ(spec->process->args.value(), (std::vector<std::string>{"echo", "hello"}));
  EXPECT_FALSE(spec->process->rlimits.value().empty());
  EXPECT_TRUE(spec->linux->seccomp.has_value());
  EXPECT_FALSE(spec->linux->namespaces.value().empty());
  EXPECT_FALSE(spec->root->path.empty());
}

TEST(SpecFixtures, CriContainerJoinsSandboxNamespacesByPath) {
  auto spec = parseSpec(readFixture(fs::path(RUNW_SHARED_DIR) /
                                    "fixtures/oci/containerd-cri-busybox-echo.config.json"));
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  bool joinsByPath = false;
  for (const auto &ns : spec->linux->namespaces.value()) {
    joinsByPath = joinsByPath || (ns.type == NamespaceType::Pid && ns.path.has_value());
  }
  EXPECT_TRUE(joinsByPath);
}

const char *kMinimal = R"({"ociVersion":"1.2.0","root":{"path":"rootfs"},
  "process":{"user":{"uid":0,"gid":0},"cwd":"/","args":["sh"]}})";

std::string errorOf(std::string_view json) {
  auto spec = parseSpec(json);
  return spec.has_value() ? std::string("(parsed)") : spec.error().describe();
}

TEST(SpecErrors, WrongTypesNameTheirPath) {
  EXPECT_EQ(
      errorOf(
          R"({"ociVersion":"1.2.0","process":{"user":{"uid":0,"gid":0},"cwd":"/","args":[1]}})"),
      "process.args[0]: expected string, got number");
  EXPECT_EQ(errorOf(R"({"ociVersion":1})"), "ociVersion: expected string, got number");
  EXPECT_EQ(errorOf(R"({"ociVersion":"1.2.0","root":{"path":"r","readonly":"yes"}})"),
            "root.readonly: expected boolean, got string");
  EXPECT_EQ(errorOf(R"({"ociVersion":"1.2.0","mounts":{}})"), "mounts: expected array, got object");
  EXPECT_EQ(errorOf(R"({"ociVersion":"1.2.0","linux":{"sysctl":{"net.ipv4.ip_forward":1}}})"),
            "linux.sysctl[\"net.ipv4.ip_forward\"]: expected string, got number");
  EXPECT_EQ(errorOf("[]"), "(document): expected object, got array");
}

TEST(SpecErrors, MissingRequiredFieldsAreNamed) {
  EXPECT_EQ(errorOf("{}"), "ociVersion: missing required field");
  EXPECT_EQ(errorOf(R"({"ociVersion":"1.2.0","process":{"user":{"uid":0,"gid":0}}})"),
            "process.cwd: missing required field");
  EXPECT_EQ(errorOf(R"({"ociVersion":"1.2.0","mounts":[{"type":"proc"}]})"),
            "mounts[0].destination: missing required field");
  EXPECT_EQ(errorOf(R"({"ociVersion":"1.2.0","process":{"user":{"uid":0},"cwd":"/"}})"),
            "process.user.gid: missing required field");
}

TEST(SpecErrors, OutOfRangeIntegersAreRejected) {
  EXPECT_EQ(errorOf(R"({"ociVersion":"1","process":{"user":{"uid":-1,"gid":0},"cwd":"/"}})"),
            "process.user.uid: -1 is out of range for uint32");
  EXPECT_EQ(
      errorOf(R"({"ociVersion":"1","process":{"user":{"uid":4294967296,"gid":0},"cwd":"/"}})"),
      "process.user.uid: 4294967296 is out of range for uint32");
  EXPECT_EQ(errorOf(R"({"ociVersion":"1","linux":{"resources":{"memory":{"limit":1e30}}}})"),
            "linux.resources.memory.limit: 1e+30 is out of range for int64");
  EXPECT_EQ(errorOf(R"({"ociVersion":"1","linux":{"resources":{"memory":{"limit":1.5}}}})"),
            "linux.resources.memory.limit: expected integer, got 1.5");
  EXPECT_EQ(
      errorOf(
          R"({"ociVersion":"1","linux":{"resources":{"memory":{"limit":18446744073709551615}}}})"),
      "linux.resources.memory.limit: 18446744073709551615 is out of range for int64");
  EXPECT_EQ(errorOf(R"({"ociVersion":"1","linux":{"resources":{"blockIO":{"weight":65536}}}})"),
            "linux.resources.blockIO.weight: 65536 is out of range for uint16");
  EXPECT_EQ(
      errorOf(
          R"({"ociVersion":"1","process":{"user":{"uid":0,"gid":0},"cwd":"/","rlimits":[{"type":"RLIMIT_NOFILE","hard":-1,"soft":1}]}})"),
      "process.rlimits[0].hard: -1 is out of range for uint64");
}

TEST(SpecErrors, DuplicateKeysAreRejectedInSmallAndLargeObjects) {
  EXPECT_EQ(errorOf(R"({"ociVersion":"1","hostname":"a","hostname":"b"})"),
            "(document): duplicate key \"hostname\"");
  std::string annotations;
  for (int i = 0; i < 100; ++i) {
    annotations += "\"k" + std::to_string(i) + "\":\"v\",";
  }
  EXPECT_EQ(errorOf(R"({"ociVersion":"1","annotations":{)" + annotations + R"("k57":"again"}})"),
            "annotations: duplicate key \"k57\"");
  auto spec = parseSpec(R"({"ociVersion":"1","annotations":{)" + annotations + R"("last":"x"}})");
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  EXPECT_EQ(spec->annotations->size(), 101u);
}

TEST(SpecErrors, MemoryLimitMinusOneMeansUnlimitedAndIsAccepted) {
  auto spec =
      parseSpec(R"({"ociVersion":"1","linux":{"resources":{"memory":{"limit":-1,"swap":-1}}}})");
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  EXPECT_EQ(spec->linux->resources->memory->limit, -1);
}

TEST(SpecErrors, UnknownNamespaceTypeListsTheKnownOnes) {
  EXPECT_EQ(
      errorOf(R"({"ociVersion":"1","linux":{"namespaces":[{"type":"pid"},{"type":"bogus"}]}})"),
      "linux.namespaces[1].type: unknown value \"bogus\" (expected one of: pid, network, "
      "mount, ipc, uts, user, cgroup, time)");
}

TEST(SpecExtensions, UnknownMembersAreKeptInPlaceAndWrittenBack) {
  const char *text = R"({"ociVersion":"1.2.0","x-vendor":{"a":[1,2]},
    "process":{"user":{"uid":0,"gid":0,"futureField":true},"cwd":"/"},
    "windows":{"layerFolders":["C:\\l"]}})";
  auto spec = parseSpec(text);
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  ASSERT_EQ(spec->extensions.members.size(), 2u);
  EXPECT_EQ(spec->extensions.members[0].first, "x-vendor");
  EXPECT_EQ(spec->extensions.members[0].second, R"({"a":[1,2]})");
  EXPECT_EQ(spec->process->user.extensions.members.at(0).first, "futureField");
  EXPECT_EQ(nlohmann::json::parse(serialize(*spec)), nlohmann::json::parse(text));
}

TEST(SpecRoundTrip, AbsentAndEmptyStayDistinct) {
  auto spec = parseSpec(R"({"ociVersion":"1","hostname":"","mounts":[],"annotations":{}})");
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  EXPECT_TRUE(spec->hostname.has_value());
  EXPECT_TRUE(spec->mounts.has_value());
  EXPECT_FALSE(spec->domainname.has_value());
  EXPECT_EQ(serialize(*spec), R"({"ociVersion":"1","hostname":"","mounts":[],"annotations":{}})");
}

TEST(SpecRoundTrip, NullOptionalMembersCountAsAbsent) {
  auto spec = parseSpec(R"({"ociVersion":"1","hostname":null,"mounts":null})");
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  EXPECT_FALSE(spec->hostname.has_value());
  EXPECT_FALSE(spec->mounts.has_value());
}

TEST(SpecRoundTrip, SerializeHonoursIndentation) {
  auto spec = parseSpec(kMinimal);
  ASSERT_TRUE(spec.has_value());
  const std::string tabbed = serialize(*spec, SerializeOptions{1, '\t'});
  EXPECT_NE(tabbed.find("\n\t\"process\": {"), std::string::npos) << tabbed;
  EXPECT_EQ(serialize(*spec).find('\n'), std::string::npos);
}

TEST(SpecDocuments, ResourcesDocumentForUpdate) {
  auto resources = parseResources(
      R"({"memory":{"limit":268435456},"cpu":{"shares":512,"cpus":"0-1"},"pids":{"limit":100},"unified":{"memory.high":"max"}})");
  ASSERT_TRUE(resources.has_value()) << resources.error().describe();
  EXPECT_EQ(resources->memory->limit, 268435456);
  EXPECT_EQ(resources->cpu->cpus, "0-1");
  EXPECT_EQ(resources->unified->at("memory.high"), "max");
  auto bad = parseResources(R"({"pids":{"limit":"many"}})");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().describe(), "pids.limit: expected integer, got string");
}

TEST(ReadDocumentFile, MissingFileAndSizeLimit) {
  auto missing = readDocumentFile("/nonexistent/config.json");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  EXPECT_EQ(missing.error().describe(), "/nonexistent/config.json not found");
  auto small = readDocumentFile(
      (fs::path(RUNW_SHARED_DIR) / "fixtures/oci/podman-busybox-echo.config.json").string(),
      ParseLimits{16, 128});
  ASSERT_FALSE(small.has_value());
  EXPECT_EQ(small.error().code, ErrorCode::Limit);
  auto directory = readDocumentFile("/");
  ASSERT_FALSE(directory.has_value());
  EXPECT_EQ(directory.error().describe(), "/ is not a regular file");
}

} // namespace
} // namespace runw::oci
