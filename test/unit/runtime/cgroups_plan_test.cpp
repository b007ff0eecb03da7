// SPDX-License-Identifier: Apache-2.0
// Which files get which values: v1 and v2 plans, conversions, and hybrid routing.
#include "cgroups/manager.h"
#include "cgroups/plan.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace runw::runtime::cgroups {
namespace {

using Writes = std::vector<FileWrite>;

Writes v1Writes(const Resources &r, const V1PlanInputs &in = {}) {
  auto plan = planV1(r, in);
  EXPECT_TRUE(plan.has_value()) << (plan ? "" : plan.error().describe());
  return plan ? plan->writes : Writes{};
}

Writes v2Writes(const Resources &r, const V2PlanInputs &in = {}) {
  auto plan = planV2(r, in);
  EXPECT_TRUE(plan.has_value()) << (plan ? "" : plan.error().describe());
  return plan ? plan->writes : Writes{};
}

TEST(CgroupsPlan, SharesToWeight) {
  EXPECT_EQ(sharesToWeight(0), 0U);
  EXPECT_EQ(sharesToWeight(2), 1U);
  EXPECT_EQ(sharesToWeight(1), 1U);
  EXPECT_EQ(sharesToWeight(1024), 39U);
  EXPECT_EQ(sharesToWeight(262144), 10000U);
  EXPECT_EQ(sharesToWeight(1U << 30), 10000U);
}

TEST(CgroupsPlan, BlkioToIoWeight) {
  EXPECT_EQ(blkioToIoWeight(10), 1U);
  EXPECT_EQ(blkioToIoWeight(1000), 10000U);
  EXPECT_EQ(blkioToIoWeight(500), 4950U);
}

TEST(CgroupsPlan, SwapConversion) {
  EXPECT_EQ(*swapToV2(200, 100), 100);
  EXPECT_EQ(*swapToV2(100, 100), 0);
  EXPECT_EQ(*swapToV2(-1, 100), -1);
  EXPECT_EQ(*swapToV2(0, -1), -1);
  EXPECT_EQ(*swapToV2(0, 100), 0);
  EXPECT_EQ(*swapToV2(500, -1), 500);
  EXPECT_FALSE(swapToV2(50, 100).has_value());
  EXPECT_FALSE(swapToV2(100, 0).has_value());
}

TEST(CgroupsPlan, V1MemoryOrderFollowsCurrentLimit) {
  Resources r;
  r.memory = MemoryConfig{.limit = 100 << 20, .swap = 200 << 20};
  // Fresh cgroup (unlimited): lower the limit first, then memsw.
  EXPECT_EQ(v1Writes(r), (Writes{{"memory", "memory.limit_in_bytes", "104857600"},
                                 {"memory", "memory.memsw.limit_in_bytes", "209715200"}}));
  // Growing from a 50 MiB limit: memsw must be raised first.
  EXPECT_EQ(v1Writes(r, {.currentMemoryLimit = 50 << 20}),
            (Writes{{"memory", "memory.memsw.limit_in_bytes", "209715200"},
                    {"memory", "memory.limit_in_bytes", "104857600"}}));
}

TEST(CgroupsPlan, V1MemoryOther) {
  Resources r;
  r.memory = MemoryConfig{
      .limit = -1, .reservation = 4096, .kernel = 1, .swappiness = 10, .disableOomKiller = true};
  auto plan = planV1(r);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->writes, (Writes{{"memory", "memory.memsw.limit_in_bytes", "-1"},
                                  {"memory", "memory.limit_in_bytes", "-1"},
                                  {"memory", "memory.soft_limit_in_bytes", "4096"},
                                  {"memory", "memory.oom_control", "1"},
                                  {"memory", "memory.swappiness", "10"}}));
  EXPECT_EQ(plan->skipped.size(), 1U); // kernel memory
}

TEST(CgroupsPlan, V1SwapWithoutAccountingFails) {
  Resources r;
  r.memory = MemoryConfig{.limit = 100, .swap = 200};
  auto plan = planV1(r, {.swapAccounting = false});
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().code, ErrorCode::Unsupported);
  r.memory = MemoryConfig{.limit = -1};
  EXPECT_EQ(v1Writes(r, {.swapAccounting = false}),
            (Writes{{"memory", "memory.limit_in_bytes", "-1"}}));
  r.memory = MemoryConfig{.swappiness = 101};
  EXPECT_FALSE(planV1(r).has_value());
}

