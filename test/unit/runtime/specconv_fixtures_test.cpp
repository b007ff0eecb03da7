// SPDX-License-Identifier: Apache-2.0
// The config.json and exec process files real clients (podman, containerd, CRI-O) wrote convert.
#include "spec/container_config.h"

#include "oci/json.h"
#include "oci/validate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <linux/capability.h>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace runw::runtime {
namespace {

namespace stdfs = std::filesystem;

const stdfs::path kFixtures = stdfs::path(RUNW_SHARED_DIR) / "fixtures" / "oci";

ConvertOptions options() {
  ConvertOptions out;
  out.id = "fixture";
  out.bundle = "/run/bundles/fixture";
  return out;
}

Result<oci::Spec> loadSpec(const std::string &name) {
  std::string text = TRY(oci::readDocumentFile((kFixtures / name).string()));
  return oci::parseSpec(text);
}

/// Parses, validates and converts one fixture, failing the test (not skipping) when absent.
Result<ContainerConfig> convertFixture(const std::string &name) {
  oci::Spec spec = TRY(loadSpec(name));
  TRY(oci::validateSpec(spec));
  return toContainerConfig(spec, options());
}

std::vector<std::string> fixtureFiles(const std::string &suffix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto &entry : stdfs::directory_iterator(kFixtures, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(suffix)) {
      out.push_back(name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SpecconvFixtures, EveryClientConfigConverts) {
  const std::vector<std::string> files = fixtureFiles(".config.json");
  ASSERT_GE(files.size(), 10u) << "client config fixtures missing under " << kFixtures;
  for (const std::string &name : files) {
    auto config = convertFixture(name);
    ASSERT_TRUE(config) << name << ": " << config.error().describe();
    EXPECT_FALSE(config->process.args.empty()) << name;
    EXPECT_TRUE(config->fs.rootfs.starts_with('/')) << name;
    EXPECT_FALSE(config->fs.mounts.empty()) << name;
    EXPECT_FALSE(config->security.capabilities.bounding.empty()) << name;
    EXPECT_FALSE(config->fs.userNamespace) << name;
    EXPECT_TRUE(config->cgroup.path.starts_with('/')) << name;
    // Every client sends deny-all first, so it is not doubled; runc's 11 defaults follow.
    const auto &rules = config->cgroup.resources.devices;
    ASSERT_GE(rules.size(), 12u) << name;
    EXPECT_FALSE(rules[0].allow) << name;
    EXPECT_EQ(rules[0].type, 'a') << name;
    EXPECT_TRUE(rules[1].allow || rules[1].type != 'a') << name;
    for (const std::string &warning : config->warnings) {
      ADD_FAILURE() << name << ": unexpected warning: " << warning;
    }
  }
}

TEST(SpecconvFixtures, EveryExecProcessConverts) {
  const std::vector<std::string> files = fixtureFiles(".process.json");
  ASSERT_GE(files.size(), 2u) << "exec process fixtures missing under " << kFixtures;
  for (const std::string &name : files) {
    auto text = oci::readDocumentFile((kFixtures / name).string());
    ASSERT_TRUE(text) << name << ": " << text.error().describe();
    auto process = oci::parseProcess(*text);
    ASSERT_TRUE(process) << name << ": " << process.error().describe();
    auto exec = toExecProcess(*process);
    ASSERT_TRUE(exec) << name << ": " << exec.error().describe();
    EXPECT_EQ(exec->process.args, (std::vector<std::string>{"echo", "exec-hi"})) << name;
    EXPECT_EQ(exec->process.cwd, "/") << name;
    EXPECT_FALSE(exec->security.capabilities.bounding.empty()) << name;
  }
}

TEST(SpecconvFixtures, ContainerdCtrBusybox) {
  auto config = convertFixture("containerd-ctr-busybox-echo.config.json");
  ASSERT_TRUE(config) << config.error().describe();
  // ctr writes a relative root.path.
  EXPECT_EQ(config->fs.rootfs, "/run/bundles/fixture/rootfs");
  EXPECT_EQ(config->process.args, (std::vector<std::string>{"echo", "hello-ctr"}));
  EXPECT_EQ(config->cgroup.path, "/runwtest/c1");
  ASSERT_TRUE(config->cgroup.resources.cpu);
  EXPECT_EQ(config->cgroup.resources.cpu->shares, 1024u);
  // 10 configured rules (deny-all first) + runc's 11 defaults.
  EXPECT_EQ(config->cgroup.resources.devices.size(), 21u);
  ASSERT_EQ(config->security.rlimits.size(), 1u);
  EXPECT_EQ(config->security.rlimits[0].resource, RLIMIT_NOFILE);
  EXPECT_EQ(config->security.rlimits[0].hard, 1024u);
  EXPECT_TRUE(config->security.noNewPrivileges);
  EXPECT_EQ(config->security.user.additionalGids, (std::vector<uint32_t>{0}));
  EXPECT_EQ(config->security.capabilities.bounding.size(), 14u);
  EXPECT_FALSE(config->security.seccomp);
  EXPECT_EQ(config->namespaces.namespaces.size(), 5u);
  EXPECT_EQ(config->fs.mounts.size(), 7u);
  EXPECT_EQ(config->fs.mounts[6].destination, "/run");
  EXPECT_EQ(config->fs.maskedPaths.size(), 10u);
}

TEST(SpecconvFixtures, CriOJoinsNamespacesAndHasSeccomp) {
  auto config = convertFixture("crio-busybox-sh.config.json");
  ASSERT_TRUE(config) << config.error().describe();
  const auto &namespaces = config->namespaces.namespaces;
  ASSERT_EQ(namespaces.size(), 5u);
  EXPECT_EQ(namespaces[0].kind, ns::NamespaceKind::Pid);
  EXPECT_FALSE(namespaces[0].path);
  EXPECT_EQ(namespaces[1].kind, ns::NamespaceKind::Network);
  ASSERT_TRUE(namespaces[1].path);
  EXPECT_TRUE(namespaces[1].path->ends_with("/ns/netns/6d1604ff-788b-4d92-b4f5-6512c8304b09"));
  EXPECT_EQ(namespaces[3].kind, ns::NamespaceKind::Uts);
  EXPECT_TRUE(namespaces[3].path);
  EXPECT_EQ(config->fs.hostname, std::optional<std::string>("18282f0aab20"));
  ASSERT_TRUE(config->security.seccomp);
  const security::SeccompConfig &seccomp = *config->security.seccomp;
  EXPECT_EQ(seccomp.defaultAction, security::SeccompAction::Errno);
  EXPECT_EQ(seccomp.defaultErrnoRet, 38u);
  EXPECT_EQ(seccomp.architectures.size(), 3u);
  ASSERT_EQ(seccomp.syscalls.size(), 22u);
  EXPECT_EQ(seccomp.syscalls[0].errnoRet, 1u);
  EXPECT_EQ(seccomp.syscalls[2].names, (std::vector<std::string>{"personality"}));
  ASSERT_EQ(seccomp.syscalls[2].args.size(), 1u);
  EXPECT_EQ(seccomp.syscalls[2].args[0].op, security::SeccompOperator::Equal);
  EXPECT_EQ(seccomp.syscalls[18].errnoRet, 22u);
  const cgroups::Resources &r = config->cgroup.resources;
  ASSERT_TRUE(r.memory);
  EXPECT_EQ(r.memory->limit, 67108864);
  EXPECT_EQ(r.memory->swap, 67108864);
  EXPECT_FALSE(r.pidsLimit) << "CRI-O's pids limit 0 means unset";
  EXPECT_EQ(config->security.oomScoreAdj, std::optional<int>(0));
  // Bind mounts with type "bind" and absolute sources stay as they are.
  EXPECT_EQ(config->fs.mounts[6].type, "bind");
  EXPECT_TRUE(config->fs.mounts[6].source.starts_with("/tmp/crio-smoke"));
}

TEST(SpecconvFixtures, PodmanBusybox) {
  auto config = convertFixture("podman-busybox-echo.config.json");
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->security.user.umask, std::optional<uint32_t>(18));
  ASSERT_EQ(config->security.rlimits.size(), 2u);
  EXPECT_EQ(config->security.rlimits[1].resource, RLIMIT_NPROC);
  EXPECT_EQ(config->security.rlimits[1].soft, 32768u);
  EXPECT_EQ(config->cgroup.resources.pidsLimit, 2048);
  EXPECT_TRUE(config->cgroup.path.starts_with("/libpod_parent/libpod-"));
  const auto &bounding = config->security.capabilities.bounding;
  EXPECT_EQ(bounding.front(), CAP_AUDIT_WRITE);
  EXPECT_NE(std::find(bounding.begin(), bounding.end(), CAP_SYS_CHROOT), bounding.end());
  EXPECT_EQ(config->fs.hostname, std::optional<std::string>("b92087328327"));
  EXPECT_EQ(config->fs.readonlyPaths.size(), 6u);
}

TEST(SpecconvFixtures, CriSandboxIsReadonlyWithANetnsPath) {
  auto config = convertFixture("containerd-cri-sandbox.config.json");
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_TRUE(config->fs.readonlyRoot);
  EXPECT_EQ(config->fs.hostname, std::optional<std::string>("runw-pod"));
  EXPECT_EQ(config->process.args, (std::vector<std::string>{"/bin/sleep", "2147483647"}));
  EXPECT_TRUE(config->security.noNewPrivileges);
  ASSERT_TRUE(config->cgroup.resources.cpu);
  EXPECT_EQ(config->cgroup.resources.cpu->shares, 2u);
}

} // namespace
} // namespace runw::runtime
