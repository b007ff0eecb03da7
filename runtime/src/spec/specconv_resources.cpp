// SPDX-License-Identifier: Apache-2.0
// linux.resources → cgroups::Resources, and runc's always-allowed device rules.
#include "spec/container_config.h"
#include "spec/specconv_parts.h"

#include "support/strings.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace runw::runtime {
namespace specconv {
namespace {

cgroups::MemoryConfig convertMemory(const oci::MemoryResources &memory) {
  // checkBeforeUpdate has no counterpart: runw update does not compare against usage.
  return cgroups::MemoryConfig{memory.limit,
                               memory.reservation,
                               memory.swap,
                               memory.kernel,
                               memory.kernelTcp,
                               memory.swappiness,
                               memory.disableOomKiller,
                               memory.useHierarchy};
}

cgroups::CpuConfig convertCpu(const oci::CpuResources &cpu) {
  return cgroups::CpuConfig{
      cpu.shares,         cpu.quota, cpu.period, cpu.burst, cpu.realtimeRuntime,
      cpu.realtimePeriod, cpu.cpus,  cpu.mems,   cpu.idle};
}

std::vector<cgroups::ThrottleDevice>
convertThrottle(const std::optional<std::vector<oci::ThrottleDevice>> &devices) {
  std::vector<cgroups::ThrottleDevice> out;
  for (const oci::ThrottleDevice &d : devices.value_or(std::vector<oci::ThrottleDevice>{})) {
    out.push_back(cgroups::ThrottleDevice{{d.major, d.minor}, d.rate});
  }
  return out;
}

cgroups::BlockIoConfig convertBlockIo(const oci::BlockIoResources &io) {
  cgroups::BlockIoConfig out;
  out.weight = io.weight;
  out.leafWeight = io.leafWeight;
  if (io.weightDevice) {
    for (const oci::WeightDevice &d : *io.weightDevice) {
      out.weightDevice.push_back(cgroups::WeightDevice{{d.major, d.minor}, d.weight, d.leafWeight});
    }
  }
  out.throttleReadBps = convertThrottle(io.throttleReadBpsDevice);
  out.throttleWriteBps = convertThrottle(io.throttleWriteBpsDevice);
  out.throttleReadIops = convertThrottle(io.throttleReadIopsDevice);
  out.throttleWriteIops = convertThrottle(io.throttleWriteIopsDevice);
  return out;
}

Result<cgroups::DeviceRule> convertDeviceRule(const oci::DeviceCgroupRule &rule,
                                              const std::string &path) {
  cgroups::DeviceRule out;
  out.allow = rule.allow;
  const std::string type = rule.type.value_or("a");
  if (type != "a" && type != "c" && type != "b") {
    return invalidAt(path + ".type",
                     strprintf("invalid cgroup device type \"{}\" (expected a, c or b)", type));
  }
  out.type = type[0];
  out.major = rule.major;
  out.minor = rule.minor;
  // runc refuses an empty access rather than guessing "rwm".
  const std::string access = rule.access.value_or("");
  if (access.empty() || access.find_first_not_of("rwm") != std::string::npos) {
    return invalidAt(path + ".access",
                     strprintf("\"{}\" is not a non-empty combination of r, w and m", access));
  }
  out.access = access;
  return out;
}

void convertHugepages(const std::vector<oci::HugepageLimit> &limits, cgroups::Resources &out) {
  constexpr auto kMaxLimit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  for (const oci::HugepageLimit &l : limits) {
    // No kernel has that many bytes of huge pages: a larger value can only mean "unlimited".
    out.hugepageLimits[l.pageSize] = l.limit > kMaxLimit ? -1 : static_cast<int64_t>(l.limit);
  }
}

struct DefaultRule {
  const char *path; ///< the device node it is for, or nullptr for a wildcard rule
  char type;
  int64_t major; ///< -1 = any
  int64_t minor; ///< -1 = any
  const char *access;
};

// runc's specconv AllowedDevices, in its order.
constexpr std::array<DefaultRule, 11> kAllowedDevices{{
    {nullptr, 'c', -1, -1, "m"}, // mknod of any char device
    {nullptr, 'b', -1, -1, "m"}, // mknod of any block device
    {"/dev/null", 'c', 1, 3, "rwm"},
    {"/dev/random", 'c', 1, 8, "rwm"},
    {"/dev/full", 'c', 1, 7, "rwm"},
    {"/dev/tty", 'c', 5, 0, "rwm"},
    {"/dev/zero", 'c', 1, 5, "rwm"},
    {"/dev/urandom", 'c', 1, 9, "rwm"},
    {nullptr, 'c', 136, -1, "rwm"}, // /dev/pts/*
    {nullptr, 'c', 5, 2, "rwm"},    // /dev/ptmx
    {nullptr, 'c', 10, 200, "rwm"}, // /dev/net/tun, kept by runc for compatibility
}};

std::optional<int64_t> number(int64_t value) {
  return value < 0 ? std::nullopt : std::optional<int64_t>(value);
}

} // namespace

Result<cgroups::Resources> convertResources(const oci::Resources &resources,
                                            std::string_view path) {
  cgroups::Resources out;
  if (resources.memory) {
    out.memory = convertMemory(*resources.memory);
  }
  if (resources.cpu) {
    out.cpu = convertCpu(*resources.cpu);
  }
  // CRI-O and runc before 1.4 send and read a pids limit of 0 as "not set"; only runtime-spec
  // 1.3 gave 0 a meaning, which would leave such containers unable to fork.
  if (resources.pids && resources.pids->limit && *resources.pids->limit != 0) {
    out.pidsLimit = resources.pids->limit;
  }
  if (resources.blockIo) {
    out.blockIo = convertBlockIo(*resources.blockIo);
  }
  if (resources.hugepageLimits) {
    convertHugepages(*resources.hugepageLimits, out);
  }
  out.unified = resources.unified.value_or(oci::StringMap{});
  if (resources.devices) {
    for (size_t i = 0; i < resources.devices->size(); ++i) {
      out.devices.push_back(
          TRY(convertDeviceRule((*resources.devices)[i], strprintf("{}.devices[{}]", path, i))));
    }
  }
  return out;
}

std::vector<cgroups::DeviceRule> containerDeviceRules(std::vector<cgroups::DeviceRule> configured,
                                                      const std::vector<fs::DeviceNode> &devices) {
  std::vector<cgroups::DeviceRule> out;
  // runc's device controller starts from "deny all" and applies the rules on top of that; with
  // cgroup v1 files the same start has to be written explicitly.
  const bool startsWithDenyAll =
      !configured.empty() && !configured.front().allow && configured.front().type == 'a';
  if (!startsWithDenyAll) {
    out.push_back(cgroups::DeviceRule{false, 'a', std::nullopt, std::nullopt, "rwm"});
  }
  for (cgroups::DeviceRule &rule : configured) {
    out.push_back(std::move(rule));
  }
  for (const DefaultRule &rule : kAllowedDevices) {
    const bool replaced =
        rule.path != nullptr && std::any_of(devices.begin(), devices.end(),
                                            [&](const auto &d) { return d.path == rule.path; });
    if (!replaced) {
      out.push_back(cgroups::DeviceRule{true, rule.type, number(rule.major), number(rule.minor),
                                        rule.access});
    }
  }
  return out;
}

} // namespace specconv

Result<cgroups::Resources> toCgroupResources(const oci::Resources &resources) {
  return specconv::convertResources(resources, "linux.resources");
}

} // namespace runw::runtime
