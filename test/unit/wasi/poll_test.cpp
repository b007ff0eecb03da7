// SPDX-License-Identifier: Apache-2.0
// poll_oneoff: clock timeouts, fd readiness, per-event errors and bad arguments.
#include "wasi_fixture.h"

#include <chrono>
#include <csignal>
#include <pthread.h>
#include <thread>
#include <time.h>

namespace runw::engine::wasi::test {
namespace {

namespace l = witx::layout;
using witx::ClockId;
using witx::EventType;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr uint32_t kIn = 0;
constexpr uint32_t kOut = 8192;
constexpr uint32_t kCount = 16384;
constexpr uint64_t kMillis = 1'000'000;

struct Event {
  uint64_t userdata;
  Errno error;
  EventType type;
  uint64_t nbytes;
  uint16_t flags;
};

class PollTest : public WasiFixture {
protected:
  void clockSub(uint32_t index, uint64_t userdata, ClockId clock, uint64_t timeout,
                uint16_t flags = 0) {
    const uint32_t at = kIn + index * l::kSubscriptionSize;
    put<uint64_t>(at + l::kSubscriptionUserdata, userdata);
    put<uint8_t>(at + l::kSubscriptionTag, static_cast<uint8_t>(EventType::Clock));
    put<uint32_t>(at + l::kSubscriptionClockId, static_cast<uint32_t>(clock));
    put<uint64_t>(at + l::kSubscriptionClockTimeout, timeout);
    put<uint64_t>(at + l::kSubscriptionClockPrecision, 0);
    put<uint16_t>(at + l::kSubscriptionClockFlags, flags);
  }
  void fdSub(uint32_t index, uint64_t userdata, EventType type, uint32_t fd) {
    const uint32_t at = kIn + index * l::kSubscriptionSize;
    put<uint64_t>(at + l::kSubscriptionUserdata, userdata);
    put<uint8_t>(at + l::kSubscriptionTag, static_cast<uint8_t>(type));
    put<uint32_t>(at + l::kSubscriptionFd, fd);
  }
  /// Runs poll_oneoff over the first count subscriptions; the events, or the call's errno.
  WasiResult<std::vector<Event>> poll(uint32_t count) {
    put<uint32_t>(kCount, 0xFFFFFFFFU);
    auto r = fn::pollOneoff(state_, mem_, kIn, kOut, count, kCount);
    if (!r) {
      return std::unexpected(r.error());
    }
    std::vector<Event> events;
    for (uint32_t i = 0; i < load<uint32_t>(kCount); ++i) {
      const uint32_t at = kOut + i * l::kEventSize;
      events.push_back(Event{load<uint64_t>(at + l::kEventUserdata),
                             static_cast<Errno>(load<uint16_t>(at + l::kEventError)),
                             static_cast<EventType>(load<uint8_t>(at + l::kEventType)),
                             load<uint64_t>(at + l::kEventNbytes),
                             load<uint16_t>(at + l::kEventFlags)});
    }
    return events;
  }
  static uint64_t realtimeNow() {
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<uint64_t>(now.tv_sec) * 1'000'000'000ULL +
           static_cast<uint64_t>(now.tv_nsec);
  }
};

TEST_F(PollTest, RelativeClockSleepsForTheTimeout) {
  clockSub(0, 42, ClockId::Monotonic, 50 * kMillis);
  const auto start = Clock::now();
  auto events = poll(1);
  const auto took = Clock::now() - start;
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1U);
  EXPECT_EQ((*events)[0].userdata, 42U);
  EXPECT_EQ((*events)[0].type, EventType::Clock);
  EXPECT_EQ((*events)[0].error, Errno::Success);
  EXPECT_GE(took, milliseconds(50));
  EXPECT_LT(took, milliseconds(1000));
}

TEST_F(PollTest, EarliestClockWinsAndOnlyItFires) {
  clockSub(0, 1, ClockId::Monotonic, 5000 * kMillis);
  clockSub(1, 2, ClockId::Realtime, 30 * kMillis);
  const auto start = Clock::now();
  auto events = poll(2);
  const auto took = Clock::now() - start;
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1U);
  EXPECT_EQ((*events)[0].userdata, 2U);
  EXPECT_GE(took, milliseconds(30));
  EXPECT_LT(took, milliseconds(1000));
}

