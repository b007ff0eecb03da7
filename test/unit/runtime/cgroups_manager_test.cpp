// SPDX-License-Identifier: Apache-2.0
// Manager against the real cgroupfs (root): limits read back, membership, freeze, kill, stats,
// OOM events and a destroy that leaves nothing. Fails (never skips) without root or cgroups.
#include "cgroups/cgfs.h"
#include "cgroups/manager.h"

#include "runtime/cgroup_watch.h"
#include "support/scope_exit.h"
#include "support/strings.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <poll.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace runw::runtime::cgroups {
namespace {

using namespace std::chrono_literals;

std::string read(const std::string &path) {
  auto text = fs::readFile(path);
  EXPECT_TRUE(text.has_value()) << (text ? "" : text.error().describe());
  std::string out = text.value_or("");
  while (!out.empty() && out.back() == '\n') {
    out.pop_back();
  }
  return out;
}

// A forked child that burns CPU (busy) or sleeps in pause(); killed and reaped by the guard.
struct Child {
  pid_t pid = -1;
  // With goFd, the child first waits for a byte on it, then dirties 8 MiB and burns CPU.
  explicit Child(bool busy, int goFd = -1) {
    pid = ::fork();
    if (pid == 0) {
      if (goFd >= 0) {
        char go = 0;
        (void)::read(goFd, &go, 1);
        auto *block = static_cast<char *>(std::malloc(8 << 20));
        std::memset(block, 1, 8 << 20);
        asm volatile("" : : "r"(block) : "memory"); // keep the pages: they are the point
        busy = true;
      }
      for (;;) {
        if (!busy) {
          ::pause();
        }
      }
    }
  }
  Child(const Child &) = delete;
  Child &operator=(const Child &) = delete;
  ~Child() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  // Waits for the exit status; the guard then has nothing to do.
  int reap() {
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
    return status;
  }
};

// utime + stime of pid, in clock ticks (proc(5) fields 14 and 15).
uint64_t cpuTicks(pid_t pid) {
  std::string stat = read(strprintf("/proc/{}/stat", pid));
  std::string rest = stat.substr(stat.rfind(')') + 2);
  std::vector<std::string_view> f = split(rest, ' ');
  return std::stoull(std::string(f[11])) + std::stoull(std::string(f[12]));
}

std::string firstBlockDevice() {
  for (const auto &entry : std::filesystem::directory_iterator("/sys/block")) {
    auto dev = fs::readFile(entry.path().string() + "/dev");
    if (dev) {
      return std::string(split(*dev, '\n')[0]);
    }
  }
  return {};
}

class CgroupsManager : public ::testing::Test {
protected:
  void SetUp() override {
    if (::geteuid() != 0) {
      FAIL() << "needs root: this test creates cgroups in the real cgroupfs";
    }
    auto host = detectHost();
    ASSERT_TRUE(host.has_value()) << "no usable cgroup filesystem: " << host.error().describe();
    host_ = *host;
    static std::atomic<int> counter{0};
    path_ = strprintf("runw-test-{}-{}", ::getpid(), counter++);
    auto m = Manager::open(host_, path_);
    ASSERT_TRUE(m.has_value()) << m.error().describe();
    manager_.emplace(std::move(*m));
    auto created = manager_->create();
    ASSERT_TRUE(created.has_value()) << created.error().describe();
  }
  void TearDown() override {
    if (!manager_) {
      return;
    }
    auto destroyed = manager_->destroy();
    EXPECT_TRUE(destroyed.has_value()) << destroyed.error().describe();
    for (const std::string &dir : manager_->directories()) {
      EXPECT_FALSE(fs::exists(dir)) << dir << " left behind";
    }
  }

  [[nodiscard]] std::string dirOf(std::string_view controller) const {
    for (const std::string &dir : manager_->directories()) {
      if (dir.find(strprintf("/{}/", controller)) != std::string::npos) {
        return dir;
      }
    }
    ADD_FAILURE() << "no directory for " << controller;
    return {};
  }

