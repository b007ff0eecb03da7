// SPDX-License-Identifier: Apache-2.0
// Task.Stats conversion: runw's stats JSON -> io.containerd.cgroups.v1/v2.Metrics in an Any.
#include "containerd/cgroups/v1/metrics.pb.h"
#include "containerd/cgroups/v2/metrics.pb.h"
#include "metrics.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace runw::shim {
namespace {

namespace cg1 = io::containerd::cgroups::v1;
namespace cg2 = io::containerd::cgroups::v2;

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::string bytes(std::initializer_list<unsigned char> list) { return {list.begin(), list.end()}; }

// What `runw events --stats` printed for a busybox `sleep` on a hybrid host (v1 memory), cut to
// a few memory.stat lines, with a blkio device and a huge page size added.
constexpr const char *kV1Event =
    R"({"type":"stats","id":"c1","data":{)"
    R"("cpu":{"usage":{"total":52000000,"percpu":[30000000,22000000],"kernel":7000000,)"
    R"("user":40000000},"throttling":{"periods":10,"throttledPeriods":2,"throttledTime":900}},)"
    R"("memory":{"cache":8192,"usage":{"limit":33554432,"usage":417792,"max":1048576,)"
    R"("failcnt":3},"swap":{"limit":9223372036854771712,"usage":425984,"max":0,"failcnt":0},)"
    R"("raw":{"cache":8192,"rss":135168,"pgpgin":211,"pgfault":330,)"
    R"("hierarchical_memory_limit":33554432,"hierarchical_memsw_limit":9223372036854771712,)"
    R"("total_cache":12288,"total_rss":139264,"total_inactive_file":4096,)"
    R"("total_pgmajfault":1}},)"
    R"("pids":{"current":2,"limit":18446744073709551615},)"
    R"("blkio":{"ioServiceBytesRecursive":[{"major":8,"minor":0,"op":"Read","value":4096}],)"
    R"("ioServicedRecursive":[{"major":8,"minor":0,"op":"Read","value":1}]},)"
    R"("hugetlb":{"2MB":{"usage":0,"max":0,"failcnt":5}}}})"
    "\n";

// The same for a unified host: cgroup2 memory.stat keys, no percpu, io.stat split per op.
constexpr const char *kV2Event =
    R"({"type":"stats","id":"c2","data":{)"
    R"("cpu":{"usage":{"total":52000999,"percpu":[],"kernel":7000000,"user":40000000},)"
    R"("throttling":{"periods":10,"throttledPeriods":2,"throttledTime":9000}},)"
    R"("memory":{"cache":4096,"usage":{"limit":18446744073709551615,"usage":409600,)"
    R"("max":819200,"failcnt":0},"swap":{"limit":18446744073709551615,"usage":0,"max":0,)"
    R"("failcnt":0},"raw":{"anon":131072,"file":4096,"inactive_file":4096,"pgfault":330,)"
    R"("pgmajfault":1,"workingset_refault_anon":7}},)"
    R"("pids":{"current":1,"limit":18446744073709551615},)"
    R"("blkio":{"ioServiceBytesRecursive":[{"major":8,"minor":0,"op":"Read","value":4096},)"
    R"({"major":8,"minor":0,"op":"Write","value":8192},)"
    R"({"major":8,"minor":0,"op":"Discard","value":0},)"
    R"({"major":253,"minor":1,"op":"Write","value":512}],)"
    R"("ioServicedRecursive":[{"major":8,"minor":0,"op":"Read","value":1},)"
    R"({"major":8,"minor":0,"op":"Write","value":2},)"
    R"({"major":253,"minor":1,"op":"Write","value":3}]},)"
    R"("hugetlb":{"2MB":{"usage":2097152,"max":0,"failcnt":0}}}})";

cg1::Metrics unpackV1(const google::protobuf::Any &any) {
  EXPECT_EQ(any.type_url(), "io.containerd.cgroups.v1.Metrics");
  cg1::Metrics metrics;
  EXPECT_TRUE(metrics.ParseFromString(any.value()));
  return metrics;
}

cg2::Metrics unpackV2(const google::protobuf::Any &any) {
  EXPECT_EQ(any.type_url(), "io.containerd.cgroups.v2.Metrics");
  cg2::Metrics metrics;
  EXPECT_TRUE(metrics.ParseFromString(any.value()));
  return metrics;
}

TEST(Metrics, V1MemoryFromUsageSwapAndMemoryStat) {
  auto any = metricsFromStatsEvent(kV1Event, MetricsKind::CgroupV1);
  ASSERT_TRUE(any.has_value()) << any.error().describe();
  const cg1::MemoryStat memory = unpackV1(*any).memory();
  // What `ctr task metrics` prints: memory.usage_in_bytes, .limit_in_bytes, .stat.cache.
  EXPECT_EQ(memory.usage().usage(), 417792U);
  EXPECT_EQ(memory.usage().limit(), 33554432U);
  EXPECT_EQ(memory.total_cache(), 12288U);
  EXPECT_EQ(memory.usage().max(), 1048576U);
  EXPECT_EQ(memory.usage().failcnt(), 3U);
  EXPECT_EQ(memory.swap().usage(), 425984U);
  EXPECT_EQ(memory.swap().limit(), 9223372036854771712U);
  // memory.stat keys that are not the field names (containerd/cgroups memory.go).
  EXPECT_EQ(memory.cache(), 8192U);
  EXPECT_EQ(memory.rss(), 135168U);
  EXPECT_EQ(memory.pg_pg_in(), 211U);
  EXPECT_EQ(memory.pg_fault(), 330U);
  EXPECT_EQ(memory.hierarchical_memory_limit(), 33554432U);
  EXPECT_EQ(memory.hierarchical_swap_limit(), 9223372036854771712U);
  EXPECT_EQ(memory.total_rss(), 139264U);
  EXPECT_EQ(memory.total_inactive_file(), 4096U);
  EXPECT_EQ(memory.total_pg_maj_fault(), 1U);
  EXPECT_EQ(memory.dirty(), 0U) << "a line runw did not print stays 0";
  // containerd always sets the kmem entries; Go readers dereference them.
  EXPECT_TRUE(memory.has_kernel());
  EXPECT_TRUE(memory.has_kernel_tcp());
}

TEST(Metrics, V1CpuPidsBlkioHugetlb) {
  auto any = metricsFromStatsEvent(kV1Event, MetricsKind::CgroupV1);
  ASSERT_TRUE(any.has_value()) << any.error().describe();
  const cg1::Metrics metrics = unpackV1(*any);
  EXPECT_EQ(metrics.cpu().usage().total(), 52000000U);
  EXPECT_EQ(metrics.cpu().usage().kernel(), 7000000U);
  EXPECT_EQ(metrics.cpu().usage().user(), 40000000U);
  ASSERT_EQ(metrics.cpu().usage().per_cpu_size(), 2);
  EXPECT_EQ(metrics.cpu().usage().per_cpu(1), 22000000U);
  EXPECT_EQ(metrics.cpu().throttling().periods(), 10U);
  EXPECT_EQ(metrics.cpu().throttling().throttled_periods(), 2U);
  EXPECT_EQ(metrics.cpu().throttling().throttled_time(), 900U);
  EXPECT_EQ(metrics.pids().current(), 2U);
  EXPECT_EQ(metrics.pids().limit(), 0U) << "v1 reads a pids.max of \"max\" as 0";
  ASSERT_EQ(metrics.blkio().io_service_bytes_recursive_size(), 1);
  const cg1::BlkIOEntry &read = metrics.blkio().io_service_bytes_recursive(0);
  EXPECT_EQ(read.op(), "Read");
  EXPECT_EQ(read.major(), 8U);
  EXPECT_EQ(read.minor(), 0U);
  EXPECT_EQ(read.value(), 4096U);
  ASSERT_EQ(metrics.blkio().io_serviced_recursive_size(), 1);
  EXPECT_EQ(metrics.blkio().io_serviced_recursive(0).value(), 1U);
  ASSERT_EQ(metrics.hugetlb_size(), 1);
  EXPECT_EQ(metrics.hugetlb(0).pagesize(), "2MB");
  EXPECT_EQ(metrics.hugetlb(0).failcnt(), 5U);
}

TEST(Metrics, V2CpuInMicrosecondsAndMemory) {
  auto any = metricsFromStatsEvent(kV2Event, MetricsKind::CgroupV2);
  ASSERT_TRUE(any.has_value()) << any.error().describe();
  const cg2::Metrics metrics = unpackV2(*any);
  EXPECT_EQ(metrics.cpu().usage_usec(), 52000U);
  EXPECT_EQ(metrics.cpu().user_usec(), 40000U);
  EXPECT_EQ(metrics.cpu().system_usec(), 7000U);
  EXPECT_EQ(metrics.cpu().nr_periods(), 10U);
  EXPECT_EQ(metrics.cpu().nr_throttled(), 2U);
  EXPECT_EQ(metrics.cpu().throttled_usec(), 9U);
  // What `ctr task metrics` prints: memory.usage, .usage_limit, .swap_usage, .swap_limit.
  EXPECT_EQ(metrics.memory().usage(), 409600U);
  EXPECT_EQ(metrics.memory().usage_limit(), kMax);
  EXPECT_EQ(metrics.memory().swap_usage(), 0U);
  EXPECT_EQ(metrics.memory().swap_limit(), kMax);
  EXPECT_EQ(metrics.memory().max_usage(), 819200U);
  EXPECT_EQ(metrics.memory().anon(), 131072U);
  EXPECT_EQ(metrics.memory().file(), 4096U);
  EXPECT_EQ(metrics.memory().inactive_file(), 4096U);
  EXPECT_EQ(metrics.memory().pgmajfault(), 1U);
  EXPECT_EQ(metrics.pids().current(), 1U);
  EXPECT_EQ(metrics.pids().limit(), kMax) << "cgroup2 reads \"max\" as UINT64_MAX";
}

TEST(Metrics, V2IoIsOneEntryPerDevice) {
  auto any = metricsFromStatsEvent(kV2Event, MetricsKind::CgroupV2);
  ASSERT_TRUE(any.has_value()) << any.error().describe();
  const cg2::Metrics metrics = unpackV2(*any);
  ASSERT_EQ(metrics.io().usage_size(), 2);
  const cg2::IOEntry &sda = metrics.io().usage(0);
  EXPECT_EQ(sda.major(), 8U);
  EXPECT_EQ(sda.minor(), 0U);
  EXPECT_EQ(sda.rbytes(), 4096U);
  EXPECT_EQ(sda.wbytes(), 8192U);
  EXPECT_EQ(sda.rios(), 1U);
  EXPECT_EQ(sda.wios(), 2U);
  const cg2::IOEntry &dm = metrics.io().usage(1);
  EXPECT_EQ(dm.major(), 253U);
  EXPECT_EQ(dm.wbytes(), 512U);
  EXPECT_EQ(dm.wios(), 3U);
  EXPECT_EQ(dm.rbytes(), 0U);
  ASSERT_EQ(metrics.hugetlb_size(), 1);
  EXPECT_EQ(metrics.hugetlb(0).pagesize(), "2MB");
  EXPECT_EQ(metrics.hugetlb(0).current(), 2097152U);
}

TEST(Metrics, MissingSectionsGiveZerosNotErrors) {
  auto v1 = metricsFromStatsEvent(R"({"type":"stats","id":"c","data":{}})", MetricsKind::CgroupV1);
  ASSERT_TRUE(v1.has_value()) << v1.error().describe();
  const cg1::Metrics metrics = unpackV1(*v1);
  // ctr dereferences Memory.Usage and CPU.Usage without nil checks.
  EXPECT_TRUE(metrics.memory().has_usage());
  EXPECT_TRUE(metrics.cpu().has_usage());
  EXPECT_EQ(metrics.memory().usage().usage(), 0U);
  auto wrongTypes = metricsFromStatsEvent(
      R"({"type":"stats","data":{"pids":{"current":"2"},"memory":[],"cpu":{"usage":{"percpu":7}}}})",
      MetricsKind::CgroupV2);
  ASSERT_TRUE(wrongTypes.has_value()) << wrongTypes.error().describe();
  EXPECT_EQ(unpackV2(*wrongTypes).pids().current(), 0U);
}

TEST(Metrics, NoStatsEventIsAnInternalError) {
  for (const char *text : {"", "not json", "[]", R"({"type":"oom","id":"c"})",
                           R"({"type":"stats","id":"c"})", R"({"type":"stats","data":3})"}) {
    auto any = metricsFromStatsEvent(text, MetricsKind::CgroupV1);
    ASSERT_FALSE(any.has_value()) << text;
    EXPECT_EQ(any.error().code, ErrorCode::Internal) << text;
    EXPECT_NE(any.error().message.find("runw events --stats printed no stats event"),
              std::string::npos)
        << any.error().message;
  }
}

// containerd/cgroups field numbers, as exact tag bytes.
TEST(Metrics, V1FieldNumbers) {
  cg1::Metrics metrics;
  metrics.mutable_pids()->set_current(1);
  metrics.mutable_memory()->mutable_usage()->set_usage(2);
  metrics.mutable_memory()->set_total_unevictable(3);
  metrics.mutable_cpu()->mutable_usage()->add_per_cpu(4);
  metrics.add_hugetlb()->set_pagesize("p");
  metrics.mutable_blkio()->add_io_serviced_recursive()->set_value(5);
  EXPECT_EQ(metrics.SerializeAsString(),
            bytes({0x0a, 0x03, 0x22, 0x01, 'p',              // 1 hugetlb {4 pagesize}
                   0x12, 0x02, 0x08, 0x01,                   // 2 pids {1 current}
                   0x1a, 0x05, 0x0a, 0x03, 0x22, 0x01, 0x04, // 3 cpu {1 usage {4 per_cpu}}
                   0x22, 0x08, 0x80, 0x02, 0x03,             // 4 memory {32 total_unevictable
                   0x8a, 0x02, 0x02, 0x10, 0x02,             //   33 usage {2 usage}}
                   0x2a, 0x04, 0x12, 0x02, 0x28, 0x05}));    // 5 blkio {2 serviced {5 value}}
}

TEST(Metrics, V2FieldNumbers) {
  cg2::Metrics metrics;
  metrics.mutable_pids()->set_limit(1);
  metrics.mutable_cpu()->set_throttled_usec(2);
  metrics.mutable_memory()->set_usage(3);
  metrics.mutable_memory()->set_swap_limit(4);
  metrics.mutable_io()->add_usage()->set_wios(5);
  metrics.add_hugetlb()->set_max(6);
  EXPECT_EQ(metrics.SerializeAsString(),
            bytes({0x0a, 0x02, 0x10, 0x01,             // 1 pids {2 limit}
                   0x12, 0x02, 0x30, 0x02,             // 2 cpu {6 throttled_usec}
                   0x22, 0x06, 0x80, 0x02, 0x03,       // 4 memory {32 usage
                   0x98, 0x02, 0x04,                   //   35 swap_limit}
                   0x32, 0x04, 0x0a, 0x02, 0x30, 0x05, // 6 io {1 usage {6 wios}}
                   0x3a, 0x02, 0x10, 0x06}));          // 7 hugetlb {2 max}
}

} // namespace
} // namespace runw::shim
