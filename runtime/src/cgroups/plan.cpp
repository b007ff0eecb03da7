// SPDX-License-Identifier: Apache-2.0
// Resources → cgroup file writes for v1 and v2 (file names, value formats, order, conversions).
#include "cgroups/plan.h"

#include "support/strings.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace runw::runtime::cgroups {
namespace {

constexpr uint64_t kDefaultCfsPeriod = 100000; // kernel default, cgroup-v2.rst "cpu.max"

void add(Plan &plan, std::string_view controller, std::string_view file, std::string value) {
  plan.writes.push_back(FileWrite{std::string(controller), std::string(file), std::move(value)});
}

// v2 ".max"/".low" files take "max" for unlimited where v1 took -1.
std::string v2Number(int64_t value) {
  return value < 0 ? std::string("max") : strprintf("{}", value);
}

std::string deviceNumber(const BlockDevice &device) {
  return strprintf("{}:{}", device.major, device.minor);
}

Result<void> checkPageSize(const std::string &size) {
  // Kernel directory names: hugetlb.2MB, hugetlb.1GB, hugetlb.64KB.
  size_t digits = 0;
  while (digits < size.size() && std::isdigit(static_cast<unsigned char>(size[digits])) != 0) {
    ++digits;
  }
  std::string_view unit = std::string_view(size).substr(digits);
  if (digits == 0 || (unit != "KB" && unit != "MB" && unit != "GB")) {
    return fail(ErrorCode::Invalid, strprintf("invalid hugepage size \"{}\"", size));
  }
  return {};
}

// runc: 0 becomes 1 (systemd cannot express 0), negative means unlimited.
std::string pidsValue(int64_t limit) {
  if (limit > 0) {
    return strprintf("{}", limit);
  }
  return limit == 0 ? "1" : "max";
}

bool positive(const std::optional<int64_t> &value) { return value && *value != 0; }

Result<void> planMemoryV1(Plan &plan, const MemoryConfig &mem, const V1PlanInputs &inputs) {
  // runc treats 0 as "not set" for limit, swap and reservation.
  const int64_t limit = mem.limit.value_or(0);
  int64_t swap = mem.swap.value_or(0);
  if (limit == -1 && swap == 0 && inputs.swapAccounting) {
    // Unlimited memory with swap unset means unlimited memory+swap too (runc).
    swap = -1;
  }
  if (swap != 0 && !inputs.swapAccounting) {
    if (swap != -1) {
      return fail(ErrorCode::Unsupported,
                  "memory.swap is set but this kernel has no swap accounting "
                  "(memory.memsw.limit_in_bytes is missing; boot with swapaccount=1)");
    }
    plan.skipped.emplace_back("memory.swap -1: no swap accounting, so it is already unlimited");
    swap = 0;
  }
  const uint64_t current = inputs.currentMemoryLimit.value_or(std::numeric_limits<uint64_t>::max());
  // The kernel keeps limit <= memsw at every step: raise memsw first when it grows.
  const bool swapFirst =
      limit != 0 && swap != 0 && (swap == -1 || current < static_cast<uint64_t>(swap));
  if (swapFirst) {
    add(plan, "memory", "memory.memsw.limit_in_bytes", strprintf("{}", swap));
  }
  if (limit != 0) {
    add(plan, "memory", "memory.limit_in_bytes", strprintf("{}", limit));
  }
  if (swap != 0 && !swapFirst) {
    add(plan, "memory", "memory.memsw.limit_in_bytes", strprintf("{}", swap));
  }
  if (positive(mem.reservation)) {
    add(plan, "memory", "memory.soft_limit_in_bytes", strprintf("{}", *mem.reservation));
  }
  if (mem.disableOomKiller.value_or(false)) {
    add(plan, "memory", "memory.oom_control", "1");
  }
  if (mem.swappiness && *mem.swappiness != std::numeric_limits<uint64_t>::max()) {
    if (*mem.swappiness > 100) {
      return fail(
          ErrorCode::Invalid,
          strprintf("invalid memory swappiness value: {} (valid range is 0-100)", *mem.swappiness));
    }
    add(plan, "memory", "memory.swappiness", strprintf("{}", *mem.swappiness));
  }
  return {};
}

void planIgnoredMemory(Plan &plan, const MemoryConfig &mem) {
  if (mem.kernel) {
    plan.skipped.emplace_back("memory.kernel: kernel memory limits are deprecated and ignored");
  }
  if (mem.kernelTcp) {
    plan.skipped.emplace_back("memory.kernelTCP: kernel memory limits are deprecated and ignored");
  }
  if (mem.useHierarchy) {
    plan.skipped.emplace_back("memory.useHierarchy: current kernels are always hierarchical");
  }
}

void planCpuV1(Plan &plan, const CpuConfig &cpu) {
  // Realtime first: a child's rt_runtime must fit the period being set (runc order).
  if (cpu.realtimePeriod) {
    add(plan, "cpu", "cpu.rt_period_us", strprintf("{}", *cpu.realtimePeriod));
  }
  if (cpu.realtimeRuntime) {
    add(plan, "cpu", "cpu.rt_runtime_us", strprintf("{}", *cpu.realtimeRuntime));
  }
  if (cpu.shares && *cpu.shares != 0) {
    add(plan, "cpu", "cpu.shares", strprintf("{}", *cpu.shares));
  }
  if (cpu.period && *cpu.period != 0) {
    add(plan, "cpu", "cpu.cfs_period_us", strprintf("{}", *cpu.period));
  }
  if (cpu.quota && *cpu.quota != 0) {
    add(plan, "cpu", "cpu.cfs_quota_us", strprintf("{}", *cpu.quota));
  }
  if (cpu.burst) {
    add(plan, "cpu", "cpu.cfs_burst_us", strprintf("{}", *cpu.burst));
  }
  if (cpu.idle) {
    add(plan, "cpu", "cpu.idle", strprintf("{}", *cpu.idle));
  }
}

void planCpusetCommon(Plan &plan, const CpuConfig &cpu) {
  if (cpu.cpus && !cpu.cpus->empty()) {
    add(plan, "cpuset", "cpuset.cpus", *cpu.cpus);
  }
  if (cpu.mems && !cpu.mems->empty()) {
    add(plan, "cpuset", "cpuset.mems", *cpu.mems);
  }
}

void planBlkioV1(Plan &plan, const BlockIoConfig &io, const V1PlanInputs &inputs) {
  if (io.weight && *io.weight != 0) {
    add(plan, "blkio", inputs.blkioWeightFile, strprintf("{}", *io.weight));
  }
  if (io.leafWeight && *io.leafWeight != 0) {
    add(plan, "blkio", "blkio.leaf_weight", strprintf("{}", *io.leafWeight));
  }
  for (const WeightDevice &wd : io.weightDevice) {
    if (wd.weight) {
      add(plan, "blkio", "blkio.weight_device",
          strprintf("{} {}", deviceNumber(wd.device), *wd.weight));
    }
    if (wd.leafWeight) {
      add(plan, "blkio", "blkio.leaf_weight_device",
          strprintf("{} {}", deviceNumber(wd.device), *wd.leafWeight));
    }
  }
  auto throttle = [&](const std::vector<ThrottleDevice> &list, std::string_view file) {
    for (const ThrottleDevice &td : list) {
      add(plan, "blkio", file, strprintf("{} {}", deviceNumber(td.device), td.rate));
    }
  };
  throttle(io.throttleReadBps, "blkio.throttle.read_bps_device");
  throttle(io.throttleWriteBps, "blkio.throttle.write_bps_device");
  throttle(io.throttleReadIops, "blkio.throttle.read_iops_device");
  throttle(io.throttleWriteIops, "blkio.throttle.write_iops_device");
}

Result<void> planHugetlb(Plan &plan, const Resources &r, std::string_view suffix) {
  for (const auto &[size, limit] : r.hugepageLimits) {
    TRY(checkPageSize(size));
    std::string value = suffix == "max" ? v2Number(limit) : strprintf("{}", limit);
    add(plan, "hugetlb", strprintf("hugetlb.{}.{}", size, suffix), std::move(value));
  }
  return {};
}

Result<void> planMemoryV2(Plan &plan, const MemoryConfig &mem, const V2PlanInputs &inputs) {
  int64_t limit = mem.limit.value_or(0);
  int64_t swap = mem.swap.value_or(0);
  if (limit != 0 || swap != 0) {
    int64_t swapOnly = TRY(swapToV2(swap, limit).context("memory.swap"));
    // swap == limit means "no swap": write 0, never an empty string (runc).
    bool write = swapOnly != 0 || swap > 0;
    if (write && !inputs.swapAccounting) {
      if (swapOnly > 0) {
        return fail(ErrorCode::Unsupported,
                    "memory.swap is set but this kernel has no swap accounting "
                    "(memory.swap.max is missing)");
      }
      plan.skipped.emplace_back("memory.swap: no swap accounting, so no swap is used anyway");
      write = false;
    }
    if (write) {
      add(plan, "memory", "memory.swap.max", v2Number(swapOnly));
    }
  }
  if (limit != 0) {
    add(plan, "memory", "memory.max", v2Number(limit));
  }
  if (positive(mem.reservation)) {
    add(plan, "memory", "memory.low", v2Number(*mem.reservation));
  }
  if (mem.swappiness) {
    plan.skipped.emplace_back("memory.swappiness: cgroup v2 has no per-cgroup swappiness");
  }
  if (mem.disableOomKiller.value_or(false)) {
    plan.skipped.emplace_back("memory.disableOOMKiller: cgroup v2 cannot disable the OOM killer");
  }
  return {};
}

void planCpuV2(Plan &plan, const CpuConfig &cpu) {
  if (cpu.idle) {
    add(plan, "cpu", "cpu.idle", strprintf("{}", *cpu.idle));
  }
  if (cpu.shares && *cpu.shares != 0) {
    add(plan, "cpu", "cpu.weight", strprintf("{}", sharesToWeight(*cpu.shares)));
  }
  bool quotaSet = cpu.quota && *cpu.quota != 0;
  bool periodSet = cpu.period && *cpu.period != 0;
  if (quotaSet || periodSet) {
    std::string quota = quotaSet && *cpu.quota > 0 ? strprintf("{}", *cpu.quota) : "max";
    add(plan, "cpu", "cpu.max",
        strprintf("{} {}", quota, periodSet ? *cpu.period : kDefaultCfsPeriod));
  }
  // After cpu.max: the kernel checks the burst against the quota in force.
  if (cpu.burst) {
    add(plan, "cpu", "cpu.max.burst", strprintf("{}", *cpu.burst));
  }
  if (cpu.realtimePeriod || cpu.realtimeRuntime) {
    plan.skipped.emplace_back("cpu.realtime*: cgroup v2 has no realtime bandwidth files");
  }
}

void planIoV2(Plan &plan, const BlockIoConfig &io) {
  if (io.weight && *io.weight != 0) {
    add(plan, "io", "io.weight", strprintf("default {}", blkioToIoWeight(*io.weight)));
  }
  if (io.leafWeight) {
    plan.skipped.emplace_back("blockIO.leafWeight: cgroup v2 has no leaf weights");
  }
  for (const WeightDevice &wd : io.weightDevice) {
    if (wd.weight) {
      add(plan, "io", "io.weight",
          strprintf("{} {}", deviceNumber(wd.device), blkioToIoWeight(*wd.weight)));
    }
  }
  auto throttle = [&](const std::vector<ThrottleDevice> &list, std::string_view key) {
    for (const ThrottleDevice &td : list) {
      add(plan, "io", "io.max", strprintf("{} {}={}", deviceNumber(td.device), key, td.rate));
    }
  };
  throttle(io.throttleReadBps, "rbps");
  throttle(io.throttleWriteBps, "wbps");
  throttle(io.throttleReadIops, "riops");
  throttle(io.throttleWriteIops, "wiops");
}

} // namespace