TEST(CgroupsPlan, V1CpuPidsBlkioHugetlbDevices) {
  Resources r;
  r.cpu = CpuConfig{.shares = 512,
                    .quota = 50000,
                    .period = 100000,
                    .realtimeRuntime = 10,
                    .realtimePeriod = 1000,
                    .cpus = "0",
                    .mems = "0"};
  r.pidsLimit = 0;
  r.blockIo = BlockIoConfig{.weight = 300,
                            .weightDevice = {{{8, 0}, 200, std::nullopt}},
                            .throttleReadBps = {{{8, 0}, 1048576}}};
  r.hugepageLimits["2MB"] = 4194304;
  r.devices = {{.allow = false, .type = 'a'},
               {.allow = true, .type = 'c', .major = 1, .minor = 3, .access = "rwm"},
               {.allow = true, .type = 'c', .major = 136, .access = "rw"}};
  EXPECT_EQ(v1Writes(r, {.blkioWeightFile = "blkio.bfq.weight"}),
            (Writes{{"cpu", "cpu.rt_period_us", "1000"},
                    {"cpu", "cpu.rt_runtime_us", "10"},
                    {"cpu", "cpu.shares", "512"},
                    {"cpu", "cpu.cfs_period_us", "100000"},
                    {"cpu", "cpu.cfs_quota_us", "50000"},
                    {"cpuset", "cpuset.cpus", "0"},
                    {"cpuset", "cpuset.mems", "0"},
                    {"pids", "pids.max", "1"},
                    {"blkio", "blkio.bfq.weight", "300"},
                    {"blkio", "blkio.weight_device", "8:0 200"},
                    {"blkio", "blkio.throttle.read_bps_device", "8:0 1048576"},
                    {"hugetlb", "hugetlb.2MB.limit_in_bytes", "4194304"},
                    {"devices", "devices.deny", "a"},
                    {"devices", "devices.allow", "c 1:3 rwm"},
                    {"devices", "devices.allow", "c 136:* rw"}}));
}

TEST(CgroupsPlan, V2Conversions) {
  Resources r;
  r.memory = MemoryConfig{.limit = 100, .reservation = 50, .swap = 300, .swappiness = 1};
  r.cpu = CpuConfig{.shares = 1024, .quota = -1, .burst = 10, .realtimeRuntime = 5};
  r.pidsLimit = -1;
  r.blockIo = BlockIoConfig{.weight = 1000, .throttleWriteIops = {{{8, 16}, 10}}};
  r.hugepageLimits["1GB"] = -1;
  r.devices = {{.allow = false, .type = 'a'}};
  r.unified["memory.high"] = "90";
  auto plan = planV2(r);
  ASSERT_TRUE(plan.has_value()) << plan.error().describe();
  EXPECT_EQ(plan->writes, (Writes{{"memory", "memory.swap.max", "200"},
                                  {"memory", "memory.max", "100"},
                                  {"memory", "memory.low", "50"},
                                  {"cpu", "cpu.weight", "39"},
                                  {"cpu", "cpu.max", "max 100000"},
                                  {"cpu", "cpu.max.burst", "10"},
                                  {"pids", "pids.max", "max"},
                                  {"io", "io.weight", "default 10000"},
                                  {"io", "io.max", "8:16 wiops=10"},
                                  {"hugetlb", "hugetlb.1GB.max", "max"},
                                  {"memory", "memory.high", "90"}}));
  EXPECT_EQ(plan->skipped.size(), 3U); // swappiness, realtime, devices
}

TEST(CgroupsPlan, V2SwapEdgeCases) {
  Resources r;
  r.memory = MemoryConfig{.limit = 100, .swap = 100};
  EXPECT_EQ(v2Writes(r),
            (Writes{{"memory", "memory.swap.max", "0"}, {"memory", "memory.max", "100"}}));
  r.memory = MemoryConfig{.limit = -1};
  EXPECT_EQ(v2Writes(r),
            (Writes{{"memory", "memory.swap.max", "max"}, {"memory", "memory.max", "max"}}));
  EXPECT_EQ(v2Writes(r, {.swapAccounting = false}), (Writes{{"memory", "memory.max", "max"}}));
  r.memory = MemoryConfig{.limit = 100, .swap = 300};
  EXPECT_FALSE(planV2(r, {.swapAccounting = false}).has_value());
  r.memory = MemoryConfig{.limit = 100, .swap = 50};
  EXPECT_FALSE(planV2(r).has_value());
}

