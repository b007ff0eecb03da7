// SPDX-License-Identifier: Apache-2.0
// Live status derivation against real child processes, and /proc/<pid>/stat parsing of
// hostile process names.
#include "state/proc_stat.h"
#include "state/status.h"
#include "state_test_util.h"

#include <gtest/gtest.h>

#include <climits>
#include <csignal>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace runw::runtime::state {
namespace {

using oci::ContainerStatus;
using testing::forkChild;
using testing::makeRecord;
using testing::TempDir;
using testing::waitExit;

// Fields 3..52 of a real line (kernel 6.x), with start time (field 22) = 987654.
constexpr const char *kTail = " S 1 100 100 0 -1 4194560 123 0 0 0 1 2 0 0 20 0 1 0 987654 "
                              "2351104 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 "
                              "0 0 0 0 0 0 0 0 0 0 0\n";

std::string statLine(const std::string &pidAndComm) { return pidAndComm + kTail; }

TEST(StateProcStat, ParsesAPlainLine) {
  const auto stat = parseProcStat(statLine("4242 (sleep)"));
  ASSERT_TRUE(stat) << stat.error().describe();
  EXPECT_EQ(stat->pid, 4242);
  EXPECT_EQ(stat->comm, "sleep");
  EXPECT_EQ(stat->state, 'S');
  EXPECT_EQ(stat->ppid, 1);
  EXPECT_EQ(stat->startTime, 987654u);
}

TEST(StateProcStat, HostileCommNamesCannotShiftFields) {
  // comm is up to 15 bytes of anything but NUL: spaces, parentheses, digits, newlines.
  const char *names[] = {"a b", "a) R 1 2 3", ") Z 0 0 (", "((x))",        "x)",
                         " ",   "",           "a\nb",      "1 2 3 4 5 6 7"};
  for (const char *name : names) {
    const auto stat = parseProcStat(statLine(std::string("77 (") + name + ")"));
    ASSERT_TRUE(stat) << name << ": " << stat.error().describe();
    EXPECT_EQ(stat->pid, 77) << name;
    EXPECT_EQ(stat->comm, name);
    EXPECT_EQ(stat->state, 'S') << name;
    EXPECT_EQ(stat->startTime, 987654u) << name;
  }
}

TEST(StateProcStat, RejectsMalformedLines) {
  const std::string bad[] = {
      "",
      "4242 sleep S 1",
      "4242 (sleep S 1 100",
      "x (sleep)" + std::string(kTail),
      "4242 (sleep) S 1 100 100",                       // truncated before field 22
      "4242 (sleep) SS" + std::string(kTail).substr(2), // state of two letters
      "4242 (sleep) S 1 100 100 0 -1 4194560 123 0 0 0 1 2 0 0 20 0 1 0 98x654 1",
      "4242 (sleep) S 1 100 100 0 -1 4194560 123 0 0 0 1 2 0 0 20 0 1 0 -5 1",
  };
  for (const std::string &line : bad) {
    EXPECT_FALSE(parseProcStat(line)) << line;
  }
}

TEST(StateProcStat, ReadsThisProcessAndReportsMissingOnes) {
  const auto self = readProcStat(::getpid());
  ASSERT_TRUE(self) << self.error().describe();
  EXPECT_EQ(self->pid, ::getpid());
  EXPECT_EQ(self->ppid, ::getppid());
  EXPECT_EQ(self->state, 'R');
  const auto start = processStartTime(::getpid());
  ASSERT_TRUE(start);
  EXPECT_EQ(*start, self->startTime);
  const auto missing = readProcStat(INT_MAX);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  EXPECT_FALSE(readProcStat(0));
}

TEST(StateStatusRules, DeriveStatusTable) {
  ContainerRecord record = makeRecord("c");
  record.initPid = 10;
  const LiveFacts dead{};
  const LiveFacts alive{true, false, false};
  const LiveFacts waiting{true, true, false};
  const LiveFacts frozen{true, true, true};

  record.status = ContainerStatus::Creating;
  EXPECT_EQ(deriveStatus(record, alive), ContainerStatus::Creating);
  EXPECT_EQ(deriveStatus(record, dead), ContainerStatus::Stopped);
  record.initPid = 0;
  EXPECT_EQ(deriveStatus(record, dead), ContainerStatus::Creating);
  EXPECT_EQ(deriveStatus(record, alive), ContainerStatus::Creating);

  record.initPid = 10;
  for (const ContainerStatus recorded :
       {ContainerStatus::Created, ContainerStatus::Running, ContainerStatus::Paused}) {
    record.status = recorded;
    EXPECT_EQ(deriveStatus(record, dead), ContainerStatus::Stopped);
    EXPECT_EQ(deriveStatus(record, alive), ContainerStatus::Running);
    EXPECT_EQ(deriveStatus(record, waiting), ContainerStatus::Created);
    EXPECT_EQ(deriveStatus(record, frozen), ContainerStatus::Paused);
  }
  record.status = ContainerStatus::Stopped;
  EXPECT_EQ(deriveStatus(record, frozen), ContainerStatus::Stopped);
  record.status = ContainerStatus::Running;
  record.initPid = 0;
  EXPECT_EQ(deriveStatus(record, alive), ContainerStatus::Stopped);
}

class StateStatusTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto opened = StateStore::open(tmp.sub("root"));
    ASSERT_TRUE(opened) << opened.error().describe();
    store.emplace(std::move(*opened));
    child = forkChild([] {
      for (;;) {
        ::pause();
      }
      return 0;
    });
    ASSERT_GT(child, 0);
    const auto start = processStartTime(child);
    ASSERT_TRUE(start) << start.error().describe();
    record = makeRecord("c1");
    record.status = ContainerStatus::Created;
    record.initPid = child;
    record.initStartTime = *start;
    ASSERT_TRUE(store->create(record));
  }
  void TearDown() override {
    if (child > 0) {
      ::kill(child, SIGKILL);
      (void)waitExit(child);
    }
  }
  ContainerStatus status(const FrozenCheck &frozen = {}) {
    const auto result = containerStatus(*store, record, frozen);
    EXPECT_TRUE(result) << result.error().describe();
    return result ? *result : ContainerStatus::Creating;
  }

  TempDir tmp;
  std::optional<StateStore> store;
  ContainerRecord record;
  pid_t child = -1;
};

