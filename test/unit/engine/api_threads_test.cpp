// SPDX-License-Identifier: Apache-2.0
// Embedding API tests across threads: Store::interrupt from another thread, from a host function
// and before an invoke, and separate Stores running one shared ValidatedModule at once.
#include "module_bytes.h"

#include "engine/engine.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <future>
#include <initializer_list>
#include <latch>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace runw::engine {
namespace {

using testing::body;
using testing::Bytes;
using testing::join;
using testing::section;
using testing::wasmModule;

using Clock = std::chrono::steady_clock;
constexpr auto kInterruptLatency = std::chrono::seconds(2);
constexpr auto kHangDeadline = std::chrono::seconds(20);

ValidatedModule compileOrDie(const Bytes &bytes) {
  auto module = load(bytes);
  if (!module) {
    std::fprintf(stderr, "test module rejected: %s\n", module.error().describe().c_str());
    std::abort();
  }
  auto validated = validate(std::move(*module));
  if (!validated) {
    std::fprintf(stderr, "test module invalid: %s\n", validated.error().describe().c_str());
    std::abort();
  }
  return std::move(*validated);
}

// Imports env.notify () -> (), called first by the two spinning functions so a test knows
// they are running.
//   spin()      = notify(); loop { br 0 }
//   spinCalls() = notify(); loop { leaf(); br 0 }
//   leaf()      = nothing (no loop, no call)
//   count(n)    = a loop of n iterations (n >= 1) returning n
Bytes spinModule() {
  return wasmModule({
      section(0x01, {0x02,                             // types: 2
                     0x60, 0x00, 0x00,                 //   0: () -> ()
                     0x60, 0x01, 0x7F, 0x01, 0x7F}),   //   1: (i32) -> i32
      section(0x02, {0x01,                             // imports: 1
                     0x03, 'e', 'n', 'v',              //   f0: "env"
                     0x06, 'n', 'o', 't', 'i', 'f',    //       "notify"
                     'y', 0x00, 0x00}),                //       func type 0
      section(0x03, {0x04, 0x00, 0x00, 0x00, 0x01}),   // functions: f1..f4
      section(0x07, {0x04,                             // exports: 4
                     0x04, 's',  'p', 'i', 'n',        //   "spin"
                     0x00, 0x01,                       //     func 1
                     0x09, 's',  'p', 'i', 'n',  'C',  //   "spinCalls"
                     'a',  'l',  'l', 's', 0x00, 0x02, //     func 2
                     0x04, 'l',  'e', 'a', 'f',        //   "leaf"
                     0x00, 0x03,                       //     func 3
                     0x05, 'c',  'o', 'u', 'n',  't',  //   "count"
                     0x00, 0x04}),                     //     func 4
      section(0x0A, join({
                        {0x04},           // code: 4 bodies
                        body({0x00,       // f1 spin: no locals
                              0x10, 0x00, //   call notify
                              0x03, 0x40, //   loop
                              0x0C, 0x00, //     br 0
                              0x0B,       //   end
                              0x0B}),     // end
                        body({0x00,       // f2 spinCalls: no locals
                              0x10, 0x00, //   call notify
                              0x03, 0x40, //   loop
                              0x10, 0x03, //     call leaf
                              0x0C, 0x00, //     br 0
                              0x0B,       //   end
                              0x0B}),     // end
                        body({0x00,       // f3 leaf: no locals
                              0x0B}),     // end
                        body({0x01,       // f4 count(n): 1 local group
                              0x01, 0x7F, //   1 i32 (acc)
                              0x03, 0x40, //   loop
                              0x20, 0x01, //     local.get acc
                              0x41, 0x01, //     i32.const 1
                              0x6A,       //     i32.add
                              0x21, 0x01, //     local.set acc
                              0x20, 0x00, //     local.get n
                              0x41, 0x01, //     i32.const 1
                              0x6B,       //     i32.sub
                              0x22, 0x00, //     local.tee n
                              0x0D, 0x00, //     br_if 0
                              0x0B,       //   end
                              0x20, 0x01, //   local.get acc
                              0x0B}),     // end
                    })),
  });
}

constexpr uint64_t kLcgMultiplier = 6364136223846793005ULL;
constexpr uint64_t kLcgIncrement = 1442695040888963407ULL;
constexpr size_t kLcgWords = 1024;

// Memory "mem" (1 page), mutable global "runs" (i32), and:
//   fib(n)    = n < 2 ? n : fib(n - 1) + fib(n - 2)
//   lcg(x, n) = runs += 1; n times (at least once): x = x * A + C, mem64[i % 1024] = x;
//               then x ^ mem64[0]
Bytes computeModule() {
  return wasmModule({
      section(0x01, {0x02,                                 // types: 2
                     0x60, 0x01, 0x7F, 0x01, 0x7F,         //   0: (i32) -> i32
                     0x60, 0x02, 0x7E, 0x7F, 0x01, 0x7E}), //   1: (i64 i32) -> i64
      section(0x03, {0x02, 0x00, 0x01}),                   // functions: fib, lcg
      section(0x05, {0x01, 0x00, 0x01}),                   // memories: 1, min 1
      section(0x06, {0x01,                                 // globals: 1
                     0x7F, 0x01,                           //   mutable i32
                     0x41, 0x00, 0x0B}),                   //   = i32.const 0
      section(0x07, {0x04,                                 // exports: 4
                     0x03, 'f', 'i', 'b', 0x00, 0x00,      //   "fib" func 0
                     0x03, 'l', 'c', 'g', 0x00, 0x01,      //   "lcg" func 1
                     0x03, 'm', 'e', 'm', 0x02, 0x00,      //   "mem" memory 0
                     0x04, 'r', 'u', 'n', 's',             //   "runs"
                     0x03, 0x00}),                         //     global 0
      section(0x0A, join({
                        {0x02},           // code: 2 bodies
                        body({0x00,       // fib(n): no locals
                              0x20, 0x00, //   local.get n
                              0x41, 0x02, //   i32.const 2
                              0x49,       //   i32.lt_u
                              0x04, 0x7F, //   if (result i32)
                              0x20, 0x00, //     local.get n
                              0x05,       //   else
                              0x20, 0x00, //     local.get n
                              0x41, 0x01, //     i32.const 1
                              0x6B,       //     i32.sub
                              0x10, 0x00, //     call fib
                              0x20, 0x00, //     local.get n
                              0x41, 0x02, //     i32.const 2
                              0x6B,       //     i32.sub
                              0x10, 0x00, //     call fib
                              0x6A,       //     i32.add
                              0x0B,       //   end
                              0x0B}),     // end
                        body({0x01,       // lcg(x, n): 1 local group
                              0x01, 0x7F, //   1 i32 (i)
                              0x23, 0x00, //   global.get runs
                              0x41, 0x01, //   i32.const 1
                              0x6A,       //   i32.add
                              0x24, 0x00, //   global.set runs
                              0x03, 0x40, //   loop
                              0x20, 0x00, //     local.get x
                              0x42, 0xAD, //     i64.const 6364136223846793005
                              0xFE, 0xD5, //       (signed LEB128,
                              0xE4, 0xD4, //        10 bytes)
                              0x85, 0xFD, //
                              0xA8, 0xD8, //
                              0x00,       //
                              0x7E,       //     i64.mul
                              0x42, 0xCF, //     i64.const 1442695040888963407
                              0x82, 0x9E, //       (signed LEB128,
                              0xBB, 0xEF, //        9 bytes)
                              0xEF, 0xDE, //
                              0x82, 0x14, //
                              0x7C,       //     i64.add
                              0x21, 0x00, //     local.set x
                              0x20, 0x02, //     local.get i
                              0x41, 0xFF, //     i32.const 1023
                              0x07,       //
                              0x71,       //     i32.and
                              0x41, 0x03, //     i32.const 3
                              0x74,       //     i32.shl
                              0x20, 0x00, //     local.get x
                              0x37, 0x03, //     i64.store align=8
                              0x00,       //       offset 0
                              0x20, 0x02, //     local.get i
                              0x41, 0x01, //     i32.const 1
                              0x6A,       //     i32.add
                              0x22, 0x02, //     local.tee i
                              0x20, 0x01, //     local.get n
                              0x49,       //     i32.lt_u
                              0x0D, 0x00, //     br_if 0
                              0x0B,       //   end
                              0x20, 0x00, //   local.get x
                              0x41, 0x00, //   i32.const 0
                              0x29, 0x03, //   i64.load align=8
                              0x00,       //     offset 0
                              0x85,       //   i64.xor
                              0x0B}),     // end
                    })),
  });
}

uint32_t fibReference(uint32_t n) {
  uint32_t a = 0;
  uint32_t b = 1;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t next = a + b;
    a = b;
    b = next;
  }
  return a;
}

