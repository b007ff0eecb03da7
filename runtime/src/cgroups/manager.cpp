// SPDX-License-Identifier: Apache-2.0
// Manager: resolving the container's directories, creating them, routing and writing resources.
#include "cgroups/manager.h"

#include "cgroups/cgfs.h"

#include "support/strings.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <set>

namespace runw::runtime::cgroups {
namespace {

enum class Route { V1, V2, None };

Route routeOf(const HostLayout &host, std::string_view v1Name, std::string_view v2Name) {
  if (host.mode != HostMode::Unified && host.v1For(v1Name) != nullptr) {
    return Route::V1;
  }
  if (host.unified && host.unified->has(v2Name)) {
    return Route::V2;
  }
  return Route::None;
}

// Puts value into the v1 or v2 half of the split, or fails when neither hierarchy has it.
template <class T>
Result<void> route(const HostLayout &host, std::string_view v1Name, std::string_view v2Name,
                   const T &value, T &v1, T &v2) {
  switch (routeOf(host, v1Name, v2Name)) {
  case Route::V1:
    v1 = value;
    return {};
  case Route::V2:
    v2 = value;
    return {};
  case Route::None:
    break;
  }
  return fail(ErrorCode::Unsupported,
              strprintf("the {} controller is not available on this {} cgroup host", v1Name,
                        hostModeName(host.mode)));
}

bool hasCpuPart(const CpuConfig &c) {
  return c.shares || c.quota || c.period || c.burst || c.realtimeRuntime || c.realtimePeriod ||
         c.idle;
}

Result<void> splitCpu(const HostLayout &host, const CpuConfig &cpu, Resources &v1, Resources &v2) {
  CpuConfig cpuPart = cpu;
  cpuPart.cpus.reset();
  cpuPart.mems.reset();
  CpuConfig cpusetPart;
  cpusetPart.cpus = cpu.cpus;
  cpusetPart.mems = cpu.mems;
  std::optional<CpuConfig> a1;
  std::optional<CpuConfig> a2;
  std::optional<CpuConfig> b1;
  std::optional<CpuConfig> b2;
  if (hasCpuPart(cpuPart)) {
    TRY(route(host, "cpu", "cpu", std::optional<CpuConfig>(cpuPart), a1, a2));
  }
  if (cpu.cpus || cpu.mems) {
    TRY(route(host, "cpuset", "cpuset", std::optional<CpuConfig>(cpusetPart), b1, b2));
  }
  auto merge = [](const std::optional<CpuConfig> &a, const std::optional<CpuConfig> &b) {
    std::optional<CpuConfig> out = a;
    if (b) {
      out = out.value_or(CpuConfig{});
      out->cpus = b->cpus;
      out->mems = b->mems;
    }
    return out;
  };
  v1.cpu = merge(a1, b1);
  v2.cpu = merge(a2, b2);
  return {};
}

Result<void> splitUnified(const HostLayout &host, const Resources &r, Resources &v2) {
  if (r.unified.empty()) {
    return {};
  }
  if (!host.unified) {
    return fail(ErrorCode::Unsupported,
                "invalid configuration: cannot use unified resources on a cgroup v1 host");
  }
  for (const auto &[key, value] : r.unified) {
    std::string controller = TRY(unifiedController(key));
    if (host.mode != HostMode::Unified && host.v1For(controller) != nullptr) {
      return fail(ErrorCode::Unsupported,
                  strprintf("unified resource \"{}\": the {} controller is on cgroup v1 on this "
                            "host; use the v1 resource instead",
                            key, controller));
    }
    v2.unified[key] = value;
  }
  return {};
}

Result<void> splitResources(const HostLayout &host, const Resources &r, Resources &v1,
                            Resources &v2) {
  TRY(route(host, "memory", "memory", r.memory, v1.memory, v2.memory));
  if (r.cpu) {
    TRY(splitCpu(host, *r.cpu, v1, v2));
  }
  if (r.pidsLimit) {
    TRY(route(host, "pids", "pids", r.pidsLimit, v1.pidsLimit, v2.pidsLimit));
  }
  if (r.blockIo) {
    TRY(route(host, "blkio", "io", r.blockIo, v1.blockIo, v2.blockIo));
  }
  if (!r.hugepageLimits.empty()) {
    TRY(route(host, "hugetlb", "hugetlb", r.hugepageLimits, v1.hugepageLimits, v2.hugepageLimits));
  }
  if (!r.devices.empty()) {
    if (host.mode != HostMode::Unified && host.v1For("devices") != nullptr) {
      v1.devices = r.devices;
    } else if (host.unified) {
      v2.devices = r.devices; // planV2 records that they are not enforced
    } else {
      return fail(ErrorCode::Unsupported, "the devices controller is not mounted on this host");
    }
  }
  return splitUnified(host, r, v2);
}

std::string parentOf(const std::string &path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) {
    return "/";
  }
  return path.substr(0, slash);
}

// Every directory from mountPoint (exclusive) down to leaf (inclusive).
std::vector<std::string> levelsBelow(const std::string &mountPoint, const std::string &leaf) {
  std::vector<std::string> levels;
  for (std::string dir = leaf; dir.size() > mountPoint.size(); dir = parentOf(dir)) {
    levels.push_back(dir);
  }
  std::reverse(levels.begin(), levels.end());
  return levels;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

// v1 cpuset refuses tasks while cpuset.cpus or cpuset.mems is empty, and a new cgroup starts
// empty (unless cgroup.clone_children is set): copy the parent's values into each level.
Result<void> copyCpusetDown(const V1Dir &dir) {
  for (const std::string &level : levelsBelow(dir.mountPoint, dir.path)) {
    for (const char *file : {"cpuset.cpus", "cpuset.mems"}) {
      std::string mine = trimmed(TRY(fs::readFile(fs::joinPath(level, file))));
      if (!mine.empty()) {
        continue;
      }
      std::string parents = trimmed(TRY(fs::readFile(fs::joinPath(parentOf(level), file))));
      TRY(fs::writeFile(fs::joinPath(level, file), parents));
    }
  }
  return {};
}

} // namespace

Result<HostPlan> planForHost(const HostLayout &host, const Resources &resources,
                             const V1PlanInputs &v1Inputs, const V2PlanInputs &v2Inputs) {
  Resources v1;
  Resources v2;
  TRY(splitResources(host, resources, v1, v2));
  HostPlan out;
  out.v1 = TRY(planV1(v1, v1Inputs));
  out.v2 = TRY(planV2(v2, v2Inputs));
  return out;
}

Result<Manager> Manager::open(const HostLayout &host, std::string_view path) {
  if (path.empty()) {
    return fail(ErrorCode::Invalid, "empty cgroup path");
  }
  Manager m;
  m.host_ = host;
  const bool absolute = path.starts_with('/');
  if (host.mode != HostMode::Unified) {
    for (const Hierarchy &h : host.v1) {
      std::string full = absolute ? std::string(path) : fs::joinPath(h.ownPath, path);
      std::optional<std::string> dir = h.directoryOf(full);
      if (!dir) {
        return fail(ErrorCode::Invalid, strprintf("cgroup {} is outside the {} mount at {}", full,
                                                  join(h.controllers, ","), h.mountPoint));
      }
      m.v1_.push_back(V1Dir{h.controllers, h.mountPoint, *dir});
    }
  }
  if (host.unified) {
    // runc: on a unified host a relative path goes next to the caller's cgroup (the parent
    // can enable controllers; the caller's own cgroup holds tasks and cannot); on a hybrid
    // host it goes below the caller's cgroup, as it does on every v1 hierarchy.
    std::string base =
        host.mode == HostMode::Unified ? parentOf(host.unified->ownPath) : host.unified->ownPath;
    std::string full = absolute ? std::string(path) : fs::joinPath(base, path);
    std::optional<std::string> dir = host.unified->directoryOf(full);
    if (!dir) {
      return fail(ErrorCode::Invalid, strprintf("cgroup {} is outside the cgroup2 mount at {}",
                                                full, host.unified->mountPoint));
    }
    m.v2_ = *dir;
  }
  return m;
}

namespace {

bool isUnder(std::string_view dir, std::string_view mountPoint) {
  return dir.starts_with(mountPoint) &&
         (dir.size() == mountPoint.size() || dir[mountPoint.size()] == '/');
}

} // namespace

Result<Manager> Manager::adopt(const HostLayout &host, const std::vector<std::string> &dirs) {
  Manager m;
  m.host_ = host;
  for (const std::string &dir : dirs) {
    if (host.unified && isUnder(dir, host.unified->mountPoint)) {
      m.v2_ = dir;
      continue;
    }
    const auto it = std::find_if(host.v1.begin(), host.v1.end(),
                                 [&](const Hierarchy &h) { return isUnder(dir, h.mountPoint); });
    if (it == host.v1.end()) {
      return fail(ErrorCode::NotFound,
                  strprintf("cgroup directory {} is under no cgroup mount", dir));
    }
    m.v1_.push_back(V1Dir{it->controllers, it->mountPoint, dir});
  }
  return m;
}

const V1Dir *Manager::v1Dir(std::string_view controller) const {
  for (const V1Dir &dir : v1_) {
    if (std::find(dir.controllers.begin(), dir.controllers.end(), controller) !=
        dir.controllers.end()) {
      return &dir;
    }
  }
  return nullptr;
}

std::vector<std::string> Manager::directories() const {
  std::vector<std::string> out;
  for (const V1Dir &dir : v1_) {
    out.push_back(dir.path);
  }
  if (v2_) {
    out.push_back(*v2_);
  }
  return out;
}

bool Manager::enforcesDevices() const { return v1Dir("devices") != nullptr; }

Result<void> Manager::create() {
  for (const V1Dir &dir : v1_) {
    TRY(fs::makeDirs(dir.path));
    if (std::find(dir.controllers.begin(), dir.controllers.end(), "cpuset") !=
        dir.controllers.end()) {
      TRY(copyCpusetDown(dir).context(strprintf("preparing cpuset cgroup {}", dir.path)));
    }
  }
  if (v2_) {
    TRY(createV2());
  }
  return {};
}

Result<void> Manager::createV2() {
  TRY(fs::makeDirs(*v2_));
  // A unified host delegates every available controller (runc); on a hybrid host cgroup2
  // only serves what v1 lacks, enabled by apply() when a resource needs it.
  if (host_.mode == HostMode::Unified) {
    TRY(enableV2Controllers(host_.unified->controllers));
  }
  return {};
}

Result<void> Manager::enableV2Controllers(const std::vector<std::string> &controllers) {
  const std::string &mount = host_.unified->mountPoint;
  // Every ancestor of the leaf, from the mount root down, must list a controller in its
  // cgroup.subtree_control for the leaf to get the controller's files (cgroup-v2.rst 2-4).
  std::vector<std::string> ancestors = levelsBelow(mount, parentOf(*v2_));
  ancestors.insert(ancestors.begin(), mount);
  for (const std::string &dir : ancestors) {
    // The views below point into these two strings, which must outlive them.
    const std::string available =
        trimmed(TRY(fs::readFile(fs::joinPath(dir, "cgroup.controllers"))));
    const std::string enabled =
        trimmed(TRY(fs::readFile(fs::joinPath(dir, "cgroup.subtree_control"))));
    std::vector<std::string_view> have = split(available, ' ');
    std::vector<std::string_view> on = split(enabled, ' ');
    for (const std::string &c : controllers) {
      if (c == "cgroup" || std::find(have.begin(), have.end(), c) == have.end() ||
          std::find(on.begin(), on.end(), c) != on.end()) {
        continue;
      }
      TRY(fs::writeFile(fs::joinPath(dir, "cgroup.subtree_control"), "+" + c));
    }
  }
  return {};
}

Result<HostPlan> Manager::planWithInputs(const Resources &resources) const {
  V1PlanInputs v1Inputs;
  if (const V1Dir *mem = v1Dir("memory")) {
    auto current = fs::readUint(fs::joinPath(mem->path, "memory.limit_in_bytes"));
    if (current) {
      v1Inputs.currentMemoryLimit = *current;
    }
    v1Inputs.swapAccounting = fs::exists(fs::joinPath(mem->path, "memory.memsw.limit_in_bytes"));
  }
  if (const V1Dir *blkio = v1Dir("blkio")) {
    // Kernels with BFQ and no CFQ only have blkio.bfq.weight (runc picks the same way).
    if (!fs::exists(fs::joinPath(blkio->path, "blkio.weight")) &&
        fs::exists(fs::joinPath(blkio->path, "blkio.bfq.weight"))) {
      v1Inputs.blkioWeightFile = "blkio.bfq.weight";
    }
  }
  V2PlanInputs v2Inputs;
  if (v2_ && host_.unified->has("memory") && fs::exists(fs::joinPath(*v2_, "memory.max"))) {
    v2Inputs.swapAccounting = fs::exists(fs::joinPath(*v2_, "memory.swap.max"));
  }
  return planForHost(host_, resources, v1Inputs, v2Inputs);
}

Result<std::vector<std::string>> Manager::apply(const Resources &resources) {
  HostPlan plan = TRY(planWithInputs(resources));
  for (const FileWrite &w : plan.v1.writes) {
    const V1Dir *dir = v1Dir(w.controller);
    if (dir == nullptr) {
      return fail(ErrorCode::Internal, strprintf("no v1 hierarchy for {}", w.controller));
    }
    auto written = fs::writeFile(fs::joinPath(dir->path, w.file), w.value);
    if (!written && written.error().sysErrno == EBUSY && w.file == "memory.limit_in_bytes") {
      // EBUSY: the new limit is below what the group already uses (runc says the same).
      uint64_t usage = fs::readUint(fs::joinPath(dir->path, "memory.usage_in_bytes")).value_or(0);
      return fail(
          ErrorCode::Invalid,
          strprintf("unable to set memory limit to {} (current usage: {})", w.value, usage));
    }
    TRY(std::move(written));
  }
  if (!plan.v2.writes.empty()) {
    std::set<std::string> needed;
    for (const FileWrite &w : plan.v2.writes) {
      needed.insert(w.controller);
    }
    TRY(enableV2Controllers({needed.begin(), needed.end()}));
    for (const FileWrite &w : plan.v2.writes) {
      TRY(fs::writeFile(fs::joinPath(*v2_, w.file), w.value));
    }
  }
  std::vector<std::string> skipped = std::move(plan.v1.skipped);
  skipped.insert(skipped.end(), plan.v2.skipped.begin(), plan.v2.skipped.end());
  return skipped;
}

Result<void> Manager::addProcess(pid_t pid) {
  std::string value = strprintf("{}", pid);
  for (const std::string &dir : directories()) {
    TRY(fs::writeFile(fs::joinPath(dir, "cgroup.procs"), value));
  }
  return {};
}

Result<void> Manager::destroy() {
  auto remaining = pids();
  if (remaining && !remaining->empty()) {
    TRY(killAll(SIGKILL));
  }
  // Remove on every hierarchy even after a failure, so one stuck directory does not leave
  // the others behind; report the first failure.
  std::optional<Error> firstError;
  for (const std::string &dir : directories()) {
    auto removed = fs::removeTree(dir);
    if (!removed && !firstError) {
      firstError = removed.error();
    }
  }
  if (firstError) {
    return std::unexpected<Error>(*firstError);
  }
  return {};
}

} // namespace runw::runtime::cgroups