TEST(CgroupsPlan, V2CpuMaxPeriodOnly) {
  Resources r;
  r.cpu = CpuConfig{.period = 50000};
  EXPECT_EQ(v2Writes(r), (Writes{{"cpu", "cpu.max", "max 50000"}}));
  r.cpu = CpuConfig{.quota = 20000};
  EXPECT_EQ(v2Writes(r), (Writes{{"cpu", "cpu.max", "20000 100000"}}));
}

TEST(CgroupsPlan, UnifiedKeysValidated) {
  EXPECT_EQ(*unifiedController("cgroup.freeze"), "cgroup");
  EXPECT_FALSE(unifiedController("../memory.max").has_value());
  EXPECT_FALSE(unifiedController("memory").has_value());
  EXPECT_FALSE(unifiedController(".max").has_value());
  Resources r;
  r.hugepageLimits["2XB"] = 1;
  EXPECT_FALSE(planV2(r).has_value());
}

HostLayout hybridHost() {
  HostLayout host;
  host.mode = HostMode::Hybrid;
  for (const char *c : {"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids",
                        "name=systemd"}) {
    host.v1.push_back(Hierarchy{std::string("/sys/fs/cgroup/") + c, "/", {c}, "/"});
  }
  host.unified = Hierarchy{"/sys/fs/cgroup/unified", "/", {"hugetlb"}, "/"};
  return host;
}

TEST(CgroupsPlan, HybridRoutesHugetlbToCgroup2) {
  Resources r;
  r.memory = MemoryConfig{.limit = 1 << 20};
  r.hugepageLimits["2MB"] = 2097152;
  r.unified["hugetlb.2MB.rsvd.max"] = "2097152";
  r.devices = {{.allow = false, .type = 'a'}};
  auto plan = planForHost(hybridHost(), r);
  ASSERT_TRUE(plan.has_value()) << plan.error().describe();
  EXPECT_EQ(plan->v1.writes, (Writes{{"memory", "memory.limit_in_bytes", "1048576"},
                                     {"devices", "devices.deny", "a"}}));
  EXPECT_EQ(plan->v2.writes, (Writes{{"hugetlb", "hugetlb.2MB.max", "2097152"},
                                     {"hugetlb", "hugetlb.2MB.rsvd.max", "2097152"}}));
}

TEST(CgroupsPlan, HybridRefusesUnifiedKeyOnV1Controller) {
  Resources r;
  r.unified["memory.high"] = "1000";
  auto plan = planForHost(hybridHost(), r);
  ASSERT_FALSE(plan.has_value());
  EXPECT_NE(plan.error().describe().find("cgroup v1"), std::string::npos);
}

TEST(CgroupsPlan, LegacyRefusesUnifiedAndMissingControllers) {
  HostLayout host = hybridHost();
  host.mode = HostMode::Legacy;
  host.unified.reset();
  Resources r;
  r.unified["cgroup.freeze"] = "1";
  EXPECT_FALSE(planForHost(host, r).has_value());
  Resources huge;
  huge.hugepageLimits["2MB"] = 1;
  auto plan = planForHost(host, huge);
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().code, ErrorCode::Unsupported);
}

TEST(CgroupsPlan, UnifiedHostUsesV2ForEverything) {
  HostLayout host;
  host.mode = HostMode::Unified;
  host.unified = Hierarchy{"/sys/fs/cgroup", "/", {"cpuset", "cpu", "io", "memory", "pids"}, "/"};
  Resources r;
  r.cpu = CpuConfig{.shares = 2, .cpus = "0-1"};
  r.pidsLimit = 10;
  auto plan = planForHost(host, r);
  ASSERT_TRUE(plan.has_value()) << plan.error().describe();
  EXPECT_TRUE(plan->v1.writes.empty());
  EXPECT_EQ(plan->v2.writes, (Writes{{"cpu", "cpu.weight", "1"},
                                     {"cpuset", "cpuset.cpus", "0-1"},
                                     {"pids", "pids.max", "10"}}));
}

} // namespace
} // namespace runw::runtime::cgroups