// lcg's result and the memory words it leaves behind.
uint64_t lcgReference(uint64_t x, uint32_t n, std::array<uint64_t, kLcgWords> &memory) {
  uint32_t i = 0;
  do {
    x = x * kLcgMultiplier + kLcgIncrement;
    memory[i % kLcgWords] = x;
    ++i;
  } while (i < n);
  return x ^ memory[0];
}

// Polls cond until it holds or the deadline passes.
bool waitFor(const std::function<bool()> &cond, Clock::duration limit) {
  const auto deadline = Clock::now() + limit;
  while (!cond()) {
    if (Clock::now() > deadline) {
      return false;
    }
    std::this_thread::yield();
  }
  return true;
}

// A call's result and when it returned.
struct Outcome {
  Result<std::vector<Value>> result;
  Clock::time_point finished;
};

// Waits for a call running on another thread. If it hangs, the test fails, and interrupts are
// sent until it stops so the thread can be joined; if even that fails, the process aborts
// rather than leave a thread running on a destroyed Store.
Outcome finish(std::future<Outcome> &call, Store &store) {
  if (call.wait_for(kHangDeadline) != std::future_status::ready) {
    ADD_FAILURE() << "the call did not stop within " << kHangDeadline.count() << " s";
    const auto rescued = waitFor(
        [&] {
          store.interrupt();
          return call.wait_for(std::chrono::milliseconds(1)) == std::future_status::ready;
        },
        kHangDeadline);
    if (!rescued) {
      std::fprintf(stderr, "a wasm call cannot be stopped; aborting\n");
      std::abort();
    }
  }
  return call.get();
}

