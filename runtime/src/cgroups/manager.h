// SPDX-License-Identifier: Apache-2.0
// Manager: one container's cgroup on every hierarchy of the host (v1, v2 or hybrid).
#pragma once

#include "cgroups/config.h"
#include "cgroups/host.h"
#include "cgroups/plan.h"

#include "support/result.h"
#include "support/unique_fd.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace runw::runtime::cgroups {

/// Memory usage in bytes.
struct MemoryStats {
  uint64_t usage = 0;     ///< memory.usage_in_bytes / memory.current
  uint64_t maxUsage = 0;  ///< memory.max_usage_in_bytes / memory.peak (0 if the kernel lacks it)
  uint64_t limit = 0;     ///< memory.limit_in_bytes / memory.max (UINT64_MAX = unlimited)
  uint64_t failcnt = 0;   ///< v1 memory.failcnt: charges refused by the limit (0 on v2)
  uint64_t swapUsage = 0; ///< v1 memsw usage (memory+swap) / v2 memory.swap.current
  uint64_t swapLimit = 0; ///< v1 memsw.limit_in_bytes (memory+swap) / v2 memory.swap.max
  uint64_t cache = 0;     ///< page cache ("cache" v1, "file" v2)
  uint64_t rss = 0;       ///< anonymous memory ("rss" v1, "anon" v2)
  std::map<std::string, uint64_t> raw; ///< every memory.stat line
};

/// CPU time in nanoseconds.
struct CpuStats {
  uint64_t totalNs = 0;           ///< all CPU time
  uint64_t userNs = 0;            ///< user mode
  uint64_t systemNs = 0;          ///< kernel mode
  std::vector<uint64_t> perCpuNs; ///< v1 cpuacct.usage_percpu (empty on v2)
  uint64_t periods = 0;           ///< CFS periods elapsed
  uint64_t throttledPeriods = 0;  ///< periods the group was throttled in
  uint64_t throttledNs = 0;       ///< time throttled
};

/// Task counts.
struct PidsStats {
  uint64_t current = 0; ///< pids.current
  uint64_t limit = 0;   ///< pids.max (UINT64_MAX = unlimited)
};

/// One block IO counter.
struct BlkioEntry {
  uint64_t major = 0; ///< device major
  uint64_t minor = 0; ///< device minor
  std::string op;     ///< "Read", "Write", "Sync", "Async", "Discard", "Total"
  uint64_t value = 0; ///< bytes or operations
};

/// Block IO counters.
struct BlkioStats {
  std::vector<BlkioEntry> serviceBytes; ///< bytes per device and op
  std::vector<BlkioEntry> serviced;     ///< operations per device and op
};

/// Hugepage usage for one page size.
struct HugetlbStats {
  uint64_t usage = 0;    ///< bytes in use
  uint64_t maxUsage = 0; ///< v1 peak (0 on v2)
  uint64_t failcnt = 0;  ///< allocations refused by the limit
};

/// A snapshot of a container's cgroup counters (mapped later to containerd metrics).
struct Stats {
  MemoryStats memory;                          ///< memory controller
  CpuStats cpu;                                ///< cpu/cpuacct controllers
  PidsStats pids;                              ///< pids controller
  BlkioStats blkio;                            ///< blkio / io controller
  std::map<std::string, HugetlbStats> hugetlb; ///< page size → usage
};

/// Where each planned write goes on a host: v1 directories or the cgroup2 directory.
struct HostPlan {
  Plan v1; ///< writes for v1 hierarchies
  Plan v2; ///< writes for the cgroup2 hierarchy (unified host, or hybrid-only controllers)
};

/// Splits resources between v1 and v2 on host (hybrid: a controller goes to v1 when a v1
/// hierarchy carries it, else to cgroup2 when cgroup2 has it) and plans both. A requested
/// resource whose controller is on neither is an error; so is a unified key on a v1 controller
/// or on a v1-only host. Pure: host.unified->controllers must already be filled.
Result<HostPlan> planForHost(const HostLayout &host, const Resources &resources,
                             const V1PlanInputs &v1Inputs = {}, const V2PlanInputs &v2Inputs = {});

/// One v1 hierarchy's directory for the container.
struct V1Dir {
  std::vector<std::string> controllers; ///< the hierarchy's controllers
  std::string mountPoint;               ///< the hierarchy's mount point
  std::string path;                     ///< the container's directory on it
};

/// The container's cgroup directories on every hierarchy, and everything done to them.
/// Operations are idempotent where the kernel allows (create, destroy, thaw).
class Manager {
public:
  /// Resolves path (absolute, or relative to this process's cgroups) on host. Touches nothing.
  static Result<Manager> open(const HostLayout &host, std::string_view path);
  /// Rebuilds the manager of a container from the directories() its create recorded: each
  /// belongs to the hierarchy mounted above it. A directory under no mount is an error.
  static Result<Manager> adopt(const HostLayout &host, const std::vector<std::string> &dirs);

  /// mkdir -p on every hierarchy; v1 cpuset gets its parents' cpus/mems copied into empty
  /// levels; cgroup2 gets the controllers it serves enabled in every ancestor.
  Result<void> create();
  /// Writes resources (create and `runw update`). Returns the settings skipped, with why.
  Result<std::vector<std::string>> apply(const Resources &resources);
  /// Moves pid (all its threads) into the cgroup on every hierarchy.
  Result<void> addProcess(pid_t pid);

  /// Freezes every task and waits until the kernel reports the group frozen.
  Result<void> freeze();
  /// Thaws the group.
  Result<void> thaw();
  /// True when the group is (completely) frozen.
  Result<bool> isFrozen() const;

  /// Every pid in the cgroup and its child cgroups.
  Result<std::vector<pid_t>> pids() const;
  /// Sends sig to every task (cgroup.kill for SIGKILL on cgroup2; freeze, signal, thaw on v1
  /// so that forks cannot escape). Tasks that already exited are not an error.
  Result<void> killAll(int sig);

  /// Reads the counters of every mounted controller (missing files leave zeros).
  Result<Stats> stats() const;

  /// An fd that becomes readable on an OOM event: v1 an eventfd registered through
  /// cgroup.event_control on memory.oom_control (read 8 bytes); v2 an inotify fd watching
  /// memory.events (drain it, then compare oomKillCount()).
  Result<UniqueFd> oomEventFd() const;
  /// Tasks killed by the OOM killer in this cgroup ("oom_kill" of memory.oom_control or
  /// memory.events).
  Result<uint64_t> oomKillCount() const;

  /// Kills what is left, then removes the directories leaf-first on every hierarchy. Missing
  /// directories are fine.
  Result<void> destroy();

  /// Every directory of the container, v1 first then cgroup2.
  [[nodiscard]] std::vector<std::string> directories() const;
  /// The detected host mode.
  [[nodiscard]] HostMode mode() const { return host_.mode; }
  /// False when device rules cannot be enforced (no v1 devices controller; v2 needs eBPF).
  [[nodiscard]] bool enforcesDevices() const;

private:
  Manager() = default;

  [[nodiscard]] const V1Dir *v1Dir(std::string_view controller) const;
  [[nodiscard]] bool freezesOnV1() const;
  Result<HostPlan> planWithInputs(const Resources &resources) const;
  Result<void> createV2();
  Result<void> enableV2Controllers(const std::vector<std::string> &controllers);
  Result<void> signalAll(int sig) const;

  HostLayout host_;
  std::vector<V1Dir> v1_;
  std::optional<std::string> v2_; ///< the cgroup2 directory, if cgroup2 is mounted
};

} // namespace runw::runtime::cgroups
