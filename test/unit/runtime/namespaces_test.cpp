// SPDX-License-Identifier: Apache-2.0
// Unit tests of namespace flag computation, validation and id map formatting.
#include "linux/namespaces.h"

#include <gtest/gtest.h>

#include <sched.h>

namespace runw::runtime::ns {
namespace {

NamespaceConfig withKinds(std::initializer_list<NamespaceKind> kinds) {
  NamespaceConfig config;
  for (NamespaceKind kind : kinds) {
    config.namespaces.push_back({kind, std::nullopt});
  }
  return config;
}

TEST(Namespaces, CloneFlagOfEveryKind) {
  EXPECT_EQ(cloneFlagOf(NamespaceKind::Pid), static_cast<uint64_t>(CLONE_NEWPID));
  EXPECT_EQ(cloneFlagOf(NamespaceKind::Network), static_cast<uint64_t>(CLONE_NEWNET));
  EXPECT_EQ(cloneFlagOf(NamespaceKind::Mount), static_cast<uint64_t>(CLONE_NEWNS));
  EXPECT_EQ(cloneFlagOf(NamespaceKind::Ipc), static_cast<uint64_t>(CLONE_NEWIPC));
  EXPECT_EQ(cloneFlagOf(NamespaceKind::Uts), static_cast<uint64_t>(CLONE_NEWUTS));
  EXPECT_EQ(cloneFlagOf(NamespaceKind::User), static_cast<uint64_t>(CLONE_NEWUSER));
  EXPECT_EQ(cloneFlagOf(NamespaceKind::Cgroup), static_cast<uint64_t>(CLONE_NEWCGROUP));
  EXPECT_EQ(cloneFlagOf(NamespaceKind::Time), static_cast<uint64_t>(CLONE_NEWTIME));
  EXPECT_STREQ(procNamespaceName(NamespaceKind::Network), "net");
  EXPECT_STREQ(procNamespaceName(NamespaceKind::Mount), "mnt");
}

TEST(Namespaces, NewFlagsSkipJoinedOnes) {
  NamespaceConfig config =
      withKinds({NamespaceKind::Pid, NamespaceKind::Mount, NamespaceKind::Ipc, NamespaceKind::Uts});
  config.namespaces.push_back({NamespaceKind::Network, "/var/run/netns/pod"});
  EXPECT_EQ(newNamespaceFlags(config),
            static_cast<uint64_t>(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS));
  EXPECT_TRUE(hasNamespace(config, NamespaceKind::Network));
  EXPECT_FALSE(hasNewNamespace(config, NamespaceKind::Network));
  EXPECT_TRUE(hasNewNamespace(config, NamespaceKind::Pid));
  EXPECT_FALSE(hasNamespace(config, NamespaceKind::User));
  EXPECT_EQ(newNamespaceFlags(NamespaceConfig{}), 0U);
  EXPECT_EQ(newNamespaceFlags(withKinds({NamespaceKind::Time, NamespaceKind::Cgroup})),
            static_cast<uint64_t>(CLONE_NEWTIME | CLONE_NEWCGROUP));
}

TEST(Namespaces, ValidateAcceptsTypicalConfigs) {
  EXPECT_TRUE(validateNamespaces(withKinds({NamespaceKind::Pid, NamespaceKind::Mount})));
  NamespaceConfig user = withKinds({NamespaceKind::User, NamespaceKind::Mount});
  user.uidMappings = {{0, 100000, 65536}};
  user.gidMappings = {{0, 100000, 65536}};
  EXPECT_TRUE(validateNamespaces(user));
  NamespaceConfig time = withKinds({NamespaceKind::Time});
  time.monotonicOffset = ClockOffset{10, 0};
  EXPECT_TRUE(validateNamespaces(time));
}

TEST(Namespaces, ValidateRejects) {
  EXPECT_FALSE(validateNamespaces(withKinds({NamespaceKind::Pid, NamespaceKind::Pid})));
  NamespaceConfig relative;
  relative.namespaces.push_back({NamespaceKind::Network, "netns/x"});
  EXPECT_FALSE(validateNamespaces(relative));
  NamespaceConfig noMaps = withKinds({NamespaceKind::User});
  noMaps.uidMappings = {{0, 1000, 1}};
  EXPECT_FALSE(validateNamespaces(noMaps)); // gid mappings missing
  NamespaceConfig mapsNoUser = withKinds({NamespaceKind::Mount});
  mapsNoUser.uidMappings = {{0, 1000, 1}};
  EXPECT_FALSE(validateNamespaces(mapsNoUser));
  NamespaceConfig offsetsNoTime = withKinds({NamespaceKind::Mount});
  offsetsNoTime.boottimeOffset = ClockOffset{1, 0};
  const auto result = validateNamespaces(offsetsNoTime);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::Invalid);
}

TEST(Namespaces, JoinedUserNamespaceNeedsNoMappings) {
  NamespaceConfig config;
  config.namespaces.push_back({NamespaceKind::User, "/proc/1/ns/user"});
  EXPECT_TRUE(validateNamespaces(config));
}

TEST(Namespaces, FormatIdMap) {
  EXPECT_EQ(formatIdMap({{0, 100000, 1}, {1, 200000, 65535}}), "0 100000 1\n1 200000 65535\n");
  EXPECT_EQ(formatIdMap({}), "");
}

TEST(Namespaces, OpenPathsInJoinOrderUserFirst) {
  NamespaceConfig config;
  config.namespaces.push_back({NamespaceKind::Mount, "/proc/self/ns/mnt"});
  config.namespaces.push_back({NamespaceKind::Uts, "/proc/self/ns/uts"});
  config.namespaces.push_back({NamespaceKind::User, "/proc/self/ns/user"});
  config.namespaces.push_back({NamespaceKind::Pid, std::nullopt});
  auto opened = openNamespacePaths(config);
  ASSERT_TRUE(opened) << opened.error().describe();
  ASSERT_EQ(opened->size(), 3U);
  EXPECT_EQ((*opened)[0].kind, NamespaceKind::User);
  EXPECT_EQ((*opened)[1].kind, NamespaceKind::Uts);
  EXPECT_EQ((*opened)[2].kind, NamespaceKind::Mount);
  NamespaceConfig missing;
  missing.namespaces.push_back({NamespaceKind::Network, "/nonexistent/netns"});
  auto failed = openNamespacePaths(missing);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().sysErrno, ENOENT);
}

} // namespace
} // namespace runw::runtime::ns