void expectInterrupted(const Result<std::vector<Value>> &result) {
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::Trap);
  EXPECT_EQ(result.error().message, "interrupted");
}

Result<uint32_t> count(Instance &instance, uint32_t n) {
  const std::vector<Value> args{Value::i32(n)};
  const std::vector<Value> results = TRY(instance.invoke("count", args));
  return results.at(0).i32();
}

// A Store with spinModule instantiated; env.notify runs onNotify.
class SpinHarness {
public:
  SpinHarness() : module_(compileOrDie(spinModule())) {
    linker_.define("env", "notify",
                   store_.createHostFunction(
                       FuncType{}, [this](HostContext &, std::span<const Value>, std::span<Value>) {
                         onNotify();
                         return Result<void>{};
                       }));
    auto instance = instantiate(store_, module_, linker_);
    if (!instance) {
      std::fprintf(stderr, "instantiate: %s\n", instance.error().describe().c_str());
      std::abort();
    }
    instance_.emplace(*instance);
  }

  // Starts export name on a new thread.
  std::future<Outcome> start(const char *name) {
    return std::async(std::launch::async, [this, name] {
      auto result = instance_->invoke(name, {});
      return Outcome{std::move(result), Clock::now()};
    });
  }

  Store &store() { return store_; }
  Instance &instance() { return *instance_; }

  std::function<void()> onNotify = [] {};

private:
  Store store_;
  Linker linker_;
  ValidatedModule module_;
  std::optional<Instance> instance_;
};

class ApiInterrupt : public ::testing::TestWithParam<const char *> {};

TEST_P(ApiInterrupt, StopsRunningCodeFromAnotherThread) {
  SpinHarness harness;
  std::atomic<bool> running{false};
  harness.onNotify = [&] { running.store(true); };
  for (int round = 0; round < 3; ++round) {
    running.store(false);
    auto call = harness.start(GetParam());
    EXPECT_TRUE(waitFor([&] { return running.load(); }, kHangDeadline));
    const auto requested = Clock::now();
    harness.store().interrupt();
    const Outcome outcome = finish(call, harness.store());
    expectInterrupted(outcome.result);
    EXPECT_LT(outcome.finished - requested, kInterruptLatency);
    // The request was consumed: the next call runs to completion.
    EXPECT_EQ(count(harness.instance(), 100000).value(), 100000U);
  }
}

TEST_P(ApiInterrupt, AHostFunctionCanInterruptItsCaller) {
  SpinHarness harness;
  harness.onNotify = [&] { harness.store().interrupt(); };
  auto call = harness.start(GetParam());
  expectInterrupted(finish(call, harness.store()).result);
  EXPECT_EQ(count(harness.instance(), 1000).value(), 1000U);
}