TEST_F(StateStatusTest, LiveChildIsRunningCreatedWithFifoAndPausedWhenFrozen) {
  EXPECT_EQ(status(), ContainerStatus::Running);
  ASSERT_EQ(::mkfifo(store->execFifoPath("c1").c_str(), 0600), 0);
  EXPECT_EQ(status(), ContainerStatus::Created);
  int asked = 0;
  const FrozenCheck frozen = [&](const ContainerRecord &r) -> Result<bool> {
    ++asked;
    EXPECT_EQ(r.id, "c1");
    return true;
  };
  EXPECT_EQ(status(frozen), ContainerStatus::Paused);
  EXPECT_EQ(asked, 1);
  ASSERT_EQ(::unlink(store->execFifoPath("c1").c_str()), 0);
  EXPECT_EQ(status(), ContainerStatus::Running);
}

TEST_F(StateStatusTest, KilledChildIsStoppedAsZombieAndAfterReaping) {
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  // Not reaped yet: a zombie has exited.
  for (int i = 0; i < 200; ++i) {
    const auto stat = readProcStat(child);
    if (stat && stat->state == 'Z') {
      break;
    }
    ::usleep(5000);
  }
  int asked = 0;
  const FrozenCheck frozen = [&](const ContainerRecord &) -> Result<bool> {
    ++asked;
    return true;
  };
  EXPECT_EQ(status(frozen), ContainerStatus::Stopped);
  EXPECT_EQ(waitExit(child), 128 + SIGKILL);
  child = -1;
  EXPECT_EQ(status(frozen), ContainerStatus::Stopped);
  EXPECT_EQ(asked, 0) << "the freezer must not be asked about a dead init";
  EXPECT_EQ(toOciState(record, ContainerStatus::Stopped).pid, 0);
}

TEST_F(StateStatusTest, DifferentStartTimeMeansThePidWasReused) {
  record.initStartTime += 1;
  EXPECT_EQ(status(), ContainerStatus::Stopped);
  const auto alive = isInitAlive(child, record.initStartTime);
  ASSERT_TRUE(alive);
  EXPECT_FALSE(*alive);
  const auto real = isInitAlive(child, record.initStartTime - 1);
  ASSERT_TRUE(real);
  EXPECT_TRUE(*real);
}

TEST_F(StateStatusTest, CreatingWhileInitAliveAndFreezerErrorsPropagate) {
  record.status = ContainerStatus::Creating;
  EXPECT_EQ(status(), ContainerStatus::Creating);
  record.status = ContainerStatus::Running;
  const FrozenCheck broken = [](const ContainerRecord &) -> Result<bool> {
    return fail(ErrorCode::Io, "freezer unreadable");
  };
  const auto result = containerStatus(*store, record, broken);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().describe().find("freezer unreadable"), std::string::npos);
}

} // namespace
} // namespace runw::runtime::state
