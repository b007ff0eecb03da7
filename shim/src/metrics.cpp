// SPDX-License-Identifier: Apache-2.0
// Task.Stats payload: runw's stats JSON as containerd's cgroup metrics; the only shim file that
// sees nlohmann, called no-throw.
#include "metrics.h"

#include "containerd/cgroups/v1/metrics.pb.h"
#include "containerd/cgroups/v2/metrics.pb.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>

namespace runw::shim {
namespace {

namespace cg1 = io::containerd::cgroups::v1;
namespace cg2 = io::containerd::cgroups::v2;
using Json = nlohmann::json;
using google::protobuf::RepeatedPtrField;

constexpr std::uint64_t kUnlimited = std::numeric_limits<std::uint64_t>::max();
constexpr std::size_t kExcerptChars = 200;

// obj[key] if obj is an object holding key, else null; find() and these checks never throw.
const Json &member(const Json &obj, const char *key) {
  static const Json kNull;
  if (!obj.is_object()) {
    return kNull;
  }
  const auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

std::uint64_t number(const Json &obj, const char *key) {
  const Json &value = member(obj, key);
  return value.is_number_unsigned() ? value.get<std::uint64_t>() : 0;
}

std::string text(const Json &obj, const char *key) {
  const Json &value = member(obj, key);
  return value.is_string() ? value.get_ref<const std::string &>() : std::string();
}

// One memory.stat line ("raw" in runw's JSON) and the metrics field it fills.
template <class Stat> struct RawCounter {
  const char *key;
  void (Stat::*set)(std::uint64_t);
};

// containerd/cgroups memory.go parseStats: the v1 memory.stat keys behind each field.
constexpr std::array<RawCounter<cg1::MemoryStat>, 32> kV1MemoryStat{{
    {"cache", &cg1::MemoryStat::set_cache},
    {"rss", &cg1::MemoryStat::set_rss},
    {"rss_huge", &cg1::MemoryStat::set_rss_huge},
    {"mapped_file", &cg1::MemoryStat::set_mapped_file},
    {"dirty", &cg1::MemoryStat::set_dirty},
    {"writeback", &cg1::MemoryStat::set_writeback},
    {"pgpgin", &cg1::MemoryStat::set_pg_pg_in},
    {"pgpgout", &cg1::MemoryStat::set_pg_pg_out},
    {"pgfault", &cg1::MemoryStat::set_pg_fault},
    {"pgmajfault", &cg1::MemoryStat::set_pg_maj_fault},
    {"inactive_anon", &cg1::MemoryStat::set_inactive_anon},
    {"active_anon", &cg1::MemoryStat::set_active_anon},
    {"inactive_file", &cg1::MemoryStat::set_inactive_file},
    {"active_file", &cg1::MemoryStat::set_active_file},
    {"unevictable", &cg1::MemoryStat::set_unevictable},
    {"hierarchical_memory_limit", &cg1::MemoryStat::set_hierarchical_memory_limit},
    {"hierarchical_memsw_limit", &cg1::MemoryStat::set_hierarchical_swap_limit},
    {"total_cache", &cg1::MemoryStat::set_total_cache},
    {"total_rss", &cg1::MemoryStat::set_total_rss},
    {"total_rss_huge", &cg1::MemoryStat::set_total_rss_huge},
    {"total_mapped_file", &cg1::MemoryStat::set_total_mapped_file},
    {"total_dirty", &cg1::MemoryStat::set_total_dirty},
    {"total_writeback", &cg1::MemoryStat::set_total_writeback},
    {"total_pgpgin", &cg1::MemoryStat::set_total_pg_pg_in},
    {"total_pgpgout", &cg1::MemoryStat::set_total_pg_pg_out},
    {"total_pgfault", &cg1::MemoryStat::set_total_pg_fault},
    {"total_pgmajfault", &cg1::MemoryStat::set_total_pg_maj_fault},
    {"total_inactive_anon", &cg1::MemoryStat::set_total_inactive_anon},
    {"total_active_anon", &cg1::MemoryStat::set_total_active_anon},
    {"total_inactive_file", &cg1::MemoryStat::set_total_inactive_file},
    {"total_active_file", &cg1::MemoryStat::set_total_active_file},
    {"total_unevictable", &cg1::MemoryStat::set_total_unevictable},
}};

// containerd/cgroups v2/manager.go Stat: the v2 memory.stat keys are the field names.
constexpr std::array<RawCounter<cg2::MemoryStat>, 31> kV2MemoryStat{{
    {"anon", &cg2::MemoryStat::set_anon},
    {"file", &cg2::MemoryStat::set_file},
    {"kernel_stack", &cg2::MemoryStat::set_kernel_stack},
    {"slab", &cg2::MemoryStat::set_slab},
    {"sock", &cg2::MemoryStat::set_sock},
    {"shmem", &cg2::MemoryStat::set_shmem},
    {"file_mapped", &cg2::MemoryStat::set_file_mapped},
    {"file_dirty", &cg2::MemoryStat::set_file_dirty},
    {"file_writeback", &cg2::MemoryStat::set_file_writeback},
    {"anon_thp", &cg2::MemoryStat::set_anon_thp},
    {"inactive_anon", &cg2::MemoryStat::set_inactive_anon},
    {"active_anon", &cg2::MemoryStat::set_active_anon},
    {"inactive_file", &cg2::MemoryStat::set_inactive_file},
    {"active_file", &cg2::MemoryStat::set_active_file},
    {"unevictable", &cg2::MemoryStat::set_unevictable},
    {"slab_reclaimable", &cg2::MemoryStat::set_slab_reclaimable},
    {"slab_unreclaimable", &cg2::MemoryStat::set_slab_unreclaimable},
    {"pgfault", &cg2::MemoryStat::set_pgfault},
    {"pgmajfault", &cg2::MemoryStat::set_pgmajfault},
    {"workingset_refault", &cg2::MemoryStat::set_workingset_refault},
    {"workingset_activate", &cg2::MemoryStat::set_workingset_activate},
    {"workingset_nodereclaim", &cg2::MemoryStat::set_workingset_nodereclaim},
    {"pgrefill", &cg2::MemoryStat::set_pgrefill},
    {"pgscan", &cg2::MemoryStat::set_pgscan},
    {"pgsteal", &cg2::MemoryStat::set_pgsteal},
    {"pgactivate", &cg2::MemoryStat::set_pgactivate},
    {"pgdeactivate", &cg2::MemoryStat::set_pgdeactivate},
    {"pglazyfree", &cg2::MemoryStat::set_pglazyfree},
    {"pglazyfreed", &cg2::MemoryStat::set_pglazyfreed},
    {"thp_fault_alloc", &cg2::MemoryStat::set_thp_fault_alloc},
    {"thp_collapse_alloc", &cg2::MemoryStat::set_thp_collapse_alloc},
}};

template <class Stat, std::size_t N>
void fillRaw(const Json &raw, const std::array<RawCounter<Stat>, N> &table, Stat &out) {
  for (const RawCounter<Stat> &counter : table) {
    (out.*counter.set)(number(raw, counter.key));
  }
}

void fillEntry(const Json &entry, cg1::MemoryEntry &out) {
  out.set_limit(number(entry, "limit"));
  out.set_usage(number(entry, "usage"));
  out.set_max(number(entry, "max"));
  out.set_failcnt(number(entry, "failcnt"));
}

void fillMemoryV1(const Json &memory, cg1::MemoryStat &out) {
  fillRaw(member(memory, "raw"), kV1MemoryStat, out);
  fillEntry(member(memory, "usage"), *out.mutable_usage());
  fillEntry(member(memory, "swap"), *out.mutable_swap());
  // runw reads no kmem files (deprecated, refused by current kernels); the entries are still
  // present, as containerd's own metrics always have them.
  out.mutable_kernel();
  out.mutable_kernel_tcp();
}

void fillCpuV1(const Json &cpu, cg1::CPUStat &out) {
  const Json &usage = member(cpu, "usage");
  cg1::CPUUsage &outUsage = *out.mutable_usage();
  outUsage.set_total(number(usage, "total"));
  outUsage.set_kernel(number(usage, "kernel"));
  outUsage.set_user(number(usage, "user"));
  const Json &perCpu = member(usage, "percpu");
  if (perCpu.is_array()) {
    for (const Json &ns : perCpu) {
      outUsage.add_per_cpu(ns.is_number_unsigned() ? ns.get<std::uint64_t>() : 0);
    }
  }
  const Json &throttling = member(cpu, "throttling");
  out.mutable_throttling()->set_periods(number(throttling, "periods"));
  out.mutable_throttling()->set_throttled_periods(number(throttling, "throttledPeriods"));
  out.mutable_throttling()->set_throttled_time(number(throttling, "throttledTime"));
}

void fillBlkioV1(const Json &entries, RepeatedPtrField<cg1::BlkIOEntry> &out) {
  if (!entries.is_array()) {
    return;
  }
  for (const Json &entry : entries) {
    cg1::BlkIOEntry &added = *out.Add();
    added.set_op(text(entry, "op"));
    added.set_major(number(entry, "major"));
    added.set_minor(number(entry, "minor"));
    added.set_value(number(entry, "value"));
  }
}

cg1::Metrics metricsV1(const Json &data) {
  cg1::Metrics out;
  const Json &pids = member(data, "pids");
  out.mutable_pids()->set_current(number(pids, "current"));
  // containerd/cgroups v1 reads a pids.max of "max" as 0.
  const std::uint64_t limit = number(pids, "limit");
  out.mutable_pids()->set_limit(limit == kUnlimited ? 0 : limit);
  fillCpuV1(member(data, "cpu"), *out.mutable_cpu());
  fillMemoryV1(member(data, "memory"), *out.mutable_memory());
  const Json &blkio = member(data, "blkio");
  fillBlkioV1(member(blkio, "ioServiceBytesRecursive"),
              *out.mutable_blkio()->mutable_io_service_bytes_recursive());
  fillBlkioV1(member(blkio, "ioServicedRecursive"),
              *out.mutable_blkio()->mutable_io_serviced_recursive());
  const Json &hugetlb = member(data, "hugetlb");
  if (hugetlb.is_object()) {
    for (const auto &[pageSize, stat] : hugetlb.items()) {
      cg1::HugetlbStat &added = *out.add_hugetlb();
      added.set_pagesize(pageSize);
      added.set_usage(number(stat, "usage"));
      added.set_max(number(stat, "max"));
      added.set_failcnt(number(stat, "failcnt"));
    }
  }
  return out;
}

void fillMemoryV2(const Json &memory, cg2::MemoryStat &out) {
  fillRaw(member(memory, "raw"), kV2MemoryStat, out);
  const Json &usage = member(memory, "usage");
  out.set_usage(number(usage, "usage"));
  out.set_usage_limit(number(usage, "limit"));
  out.set_max_usage(number(usage, "max"));
  const Json &swap = member(memory, "swap");
  out.set_swap_usage(number(swap, "usage"));
  out.set_swap_limit(number(swap, "limit"));
}

void fillCpuV2(const Json &cpu, cg2::CPUStat &out) {
  // runw reports nanoseconds (runc's JSON); cpu.stat counts microseconds.
  const Json &usage = member(cpu, "usage");
  out.set_usage_usec(number(usage, "total") / 1000);
  out.set_user_usec(number(usage, "user") / 1000);
  out.set_system_usec(number(usage, "kernel") / 1000);
  const Json &throttling = member(cpu, "throttling");
  out.set_nr_periods(number(throttling, "periods"));
  out.set_nr_throttled(number(throttling, "throttledPeriods"));
  out.set_throttled_usec(number(throttling, "throttledTime") / 1000);
}

// runw splits each io.stat line into runc's blkio entries (op Read/Write/Discard per device);
// IOEntry wants one record per device again.
void fillIoV2(const Json &blkio, cg2::IOStat &out) {
  std::map<std::pair<std::uint64_t, std::uint64_t>, cg2::IOEntry> devices;
  auto collect = [&](const Json &entries, bool bytes) {
    if (!entries.is_array()) {
      return;
    }
    for (const Json &entry : entries) {
      const std::uint64_t major = number(entry, "major");
      const std::uint64_t minor = number(entry, "minor");
      cg2::IOEntry &device = devices[{major, minor}];
      device.set_major(major);
      device.set_minor(minor);
      const std::string op = text(entry, "op");
      const std::uint64_t value = number(entry, "value");
      if (op == "Read" && bytes) {
        device.set_rbytes(value);
      } else if (op == "Read") {
        device.set_rios(value);
      } else if (op == "Write" && bytes) {
        device.set_wbytes(value);
      } else if (op == "Write") {
        device.set_wios(value);
      }
    }
  };
  collect(member(blkio, "ioServiceBytesRecursive"), true);
  collect(member(blkio, "ioServicedRecursive"), false);
  for (auto &[device, entry] : devices) {
    *out.add_usage() = std::move(entry);
  }
}

cg2::Metrics metricsV2(const Json &data) {
  cg2::Metrics out;
  const Json &pids = member(data, "pids");
  out.mutable_pids()->set_current(number(pids, "current"));
  out.mutable_pids()->set_limit(number(pids, "limit")); // "max" stays UINT64_MAX, as in cgroup2
  fillCpuV2(member(data, "cpu"), *out.mutable_cpu());
  fillMemoryV2(member(data, "memory"), *out.mutable_memory());
  fillIoV2(member(data, "blkio"), *out.mutable_io());
  const Json &hugetlb = member(data, "hugetlb");
  if (hugetlb.is_object()) {
    for (const auto &[pageSize, stat] : hugetlb.items()) {
      cg2::HugeTlbStat &added = *out.add_hugetlb();
      added.set_pagesize(pageSize);
      added.set_current(number(stat, "usage"));
    }
  }
  return out;
}

// By hand rather than Any::PackFrom, which would add a "type.googleapis.com/" prefix and is
// not in protobuf-lite.
template <class Message>
Result<google::protobuf::Any> pack(const Message &message, std::string_view typeUrl) {
  google::protobuf::Any any;
  any.set_type_url(std::string(typeUrl));
  if (!message.SerializeToString(any.mutable_value())) {
    return fail(ErrorCode::Internal, "serializing " + std::string(typeUrl));
  }
  return any;
}

} // namespace

Result<google::protobuf::Any> metricsFromStatsEvent(std::string_view json, MetricsKind kind) {
  const Json doc = Json::parse(json.begin(), json.end(), nullptr, false);
  const Json &data = member(doc, "data");
  if (doc.is_discarded() || text(doc, "type") != "stats" || !data.is_object()) {
    return fail(ErrorCode::Internal, "runw events --stats printed no stats event: \"" +
                                         std::string(json.substr(0, kExcerptChars)) + "\"");
  }
  if (kind == MetricsKind::CgroupV1) {
    return pack(metricsV1(data), kMetricsV1TypeUrl);
  }
  return pack(metricsV2(data), kMetricsV2TypeUrl);
}

} // namespace runw::shim
