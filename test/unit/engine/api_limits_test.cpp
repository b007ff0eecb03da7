// SPDX-License-Identifier: Apache-2.0
// Embedding API tests for StoreLimits: memory pages (memory.grow and instantiation), wasm call
// depth, value-stack exhaustion by huge frames, and host -> wasm re-entry depth.
#include "module_bytes.h"

#include "engine/engine.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <pthread.h>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace runw::engine {
namespace {

using testing::body;
using testing::Bytes;
using testing::join;
using testing::section;
using testing::wasmModule;

constexpr uint32_t kGrowFailed = 0xFFFFFFFF;
constexpr uint32_t kPage = 65536;

Result<ValidatedModule> compile(const Bytes &bytes) {
  Module module = TRY(load(bytes));
  return validate(std::move(module));
}

// ---- memory pages ---------------------------------------------------------------------------

// Memory "mem" of minPages (and maxPages) pages, "grow" (i32) -> i32 and "size" () -> i32.
// Page counts stay below 128 so each is one LEB128 byte.
Bytes memoryModule(uint8_t minPages, std::optional<uint8_t> maxPages) {
  const Bytes limits = maxPages ? Bytes{0x01, minPages, *maxPages} // flags 1: min, max
                                : Bytes{0x00, minPages};           // flags 0: min only
  return wasmModule({
      section(0x01, {0x02,                             // types: 2
                     0x60, 0x01, 0x7F, 0x01, 0x7F,     //   0: (i32) -> i32
                     0x60, 0x00, 0x01, 0x7F}),         //   1: () -> i32
      section(0x03, {0x02, 0x00, 0x01}),               // functions: grow type 0, size type 1
      section(0x05, join({{0x01}, limits})),           // memories: 1
      section(0x07, {0x03,                             // exports: 3
                     0x03, 'm',  'e', 'm', 0x02, 0x00, //   "mem" memory 0
                     0x04, 'g',  'r', 'o', 'w',        //   "grow"
                     0x00, 0x00,                       //     func 0
                     0x04, 's',  'i', 'z', 'e',        //   "size"
                     0x00, 0x01}),                     //     func 1
      section(0x0A, join({
                        {0x02},           // code: 2 bodies
                        body({0x00,       // grow: no locals
                              0x20, 0x00, //   local.get 0
                              0x40, 0x00, //   memory.grow 0
                              0x0B}),     //   end
                        body({0x00,       // size: no locals
                              0x3F, 0x00, //   memory.size 0
                              0x0B}),     //   end
                    })),
  });
}

// One Store with its instances; call() runs an (i32) -> i32 export.
class Harness {
public:
  explicit Harness(const StoreLimits &limits) : store_(limits) {}

  Result<Instance> instantiateBytes(const Bytes &bytes) {
    auto module = compile(bytes);
    if (!module) {
      return fail(ErrorCode::Internal, "test module rejected: " + module.error().describe());
    }
    modules_.push_back(std::move(*module));
    return instantiate(store_, modules_.back(), linker_);
  }

  static Result<uint32_t> call(Instance &instance, std::string_view name, uint32_t arg) {
    const std::vector<Value> args{Value::i32(arg)};
    const std::vector<Value> results = TRY(instance.invoke(name, args));
    return results.at(0).i32();
  }

