// SPDX-License-Identifier: Apache-2.0
// Manager: counters (memory, cpu, pids, block IO, hugetlb) and OOM notification.
#include "cgroups/cgfs.h"
#include "cgroups/manager.h"
#include "cgroups/oom_events.h"

#include "support/strings.h"

#include <charconv>
#include <dirent.h>
#include <unistd.h>

namespace runw::runtime::cgroups {
namespace {

uint64_t uintOr0(const std::string &dir, std::string_view file) {
  return fs::readUint(fs::joinPath(dir, file)).value_or(0);
}

std::string textOrEmpty(const std::string &dir, std::string_view file) {
  return fs::readFile(fs::joinPath(dir, file)).value_or(std::string());
}

uint64_t toUint(std::string_view text) {
  uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::map<std::string, uint64_t> keyedMap(std::string_view text) {
  std::map<std::string, uint64_t> out;
  for (std::string_view line : split(text, '\n')) {
    size_t space = line.find(' ');
    if (space != std::string_view::npos) {
      out[std::string(line.substr(0, space))] = toUint(line.substr(space + 1));
    }
  }
  return out;
}

std::pair<uint64_t, uint64_t> parseDevice(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return {0, 0};
  }
  return {toUint(text.substr(0, colon)), toUint(text.substr(colon + 1))};
}

// v1 blkio.throttle.* lines: "8:0 Read 4096"; the "Total N" summary line is skipped.
std::vector<BlkioEntry> parseBlkioV1(std::string_view text) {
  std::vector<BlkioEntry> out;
  for (std::string_view line : split(text, '\n')) {
    std::vector<std::string_view> f = split(line, ' ');
    if (f.size() == 3) {
      auto [major, minor] = parseDevice(f[0]);
      out.push_back(BlkioEntry{major, minor, std::string(f[1]), toUint(f[2])});
    }
  }
  return out;
}

// v2 io.stat lines: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=5 dios=6".
void parseIoStatV2(std::string_view text, BlkioStats &out) {
  for (std::string_view line : split(text, '\n')) {
    std::vector<std::string_view> f = split(line, ' ');
    if (f.size() < 2) {
      continue;
    }
    auto [major, minor] = parseDevice(f[0]);
    for (size_t i = 1; i < f.size(); ++i) {
      size_t eq = f[i].find('=');
      if (eq == std::string_view::npos) {
        continue;
      }
      std::string_view key = f[i].substr(0, eq);
      uint64_t value = toUint(f[i].substr(eq + 1));
      std::string op = key.starts_with('r') ? "Read" : key.starts_with('w') ? "Write" : "Discard";
      (key.ends_with("bytes") ? out.serviceBytes : out.serviced)
          .push_back(BlkioEntry{major, minor, op, value});
    }
  }
}

// Page sizes as cgroup file names use them: hugepages-2048kB → "2MB".
std::vector<std::string> hugePageSizes() {
  std::vector<std::string> sizes;
  DIR *dir = ::opendir("/sys/kernel/mm/hugepages");
  if (dir == nullptr) {
    return sizes;
  }
  while (const dirent *entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (!name.starts_with("hugepages-") || !name.ends_with("kB")) {
      continue;
    }
    uint64_t kb = toUint(name.substr(10, name.size() - 12));
    if (kb >= (1U << 20) && kb % (1U << 20) == 0) {
      sizes.push_back(strprintf("{}GB", kb >> 20));
    } else if (kb >= 1024 && kb % 1024 == 0) {
      sizes.push_back(strprintf("{}MB", kb >> 10));
    } else {
      sizes.push_back(strprintf("{}KB", kb));
    }
  }
  ::closedir(dir);
  return sizes;
}

void memoryV1(const std::string &dir, MemoryStats &m) {
  m.usage = uintOr0(dir, "memory.usage_in_bytes");
  m.maxUsage = uintOr0(dir, "memory.max_usage_in_bytes");
  m.limit = uintOr0(dir, "memory.limit_in_bytes");
  m.failcnt = uintOr0(dir, "memory.failcnt");
  m.swapUsage = uintOr0(dir, "memory.memsw.usage_in_bytes");
  m.swapLimit = uintOr0(dir, "memory.memsw.limit_in_bytes");
  m.raw = keyedMap(textOrEmpty(dir, "memory.stat"));
  m.cache = m.raw["cache"];
  m.rss = m.raw["rss"];
}

void memoryV2(const std::string &dir, MemoryStats &m) {
  m.usage = uintOr0(dir, "memory.current");
  m.maxUsage = uintOr0(dir, "memory.peak");
  m.limit = uintOr0(dir, "memory.max");
  m.swapUsage = uintOr0(dir, "memory.swap.current");
  m.swapLimit = uintOr0(dir, "memory.swap.max");
  m.raw = keyedMap(textOrEmpty(dir, "memory.stat"));
  m.cache = m.raw["file"];
  m.rss = m.raw["anon"];
}

void cpuacctV1(const std::string &dir, CpuStats &c) {
  c.totalNs = uintOr0(dir, "cpuacct.usage");
  const std::string perCpu = textOrEmpty(dir, "cpuacct.usage_percpu");
  for (std::string_view v : split(perCpu, ' ')) {
    if (!v.empty() && v != "\n") {
      c.perCpuNs.push_back(toUint(v));
    }
  }
  c.userNs = uintOr0(dir, "cpuacct.usage_user");
  c.systemNs = uintOr0(dir, "cpuacct.usage_sys");
  if (c.userNs == 0 && c.systemNs == 0) {
    // Older kernels only have cpuacct.stat, in USER_HZ ticks.
    auto ticks = keyedMap(textOrEmpty(dir, "cpuacct.stat"));
    auto hz = static_cast<uint64_t>(::sysconf(_SC_CLK_TCK));
    c.userNs = ticks["user"] * (1000000000 / hz);
    c.systemNs = ticks["system"] * (1000000000 / hz);
  }
}

void cpuStatV2(const std::string &dir, CpuStats &c) {
  auto stat = keyedMap(textOrEmpty(dir, "cpu.stat"));
  c.totalNs = stat["usage_usec"] * 1000;
  c.userNs = stat["user_usec"] * 1000;
  c.systemNs = stat["system_usec"] * 1000;
  c.periods = stat["nr_periods"];
  c.throttledPeriods = stat["nr_throttled"];
  c.throttledNs = stat["throttled_usec"] * 1000;
}

void hugetlbStats(const std::string &dir, bool v2, std::map<std::string, HugetlbStats> &out) {
  for (const std::string &size : hugePageSizes()) {
    HugetlbStats h;
    std::string prefix = strprintf("hugetlb.{}.", size);
    if (v2) {
      h.usage = uintOr0(dir, prefix + "current");
      h.failcnt = fs::keyedValue(textOrEmpty(dir, prefix + "events"), "max").value_or(0);
    } else {
      h.usage = uintOr0(dir, prefix + "usage_in_bytes");
      h.maxUsage = uintOr0(dir, prefix + "max_usage_in_bytes");
      h.failcnt = uintOr0(dir, prefix + "failcnt");
    }
    out[size] = h;
  }
}

} // namespace

Result<Stats> Manager::stats() const {
  Stats s;
  // Each controller is read where it lives: a v1 hierarchy, else cgroup2 (hybrid or unified).
  auto v2Has = [&](std::string_view c) { return v2_ && host_.unified->has(c); };
  if (const V1Dir *d = v1Dir("memory")) {
    memoryV1(d->path, s.memory);
  } else if (v2Has("memory")) {
    memoryV2(*v2_, s.memory);
  }
  if (const V1Dir *d = v1Dir("cpuacct")) {
    cpuacctV1(d->path, s.cpu);
  } else if (v2_) {
    cpuStatV2(*v2_, s.cpu); // usage_usec is core cgroup2, present without the cpu controller
  }
  if (const V1Dir *d = v1Dir("cpu")) {
    auto stat = keyedMap(textOrEmpty(d->path, "cpu.stat"));
    s.cpu.periods = stat["nr_periods"];
    s.cpu.throttledPeriods = stat["nr_throttled"];
    s.cpu.throttledNs = stat["throttled_time"];
  }
  const V1Dir *pids = v1Dir("pids");
  if (pids != nullptr || v2Has("pids")) {
    const std::string &dir = pids != nullptr ? pids->path : *v2_;
    s.pids.current = uintOr0(dir, "pids.current");
    s.pids.limit = uintOr0(dir, "pids.max");
  }
  if (const V1Dir *d = v1Dir("blkio")) {
    s.blkio.serviceBytes =
        parseBlkioV1(textOrEmpty(d->path, "blkio.throttle.io_service_bytes_recursive"));
    s.blkio.serviced = parseBlkioV1(textOrEmpty(d->path, "blkio.throttle.io_serviced_recursive"));
  } else if (v2Has("io")) {
    parseIoStatV2(textOrEmpty(*v2_, "io.stat"), s.blkio);
  }
  if (const V1Dir *d = v1Dir("hugetlb")) {
    hugetlbStats(d->path, false, s.hugetlb);
  } else if (v2Has("hugetlb")) {
    hugetlbStats(*v2_, true, s.hugetlb);
  }
  return s;
}

Result<UniqueFd> Manager::oomEventFd() const {
  if (const V1Dir *d = v1Dir("memory")) {
    return v1OomEventFd(d->path);
  }
  if (v2_ && host_.unified->has("memory")) {
    return memoryEventsWatch(fs::joinPath(*v2_, "memory.events"));
  }
  return fail(ErrorCode::Unsupported, "no memory controller on this host");
}

Result<uint64_t> Manager::oomKillCount() const {
  if (const V1Dir *d = v1Dir("memory")) {
    std::string text = TRY(fs::readFile(fs::joinPath(d->path, "memory.oom_control")));
    return fs::keyedValue(text, "oom_kill").value_or(0);
  }
  if (v2_ && host_.unified->has("memory")) {
    std::string text = TRY(fs::readFile(fs::joinPath(*v2_, "memory.events")));
    return fs::keyedValue(text, "oom_kill").value_or(0);
  }
  return fail(ErrorCode::Unsupported, "no memory controller on this host");
}

} // namespace runw::runtime::cgroups