TEST_P(ApiInterrupt, ARequestBeforeTheCallStopsIt) {
  SpinHarness harness;
  harness.store().interrupt();
  auto call = harness.start(GetParam());
  expectInterrupted(finish(call, harness.store()).result);
  EXPECT_EQ(count(harness.instance(), 1000).value(), 1000U);
}

INSTANTIATE_TEST_SUITE_P(ApiLoops, ApiInterrupt, ::testing::Values("spin", "spinCalls"));

TEST(ApiInterruptPending, StopsTheNextCallEvenWithoutLoopsOrCalls) {
  SpinHarness harness;
  harness.store().interrupt();
  expectInterrupted(harness.instance().invoke("leaf", {}));
  EXPECT_TRUE(harness.instance().invoke("leaf", {}));

  harness.store().interrupt();
  auto counted = count(harness.instance(), 10);
  ASSERT_FALSE(counted);
  EXPECT_EQ(counted.error().message, "interrupted");
  EXPECT_EQ(count(harness.instance(), 10).value(), 10U);
}

TEST(ApiInterruptPending, RequestsDoNotAccumulate) {
  SpinHarness harness;
  for (int i = 0; i < 3; ++i) {
    harness.store().interrupt();
  }
  expectInterrupted(harness.instance().invoke("leaf", {}));
  EXPECT_EQ(count(harness.instance(), 10).value(), 10U);
  EXPECT_TRUE(harness.instance().invoke("leaf", {}));
}

// A module whose start function does nothing.
Bytes startModule() {
  return wasmModule({
      section(0x01, {0x01, 0x60, 0x00, 0x00}), // types: () -> ()
      section(0x03, {0x01, 0x00}),             // functions: 1, type 0
      section(0x08, {0x00}),                   // start: func 0
      section(0x0A, join({
                        {0x01},       // code: 1 body
                        body({0x00,   // no locals
                              0x0B}), // end
                    })),
  });
}

TEST(ApiInterruptPending, StopsTheNextStartFunction) {
  const ValidatedModule module = compileOrDie(startModule());
  Store store;
  const Linker linker;
  store.interrupt();
  auto stopped = instantiate(store, module, linker);
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().code, ErrorCode::Trap);
  EXPECT_EQ(stopped.error().message, "interrupted");
  EXPECT_TRUE(instantiate(store, module, linker));
}

// Every request made just as a call starts stops exactly that call: none is lost to the call's
// own start-up, and none is left over for the call after it.
TEST(ApiInterruptPending, ARequestRacingTheCallsStartIsNeverLost) {
  SpinHarness harness;
  constexpr int kRounds = 300;
  std::atomic<int> announced{0};
  std::atomic<int> finished{0};
  std::atomic<int> notInterrupted{0};
  std::thread worker([&] {
    for (int round = 1; round <= kRounds; ++round) {
      announced.store(round);
      auto result = harness.instance().invoke("spin", {});
      if (result || result.error().message != "interrupted") {
        notInterrupted.fetch_add(1);
      }
      finished.store(round);
    }
  });
  int lost = 0;
  for (int round = 1; round <= kRounds; ++round) {
    if (!waitFor([&] { return announced.load() == round; }, kHangDeadline)) {
      std::fprintf(stderr, "worker stuck before round %d; aborting\n", round);
      std::abort();
    }
    harness.store().interrupt();
    if (!waitFor([&] { return finished.load() == round; }, kInterruptLatency * 5)) {
      ++lost;
      const bool rescued = waitFor(
          [&] {
            harness.store().interrupt();
            return finished.load() == round;
          },
          kHangDeadline);
      if (!rescued) {
        std::fprintf(stderr, "spin cannot be stopped; aborting\n");
        std::abort();
      }
    }
  }
  worker.join();
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(notInterrupted.load(), 0);
  EXPECT_EQ(count(harness.instance(), 10).value(), 10U);
}

// ---- separate Stores on separate threads ----------------------------------------------------

