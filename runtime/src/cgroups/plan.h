// SPDX-License-Identifier: Apache-2.0
// Which cgroup files get which values for a Resources: pure functions, no filesystem access.
#pragma once

#include "cgroups/config.h"

#include "support/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace runw::runtime::cgroups {

/// One value to write into one file of one controller's cgroup directory.
struct FileWrite {
  std::string controller{}; ///< "memory", "cpu", "cpuset", "hugetlb", ..., "cgroup" (core files)
  std::string file{};       ///< file name inside the cgroup directory
  std::string value{};      ///< exactly what is written

  bool operator==(const FileWrite &) const = default;
};

/// The writes, in the order they must happen, and the settings left alone (with why).
struct Plan {
  std::vector<FileWrite> writes{};    ///< in order
  std::vector<std::string> skipped{}; ///< one sentence per ignored setting, for --debug
};

/// Facts about the existing v1 cgroup the plan depends on (read by the manager).
struct V1PlanInputs {
  /// memory.limit_in_bytes now; decides whether memsw or the limit is written first, since
  /// the kernel requires limit <= memsw at every step. nullopt = unlimited (fresh cgroup).
  std::optional<uint64_t> currentMemoryLimit{};
  bool swapAccounting = true;                   ///< memory.memsw.limit_in_bytes exists
  std::string blkioWeightFile = "blkio.weight"; ///< or blkio.bfq.weight under BFQ
};

/// Facts about the existing v2 cgroup the plan depends on.
struct V2PlanInputs {
  bool swapAccounting = true; ///< memory.swap.max exists
};

/// The cgroup v1 writes for resources (unified is not looked at: see Manager).
Result<Plan> planV1(const Resources &resources, const V1PlanInputs &inputs = {});

/// The cgroup v2 writes for resources, unified keys last (they override the converted values).
Result<Plan> planV2(const Resources &resources, const V2PlanInputs &inputs = {});

/// cpu.shares → cpu.weight: 1 + ((shares - 2) * 9999) / 262142, clamped to [2, 262144]
/// first; 0 stays 0 (unset).
uint64_t sharesToWeight(uint64_t shares);

/// blkio.weight [10, 1000] → io.weight [1, 10000], linearly (runc's conversion).
uint64_t blkioToIoWeight(uint64_t weight);

/// OCI memory.swap (memory+swap) → memory.swap.max (swap only), runc's rules: -1 stays -1,
/// 0 means unset, unlimited memory with unset swap gives -1, swap < limit is an error.
Result<int64_t> swapToV2(int64_t memorySwap, int64_t memory);

/// The controller of a unified key: "memory.high" → "memory", "cgroup.freeze" → "cgroup".
/// Rejects keys that could leave the cgroup directory or name no controller.
Result<std::string> unifiedController(std::string_view key);

/// v1 devices.allow / devices.deny line of a rule: "c 1:3 rwm", "a" for everything.
std::string deviceRuleLine(const DeviceRule &rule);

} // namespace runw::runtime::cgroups