  HostLayout host_;
  std::string path_;
  std::optional<Manager> manager_;
};

TEST_F(CgroupsManager, CreatesADirectoryOnEveryHierarchy) {
  size_t expected = host_.v1.size() + (host_.unified ? 1 : 0);
  ASSERT_EQ(manager_->directories().size(), expected);
  for (const std::string &dir : manager_->directories()) {
    EXPECT_TRUE(fs::exists(dir + "/cgroup.procs")) << dir;
  }
}

TEST_F(CgroupsManager, AppliesLimitsAndReadsThemBack) {
  ASSERT_NE(host_.mode, HostMode::Unified) << "this test checks v1 file names (hybrid host)";
  Resources r;
  r.memory =
      MemoryConfig{.limit = 64 << 20, .reservation = 32 << 20, .swap = 128 << 20, .swappiness = 10};
  r.cpu = CpuConfig{.shares = 512, .quota = 50000, .period = 100000, .cpus = "0", .mems = "0"};
  r.pidsLimit = 50;
  std::string dev = firstBlockDevice();
  ASSERT_FALSE(dev.empty()) << "no block device in /sys/block";
  auto colon = dev.find(':');
  r.blockIo = BlockIoConfig{
      .throttleReadBps = {
          {{std::stoll(dev.substr(0, colon)), std::stoll(dev.substr(colon + 1))}, 1048576}}};
  bool v2Hugetlb = host_.unified && host_.unified->has("hugetlb") && !host_.v1For("hugetlb");
  if (v2Hugetlb) {
    r.hugepageLimits["2MB"] = 4 << 20;
  }
  auto applied = manager_->apply(r);
  ASSERT_TRUE(applied.has_value()) << applied.error().describe();
  std::string mem = dirOf("memory");
  EXPECT_EQ(read(mem + "/memory.limit_in_bytes"), "67108864");
  EXPECT_EQ(read(mem + "/memory.memsw.limit_in_bytes"), "134217728");
  EXPECT_EQ(read(mem + "/memory.soft_limit_in_bytes"), "33554432");
  EXPECT_EQ(read(mem + "/memory.swappiness"), "10");
  EXPECT_EQ(read(dirOf("cpu") + "/cpu.shares"), "512");
  EXPECT_EQ(read(dirOf("cpu") + "/cpu.cfs_quota_us"), "50000");
  EXPECT_EQ(read(dirOf("cpu") + "/cpu.cfs_period_us"), "100000");
  EXPECT_EQ(read(dirOf("cpuset") + "/cpuset.cpus"), "0");
  EXPECT_EQ(read(dirOf("pids") + "/pids.max"), "50");
  EXPECT_EQ(read(dirOf("blkio") + "/blkio.throttle.read_bps_device"), dev + " 1048576");
  if (v2Hugetlb) {
    EXPECT_EQ(read(*host_.unified->directoryOf("/" + path_) + "/hugetlb.2MB.max"), "4194304");
  }

  // update: growing memory needs memsw raised first, which the plan orders.
  Resources grow;
  grow.memory = MemoryConfig{.limit = 256 << 20, .swap = 512 << 20};
  auto updated = manager_->apply(grow);
  ASSERT_TRUE(updated.has_value()) << updated.error().describe();
  EXPECT_EQ(read(mem + "/memory.limit_in_bytes"), "268435456");
  EXPECT_EQ(read(mem + "/memory.memsw.limit_in_bytes"), "536870912");
}

TEST_F(CgroupsManager, ErrorsNameFileAndValue) {
  Resources r;
  r.cpu = CpuConfig{.cpus = "4095"};
  auto applied = manager_->apply(r);
  ASSERT_FALSE(applied.has_value());
  std::string text = applied.error().describe();
  EXPECT_NE(text.find("cannot write \"4095\" to "), std::string::npos) << text;
  EXPECT_NE(text.find("/cpuset.cpus: "), std::string::npos) << text;
  Resources unified;
  unified.unified["memory.high"] = "1000";
  if (host_.mode == HostMode::Hybrid) {
    EXPECT_FALSE(manager_->apply(unified).has_value());
  }
}

TEST_F(CgroupsManager, ProcessMovesInOnEveryHierarchy) {
  Child child(false);
  auto added = manager_->addProcess(child.pid);
  ASSERT_TRUE(added.has_value()) << added.error().describe();
  std::string membership = read(strprintf("/proc/{}/cgroup", child.pid));
  auto own = parseProcCgroup(membership);
  ASSERT_TRUE(own.has_value());
  for (const Hierarchy &h : host_.v1) {
    std::string expected = fs::joinPath(h.ownPath, path_);
    EXPECT_EQ((*own)[h.controllers[0]], expected) << membership;
  }
  if (host_.unified) {
    EXPECT_EQ((*own)[""], fs::joinPath(host_.unified->ownPath, path_)) << membership;
  }
  auto pids = manager_->pids();
  ASSERT_TRUE(pids.has_value());
  EXPECT_EQ(*pids, std::vector<pid_t>{child.pid});
}

TEST_F(CgroupsManager, FreezeStopsTasksAndThawResumes) {
  Child child(true);
  ASSERT_TRUE(manager_->addProcess(child.pid).has_value());
  auto frozen = manager_->freeze();
  ASSERT_TRUE(frozen.has_value()) << frozen.error().describe();
  EXPECT_TRUE(manager_->isFrozen().value_or(false));
  uint64_t before = cpuTicks(child.pid);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(cpuTicks(child.pid), before) << "a frozen task kept running";
  ASSERT_TRUE(manager_->thaw().has_value());
  EXPECT_FALSE(manager_->isFrozen().value_or(true));
  std::this_thread::sleep_for(200ms);
  EXPECT_GT(cpuTicks(child.pid), before) << "a thawed task did not run";
}

TEST_F(CgroupsManager, KillAllSignalsEveryTask) {
  Child a(false);
  Child b(false);
  ASSERT_TRUE(manager_->addProcess(a.pid).has_value());
  ASSERT_TRUE(manager_->addProcess(b.pid).has_value());
  auto killed = manager_->killAll(SIGKILL);
  ASSERT_TRUE(killed.has_value()) << killed.error().describe();
  int sa = a.reap();
  int sb = b.reap();
  EXPECT_TRUE(WIFSIGNALED(sa) && WTERMSIG(sa) == SIGKILL);
  EXPECT_TRUE(WIFSIGNALED(sb) && WTERMSIG(sb) == SIGKILL);
  EXPECT_FALSE(manager_->isFrozen().value_or(true)) << "killAll left the group frozen";
  Child c(false);
  ASSERT_TRUE(manager_->addProcess(c.pid).has_value());
  ASSERT_TRUE(manager_->killAll(SIGTERM).has_value());
  int sc = c.reap();
  EXPECT_TRUE(WIFSIGNALED(sc) && WTERMSIG(sc) == SIGTERM);
}

TEST_F(CgroupsManager, StatsCountCpuMemoryAndPids) {
  Resources r;
  r.pidsLimit = 20;
  r.memory = MemoryConfig{.limit = 256 << 20, .swap = 384 << 20};
  ASSERT_TRUE(manager_->apply(r).has_value());
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  Child child(false, ready[0]);
  ASSERT_TRUE(manager_->addProcess(child.pid).has_value());
  // v1 does not move existing charges with a task: the child allocates once it is inside.
  ASSERT_EQ(::write(ready[1], "g", 1), 1);
  ::close(ready[0]);
  ::close(ready[1]);
  std::this_thread::sleep_for(300ms);
  auto stats = manager_->stats();
  ASSERT_TRUE(stats.has_value()) << stats.error().describe();
  EXPECT_GT(stats->cpu.totalNs, 50'000'000U);
  EXPECT_GT(stats->cpu.userNs + stats->cpu.systemNs, 0U);
  if (host_.mode != HostMode::Unified) {
    EXPECT_FALSE(stats->cpu.perCpuNs.empty());
  }
  EXPECT_GT(stats->memory.usage, 0U);
  EXPECT_EQ(stats->memory.limit, 256U << 20);
  // v1 memsw counts memory+swap; v2 memory.swap.max is the swap alone (swap - limit).
  EXPECT_EQ(stats->memory.swapLimit, host_.mode == HostMode::Unified ? 128U << 20 : 384U << 20);
  EXPECT_EQ(stats->memory.failcnt, 0U);
  EXPECT_FALSE(stats->memory.raw.empty());
  EXPECT_EQ(stats->pids.current, 1U);
  EXPECT_EQ(stats->pids.limit, 20U);
}

TEST_F(CgroupsManager, OomEventFiresWhenTheLimitKills) {
  Resources r;
  r.memory = MemoryConfig{.limit = 16 << 20, .swap = 16 << 20};
  ASSERT_TRUE(manager_->apply(r).has_value());
  auto efd = manager_->oomEventFd();
  ASSERT_TRUE(efd.has_value()) << efd.error().describe();
  EXPECT_EQ(manager_->oomKillCount().value_or(99), 0U);
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    char go = 0;
    (void)::read(ready[0], &go, 1);
    // Touch 64 MiB under a 16 MiB memory+swap limit: the OOM killer must end this.
    for (size_t i = 0; i < 64; ++i) {
      auto *block = static_cast<char *>(std::malloc(1 << 20));
      std::memset(block, 1, 1 << 20);
      asm volatile("" : : "r"(block) : "memory");
    }
    ::_exit(0);
  }
  ASSERT_TRUE(manager_->addProcess(pid).has_value());
  ASSERT_EQ(::write(ready[1], "g", 1), 1);
  ::close(ready[0]);
  ::close(ready[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  pollfd pfd{efd->get(), POLLIN, 0};
  EXPECT_EQ(::poll(&pfd, 1, 2000), 1) << "no OOM event";
  EXPECT_GE(manager_->oomKillCount().value_or(0), 1U);
}

// The shim's entry point (runtime/cgroup_watch.h): the notifier of a pid's memory cgroup.
TEST_F(CgroupsManager, OomNotifierOfProcessWatchesItsMemoryCgroup) {
  Resources r;
  r.memory = MemoryConfig{.limit = 16 << 20, .swap = 16 << 20};
  ASSERT_TRUE(manager_->apply(r).has_value());
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    char go = 0;
    (void)::read(ready[0], &go, 1);
    for (size_t i = 0; i < 64; ++i) { // 64 MiB under 16 MiB: the OOM killer ends this
      auto *block = static_cast<char *>(std::malloc(1 << 20));
      std::memset(block, 1, 1 << 20);
      asm volatile("" : : "r"(block) : "memory");
    }
    ::_exit(0);
  }
  ASSERT_TRUE(manager_->addProcess(pid).has_value());
  auto notifier = oomNotifierOfProcess(pid);
  ASSERT_TRUE(notifier.has_value()) << notifier.error().describe();
  if (host_.v1For("memory") != nullptr) {
    EXPECT_EQ(notifier->eventsFile, "") << "v1 counts with the eventfd";
  } else {
    EXPECT_EQ(notifier->eventsFile, manager_->directories().back() + "/memory.events");
  }
  EXPECT_NE(::fcntl(notifier->fd.get(), F_GETFL) & O_NONBLOCK, 0) << "the fd must not block";
  ASSERT_EQ(::write(ready[1], "g", 1), 1);
  ::close(ready[0]);
  ::close(ready[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  pollfd pfd{notifier->fd.get(), POLLIN, 0};
  EXPECT_EQ(::poll(&pfd, 1, 2000), 1) << "no OOM event";
  EXPECT_FALSE(oomNotifierOfProcess(999999999).has_value()) << "no such process";
}

TEST_F(CgroupsManager, DestroyKillsLeftoversAndIsIdempotent) {
  Child child(false);
  ASSERT_TRUE(manager_->addProcess(child.pid).has_value());
  auto destroyed = manager_->destroy();
  ASSERT_TRUE(destroyed.has_value()) << destroyed.error().describe();
  int status = child.reap();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  for (const std::string &dir : manager_->directories()) {
    EXPECT_FALSE(fs::exists(dir)) << dir;
  }
  EXPECT_TRUE(manager_->destroy().has_value()) << "a second destroy must succeed";
}

TEST_F(CgroupsManager, DevicesDenyAllThenAllow) {
  ASSERT_TRUE(manager_->enforcesDevices()) << "no v1 devices controller on this host";
  Resources r;
  r.devices = {{.allow = false, .type = 'a'},
               {.allow = true, .type = 'c', .major = 1, .minor = 3, .access = "rwm"}};
  auto applied = manager_->apply(r);
  ASSERT_TRUE(applied.has_value()) << applied.error().describe();
  EXPECT_EQ(read(dirOf("devices") + "/devices.list"), "c 1:3 rwm");
}

} // namespace
} // namespace runw::runtime::cgroups
