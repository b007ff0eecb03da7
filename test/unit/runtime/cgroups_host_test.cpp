// SPDX-License-Identifier: Apache-2.0
// Host cgroup detection from mountinfo and /proc/self/cgroup texts: v1, v2, hybrid, escapes.
#include "cgroups/host.h"

#include <gtest/gtest.h>

namespace runw::runtime::cgroups {
namespace {

// This machine's shape: v1 controllers (cpu and cpuacct apart, no hugetlb) plus cgroup2 at
// /sys/fs/cgroup/unified; one line carries an optional field before the separator.
constexpr std::string_view kHybridMountInfo =
    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory\n"
    "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
    "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
    "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup "
    "rw,xattr,release_agent=/x,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

constexpr std::string_view kHybridProcCgroup = "9:name=systemd:/\n8:pids:/\n7:blkio:/\n"
                                               "6:freezer:/\n5:devices:/\n"
                                               "4:memory:/process_api/x\n3:cpuset:/\n"
                                               "2:cpuacct:/\n1:cpu:/\n0::/\n";

TEST(CgroupsHost, Hybrid) {
  auto layout = buildHostLayout(kHybridMountInfo, kHybridProcCgroup);
  ASSERT_TRUE(layout.has_value()) << layout.error().describe();
  EXPECT_EQ(layout->mode, HostMode::Hybrid);
  ASSERT_EQ(layout->v1.size(), 9U);
  ASSERT_NE(layout->v1For("memory"), nullptr);
  EXPECT_EQ(layout->v1For("memory")->mountPoint, "/sys/fs/cgroup/memory");
  EXPECT_EQ(layout->v1For("memory")->ownPath, "/process_api/x");
  EXPECT_EQ(layout->v1For("cpuacct")->mountPoint, "/sys/fs/cgroup/cpuacct");
  EXPECT_EQ(layout->v1For("hugetlb"), nullptr);
  ASSERT_NE(layout->v1For("name=systemd"), nullptr);
  EXPECT_EQ(layout->v1For("name=systemd")->controllers.size(), 1U);
  ASSERT_TRUE(layout->unified.has_value());
  EXPECT_EQ(layout->unified->mountPoint, "/sys/fs/cgroup/unified");
  EXPECT_EQ(layout->unified->ownPath, "/");
}

TEST(CgroupsHost, PureV2) {
  auto layout = buildHostLayout(
      "25 21 0:22 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n",
      "0::/user.slice/user-1000.slice/session-1.scope\n");
  ASSERT_TRUE(layout.has_value());
  EXPECT_EQ(layout->mode, HostMode::Unified);
  EXPECT_TRUE(layout->v1.empty());
  EXPECT_EQ(layout->unified->ownPath, "/user.slice/user-1000.slice/session-1.scope");
}

TEST(CgroupsHost, PureV1WithJoinedControllers) {
  auto layout =
      buildHostLayout("30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
                      "31 25 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
                      "32 25 0:27 / /mnt/memory-again rw - cgroup cgroup rw,memory\n",
                      "3:cpu,cpuacct:/a\n2:memory:/b\n");
  ASSERT_TRUE(layout.has_value());
  EXPECT_EQ(layout->mode, HostMode::Legacy);
  ASSERT_EQ(layout->v1.size(), 2U); // the second memory mount is the same hierarchy
  EXPECT_EQ(layout->v1For("cpuacct"), layout->v1For("cpu"));
  EXPECT_EQ(layout->v1For("cpu")->ownPath, "/a");
  EXPECT_FALSE(layout->unified.has_value());
}

TEST(CgroupsHost, NoCgroupsIsAnError) {
  EXPECT_FALSE(buildHostLayout("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n", "").has_value());
}

TEST(CgroupsHost, EscapedMountPointAndRoot) {
  auto entries = parseMountInfo(
      "40 31 0:38 /con\\040tainer /sys/fs/cgroup/my\\040dir\\011x rw - cgroup2 none rw\n");
  ASSERT_TRUE(entries.has_value());
  ASSERT_EQ(entries->size(), 1U);
  EXPECT_EQ((*entries)[0].mountPoint, "/sys/fs/cgroup/my dir\tx");
  EXPECT_EQ((*entries)[0].root, "/con tainer");
  EXPECT_EQ(unescapeMountField("a\\134b"), "a\\b");
  EXPECT_EQ(unescapeMountField("trailing\\04"), "trailing\\04");
}

TEST(CgroupsHost, MalformedMountInfo) {
  EXPECT_FALSE(parseMountInfo("1 2 3 4\n").has_value());
  EXPECT_FALSE(parseMountInfo("1 2 0:1 / /x rw shared:1 cgroup2 none rw\n").has_value());
}

TEST(CgroupsHost, MountRootInsideNamespace) {
  Hierarchy h{"/sys/fs/cgroup", "/kubepods/pod1", {}, "/kubepods/pod1/c"};
  EXPECT_EQ(*h.directoryOf("/kubepods/pod1/c/x"), "/sys/fs/cgroup/c/x");
  EXPECT_EQ(*h.directoryOf("/kubepods/pod1"), "/sys/fs/cgroup");
  EXPECT_FALSE(h.directoryOf("/kubepods/pod10").has_value());
  EXPECT_FALSE(h.directoryOf("/other").has_value());
}

TEST(CgroupsHost, ProcCgroupPathWithColon) {
  auto parsed = parseProcCgroup("0::/a:b\n5:cpu,cpuacct:/c\n");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ((*parsed)[""], "/a:b");
  EXPECT_EQ((*parsed)["cpuacct"], "/c");
  EXPECT_FALSE(parseProcCgroup("garbage\n").has_value());
}

} // namespace
} // namespace runw::runtime::cgroups
