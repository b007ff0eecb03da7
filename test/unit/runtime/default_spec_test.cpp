// SPDX-License-Identifier: Apache-2.0
// defaultSpec and makeRootless: runc's example spec, and lossless JSON round trips.
#include "oci/json.h"
#include "runtime/default_spec.h"
#include "support/version.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace runw::runtime {
namespace {

using Strings = std::vector<std::string>;

std::vector<oci::NamespaceType> namespaceTypes(const oci::Spec &spec) {
  std::vector<oci::NamespaceType> types;
  for (const auto &ns : spec.linux->namespaces.value()) {
    types.push_back(ns.type);
  }
  return types;
}

TEST(DefaultSpec, HasRuncExampleContent) {
  const oci::Spec spec = defaultSpec(false);
  EXPECT_EQ(spec.ociVersion, version::kRuntimeSpec);
  ASSERT_TRUE(spec.process.has_value());
  EXPECT_EQ(spec.process->terminal, true);
  EXPECT_EQ(spec.process->user.uid, 0u);
  EXPECT_EQ(spec.process->user.gid, 0u);
  EXPECT_EQ(spec.process->args, Strings{"sh"});
  EXPECT_EQ(
      spec.process->env,
      (Strings{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"}));
  EXPECT_EQ(spec.process->cwd, "/");
  const Strings caps{"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  EXPECT_EQ(spec.process->capabilities->bounding, caps);
  EXPECT_EQ(spec.process->capabilities->effective, caps);
  EXPECT_EQ(spec.process->capabilities->permitted, caps);
  EXPECT_FALSE(spec.process->capabilities->ambient.has_value());
  EXPECT_FALSE(spec.process->capabilities->inheritable.has_value());
  ASSERT_EQ(spec.process->rlimits->size(), 1u);
  EXPECT_EQ(spec.process->rlimits->front(), (oci::Rlimit{"RLIMIT_NOFILE", 1024, 1024, {}}));
  EXPECT_EQ(spec.process->noNewPrivileges, true);
  EXPECT_EQ(spec.root, (oci::Root{"rootfs", true, {}}));
  EXPECT_EQ(spec.hostname, "runw");
}

TEST(DefaultSpec, MountsAndLinuxSection) {
  const oci::Spec spec = defaultSpec(false);
  Strings destinations;
  for (const auto &mount : spec.mounts.value()) {
    destinations.push_back(mount.destination);
  }
  EXPECT_EQ(destinations, (Strings{"/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
                                   "/sys/fs/cgroup"}));
  EXPECT_FALSE(spec.mounts->front().options.has_value()); // proc: no options member at all
  EXPECT_EQ(spec.linux->maskedPaths->size(), 10u);
  EXPECT_EQ(spec.linux->readonlyPaths->size(), 5u);
  const auto &devices = spec.linux->resources->devices.value();
  ASSERT_EQ(devices.size(), 1u);
  EXPECT_FALSE(devices.front().allow);
  EXPECT_EQ(devices.front().access, "rwm");
  using enum oci::NamespaceType;
  EXPECT_EQ(namespaceTypes(spec), (std::vector{Pid, Network, Ipc, Uts, Mount}));
  EXPECT_EQ(namespaceTypes(defaultSpec(true)),
            (std::vector{Pid, Network, Ipc, Uts, Mount, Cgroup}));
}

TEST(DefaultSpec, RoundTripsThroughJson) {
  for (const bool cgroupNamespace : {false, true}) {
    oci::Spec spec = defaultSpec(cgroupNamespace);
    for (int rootless = 0; rootless < 2; ++rootless) {
      if (rootless == 1) {
        makeRootless(spec, 1000, 100);
      }
      const std::string text = serialize(spec, oci::SerializeOptions{1, '\t'});
      auto parsed = oci::parseSpec(text);
      ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
      EXPECT_EQ(*parsed, spec);
      EXPECT_EQ(serialize(*parsed, oci::SerializeOptions{1, '\t'}), text);
    }
  }
}

TEST(DefaultSpec, SerializesInRuncMemberOrderWithTabs) {
  const std::string text = serialize(defaultSpec(false), oci::SerializeOptions{1, '\t'});
  EXPECT_TRUE(text.starts_with("{\n\t\"ociVersion\": \"")) << text.substr(0, 40);
  EXPECT_FALSE(text.ends_with("\n"));
  const auto json = nlohmann::ordered_json::parse(text);
  Strings keys;
  for (const auto &[key, value] : json.items()) {
    keys.push_back(key);
  }
  EXPECT_EQ(keys, (Strings{"ociVersion", "process", "root", "hostname", "mounts", "linux"}));
}

TEST(MakeRootless, MirrorsRuncToRootless) {
  oci::Spec spec = defaultSpec(true);
  makeRootless(spec, 1000, 1001);
  using enum oci::NamespaceType;
  EXPECT_EQ(namespaceTypes(spec), (std::vector{Pid, Ipc, Uts, Mount, Cgroup, User}));
  EXPECT_EQ(spec.linux->uidMappings, (std::vector<oci::IdMapping>{{0, 1000, 1, {}}}));
  EXPECT_EQ(spec.linux->gidMappings, (std::vector<oci::IdMapping>{{0, 1001, 1, {}}}));
  EXPECT_FALSE(spec.linux->resources.has_value());
  const auto &mounts = spec.mounts.value();
  const auto sys = std::find_if(mounts.begin(), mounts.end(),
                                [](const oci::Mount &m) { return m.destination == "/sys"; });
  ASSERT_NE(sys, mounts.end());
  EXPECT_EQ(sys->type, "none");
  EXPECT_EQ(sys->source, "/sys");
  EXPECT_EQ(sys->options, (Strings{"rbind", "nosuid", "noexec", "nodev", "ro"}));
  const auto pts = std::find_if(mounts.begin(), mounts.end(),
                                [](const oci::Mount &m) { return m.destination == "/dev/pts"; });
  ASSERT_NE(pts, mounts.end());
  EXPECT_EQ(pts->options,
            (Strings{"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"}));
}

TEST(MakeRootless, ReplacesAnExistingUserNamespaceAndEmptiedOptions) {
  oci::Spec spec;
  spec.linux = oci::Linux{};
  spec.linux->namespaces =
      std::vector<oci::Namespace>{{oci::NamespaceType::User, "/proc/1/ns/user", {}},
                                  {oci::NamespaceType::Pid, std::nullopt, {}}};
  oci::Mount mount;
  mount.destination = "/data";
  mount.options = Strings{"uid=1", "gid=2"};
  oci::Mount sys;
  sys.destination = "/sys/";
  spec.mounts = std::vector<oci::Mount>{mount, sys};
  makeRootless(spec, 5, 6);
  ASSERT_EQ(spec.linux->namespaces->size(), 2u);
  EXPECT_EQ(spec.linux->namespaces->at(0).type, oci::NamespaceType::Pid);
  EXPECT_EQ(spec.linux->namespaces->at(1).type, oci::NamespaceType::User);
  EXPECT_FALSE(spec.linux->namespaces->at(1).path.has_value());
  EXPECT_FALSE(spec.mounts->at(0).options.has_value()); // Go leaves a nil slice: omitted
  EXPECT_EQ(spec.mounts->at(1).destination, "/sys");
  EXPECT_EQ(spec.mounts->at(1).type, "none");
}

TEST(Cgroup2Detection, AgreesWithTheMountTable) {
  // /proc/self/mountinfo names the filesystem type of /sys/fs/cgroup.
  FILE *file = std::fopen("/proc/self/mountinfo", "r");
  ASSERT_NE(file, nullptr);
  bool cgroup2 = false;
  char line[4096];
  while (std::fgets(line, sizeof line, file) != nullptr) {
    const std::string text(line);
    if (text.find(" /sys/fs/cgroup ") != std::string::npos) {
      // Later mounts over the same point hide earlier ones; keep the last one.
      cgroup2 = text.find(" - cgroup2 ") != std::string::npos;
    }
  }
  std::fclose(file);
  EXPECT_EQ(isCgroup2UnifiedMode(), cgroup2);
}

} // namespace
} // namespace runw::runtime