  Store &store() { return store_; }
  Linker &linker() { return linker_; }

private:
  Store store_;
  Linker linker_;
  std::vector<ValidatedModule> modules_;
};

TEST(ApiLimits, GrowStopsAtTheStoreLimit) {
  Harness harness(StoreLimits{.maxMemoryPages = 4});
  auto instance = harness.instantiateBytes(memoryModule(1, std::nullopt));
  ASSERT_TRUE(instance) << instance.error().describe();
  EXPECT_EQ(Harness::call(*instance, "grow", 3).value(), 1U);
  EXPECT_EQ(Harness::call(*instance, "grow", 1).value(), kGrowFailed);
  EXPECT_EQ(Harness::call(*instance, "grow", 0xFFFFFFFF).value(), kGrowFailed);
  EXPECT_EQ(Harness::call(*instance, "grow", 0).value(), 4U);
  EXPECT_EQ(Harness::call(*instance, "size", 0).error().code, ErrorCode::Invalid); // arity
  auto size = instance->invoke("size", {});
  ASSERT_TRUE(size) << size.error().describe();
  EXPECT_EQ((*size)[0], Value::i32(4));
  const std::span<uint8_t> memory = instance->memory("mem");
  ASSERT_EQ(memory.size(), 4U * kPage);
  memory.back() = 1; // the last page is really usable
}

TEST(ApiLimits, TheModulesOwnMaximumStillApplies) {
  Harness harness(StoreLimits{.maxMemoryPages = 4});
  auto instance = harness.instantiateBytes(memoryModule(1, 2));
  ASSERT_TRUE(instance) << instance.error().describe();
  EXPECT_EQ(Harness::call(*instance, "grow", 2).value(), kGrowFailed);
  EXPECT_EQ(Harness::call(*instance, "grow", 1).value(), 1U);
  EXPECT_EQ(Harness::call(*instance, "grow", 1).value(), kGrowFailed);
}

TEST(ApiLimits, ZeroPageLimitAllowsOnlyEmptyMemories) {
  Harness harness(StoreLimits{.maxMemoryPages = 0});
  auto instance = harness.instantiateBytes(memoryModule(0, std::nullopt));
  ASSERT_TRUE(instance) << instance.error().describe();
  EXPECT_EQ(Harness::call(*instance, "grow", 1).value(), kGrowFailed);
  EXPECT_EQ(Harness::call(*instance, "grow", 0).value(), 0U);
  EXPECT_FALSE(harness.instantiateBytes(memoryModule(1, std::nullopt)));
}

TEST(ApiLimits, InstantiatingAMemoryAboveTheLimitFails) {
  Harness harness(StoreLimits{.maxMemoryPages = 4});
  auto instance = harness.instantiateBytes(memoryModule(5, std::nullopt));
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().code, ErrorCode::Limit);
  EXPECT_EQ(instance.error().message, "memory of 5 pages exceeds the limit of 4 pages");

  auto bounded = harness.instantiateBytes(memoryModule(5, 6));
  ASSERT_FALSE(bounded);
  EXPECT_EQ(bounded.error().code, ErrorCode::Limit);

  // The failure left the Store usable.
  auto fits = harness.instantiateBytes(memoryModule(4, std::nullopt));
  ASSERT_TRUE(fits) << fits.error().describe();
  EXPECT_EQ(fits->memory("mem").size(), 4U * kPage);
  EXPECT_EQ(Harness::call(*fits, "grow", 1).value(), kGrowFailed);
}

TEST(ApiLimits, HostMemoriesObeyTheLimit) {
  Store store(StoreLimits{.maxMemoryPages = 2});
  auto tooBig = store.createMemory(MemoryType{Limits{3, std::nullopt}});
  ASSERT_FALSE(tooBig);
  EXPECT_EQ(tooBig.error().code, ErrorCode::Limit);
  EXPECT_TRUE(store.createMemory(MemoryType{Limits{2, std::nullopt}}));
}

// ---- call depth -----------------------------------------------------------------------------