// Runs lcg and fib rounds on instances of module in a Store of its own; returns what went wrong.
std::vector<std::string> computeRounds(const ValidatedModule &module, uint64_t seedBase, int rounds,
                                       const std::function<bool(int)> &keepGoing) {
  std::vector<std::string> failures;
  Store store;
  Linker linker;
  // Several instances per Store: each has its own memory and global.
  std::vector<Instance> instances;
  for (int i = 0; i < 3; ++i) {
    auto instance = instantiate(store, module, linker);
    if (!instance) {
      failures.push_back("instantiate: " + instance.error().describe());
      return failures;
    }
    instances.push_back(*instance);
  }
  std::array<std::array<uint64_t, kLcgWords>, 3> expectedMemory{};
  std::array<uint32_t, 3> expectedRuns{};
  for (int round = 0; round < rounds || keepGoing(round); ++round) {
    const size_t which = static_cast<size_t>(round) % instances.size();
    Instance &instance = instances[which];
    const uint64_t seed = seedBase + static_cast<uint64_t>(round);
    const auto n = static_cast<uint32_t>(2000 + round % 7);
    const std::vector<Value> lcgArgs{Value::i64(seed), Value::i32(n)};
    auto lcg = instance.invoke("lcg", lcgArgs);
    const uint64_t expected = lcgReference(seed, n, expectedMemory[which]);
    ++expectedRuns[which];
    if (!lcg || lcg->at(0) != Value::i64(expected)) {
      failures.push_back("lcg round " + std::to_string(round) + ": " +
                         (lcg ? std::to_string(lcg->at(0).i64()) : lcg.error().describe()));
    }
    const auto fibN = static_cast<uint32_t>(15 + round % 6);
    const std::vector<Value> fibArgs{Value::i32(fibN)};
    auto fib = instance.invoke("fib", fibArgs);
    if (!fib || fib->at(0) != Value::i32(fibReference(fibN))) {
      failures.push_back("fib round " + std::to_string(round) + ": " +
                         (fib ? std::to_string(fib->at(0).i32()) : fib.error().describe()));
    }
  }
  for (size_t i = 0; i < instances.size(); ++i) {
    const std::span<uint8_t> memory = instances[i].memory("mem");
    if (memory.size() < sizeof(expectedMemory[i]) ||
        std::memcmp(memory.data(), expectedMemory[i].data(), sizeof(expectedMemory[i])) != 0) {
      failures.push_back("memory of instance " + std::to_string(i) + " differs");
    }
    auto runs = instances[i].globalValue("runs");
    if (!runs || *runs != Value::i32(expectedRuns[i])) {
      failures.push_back("runs of instance " + std::to_string(i) + " differs");
    }
  }
  return failures;
}

TEST(ApiThreads, SeparateStoresRunOneModuleAtOnce) {
  const ValidatedModule module = compileOrDie(computeModule());
  constexpr size_t kThreads = 4;
  std::latch startTogether(kThreads);
  std::array<std::vector<std::string>, kThreads> failures;
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      startTogether.arrive_and_wait();
      failures[t] = computeRounds(module, 1000 * t, 60, [](int) { return false; });
    });
  }
  for (std::thread &thread : threads) {
    thread.join();
  }
  for (size_t t = 0; t < kThreads; ++t) {
    for (const std::string &failure : failures[t]) {
      ADD_FAILURE() << "thread " << t << ": " << failure;
    }
  }
}

TEST(ApiThreads, AnInterruptStopsOnlyItsOwnStore) {
  const ValidatedModule module = compileOrDie(computeModule());
  SpinHarness spinner;
  std::atomic<bool> spinning{false};
  std::atomic<bool> stopped{false};
  spinner.onNotify = [&] { spinning.store(true); };
  auto spin = spinner.start("spin");
  constexpr size_t kThreads = 3;
  std::array<std::vector<std::string>, kThreads> failures;
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Keep computing until a few rounds after the other Store was interrupted.
      int roundsAfterStop = 0;
      failures[t] = computeRounds(module, 7000 * t, 10, [&](int round) {
        if (stopped.load()) {
          ++roundsAfterStop;
        }
        return round < 100000 && roundsAfterStop < 5;
      });
    });
  }
  EXPECT_TRUE(waitFor([&] { return spinning.load(); }, kHangDeadline));
  spinner.store().interrupt();
  expectInterrupted(finish(spin, spinner.store()).result);
  stopped.store(true);
  for (std::thread &thread : threads) {
    thread.join();
  }
  for (size_t t = 0; t < kThreads; ++t) {
    for (const std::string &failure : failures[t]) {
      ADD_FAILURE() << "thread " << t << ": " << failure;
    }
  }
}

} // namespace
} // namespace runw::engine