TEST_F(PollTest, AbsoluteClocks) {
  // A realtime deadline in the past fires at once.
  clockSub(0, 7, ClockId::Realtime, realtimeNow() - 1000 * kMillis,
           witx::kSubscriptionClockAbstime);
  auto start = Clock::now();
  auto events = poll(1);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1U);
  EXPECT_EQ((*events)[0].userdata, 7U);
  EXPECT_LT(Clock::now() - start, milliseconds(100));
  // A realtime deadline 40 ms ahead waits for it.
  clockSub(0, 8, ClockId::Realtime, realtimeNow() + 40 * kMillis, witx::kSubscriptionClockAbstime);
  start = Clock::now();
  events = poll(1);
  ASSERT_TRUE(events);
  EXPECT_GE(Clock::now() - start, milliseconds(35));
  // Zero relative timeout: immediately.
  clockSub(0, 9, ClockId::Monotonic, 0);
  events = poll(1);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 1U);
}

TEST_F(PollTest, PipeBecomesReadable) {
  auto [r, w] = makePipe();
  const uint32_t in = add(std::move(r));
  fdSub(0, 5, EventType::FdRead, in);
  clockSub(1, 6, ClockId::Monotonic, 5000 * kMillis);
  std::thread writer([fd = w.get()] {
    std::this_thread::sleep_for(milliseconds(50));
    EXPECT_EQ(::write(fd, "abc", 3), 3);
  });
  const auto start = Clock::now();
  auto events = poll(2);
  const auto took = Clock::now() - start;
  writer.join();
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1U);
  EXPECT_EQ((*events)[0].userdata, 5U);
  EXPECT_EQ((*events)[0].type, EventType::FdRead);
  EXPECT_EQ((*events)[0].nbytes, 3U);
  EXPECT_EQ((*events)[0].flags, 0U);
  EXPECT_GE(took, milliseconds(40));
  EXPECT_LT(took, milliseconds(2000));
}

TEST_F(PollTest, WritableAndHangup) {
  auto [r, w] = makePipe();
  const uint32_t in = add(std::move(r));
  const uint32_t out = add(std::move(w));
  fdSub(0, 1, EventType::FdWrite, out);
  fdSub(1, 2, EventType::FdRead, in); // empty pipe: not ready
  auto events = poll(2);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1U);
  EXPECT_EQ((*events)[0].userdata, 1U);
  EXPECT_EQ((*events)[0].type, EventType::FdWrite);
  // Closing the write end makes the read end report hangup.
  ASSERT_TRUE(fn::fdClose(state_, mem_, out));
  fdSub(0, 3, EventType::FdRead, in);
  events = poll(1);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1U);
  EXPECT_EQ((*events)[0].flags, witx::kEventFdReadwriteHangup);
  EXPECT_EQ((*events)[0].nbytes, 0U);
}

