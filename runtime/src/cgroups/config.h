// SPDX-License-Identifier: Apache-2.0
// runw's own cgroup configuration (no oci types) and the cgroupsPath forms it is built from.
#pragma once

#include "support/result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runw::runtime::cgroups {

/// Memory limits in bytes; -1 means unlimited ("max").
struct MemoryConfig {
  std::optional<int64_t> limit{};       ///< memory.limit_in_bytes / memory.max
  std::optional<int64_t> reservation{}; ///< memory.soft_limit_in_bytes / memory.low
  /// memory+swap, as in the OCI spec and v1's memsw; v2 writes swap - limit (runc's rule).
  std::optional<int64_t> swap{};
  /// Ignored: kernel memory accounting limits are deprecated and refused by current kernels
  /// (runc has ignored them since 1.0).
  std::optional<int64_t> kernel{};
  std::optional<int64_t> kernelTcp{};     ///< Ignored for the same reason as kernel.
  std::optional<uint64_t> swappiness{};   ///< 0..100; v1 only (v2 has no equivalent, runc ignores)
  std::optional<bool> disableOomKiller{}; ///< v1 memory.oom_control; v2 has no equivalent
  /// Ignored: every kernel since 5.x is hierarchical and refuses to turn it off (runc ignores).
  std::optional<bool> useHierarchy{};
};

/// CPU bandwidth, weight and placement.
struct CpuConfig {
  std::optional<uint64_t> shares{};         ///< v1 cpu.shares; v2 cpu.weight via sharesToWeight
  std::optional<int64_t> quota{};           ///< microseconds per period; -1 = unlimited
  std::optional<uint64_t> period{};         ///< microseconds
  std::optional<uint64_t> burst{};          ///< microseconds
  std::optional<int64_t> realtimeRuntime{}; ///< v1 cpu.rt_runtime_us
  std::optional<uint64_t> realtimePeriod{}; ///< v1 cpu.rt_period_us
  std::optional<std::string> cpus{};        ///< cpuset list, e.g. "0-3,5"
  std::optional<std::string> mems{};        ///< cpuset memory nodes
  std::optional<int64_t> idle{};            ///< cpu.idle (0 or 1)
};

/// One block device, by number.
struct BlockDevice {
  int64_t major = 0; ///< device major number
  int64_t minor = 0; ///< device minor number
};

/// Per-device proportional weight.
struct WeightDevice {
  BlockDevice device{};                 ///< which device
  std::optional<uint16_t> weight{};     ///< 10..1000
  std::optional<uint16_t> leafWeight{}; ///< v1 only
};

/// Per-device rate limit (bytes or operations per second).
struct ThrottleDevice {
  BlockDevice device{}; ///< which device
  uint64_t rate = 0;    ///< bytes/s or IO/s
};

/// Block IO weights and throttles.
struct BlockIoConfig {
  std::optional<uint16_t> weight{};                ///< 10..1000 (v2 io.weight via blkioToIoWeight)
  std::optional<uint16_t> leafWeight{};            ///< v1 only
  std::vector<WeightDevice> weightDevice{};        ///< per-device weights
  std::vector<ThrottleDevice> throttleReadBps{};   ///< read bytes/s
  std::vector<ThrottleDevice> throttleWriteBps{};  ///< write bytes/s
  std::vector<ThrottleDevice> throttleReadIops{};  ///< read IO/s
  std::vector<ThrottleDevice> throttleWriteIops{}; ///< write IO/s
};

/// One device-controller rule, applied in order (v1 devices.allow / devices.deny).
struct DeviceRule {
  bool allow = false;             ///< allow or deny
  char type = 'a';                ///< 'a' (all), 'c' or 'b'
  std::optional<int64_t> major{}; ///< absent = any ('*')
  std::optional<int64_t> minor{}; ///< absent = any ('*')
  std::string access = "rwm";     ///< subset of "rwm"
};

/// Every resource runw can set; an absent field leaves the kernel's value alone.
struct Resources {
  std::optional<MemoryConfig> memory{};            ///< memory controller
  std::optional<CpuConfig> cpu{};                  ///< cpu and cpuset controllers
  std::optional<int64_t> pidsLimit{};              ///< >0 limit; 0 → 1 (runc); <0 → "max"
  std::optional<BlockIoConfig> blockIo{};          ///< blkio / io controller
  std::map<std::string, int64_t> hugepageLimits{}; ///< page size ("2MB") → bytes
  std::map<std::string, std::string> unified{};    ///< v2 file name → value, written verbatim
  std::vector<DeviceRule> devices{};               ///< in order; empty = leave devices alone
};

/// A container's cgroup: where it lives and what it may use.
struct Config {
  /// Absolute ("/a/b": from each hierarchy's root) or relative ("a/b": below the cgroup of the
  /// calling process in each hierarchy, as runc resolves it). Build it with resolveCgroupsPath.
  std::string path{};
  Resources resources; ///< limits applied at create and by update
};

/// Turns an OCI linux.cgroupsPath into Config::path.
/// Without systemdForm: empty gives the relative `<id>` (runc's default), anything else is
/// lexically cleaned so that ".." cannot climb above the root it is resolved against.
/// With systemdForm (--systemd-cgroup): `slice:prefix:name` maps to the cgroupfs path systemd
/// would create, `/<expanded slice>/<prefix>-<name>.scope` (name as is when it ends in .slice);
/// an empty slice is system.slice; empty cgroupsPath is `:runw:<id>`.
Result<std::string> resolveCgroupsPath(std::string_view cgroupsPath, std::string_view id,
                                       bool systemdForm);

/// systemd's slice nesting: "a-b-c.slice" → "/a.slice/a-b.slice/a-b-c.slice", "-.slice" → "/".
Result<std::string> expandSlice(std::string_view slice);

/// Lexical clean of a cgroup path (like Go's filepath.Clean), keeping it absolute or relative;
/// ".." never leaves the root: "../../x" → "x", "/a/../../b" → "/b".
std::string cleanCgroupPath(std::string_view path);

} // namespace runw::runtime::cgroups