// Imports env.bounce (i32) -> i32. Global 0 "entries" counts function entries, so a test can
// see how deep a recursion got before it trapped.
//   depth(n)   = n == 0 ? 0 : depth(n - 1) + 1
//   forever()  = forever()
//   bigFrames()= bigFrames(), with 50000 v128 locals (100000 value-stack cells a frame)
//   bounce(n)  = n == 0 ? 0 : env.bounce(n - 1) + 1
Bytes callsModule() {
  const Bytes countEntry{0x23, 0x00,  // global.get entries
                         0x41, 0x01,  // i32.const 1
                         0x6A,        // i32.add
                         0x24, 0x00}; // global.set entries
  return wasmModule({
      section(0x01, {0x02,                               // types: 2
                     0x60, 0x01, 0x7F, 0x01, 0x7F,       //   0: (i32) -> i32
                     0x60, 0x00, 0x00}),                 //   1: () -> ()
      section(0x02, {0x01,                               // imports: 1
                     0x03, 'e', 'n', 'v',                //   f0: "env"
                     0x06, 'b', 'o', 'u', 'n', 'c',      //       "bounce"
                     'e', 0x00, 0x00}),                  //       func type 0
      section(0x03, {0x04, 0x00, 0x01, 0x01, 0x00}),     // functions: f1..f4
      section(0x06, {0x01,                               // globals: 1
                     0x7F, 0x01,                         //   mutable i32
                     0x41, 0x00, 0x0B}),                 //   = i32.const 0
      section(0x07, {0x05,                               // exports: 5
                     0x07, 'e',  'n',  't',  'r',  'i',  //   "entries"
                     'e',  's',  0x03, 0x00,             //     global 0
                     0x05, 'd',  'e',  'p',  't',  'h',  //   "depth"
                     0x00, 0x01,                         //     func 1
                     0x07, 'f',  'o',  'r',  'e',  'v',  //   "forever"
                     'e',  'r',  0x00, 0x02,             //     func 2
                     0x09, 'b',  'i',  'g',  'F',  'r',  //   "bigFrames"
                     'a',  'm',  'e',  's',  0x00, 0x03, //     func 3
                     0x06, 'b',  'o',  'u',  'n',  'c',  //   "bounce"
                     'e',  0x00, 0x04}),                 //     func 4
      section(0x0A, join({
                        {0x04},            // code: 4 bodies
                        body(join({{0x00}, // f1 depth: no locals
                                   countEntry,
                                   {0x20, 0x00, //   local.get n
                                    0x45,       //   i32.eqz
                                    0x04, 0x7F, //   if (result i32)
                                    0x41, 0x00, //     i32.const 0
                                    0x05,       //   else
                                    0x20, 0x00, //     local.get n
                                    0x41, 0x01, //     i32.const 1
                                    0x6B,       //     i32.sub
                                    0x10, 0x01, //     call depth
                                    0x41, 0x01, //     i32.const 1
                                    0x6A,       //     i32.add
                                    0x0B,       //   end
                                    0x0B}})),   // end
                        body(join({{0x00},      // f2 forever: no locals
                                   countEntry,
                                   {0x10, 0x02,       //   call forever
                                    0x0B}})),         // end
                        body(join({{0x01,             // f3 bigFrames: 1 group
                                    0xD0, 0x86, 0x03, //   50000
                                    0x7B},            //   v128
                                   countEntry,
                                   {0x10, 0x03, //   call bigFrames
                                    0x0B}})),   // end
                        body(join({{0x00},      // f4 bounce: no locals
                                   countEntry,
                                   {0x20, 0x00, //   local.get n
                                    0x45,       //   i32.eqz
                                    0x04, 0x7F, //   if (result i32)
                                    0x41, 0x00, //     i32.const 0
                                    0x05,       //   else
                                    0x20, 0x00, //     local.get n
                                    0x41, 0x01, //     i32.const 1
                                    0x6B,       //     i32.sub
                                    0x10, 0x00, //     call env.bounce
                                    0x41, 0x01, //     i32.const 1
                                    0x6A,       //     i32.add
                                    0x0B,       //   end
                                    0x0B}})),   // end
                    })),
  });
}

// A Store with callsModule instantiated; env.bounce calls back into the instance's "bounce".
class CallsHarness : public Harness {
public:
  explicit CallsHarness(const StoreLimits &limits) : Harness(limits) {}

  Result<void> start() {
    const auto bounceHost = [this](HostContext &, std::span<const Value> args,
                                   std::span<Value> results) -> Result<void> {
      results[0] = Value::i32(TRY(call(*instance_, "bounce", args[0].i32())));
      return {};
    };
    linker().define(
        "env", "bounce",
        store().createHostFunction(FuncType{{ValType::I32}, {ValType::I32}}, bounceHost));
    instance_.emplace(TRY(instantiateBytes(callsModule())));
    return {};
  }

  Result<uint32_t> run(std::string_view name, uint32_t arg) { return call(*instance_, name, arg); }

  Result<void> runVoid(std::string_view name) {
    TRY(instance_->invoke(name, {}));
    return {};
  }

  /// Function entries so far (the "entries" global).
  uint32_t entries() { return instance_->globalValue("entries").value().i32(); }

private:
  std::optional<Instance> instance_;
};

void expectExhausted(const Result<void> &result) {
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::Trap);
  EXPECT_EQ(result.error().message, "call stack exhausted");
}

void expectExhausted(const Result<uint32_t> &result) {
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::Trap);
  EXPECT_EQ(result.error().message, "call stack exhausted");
}

TEST(ApiCallDepth, RecursionWithinTheLimitRuns) {
  CallsHarness harness(StoreLimits{.maxCallDepth = 1000});
  ASSERT_TRUE(harness.start());
  EXPECT_EQ(harness.run("depth", 900).value(), 900U);
}

TEST(ApiCallDepth, RecursionBeyondTheLimitTraps) {
  CallsHarness harness(StoreLimits{.maxCallDepth = 1000});
  ASSERT_TRUE(harness.start());
  expectExhausted(harness.run("depth", 5000));
  // The limit counts nested calls, so the trap came after about maxCallDepth entries.
  const uint32_t reached = harness.entries();
  EXPECT_GE(reached, 1000U);
  EXPECT_LE(reached, 1001U);
  // The trap unwound everything: the same Store runs the next call from the bottom.
  EXPECT_EQ(harness.run("depth", 900).value(), 900U);
}

