// SPDX-License-Identifier: Apache-2.0
// Embedding API tests for host functions: the caller's memory and Store in HostContext, errors
// that trap the caller, exact round-trips of every value type, and host -> wasm re-entry.
#include "module_bytes.h"

#include "engine/engine.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
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

// Imports env.write (i32 i32), env.fail (), env.echo (i64 f32 f64 v128 externref) -> the same,
// env.reenter (i32) -> i32; one memory holding "hello" at 16; functions that call each import.
Bytes hostModule() {
  return wasmModule({
      section(0x01, {0x04,                                    // types: 4
                     0x60, 0x02, 0x7F, 0x7F, 0x00,            //   0: (i32 i32) -> ()
                     0x60, 0x00, 0x00,                        //   1: () -> ()
                     0x60, 0x05, 0x7E, 0x7D, 0x7C, 0x7B,      //   2: (i64 f32 f64 v128
                     0x6F,                                    //       externref)
                     0x05, 0x7E, 0x7D, 0x7C, 0x7B, 0x6F,      //      -> (the same)
                     0x60, 0x01, 0x7F, 0x01, 0x7F}),          //   3: (i32) -> i32
      section(0x02, {0x04,                                    // imports: 4
                     0x03, 'e',  'n', 'v',                    //   f0: "env"
                     0x05, 'w',  'r', 'i', 't', 'e',          //       "write"
                     0x00, 0x00,                              //       func type 0
                     0x03, 'e',  'n', 'v',                    //   f1: "env"
                     0x04, 'f',  'a', 'i', 'l',               //       "fail"
                     0x00, 0x01,                              //       func type 1
                     0x03, 'e',  'n', 'v',                    //   f2: "env"
                     0x04, 'e',  'c', 'h', 'o',               //       "echo"
                     0x00, 0x02,                              //       func type 2
                     0x03, 'e',  'n', 'v',                    //   f3: "env"
                     0x07, 'r',  'e', 'e', 'n', 't', 'e',     //       "reenter"
                     'r',  0x00, 0x03}),                      //       func type 3
      section(0x03, {0x06,                                    // functions: 6
                     0x01, 0x01, 0x01,                        //   f4..f6: () -> ()
                     0x02,                                    //   f7: type 2
                     0x03, 0x03}),                            //   f8, f9: (i32) -> i32
      section(0x05, {0x01, 0x00, 0x01}),                      // memories: 1, min 1, no max
      section(0x07, {0x08,                                    // exports: 8
                     0x03, 'm',  'e',  'm',  0x02, 0x00,      //   "mem" memory 0
                     0x09, 'c',  'a',  'l',  'l',  'W',  'r', //   "callWrite"
                     'i',  't',  'e',  0x00, 0x04,            //     func 4
                     0x0D, 'g',  'r',  'o',  'w',  'T',  'h', //   "growThenWrite"
                     'e',  'n',  'W',  'r',  'i',  't',  'e', //
                     0x00, 0x05,                              //     func 5
                     0x08, 'c',  'a',  'l',  'l',  'F',  'a', //   "callFail"
                     'i',  'l',  0x00, 0x06,                  //     func 6
                     0x07, 'v',  'i',  'a',  'W',  'a',  's', //   "viaWasm"
                     'm',  0x00, 0x07,                        //     func 7
                     0x04, 'e',  'c',  'h',  'o',             //   "echo"
                     0x00, 0x02,                              //     func 2 (the import itself)
                     0x05, 'o',  'u',  't',  'e',  'r',       //   "outer"
                     0x00, 0x08,                              //     func 8
                     0x05, 'i',  'n',  'n',  'e',  'r',       //   "inner"
                     0x00, 0x09}),                            //     func 9
      section(0x0A, join({
                        {0x06},           // code: 6 bodies
                        body({0x00,       // f4 callWrite: no locals
                              0x41, 0x10, //   i32.const 16
                              0x41, 0x05, //   i32.const 5
                              0x10, 0x00, //   call write
                              0x0B}),     //   end
                        body({0x00,       // f5 growThenWrite: no locals
                              0x41, 0x01, //   i32.const 1
                              0x40, 0x00, //   memory.grow 0
                              0x1A,       //   drop
                              0x41, 0x10, //   i32.const 16
                              0x41, 0x05, //   i32.const 5
                              0x10, 0x00, //   call write
                              0x0B}),     //   end
                        body({0x00,       // f6 callFail: no locals
                              0x10, 0x01, //   call fail
                              0x00,       //   unreachable (only if the error is lost)
                              0x0B}),     //   end
                        body({0x00,       // f7 viaWasm: no locals
                              0x20, 0x00, //   local.get 0 (i64)
                              0x20, 0x01, //   local.get 1 (f32)
                              0x20, 0x02, //   local.get 2 (f64)
                              0x20, 0x03, //   local.get 3 (v128)
                              0x20, 0x04, //   local.get 4 (externref)
                              0x10, 0x02, //   call echo
                              0x0B}),     //   end
                        body({0x01,       // f8 outer(x): 1 local group
                              0x01, 0x7F, //   1 i32 (y)
                              0x20, 0x00, //   local.get x
                              0x41, 0x03, //   i32.const 3
                              0x6C,       //   i32.mul
                              0x21, 0x01, //   local.set y
                              0x20, 0x00, //   local.get x
                              0x10, 0x03, //   call reenter
                              0x20, 0x01, //   local.get y
                              0x6A,       //   i32.add
                              0x20, 0x00, //   local.get x
                              0x6A,       //   i32.add
                              0x0B}),     //   end: reenter(x) + 3x + x
                        body({0x01,       // f9 inner(a): 1 local group
                              0x02, 0x7F, //   2 i32 (b, c)
                              0x20, 0x00, //   local.get a
                              0x41, 0x07, //   i32.const 7
                              0x6C,       //   i32.mul
                              0x21, 0x01, //   local.set b
                              0x41, 0xE3, //   i32.const 99
                              0x00,       //
                              0x21, 0x02, //   local.set c
                              0x20, 0x00, //   local.get a
                              0x41, 0x01, //   i32.const 1
                              0x6A,       //   i32.add
                              0x0B}),     //   end: a + 1
                    })),
      section(0x0B, {0x01,                            // data: 1 segment
                     0x00, 0x41, 0x10, 0x0B,          //   active, memory 0, offset 16
                     0x05, 'h', 'e', 'l', 'l', 'o'}), //   5 bytes
  });
}