uint64_t sharesToWeight(uint64_t shares) {
  if (shares == 0) {
    return 0;
  }
  shares = std::clamp<uint64_t>(shares, 2, 262144);
  return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t blkioToIoWeight(uint64_t weight) {
  if (weight == 0) {
    return 0;
  }
  weight = std::clamp<uint64_t>(weight, 10, 1000);
  return 1 + (weight - 10) * 9999 / 990;
}

Result<int64_t> swapToV2(int64_t memorySwap, int64_t memory) {
  if (memory == -1 && memorySwap == 0) {
    return -1;
  }
  if (memorySwap == -1 || memorySwap == 0 || memory == -1) {
    return memorySwap;
  }
  if (memory == 0) {
    return fail(ErrorCode::Invalid, "unable to set swap limit without memory limit");
  }
  if (memory < 0) {
    return fail(ErrorCode::Invalid, strprintf("invalid memory value: {}", memory));
  }
  if (memorySwap < memory) {
    return fail(
        ErrorCode::Invalid,
        strprintf("memory+swap limit ({}) should be >= memory limit ({})", memorySwap, memory));
  }
  return memorySwap - memory;
}

Result<std::string> unifiedController(std::string_view key) {
  size_t dot = key.find('.');
  if (key.empty() || key.find('/') != std::string_view::npos || dot == 0 ||
      dot == std::string_view::npos || dot + 1 == key.size()) {
    return fail(ErrorCode::Invalid, strprintf("invalid unified resource key \"{}\"", key));
  }
  return std::string(key.substr(0, dot));
}

std::string deviceRuleLine(const DeviceRule &rule) {
  if (rule.type == 'a') {
    return "a";
  }
  auto number = [](const std::optional<int64_t> &n) {
    return n && *n >= 0 ? strprintf("{}", *n) : std::string("*");
  };
  return strprintf("{} {}:{} {}", rule.type, number(rule.major), number(rule.minor),
                   rule.access.empty() ? std::string("rwm") : rule.access);
}

Result<Plan> planV1(const Resources &r, const V1PlanInputs &inputs) {
  Plan plan;
  if (r.memory) {
    TRY(planMemoryV1(plan, *r.memory, inputs));
    planIgnoredMemory(plan, *r.memory);
  }
  if (r.cpu) {
    planCpuV1(plan, *r.cpu);
    planCpusetCommon(plan, *r.cpu);
  }
  if (r.pidsLimit) {
    add(plan, "pids", "pids.max", pidsValue(*r.pidsLimit));
  }
  if (r.blockIo) {
    planBlkioV1(plan, *r.blockIo, inputs);
  }
  TRY(planHugetlb(plan, r, "limit_in_bytes"));
  for (const DeviceRule &rule : r.devices) {
    add(plan, "devices", rule.allow ? "devices.allow" : "devices.deny", deviceRuleLine(rule));
  }
  return plan;
}

Result<Plan> planV2(const Resources &r, const V2PlanInputs &inputs) {
  Plan plan;
  if (r.memory) {
    TRY(planMemoryV2(plan, *r.memory, inputs));
    planIgnoredMemory(plan, *r.memory);
  }
  if (r.cpu) {
    planCpuV2(plan, *r.cpu);
    planCpusetCommon(plan, *r.cpu);
  }
  if (r.pidsLimit) {
    add(plan, "pids", "pids.max", pidsValue(*r.pidsLimit));
  }
  if (r.blockIo) {
    planIoV2(plan, *r.blockIo);
  }
  TRY(planHugetlb(plan, r, "max"));
  if (!r.devices.empty()) {
    plan.skipped.emplace_back(
        "devices: cgroup v2 device rules need an eBPF program, which runw does not load yet");
  }
  for (const auto &[key, value] : r.unified) {
    add(plan, TRY(unifiedController(key)), key, value);
  }
  return plan;
}

} // namespace runw::runtime::cgroups