TEST_F(PollTest, BadFdsAreEventsNotFailures) {
  const uint32_t file = addFile("0123456789");
  ASSERT_TRUE(fn::fdSeek(state_, mem_, file, 4, 0, kCount));
  auto [r, w] = makePipe();
  const uint32_t noRight = add(std::move(r));
  entry(noRight).rightsBase &= ~witx::rights::kPollFdReadwrite;
  fdSub(0, 1, EventType::FdRead, 999);
  fdSub(1, 2, EventType::FdRead, file);
  fdSub(2, 3, EventType::FdWrite, file);
  fdSub(3, 4, EventType::FdRead, noRight);
  clockSub(4, 5, ClockId::Monotonic, 5000 * kMillis);
  const auto start = Clock::now();
  auto events = poll(5);
  ASSERT_TRUE(events);
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
  ASSERT_EQ(events->size(), 4U);
  EXPECT_EQ((*events)[0].userdata, 1U);
  EXPECT_EQ((*events)[0].error, Errno::Badf);
  EXPECT_EQ((*events)[0].type, EventType::FdRead);
  EXPECT_EQ((*events)[1].userdata, 2U);
  EXPECT_EQ((*events)[1].error, Errno::Success);
  EXPECT_EQ((*events)[1].nbytes, 6U); // bytes from the offset to the end
  EXPECT_EQ((*events)[2].userdata, 3U);
  EXPECT_EQ((*events)[2].type, EventType::FdWrite);
  EXPECT_EQ((*events)[3].error, Errno::NotCapable);
}

TEST_F(PollTest, SignalsDoNotCutTheWaitShort) {
  // A handler installed without SA_RESTART makes the signal interrupt ppoll/clock_nanosleep
  // with EINTR; the wait must resume with the time that is left.
  struct sigaction handler {};
  struct sigaction old {};
  handler.sa_handler = [](int) {};
  ASSERT_EQ(::sigaction(SIGUSR1, &handler, &old), 0);
  auto [r, w] = makePipe();
  const uint32_t in = add(std::move(r));
  for (const uint32_t count : {1U, 2U}) { // clocks only (a sleep), then clock + pipe (ppoll)
    clockSub(0, 1, ClockId::Monotonic, 80 * kMillis);
    fdSub(1, 2, EventType::FdRead, in);
    const pthread_t waiter = ::pthread_self();
    std::thread interrupter([waiter] {
      for (int i = 0; i < 3; ++i) {
        std::this_thread::sleep_for(milliseconds(15));
        ::pthread_kill(waiter, SIGUSR1);
      }
    });
    const auto start = Clock::now();
    auto events = poll(count);
    const auto took = Clock::now() - start;
    interrupter.join();
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 1U);
    EXPECT_EQ((*events)[0].userdata, 1U);
    EXPECT_GE(took, milliseconds(80)) << count;
  }
  ::sigaction(SIGUSR1, &old, nullptr);
}

TEST_F(PollTest, InvalidCalls) {
  EXPECT_EQ(poll(0).error(), Errno::Inval);
  clockSub(0, 1, ClockId::ProcessCputime, kMillis);
  EXPECT_EQ(poll(1).error(), Errno::Inval);
  clockSub(0, 1, static_cast<ClockId>(9), kMillis);
  EXPECT_EQ(poll(1).error(), Errno::Inval);
  clockSub(0, 1, ClockId::Monotonic, kMillis, 2);
  EXPECT_EQ(poll(1).error(), Errno::Inval);
  clockSub(0, 1, ClockId::Monotonic, 0);
  put<uint8_t>(kIn + l::kSubscriptionTag, 3);
  EXPECT_EQ(poll(1).error(), Errno::Inval);
}

TEST_F(PollTest, BadPointers) {
  clockSub(0, 1, ClockId::Monotonic, 0);
  EXPECT_EQ(errnoOf(fn::pollOneoff(state_, mem_, kMemorySize - 47, kOut, 1, kCount)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::pollOneoff(state_, mem_, kIn, kMemorySize - 31, 1, kCount)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::pollOneoff(state_, mem_, kIn, kOut, 1, kMemorySize - 3)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::pollOneoff(state_, mem_, kIn, kOut, UINT32_MAX, kCount)), Errno::Fault);
  EXPECT_TRUE(fn::pollOneoff(state_, mem_, kIn, kMemorySize - 32, 1, kMemorySize - 4));
  EXPECT_EQ(load<uint32_t>(kMemorySize - 4), 1U);
}

} // namespace
} // namespace runw::engine::wasi::test