Result<void> noop(HostContext &, std::span<const Value>, std::span<Value>) { return {}; }

// Instantiates hostModule with each import forwarding to a replaceable HostFunction member, so
// a test sets the behaviour it needs before invoking.
class ApiHost : public ::testing::Test {
protected:
  void SetUp() override {
    auto loaded = load(hostModule());
    ASSERT_TRUE(loaded) << loaded.error().describe();
    auto validated = validate(std::move(*loaded));
    ASSERT_TRUE(validated) << validated.error().describe();
    module_.emplace(std::move(*validated));
    define("write", FuncType{{ValType::I32, ValType::I32}, {}}, write_);
    define("fail", FuncType{}, fail_);
    const std::vector<ValType> all{ValType::I64, ValType::F32, ValType::F64, ValType::V128,
                                   ValType::ExternRef};
    define("echo", FuncType{all, all}, echo_);
    define("reenter", FuncType{{ValType::I32}, {ValType::I32}}, reenter_);
    auto instance = instantiate(store_, *module_, linker_);
    ASSERT_TRUE(instance) << instance.error().describe();
    instance_.emplace(*instance);
  }

  void define(const char *name, FuncType type, HostFunction &target) {
    linker_.define("env", name,
                   store_.createHostFunction(std::move(type), [&target](HostContext &context,
                                                                        std::span<const Value> args,
                                                                        std::span<Value> results) {
                     return target(context, args, results);
                   }));
  }

  Instance &instance() { return *instance_; }

