// SPDX-License-Identifier: Apache-2.0
// clock_*, random_get, sched_yield, proc_raise.
#include "wasi_fixture.h"

#include <algorithm>
#include <time.h>

namespace runw::engine::wasi::test {
namespace {

using witx::ClockId;

class ClockRandomTest : public WasiFixture {};

uint32_t id(ClockId clock) { return static_cast<uint32_t>(clock); }

uint64_t hostNow(clockid_t clock) {
  timespec now{};
  ::clock_gettime(clock, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1'000'000'000ULL + static_cast<uint64_t>(now.tv_nsec);
}

TEST_F(ClockRandomTest, RealtimeMatchesTheHost) {
  const uint64_t before = hostNow(CLOCK_REALTIME);
  ASSERT_TRUE(fn::clockTimeGet(state_, mem_, id(ClockId::Realtime), 0, 8));
  const uint64_t after = hostNow(CLOCK_REALTIME);
  EXPECT_GE(load<uint64_t>(8), before);
  EXPECT_LE(load<uint64_t>(8), after);
}

TEST_F(ClockRandomTest, MonotonicAdvances) {
  ASSERT_TRUE(fn::clockTimeGet(state_, mem_, id(ClockId::Monotonic), 1, 0));
  const uint64_t first = load<uint64_t>(0);
  const timespec pause{0, 2'000'000};
  ::nanosleep(&pause, nullptr);
  ASSERT_TRUE(fn::clockTimeGet(state_, mem_, id(ClockId::Monotonic), 1, 0));
  EXPECT_GE(load<uint64_t>(0) - first, 2'000'000U);
}

TEST_F(ClockRandomTest, CpuClocksAndResolutions) {
  for (ClockId clock :
       {ClockId::Realtime, ClockId::Monotonic, ClockId::ProcessCputime, ClockId::ThreadCputime}) {
    put<uint64_t>(16, 0);
    ASSERT_TRUE(fn::clockResGet(state_, mem_, id(clock), 16));
    EXPECT_GT(load<uint64_t>(16), 0U);
    EXPECT_LE(load<uint64_t>(16), 1'000'000'000U);
    ASSERT_TRUE(fn::clockTimeGet(state_, mem_, id(clock), 0, 24));
    EXPECT_GT(load<uint64_t>(24), 0U);
  }
}

TEST_F(ClockRandomTest, UnknownClockAndBadPointers) {
  EXPECT_EQ(errnoOf(fn::clockTimeGet(state_, mem_, 4, 0, 0)), Errno::Inval);
  EXPECT_EQ(errnoOf(fn::clockResGet(state_, mem_, UINT32_MAX, 0)), Errno::Inval);
  EXPECT_EQ(errnoOf(fn::clockTimeGet(state_, mem_, 0, 0, kMemorySize - 7)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::clockResGet(state_, mem_, 1, kMemorySize)), Errno::Fault);
  EXPECT_TRUE(fn::clockResGet(state_, mem_, 1, kMemorySize - 8));
}

TEST_F(ClockRandomTest, RandomFillsTheWholeBuffer) {
  constexpr uint32_t kLen = 4096;
  ASSERT_TRUE(fn::randomGet(state_, mem_, kMemorySize - kLen, kLen));
  // 4096 random bytes with no nonzero byte in the last 64 has probability 2^-512.
  const auto tail = bytes_.end() - 64;
  EXPECT_TRUE(std::any_of(tail, bytes_.end(), [](uint8_t b) { return b != 0; }));
  std::vector<uint8_t> first(bytes_.end() - kLen, bytes_.end());
  ASSERT_TRUE(fn::randomGet(state_, mem_, kMemorySize - kLen, kLen));
  EXPECT_NE(first, std::vector<uint8_t>(bytes_.end() - kLen, bytes_.end()));
}

TEST_F(ClockRandomTest, RandomBounds) {
  EXPECT_TRUE(fn::randomGet(state_, mem_, kMemorySize, 0));
  EXPECT_EQ(errnoOf(fn::randomGet(state_, mem_, kMemorySize - 1, 2)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::randomGet(state_, mem_, 0, kMemorySize + 1)), Errno::Fault);
  EXPECT_EQ(load<uint8_t>(kMemorySize - 1), 0U); // nothing written on Fault
}

TEST_F(ClockRandomTest, YieldAndRaise) {
  EXPECT_TRUE(fn::schedYield(state_, mem_));
  EXPECT_TRUE(fn::procRaise(state_, mem_, 0));
  EXPECT_EQ(errnoOf(fn::procRaise(state_, mem_, static_cast<uint32_t>(witx::Signal::Term))),
            Errno::NotSup);
  EXPECT_EQ(errnoOf(fn::procRaise(state_, mem_, static_cast<uint32_t>(witx::Signal::Sys))),
            Errno::NotSup);
  EXPECT_EQ(errnoOf(fn::procRaise(state_, mem_, 31)), Errno::Inval);
}

} // namespace
} // namespace runw::engine::wasi::test
