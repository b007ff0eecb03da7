// SPDX-License-Identifier: Apache-2.0
// runw events: cgroup counters as runc's event JSON, once or every interval, plus OOM events.
#include "container/common.h"

#include "support/strings.h"

#include <fmt/ranges.h>

#include <poll.h>
#include <unistd.h>

namespace runw::runtime {
namespace {

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

std::string cpuJson(const cgroups::CpuStats &cpu) {
  return fmt::format(R"({{"usage":{{"total":{},"percpu":[{}],"kernel":{},"user":{}}},)"
                     R"("throttling":{{"periods":{},"throttledPeriods":{},"throttledTime":{}}}}})",
                     cpu.totalNs, fmt::join(cpu.perCpuNs, ","), cpu.systemNs, cpu.userNs,
                     cpu.periods, cpu.throttledPeriods, cpu.throttledNs);
}

std::string memoryJson(const cgroups::MemoryStats &memory) {
  std::vector<std::string> raw;
  for (const auto &[key, value] : memory.raw) {
    raw.push_back(fmt::format("{}:{}", quoted(key), value));
  }
  return fmt::format(R"({{"cache":{},"usage":{{"limit":{},"usage":{},"max":{},"failcnt":{}}},)"
                     R"("swap":{{"limit":{},"usage":{},"max":0,"failcnt":0}},"raw":{{{}}}}})",
                     memory.cache, memory.limit, memory.usage, memory.maxUsage, memory.failcnt,
                     memory.swapLimit, memory.swapUsage, fmt::join(raw, ","));
}

std::string blkioEntries(const std::vector<cgroups::BlkioEntry> &entries) {
  std::vector<std::string> out;
  for (const cgroups::BlkioEntry &entry : entries) {
    out.push_back(fmt::format(R"({{"major":{},"minor":{},"op":{},"value":{}}})", entry.major,
                              entry.minor, quoted(entry.op), entry.value));
  }
  return fmt::format("[{}]", fmt::join(out, ","));
}

std::string hugetlbJson(const std::map<std::string, cgroups::HugetlbStats> &hugetlb) {
  std::vector<std::string> out;
  for (const auto &[size, stats] : hugetlb) {
    out.push_back(fmt::format(R"({}:{{"usage":{},"max":{},"failcnt":{}}})", quoted(size),
                              stats.usage, stats.maxUsage, stats.failcnt));
  }
  return fmt::format("{{{}}}", fmt::join(out, ","));
}

std::string statsEvent(std::string_view id, const cgroups::Stats &stats) {
  return fmt::format(
      R"({{"type":"stats","id":{},"data":{{"cpu":{},"memory":{},)"
      R"("pids":{{"current":{},"limit":{}}},)"
      R"("blkio":{{"ioServiceBytesRecursive":{},"ioServicedRecursive":{}}},"hugetlb":{}}}}})",
      quoted(id), cpuJson(stats.cpu), memoryJson(stats.memory), stats.pids.current,
      stats.pids.limit, blkioEntries(stats.blkio.serviceBytes), blkioEntries(stats.blkio.serviced),
      hugetlbJson(stats.hugetlb));
}

struct Watched {
  state::StateStore store;
  state::ContainerRecord record;
};

Result<Watched> loadRunning(const RuntimeOptions &options, std::string_view id) {
  state::StateStore store = TRY(container::openStore(options));
  state::ContainerRecord record = TRY(store.load(id));
  if (TRY(container::liveStatus(store, record)) == oci::ContainerStatus::Stopped) {
    return fail(ErrorCode::NotFound, "container not running");
  }
  return Watched{std::move(store), std::move(record)};
}

// Waits up to intervalMs for an OOM notification; true when one arrived.
bool waitForOom(int oomFd, int intervalMs) {
  pollfd entry{oomFd, POLLIN, 0};
  if (oomFd < 0 || ::poll(&entry, 1, intervalMs) <= 0) {
    if (oomFd < 0) {
      ::usleep(static_cast<useconds_t>(intervalMs) * 1000U);
    }
    return false;
  }
  char buffer[4096];
  (void)!::read(oomFd, buffer, sizeof buffer);
  return true;
}

} // namespace

Result<std::string> containerStatsEvent(const RuntimeOptions &options, std::string_view id) {
  const Watched watched = TRY(loadRunning(options, id));
  const cgroups::Manager manager = TRY(container::cgroupOf(watched.record));
  return statsEvent(id, TRY(manager.stats()));
}

Result<void> watchContainerEvents(const RuntimeOptions &options, std::string_view id,
                                  int intervalMs,
                                  const std::function<Result<void>(std::string_view)> &emit) {
  const Watched watched = TRY(loadRunning(options, id));
  const cgroups::Manager manager = TRY(container::cgroupOf(watched.record));
  Result<UniqueFd> oomFd = manager.oomEventFd();
  uint64_t oomKills = manager.oomKillCount().value_or(0);
  for (;;) {
    TRY(emit(statsEvent(id, TRY(manager.stats()))));
    if (waitForOom(oomFd ? oomFd->get() : -1, intervalMs)) {
      const uint64_t now = manager.oomKillCount().value_or(oomKills);
      if (now != oomKills || !oomFd) {
        TRY(emit(fmt::format(R"({{"type":"oom","id":{}}})", quoted(id))));
      }
      oomKills = now;
    }
    if (TRY(container::liveStatus(watched.store, watched.record)) ==
        oci::ContainerStatus::Stopped) {
      return {};
    }
  }
}

} // namespace runw::runtime