  HostFunction write_ = noop;
  HostFunction fail_ = noop;
  HostFunction echo_ = noop;
  HostFunction reenter_ = noop;
  Store store_;
  Linker linker_;
  std::optional<ValidatedModule> module_;
  std::optional<Instance> instance_;
};

TEST_F(ApiHost, SeesTheCallersMemoryAndStore) {
  std::string seen;
  size_t memorySize = 0;
  Store *store = nullptr;
  write_ = [&](HostContext &context, std::span<const Value> args,
               std::span<Value>) -> Result<void> {
    const uint32_t pointer = args[0].i32();
    const uint32_t length = args[1].i32();
    memorySize = context.memory.size();
    store = context.store;
    if (uint64_t{pointer} + length > context.memory.size()) {
      return fail(ErrorCode::Invalid, "pointer out of range");
    }
    seen.assign(reinterpret_cast<const char *>(context.memory.data() + pointer), length);
    // Writes through the context land in the instance's memory.
    std::memcpy(context.memory.data() + pointer, "HELLO", 5);
    return Result<void>{};
  };
  auto result = instance().invoke("callWrite", {});
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(seen, "hello");
  EXPECT_EQ(memorySize, 65536U);
  EXPECT_EQ(store, &store_);
  const std::span<uint8_t> memory = instance().memory("mem");
  ASSERT_EQ(memory.size(), 65536U);
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(memory.data() + 16), 5), "HELLO");
}

TEST_F(ApiHost, MemoryIsTakenAtCallTimeAfterGrowth) {
  size_t memorySize = 0;
  std::string seen;
  write_ = [&](HostContext &context, std::span<const Value> args,
               std::span<Value>) -> Result<void> {
    memorySize = context.memory.size();
    seen.assign(reinterpret_cast<const char *>(context.memory.data() + args[0].i32()),
                args[1].i32());
    return Result<void>{};
  };
  ASSERT_TRUE(instance().invoke("growThenWrite", {}));
  EXPECT_EQ(memorySize, 2U * 65536);
  EXPECT_EQ(seen, "hello");
}

TEST_F(ApiHost, DirectHostCallHasNoCallerMemory) {
  bool called = false;
  size_t memorySize = 1;
  echo_ = [&](HostContext &context, std::span<const Value> args, std::span<Value> results) {
    called = true;
    memorySize = context.memory.size();
    std::copy(args.begin(), args.end(), results.begin());
    return Result<void>{};
  };
  const std::vector<Value> args{Value::i64(1), Value::f32(2), Value::f64(3), Value::v128({}),
                                Value::ref(ValType::ExternRef, Ref{})};
  auto result = instance().invoke("echo", args);
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_TRUE(called);
  EXPECT_EQ(memorySize, 0U);
}