TEST(ApiCallDepth, InfiniteRecursionTrapsAtTheDefaultLimit) {
  CallsHarness harness(StoreLimits{});
  ASSERT_TRUE(harness.start());
  for (int round = 0; round < 3; ++round) {
    const uint32_t before = harness.entries();
    expectExhausted(harness.runVoid("forever"));
    EXPECT_GE(harness.entries() - before, StoreLimits{}.maxCallDepth);
    EXPECT_LE(harness.entries() - before, StoreLimits{}.maxCallDepth + 1);
  }
}

TEST(ApiCallDepth, HugeFramesExhaustTheValueStackFirst) {
  CallsHarness harness(StoreLimits{});
  ASSERT_TRUE(harness.start());
  for (int round = 0; round < 3; ++round) {
    const uint32_t before = harness.entries();
    expectExhausted(harness.runVoid("bigFrames"));
    // 100000 cells a frame: the value stack, not maxCallDepth, stopped it.
    EXPECT_GE(harness.entries() - before, 2U);
    EXPECT_LT(harness.entries() - before, 1000U);
  }
  EXPECT_EQ(harness.run("depth", 5000).value(), 5000U);
}

TEST(ApiCallDepth, AHugeDepthLimitFallsBackToTheValueStack) {
  CallsHarness harness(StoreLimits{.maxCallDepth = 4000000});
  ASSERT_TRUE(harness.start());
  expectExhausted(harness.runVoid("forever"));
  EXPECT_GT(harness.entries(), 10000U);
  EXPECT_EQ(harness.run("depth", 50000).value(), 50000U);
}

TEST(ApiCallDepth, ZeroDepthRunsOnlyTheEntryFunction) {
  CallsHarness harness(StoreLimits{.maxCallDepth = 0});
  ASSERT_TRUE(harness.start());
  EXPECT_EQ(harness.run("depth", 0).value(), 0U);
  expectExhausted(harness.run("depth", 1));
}

TEST(ApiCallDepth, HostReentryRecursionIsBounded) {
  CallsHarness harness(StoreLimits{});
  ASSERT_TRUE(harness.start());
  EXPECT_EQ(harness.run("bounce", 50).value(), 50U);
  // Each bounce enters the interpreter again through the host, on the C++ stack: that nesting
  // must end in a trap, not a native stack overflow.
  expectExhausted(harness.run("bounce", 1000000));
  EXPECT_EQ(harness.run("bounce", 50).value(), 50U);
}

// Runs job on a new OS thread whose stack is stackBytes long.
bool runWithStack(size_t stackBytes, std::function<void()> job) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, stackBytes) != 0) {
    return false;
  }
  pthread_t thread;
  const auto trampoline = [](void *arg) -> void * {
    (*static_cast<std::function<void()> *>(arg))();
    return nullptr;
  };
  const bool started = pthread_create(&thread, &attr, trampoline, &job) == 0;
  static_cast<void>(pthread_attr_destroy(&attr));
  return started && pthread_join(thread, nullptr) == 0;
}

TEST(ApiCallDepth, HostReentryOnASmallNativeStackIsBounded) {
  CallsHarness harness(StoreLimits{});
  ASSERT_TRUE(harness.start());
  Result<uint32_t> shallow = 0U;
  Result<uint32_t> deep = 0U;
  uint32_t deepEntries = 0;
  ASSERT_TRUE(runWithStack(size_t{384} << 10, [&] {
    shallow = harness.run("bounce", 1);
    const uint32_t before = harness.entries();
    deep = harness.run("bounce", 1000000);
    deepEntries = harness.entries() - before;
  }));
  ASSERT_TRUE(shallow) << shallow.error().describe();
  EXPECT_EQ(*shallow, 1U);
  expectExhausted(deep);
  // What is left of the native stack, not the fixed cap of 256 re-entries, stopped it.
  EXPECT_LT(deepEntries, 256U);
}

TEST(ApiCallDepth, HostReentryCountsTowardTheCallDepth) {
  CallsHarness harness(StoreLimits{.maxCallDepth = 40});
  ASSERT_TRUE(harness.start());
  EXPECT_EQ(harness.run("bounce", 10).value(), 10U);
  expectExhausted(harness.run("bounce", 100));
}

} // namespace
} // namespace runw::engine