TEST_F(ApiHost, ErrorTrapsTheCallerWithItsMessage) {
  int calls = 0;
  fail_ = [&](HostContext &, std::span<const Value>, std::span<Value>) -> Result<void> {
    ++calls;
    return fail(ErrorCode::Io, "disk on fire");
  };
  auto result = instance().invoke("callFail", {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::Io);
  EXPECT_EQ(result.error().message, "disk on fire");
  EXPECT_EQ(calls, 1);

  // The failed call left nothing behind: the Store runs the next call normally.
  fail_ = noop;
  auto again = instance().invoke("callFail", {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::Trap);
  EXPECT_EQ(again.error().message, "unreachable");
  auto outer = instance().invoke("outer", std::vector<Value>{Value::i32(5)});
  ASSERT_TRUE(outer) << outer.error().describe();
  EXPECT_EQ((*outer)[0], Value::i32(15 + 5)); // reenter is a no-op returning 0
}

// Bit patterns no arithmetic would produce: signalling NaNs with payloads, a negative quiet
// NaN, and a v128 whose every byte differs.
std::vector<Value> unusualValues(const void *host) {
  V128 lanes;
  for (size_t i = 0; i < lanes.bytes.size(); ++i) {
    lanes.bytes[i] = static_cast<uint8_t>(0xF0 - 7 * i);
  }
  return {Value::i64(0x8000000000000001), Value::f32Bits(0x7FA00001),
          Value::f64Bits(0xFFF4000000000123), Value::v128(lanes),
          Value::ref(ValType::ExternRef, Ref{host})};
}

TEST_F(ApiHost, EveryValueTypeRoundTripsExactly) {
  std::vector<Value> received;
  echo_ = [&](HostContext &, std::span<const Value> args, std::span<Value> results) {
    received.assign(args.begin(), args.end());
    std::copy(args.begin(), args.end(), results.begin());
    return Result<void>{};
  };
  const int marker = 0;
  const std::vector<std::vector<Value>> cases{
      unusualValues(&marker),
      {Value::i64(0xFFFFFFFFFFFFFFFF), Value::f32Bits(0xFFC12345),
       Value::f64Bits(0x7FF0000000000001), Value::v128({}), Value::ref(ValType::ExternRef, Ref{})},
      {Value::i64(0), Value::f32Bits(0x80000000), Value::f64Bits(0x8000000000000000),
       Value::v128(V128{{0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80}}),
       Value::ref(ValType::ExternRef, Ref{&received})},
  };
  for (const std::vector<Value> &args : cases) {
    for (const char *entry : {"viaWasm", "echo"}) {
      SCOPED_TRACE(entry);
      received.clear();
      auto result = instance().invoke(entry, args);
      ASSERT_TRUE(result) << result.error().describe();
      EXPECT_EQ(received, args);
      EXPECT_EQ(*result, args);
    }
  }
}

TEST_F(ApiHost, ResultsOfTheWrongTypeAreAnError) {
  echo_ = [](HostContext &, std::span<const Value>, std::span<Value> results) {
    results[0] = Value::i64(1);
    results[1] = Value::f32(1);
    results[2] = Value::f64(1);
    results[3] = Value::i32(1); // a v128 result given one cell's worth
    results[4] = Value::ref(ValType::ExternRef, Ref{});
    return Result<void>{};
  };
  const int marker = 0;
  for (const char *entry : {"viaWasm", "echo"}) {
    SCOPED_TRACE(entry);
    auto result = instance().invoke(entry, unusualValues(&marker));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::Invalid);
    EXPECT_EQ(result.error().message, "host function returned i32 for result 3 (v128)");
  }
}

TEST_F(ApiHost, UnsetResultsAreZeroOfTheirType) {
  const int marker = 0;
  auto result = instance().invoke("viaWasm", unusualValues(&marker)); // echo_ is a no-op
  ASSERT_TRUE(result) << result.error().describe();
  const std::vector<Value> zeros{Value::i64(0), Value::f32Bits(0), Value::f64Bits(0),
                                 Value::v128({}), Value::ref(ValType::ExternRef, Ref{})};
  EXPECT_EQ(*result, zeros);
}

TEST_F(ApiHost, ReentryKeepsTheCallersFrame) {
  reenter_ = [this](HostContext &, std::span<const Value> args,
                    std::span<Value> results) -> Result<void> {
    // inner's frame must go above outer's, not over it.
    const std::vector<Value> innerArgs{Value::i32(args[0].i32() + 100)};
    auto inner = TRY(instance().invoke("inner", innerArgs));
    results[0] = inner[0];
    return {};
  };
  auto result = instance().invoke("outer", std::vector<Value>{Value::i32(5)});
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ((*result)[0], Value::i32(106 + 15 + 5));
}

TEST_F(ApiHost, ReentryErrorPropagatesThroughTheHost) {
  reenter_ = [this](HostContext &, std::span<const Value>, std::span<Value>) -> Result<void> {
    TRY(instance().invoke("callFail", {}));
    return {};
  };
  fail_ = [](HostContext &, std::span<const Value>, std::span<Value>) -> Result<void> {
    return fail(ErrorCode::Unsupported, "no");
  };
  auto result = instance().invoke("outer", std::vector<Value>{Value::i32(1)});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::Unsupported);
  EXPECT_EQ(result.error().message, "no");
}

} // namespace
} // namespace runw::engine
