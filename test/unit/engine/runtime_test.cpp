// SPDX-License-Identifier: Apache-2.0
// Runtime tests: memory and table instances, import matching, global initializers, exports,
// element/data segment initialization and its traps, over small hand-encoded modules.
#include "api/store_impl.h"

#include "engine/engine.h"
#include "runtime/const_eval.h"
#include "runtime/instantiate.h"
#include "runtime/objects.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace runw::engine {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr uint32_t kGrowFailed = 0xFFFFFFFF;

// A section: its id, the LEB128 size of its content, then the content.
Bytes section(uint8_t id, std::initializer_list<uint8_t> content) {
  Bytes out;
  out.push_back(id);
  auto size = static_cast<uint32_t>(content.size());
  do {
    const auto byte = static_cast<uint8_t>(size & 0x7F);
    size >>= 7;
    out.push_back(size != 0 ? static_cast<uint8_t>(byte | 0x80) : byte);
  } while (size != 0);
  for (const uint8_t byte : content) {
    out.push_back(byte);
  }
  return out;
}

// A module: the preamble, then the sections in order.
Bytes wasm(std::initializer_list<Bytes> sections) {
  Bytes out{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes &part : sections) {
    for (const uint8_t byte : part) {
      out.push_back(byte);
    }
  }
  return out;
}

Result<ValidatedModule> compile(const Bytes &bytes) {
  Module module = TRY(load(bytes));
  return validate(std::move(module));
}

// A Store and Linker; instantiateBytes loads, validates and instantiates a module, and turns a
// broken test module into an Internal error so it is told apart from the instantiation's own.
class RuntimeInstance : public ::testing::Test {
protected:
  Result<Instance> instantiateBytes(const Bytes &bytes) {
    auto module = compile(bytes);
    if (!module) {
      return fail(ErrorCode::Internal, "test module rejected: " + module.error().describe());
    }
    modules_.push_back(std::move(*module));
    return instantiate(store_, modules_.back(), linker_);
  }

  rt::TableInstance &table(const Extern &object) {
    return *static_cast<rt::TableInstance *>(object.object);
  }
  rt::MemoryInstance &memory(const Extern &object) {
    return *static_cast<rt::MemoryInstance *>(object.object);
  }

  std::vector<ValidatedModule> modules_;
  Store store_;
  Linker linker_;
};

// ---- memory ---------------------------------------------------------------------------------

TEST(RuntimeMemory, CreateAndGrowWithinTypeMax) {
  auto created = rt::MemoryInstance::create(MemoryType{Limits{1, 3}}, 65536);
  ASSERT_TRUE(created) << created.error().describe();
  rt::MemoryInstance &memory = **created;
  EXPECT_EQ(memory.pages(), 1U);
  EXPECT_EQ(memory.sizeBytes(), 65536U);
  memory.data()[65535] = 7;
  EXPECT_EQ(memory.grow(1), 1U);
  EXPECT_EQ(memory.pages(), 2U);
  EXPECT_EQ(memory.data()[65535], 7);         // contents survive in place
  EXPECT_EQ(memory.data()[2 * 65536 - 1], 0); // new pages read as zero
  memory.data()[2 * 65536 - 1] = 1;
  EXPECT_EQ(memory.grow(2), kGrowFailed);
  EXPECT_EQ(memory.grow(1), 2U);
  EXPECT_EQ(memory.grow(0), 3U);
  EXPECT_EQ(memory.grow(1), kGrowFailed);
  EXPECT_EQ(memory.pages(), 3U);
  EXPECT_EQ(memory.bytes().size(), 3U * 65536);
}

TEST(RuntimeMemory, StoreLimitCapsGrowth) {
  auto created = rt::MemoryInstance::create(MemoryType{Limits{1, std::nullopt}}, 2);
  ASSERT_TRUE(created) << created.error().describe();
  EXPECT_EQ((*created)->grow(1), 1U);
  EXPECT_EQ((*created)->grow(1), kGrowFailed);
  EXPECT_EQ((*created)->pages(), 2U);
}

TEST(RuntimeMemory, InitialSizeAboveStoreLimitIsAnError) {
  auto created = rt::MemoryInstance::create(MemoryType{Limits{3, std::nullopt}}, 2);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::Limit);
}

TEST(RuntimeMemory, ZeroMaxStillHasABase) {
  auto created = rt::MemoryInstance::create(MemoryType{Limits{0, 0}}, 65536);
  ASSERT_TRUE(created) << created.error().describe();
  EXPECT_NE((*created)->data(), nullptr);
  EXPECT_EQ((*created)->pages(), 0U);
  EXPECT_EQ((*created)->grow(0), 0U);
  EXPECT_EQ((*created)->grow(1), kGrowFailed);
}

TEST(RuntimeMemory, UnboundedMemoryReservesFourGiB) {
  auto created = rt::MemoryInstance::create(MemoryType{Limits{0, std::nullopt}}, 65536);
  ASSERT_TRUE(created) << created.error().describe();
  rt::MemoryInstance &memory = **created;
  EXPECT_EQ(memory.grow(65537), kGrowFailed);
  EXPECT_EQ(memory.grow(0xFFFFFFFF), kGrowFailed);
  EXPECT_EQ(memory.grow(16), 0U);
  memory.data()[16 * 65536 - 1] = 1;
  EXPECT_EQ(memory.pages(), 16U);
}

// ---- table ----------------------------------------------------------------------------------

TEST(RuntimeTable, GrowWithinTypeMax) {
  auto created = rt::createTable(TableType{ValType::FuncRef, Limits{2, 4}}, nullptr);
  ASSERT_TRUE(created) << created.error().describe();
  rt::TableInstance &table = **created;
  const int marker = 0;
  EXPECT_EQ(table.elements.size(), 2U);
  EXPECT_EQ(table.elements[0], nullptr);
  EXPECT_EQ(table.grow(1, &marker), 2U);
  EXPECT_EQ(table.elements.size(), 3U);
  EXPECT_EQ(table.elements[2], &marker);
  EXPECT_EQ(table.grow(2, nullptr), kGrowFailed);
  EXPECT_EQ(table.grow(0, nullptr), 3U);
  EXPECT_EQ(table.grow(1, nullptr), 3U);
  EXPECT_EQ(table.grow(1, nullptr), kGrowFailed);
}

TEST(RuntimeTable, EngineCapBoundsUnlimitedTables) {
  auto created = rt::createTable(TableType{ValType::ExternRef, Limits{0, std::nullopt}}, nullptr);
  ASSERT_TRUE(created) << created.error().describe();
  EXPECT_EQ((*created)->grow(rt::kMaxTableElements + 1, nullptr), kGrowFailed);
  EXPECT_EQ((*created)->grow(0xFFFFFFFF, nullptr), kGrowFailed);
  EXPECT_EQ((*created)->elements.size(), 0U);
  EXPECT_EQ((*created)->grow(10, nullptr), 0U);

  auto tooBig =
      rt::createTable(TableType{ValType::FuncRef, Limits{rt::kMaxTableElements + 1, {}}}, nullptr);
  ASSERT_FALSE(tooBig);
  EXPECT_EQ(tooBig.error().code, ErrorCode::Limit);
}

// ---- import matching ------------------------------------------------------------------------

TEST(RuntimeLimits, Subtyping) {
  EXPECT_TRUE(rt::limitsMatch(Limits{1, std::nullopt}, Limits{1, std::nullopt}));
  EXPECT_TRUE(rt::limitsMatch(Limits{2, 3}, Limits{1, std::nullopt}));
  EXPECT_TRUE(rt::limitsMatch(Limits{2, 3}, Limits{1, 3}));
  EXPECT_FALSE(rt::limitsMatch(Limits{0, 3}, Limits{1, 3}));
  EXPECT_FALSE(rt::limitsMatch(Limits{1, std::nullopt}, Limits{1, 3}));
  EXPECT_FALSE(rt::limitsMatch(Limits{1, 4}, Limits{1, 3}));
}

// (import "m" "f" (func)).
Bytes funcImportModule() {
  return wasm({
      section(0x01, {0x01, 0x60, 0x00, 0x00}), // types: () -> ()
      section(0x02, {0x01,                     // imports: 1
                     0x01, 'm', 0x01, 'f',     //   "m" "f"
                     0x00, 0x00}),             //   func, type 0
  });
}

TEST_F(RuntimeInstance, UnknownImport) {
  auto instance = instantiateBytes(funcImportModule());
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().code, ErrorCode::NotFound);
  EXPECT_EQ(instance.error().message, "unknown import: \"m\" \"f\"");
}

TEST_F(RuntimeInstance, FunctionImportNeedsTheExactType) {
  const auto noop = [](HostContext &, std::span<const Value>, std::span<Value>) -> Result<void> {
    return {};
  };
  linker_.define("m", "f", store_.createHostFunction(FuncType{{ValType::I32}, {}}, noop));
  auto wrongType = instantiateBytes(funcImportModule());
  ASSERT_FALSE(wrongType);
  EXPECT_EQ(wrongType.error().code, ErrorCode::Invalid);
  EXPECT_EQ(wrongType.error().message, "incompatible import type: \"m\" \"f\"");

  linker_.define("m", "f", store_.createGlobal(GlobalType{}, Value::i32(0)).value());
  auto wrongKind = instantiateBytes(funcImportModule());
  ASSERT_FALSE(wrongKind);
  EXPECT_EQ(wrongKind.error().message, "incompatible import type: \"m\" \"f\"");

  linker_.define("m", "f", store_.createHostFunction(FuncType{}, noop));
  auto instance = instantiateBytes(funcImportModule());
  EXPECT_TRUE(instance) << instance.error().describe();
}

// (import "m" "t" (table 2 5 funcref)).
Bytes tableImportModule() {
  return wasm({
      section(0x02, {0x01,                 // imports: 1
                     0x01, 'm', 0x01, 't', //   "m" "t"
                     0x01, 0x70,           //   table funcref
                     0x01, 0x02, 0x05}),   //   min 2 max 5
  });
}

TEST_F(RuntimeInstance, TableImportMatchesTypeAndLimits) {
  const auto tryTable = [&](ValType elemType, Limits limits) {
    const Value null = Value::ref(elemType, Ref{});
    linker_.define("m", "t", store_.createTable(TableType{elemType, limits}, null).value());
    auto instance = instantiateBytes(tableImportModule());
    return instance ? std::string("ok") : instance.error().message;
  };
  const std::string incompatible = "incompatible import type: \"m\" \"t\"";
  EXPECT_EQ(tryTable(ValType::FuncRef, Limits{2, 5}), "ok");
  EXPECT_EQ(tryTable(ValType::FuncRef, Limits{3, 4}), "ok");
  EXPECT_EQ(tryTable(ValType::FuncRef, Limits{1, 5}), incompatible);
  EXPECT_EQ(tryTable(ValType::FuncRef, Limits{2, std::nullopt}), incompatible);
  EXPECT_EQ(tryTable(ValType::FuncRef, Limits{2, 6}), incompatible);
  EXPECT_EQ(tryTable(ValType::ExternRef, Limits{2, 5}), incompatible);

  // The current size counts, not the size the table was created with.
  const Extern grown = store_
                           .createTable(TableType{ValType::FuncRef, Limits{1, 5}},
                                        Value::ref(ValType::FuncRef, Ref{}))
                           .value();
  EXPECT_EQ(table(grown).grow(1, nullptr), 1U);
  linker_.define("m", "t", grown);
  EXPECT_TRUE(instantiateBytes(tableImportModule()));
}

// (import "m" "mem" (memory 1 2)).
Bytes memoryImportModule() {
  return wasm({
      section(0x02, {0x01,                           // imports: 1
                     0x01, 'm', 0x03, 'm', 'e', 'm', //   "m" "mem"
                     0x02, 0x01, 0x01, 0x02}),       //   memory, min 1 max 2
  });
}

TEST_F(RuntimeInstance, MemoryImportMatchesLimitsBySize) {
  const auto tryMemory = [&](Limits limits) {
    linker_.define("m", "mem", store_.createMemory(MemoryType{limits}).value());
    auto instance = instantiateBytes(memoryImportModule());
    return instance ? std::string("ok") : instance.error().message;
  };
  const std::string incompatible = "incompatible import type: \"m\" \"mem\"";
  EXPECT_EQ(tryMemory(Limits{1, 2}), "ok");
  EXPECT_EQ(tryMemory(Limits{2, 2}), "ok");
  EXPECT_EQ(tryMemory(Limits{1, 1}), "ok");
  EXPECT_EQ(tryMemory(Limits{0, 2}), incompatible);
  EXPECT_EQ(tryMemory(Limits{1, std::nullopt}), incompatible);
  EXPECT_EQ(tryMemory(Limits{1, 3}), incompatible);

  const Extern grown = store_.createMemory(MemoryType{Limits{0, 2}}).value();
  EXPECT_EQ(memory(grown).grow(1), 0U);
  linker_.define("m", "mem", grown);
  EXPECT_TRUE(instantiateBytes(memoryImportModule()));
}

// (import "m" "g" (global i32)).
Bytes globalImportModule() {
  return wasm({
      section(0x02, {0x01,                 // imports: 1
                     0x01, 'm', 0x01, 'g', //   "m" "g"
                     0x03, 0x7F, 0x00}),   //   global const i32
  });
}

TEST_F(RuntimeInstance, GlobalImportNeedsTypeAndMutability) {
  const auto tryGlobal = [&](GlobalType type, Value value) {
    linker_.define("m", "g", store_.createGlobal(type, value).value());
    auto instance = instantiateBytes(globalImportModule());
    return instance ? std::string("ok") : instance.error().message;
  };
  const std::string incompatible = "incompatible import type: \"m\" \"g\"";
  EXPECT_EQ(tryGlobal(GlobalType{ValType::I32, false}, Value::i32(1)), "ok");
  EXPECT_EQ(tryGlobal(GlobalType{ValType::I32, true}, Value::i32(1)), incompatible);
  EXPECT_EQ(tryGlobal(GlobalType{ValType::I64, false}, Value::i64(1)), incompatible);
}

TEST_F(RuntimeInstance, HostObjectsRejectBadTypesAndValues) {
  EXPECT_FALSE(store_.createGlobal(GlobalType{ValType::I64, false}, Value::i32(1)));
  EXPECT_FALSE(store_.createTable(TableType{ValType::FuncRef, Limits{1, {}}},
                                  Value::ref(ValType::ExternRef, Ref{})));
  EXPECT_FALSE(store_.createTable(TableType{ValType::FuncRef, Limits{1, {}}}, Value::i32(0)));
  EXPECT_FALSE(store_.createTable(TableType{ValType::FuncRef, Limits{2, 1}},
                                  Value::ref(ValType::FuncRef, Ref{})));
  EXPECT_FALSE(store_.createMemory(MemoryType{Limits{2, 1}}));
}

// ---- globals and exports --------------------------------------------------------------------

// Imports global "m" "g" (i32); defines globals a..h from every kind of constant expression
// and exports them, plus function "f" and memory "mem".
Bytes globalsModule() {
  return wasm({
      section(0x01, {0x01, 0x60, 0x00, 0x00}),            // types: () -> ()
      section(0x02, {0x01,                                // imports: 1
                     0x01, 'm', 0x01, 'g',                //   "m" "g"
                     0x03, 0x7F, 0x00}),                  //   global const i32
      section(0x03, {0x01, 0x00}),                        // functions: 1, type 0
      section(0x05, {0x01, 0x00, 0x01}),                  // memories: 1, min 1
      section(0x06, {0x08,                                // globals: 8
                     0x7F, 0x00, 0x23, 0x00, 0x0B,        //   1: i32 = global.get 0
                     0x7E, 0x00, 0x42, 0x7B, 0x0B,        //   2: i64 = i64.const -5
                     0x7D, 0x00, 0x43,                    //   3: f32 = f32.const
                     0x00, 0x00, 0xC0, 0x3F, 0x0B,        //      1.5
                     0x7C, 0x00, 0x44,                    //   4: f64 = f64.const
                     0x00, 0x00, 0x00, 0x00,              //      -2.25
                     0x00, 0x00, 0x02, 0xC0, 0x0B,        //
                     0x7F, 0x01, 0x41, 0x07, 0x0B,        //   5: mut i32 = i32.const 7
                     0x70, 0x00, 0xD2, 0x00, 0x0B,        //   6: funcref = ref.func 0
                     0x6F, 0x00, 0xD0, 0x6F, 0x0B,        //   7: externref = ref.null extern
                     0x7B, 0x00, 0xFD, 0x0C,              //   8: v128 = v128.const
                     0x00, 0x01, 0x02, 0x03,              //      bytes 0..15
                     0x04, 0x05, 0x06, 0x07,              //
                     0x08, 0x09, 0x0A, 0x0B,              //
                     0x0C, 0x0D, 0x0E, 0x0F, 0x0B}),      //
      section(0x07, {0x0A,                                // exports: 10
                     0x01, 'a', 0x03, 0x01,               //   "a" global 1
                     0x01, 'b', 0x03, 0x02,               //   "b" global 2
                     0x01, 'c', 0x03, 0x03,               //   "c" global 3
                     0x01, 'd', 0x03, 0x04,               //   "d" global 4
                     0x01, 'e', 0x03, 0x05,               //   "e" global 5
                     0x01, 'f', 0x00, 0x00,               //   "f" func 0
                     0x01, 'g', 0x03, 0x06,               //   "g" global 6
                     0x01, 'h', 0x03, 0x07,               //   "h" global 7
                     0x01, 'i', 0x03, 0x08,               //   "i" global 8
                     0x03, 'm', 'e',  'm',  0x02, 0x00}), //   "mem" memory 0
      section(0x0A, {0x01, 0x02, 0x00, 0x0B}),            // code: 1 body, no locals, end
  });
}

TEST_F(RuntimeInstance, GlobalsAreInitializedFromConstantExpressions) {
  linker_.define("m", "g", store_.createGlobal(GlobalType{}, Value::i32(42)).value());
  auto instance = instantiateBytes(globalsModule());
  ASSERT_TRUE(instance) << instance.error().describe();
  EXPECT_EQ(instance->globalValue("a").value(), Value::i32(42));
  EXPECT_EQ(instance->globalValue("b").value(), Value::i64(static_cast<uint64_t>(-5)));
  EXPECT_EQ(instance->globalValue("c").value(), Value::f32(1.5F));
  EXPECT_EQ(instance->globalValue("d").value(), Value::f64(-2.25));
  EXPECT_EQ(instance->globalValue("e").value(), Value::i32(7));
  const Extern function = instance->exported("f").value();
  EXPECT_EQ(instance->globalValue("g").value(), Value::ref(ValType::FuncRef, Ref{function.object}));
  EXPECT_EQ(instance->globalValue("h").value(), Value::ref(ValType::ExternRef, Ref{}));
  V128 lanes;
  for (uint8_t i = 0; i < 16; ++i) {
    lanes.bytes[i] = i;
  }
  EXPECT_EQ(instance->globalValue("i").value(), Value::v128(lanes));
}

TEST_F(RuntimeInstance, ExportsResolveToStoreObjects) {
  linker_.define("m", "g", store_.createGlobal(GlobalType{}, Value::i32(5)).value());
  auto instance = instantiateBytes(globalsModule());
  ASSERT_TRUE(instance) << instance.error().describe();

  const auto function = instance->exported("f");
  ASSERT_TRUE(function);
  EXPECT_EQ(function->kind, ExternKind::Func);
  const auto &object = *static_cast<const rt::FunctionInstance *>(function->object);
  EXPECT_FALSE(object.isHost());
  EXPECT_EQ(object.type, FuncType{});
  EXPECT_EQ(object.index, 0U);

  const auto mem = instance->exported("mem");
  ASSERT_TRUE(mem);
  EXPECT_EQ(mem->kind, ExternKind::Memory);
  EXPECT_EQ(instance->memory("mem").size(), 65536U);
  EXPECT_TRUE(instance->memory("a").empty());
  EXPECT_TRUE(instance->memory("nope").empty());
  EXPECT_FALSE(instance->exported("nope"));

  EXPECT_EQ(instance->globalValue("nope").error().code, ErrorCode::NotFound);
  EXPECT_EQ(instance->globalValue("f").error().code, ErrorCode::Invalid);

  // An exported global can be imported by another module: it is the same object.
  linker_.define("m", "g", instance->exported("a").value());
  auto second = instantiateBytes(globalsModule());
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(second->globalValue("a").value(), Value::i32(5));
  EXPECT_NE(second->exported("f")->object, function->object);

  // A mutable global cannot satisfy an immutable import.
  linker_.define("m", "g", instance->exported("e").value());
  EXPECT_FALSE(instantiateBytes(globalsModule()));
}

// "add" (i32 i32) -> i32, memory "mem", global "g".
Bytes addModule() {
  return wasm({
      section(0x01, {0x01, 0x60,                      // types: 1, func
                     0x02, 0x7F, 0x7F, 0x01, 0x7F}),  //   (i32 i32) -> i32
      section(0x03, {0x01, 0x00}),                    // functions: 1, type 0
      section(0x05, {0x01, 0x00, 0x01}),              // memories: 1, min 1
      section(0x06, {0x01, 0x7F, 0x00,                // globals: 1, const i32
                     0x41, 0x00, 0x0B}),              //   i32.const 0
      section(0x07, {0x03,                            // exports: 3
                     0x03, 'a', 'd', 'd', 0x00, 0x00, //   "add" func 0
                     0x03, 'm', 'e', 'm', 0x02, 0x00, //   "mem" memory 0
                     0x01, 'g', 0x03, 0x00}),         //   "g" global 0
      section(0x0A, {0x01, 0x07, 0x00,                // code: 1 body, 7 bytes, no locals
                     0x20, 0x00, 0x20, 0x01,          //   local.get 0, local.get 1
                     0x6A, 0x0B}),                    //   i32.add, end
  });
}

TEST_F(RuntimeInstance, InvokeChecksExportAndArguments) {
  auto instance = instantiateBytes(addModule());
  ASSERT_TRUE(instance) << instance.error().describe();
  const std::vector<Value> one{Value::i32(1)};
  const std::vector<Value> mistyped{Value::i32(1), Value::i64(2)};
  EXPECT_EQ(instance->invoke("nope", {}).error().code, ErrorCode::NotFound);
  EXPECT_EQ(instance->invoke("mem", {}).error().code, ErrorCode::Invalid);
  EXPECT_EQ(instance->invoke("g", {}).error().code, ErrorCode::Invalid);
  EXPECT_EQ(instance->invoke("add", one).error().code, ErrorCode::Invalid);
  EXPECT_EQ(instance->invoke("add", mistyped).error().code, ErrorCode::Invalid);
}

// Needs the interpreter loop.
TEST_F(RuntimeInstance, InvokeRunsTheFunction) {
  auto instance = instantiateBytes(addModule());
  ASSERT_TRUE(instance) << instance.error().describe();
  const std::vector<Value> args{Value::i32(2), Value::i32(40)};
  auto results = instance->invoke("add", args);
  ASSERT_TRUE(results) << results.error().describe();
  EXPECT_EQ(*results, std::vector<Value>{Value::i32(42)});
}

// ---- segments -------------------------------------------------------------------------------

// Two functions, a table of 3, a memory of 1 page; active, passive and declarative element
// segments; an active and a passive data segment.
Bytes segmentsModule() {
  return wasm({
      section(0x01, {0x01, 0x60, 0x00, 0x00}),          // types: () -> ()
      section(0x03, {0x02, 0x00, 0x00}),                // functions: 2, type 0
      section(0x04, {0x01, 0x70, 0x00, 0x03}),          // tables: 1, funcref min 3
      section(0x05, {0x01, 0x00, 0x01}),                // memories: 1, min 1
      section(0x07, {0x04,                              // exports: 4
                     0x01, 't', 0x01, 0x00,             //   "t" table 0
                     0x03, 'm', 'e',  'm',  0x02, 0x00, //   "mem" memory 0
                     0x02, 'f', '0',  0x00, 0x00,       //   "f0" func 0
                     0x02, 'f', '1',  0x00, 0x01}),     //   "f1" func 1
      section(0x09, {0x04,                              // elements: 4
                     0x00, 0x41, 0x01, 0x0B,            //   0: active, offset i32.const 1
                     0x02, 0x00, 0x01,                  //      funcs [0 1]
                     0x01, 0x00,                        //   1: passive, funcs
                     0x01, 0x01,                        //      [1]
                     0x03, 0x00,                        //   2: declarative, funcs
                     0x01, 0x00,                        //      [0]
                     0x04, 0x41, 0x00, 0x0B,            //   3: active exprs, offset i32.const 0
                     0x01, 0xD2, 0x01, 0x0B}),          //      [ref.func 1]
      section(0x0A, {0x02,                              // code: 2 bodies
                     0x02, 0x00, 0x0B,                  //   no locals, end
                     0x02, 0x00, 0x0B}),                //   no locals, end
      section(0x0B, {0x02,                              // datas: 2
                     0x00, 0x41, 0x0A, 0x0B,            //   0: active, offset i32.const 10
                     0x03, 'a', 'b', 'c',               //      "abc"
                     0x01, 0x02, 'x', 'y'}),            //   1: passive "xy"
  });
}

TEST_F(RuntimeInstance, ActiveSegmentsAreCopiedInOrder) {
  auto instance = instantiateBytes(segmentsModule());
  ASSERT_TRUE(instance) << instance.error().describe();
  const void *f0 = instance->exported("f0").value().object;
  const void *f1 = instance->exported("f1").value().object;
  const rt::TableInstance &t = table(instance->exported("t").value());
  ASSERT_EQ(t.elements.size(), 3U);
  EXPECT_EQ(t.elements[0], f1); // segment 3, applied after segment 0
  EXPECT_EQ(t.elements[1], f0);
  EXPECT_EQ(t.elements[2], f1);
  const std::span<uint8_t> bytes = instance->memory("mem");
  EXPECT_EQ(std::string(bytes.begin() + 10, bytes.begin() + 13), "abc");
  EXPECT_EQ(bytes[9], 0);
  EXPECT_EQ(bytes[13], 0);
}

TEST(RuntimeInstantiate, ActiveAndDeclarativeSegmentsAreDropped) {
  auto module = compile(segmentsModule());
  ASSERT_TRUE(module) << module.error().describe();
  rt::StoreObjects objects{StoreLimits{}, {}, {}, {}, {}};
  interp::Thread thread(100, 1024);
  rt::ModuleInstance instance;
  auto result = rt::instantiate(objects, thread, instance, module->sharedImpl(), Linker{});
  ASSERT_TRUE(result) << result.error().describe();
  ASSERT_EQ(instance.elements.size(), 4U);
  EXPECT_TRUE(instance.elements[0].refs.empty());
  ASSERT_EQ(instance.elements[1].refs.size(), 1U);
  EXPECT_EQ(instance.elements[1].refs[0], instance.functions[1]);
  EXPECT_TRUE(instance.elements[2].refs.empty());
  EXPECT_TRUE(instance.elements[3].refs.empty());
  ASSERT_EQ(instance.datas.size(), 2U);
  EXPECT_TRUE(instance.datas[0].bytes.empty());
  EXPECT_EQ(instance.datas[1].bytes.size(), 2U);
  EXPECT_EQ(objects.functions.size(), 2U);
  EXPECT_EQ(objects.tables.size(), 1U);
  EXPECT_EQ(objects.memories.size(), 1U);
  EXPECT_EQ(instance.functions[0]->owner, &instance);
}

// Imports table "m" "t" and memory "m" "mem"; element segment 1 runs past the table's end;
// the data segment after it must not be applied.
Bytes elementTrapModule() {
  return wasm({
      section(0x01, {0x01, 0x60, 0x00, 0x00}),       // types: () -> ()
      section(0x02, {0x02,                           // imports: 2
                     0x01, 'm', 0x01, 't',           //   "m" "t"
                     0x01, 0x70, 0x00, 0x02,         //   table funcref min 2
                     0x01, 'm', 0x03, 'm', 'e', 'm', //   "m" "mem"
                     0x02, 0x00, 0x01}),             //   memory min 1
      section(0x03, {0x01, 0x00}),                   // functions: 1, type 0
      section(0x09, {0x02,                           // elements: 2
                     0x00, 0x41, 0x00, 0x0B,         //   active, offset i32.const 0
                     0x01, 0x00,                     //     funcs [0]
                     0x00, 0x41, 0x01, 0x0B,         //   active, offset i32.const 1
                     0x02, 0x00, 0x00}),             //     funcs [0 0]: one too many
      section(0x0A, {0x01, 0x02, 0x00, 0x0B}),       // code: 1 body, no locals, end
      section(0x0B, {0x01,                           // datas: 1
                     0x00, 0x41, 0x00, 0x0B,         //   active, offset i32.const 0
                     0x01, 'x'}),                    //   "x"
  });
}

TEST_F(RuntimeInstance, ElementSegmentOutOfBoundsTrapsAfterEarlierWrites) {
  const Extern hostTable = store_
                               .createTable(TableType{ValType::FuncRef, Limits{2, {}}},
                                            Value::ref(ValType::FuncRef, Ref{}))
                               .value();
  const Extern hostMemory = store_.createMemory(MemoryType{Limits{1, {}}}).value();
  linker_.define("m", "t", hostTable);
  linker_.define("m", "mem", hostMemory);
  auto instance = instantiateBytes(elementTrapModule());
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().code, ErrorCode::Trap);
  EXPECT_EQ(instance.error().message, "out of bounds table access");
  // The first segment's write stays, and its function outlives the failed instantiation.
  const auto *function = static_cast<const rt::FunctionInstance *>(table(hostTable).elements[0]);
  ASSERT_NE(function, nullptr);
  EXPECT_FALSE(function->isHost());
  EXPECT_EQ(function->owner->functions.at(0), function);
  EXPECT_EQ(table(hostTable).elements[1], nullptr);
  EXPECT_EQ(memory(hostMemory).data()[0], 0);
}

// Imports memory "m" "mem"; data segment 1 ends one byte past the first page.
Bytes dataTrapModule() {
  return wasm({
      section(0x02, {0x01,                           // imports: 1
                     0x01, 'm', 0x03, 'm', 'e', 'm', //   "m" "mem"
                     0x02, 0x00, 0x01}),             //   memory min 1
      section(0x0B, {0x02,                           // datas: 2
                     0x00, 0x41, 0x00, 0x0B,         //   active, offset i32.const 0
                     0x02, 'h', 'i',                 //     "hi"
                     0x00, 0x41,                     //   active, offset i32.const
                     0xFF, 0xFF, 0x03, 0x0B,         //     65535
                     0x02, 'a', 'b'}),               //     "ab"
  });
}

TEST_F(RuntimeInstance, DataSegmentOutOfBoundsTrapsAfterEarlierWrites) {
  const Extern hostMemory = store_.createMemory(MemoryType{Limits{1, {}}}).value();
  linker_.define("m", "mem", hostMemory);
  auto instance = instantiateBytes(dataTrapModule());
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().code, ErrorCode::Trap);
  EXPECT_EQ(instance.error().message, "out of bounds memory access");
  const uint8_t *bytes = memory(hostMemory).data();
  EXPECT_EQ(bytes[0], 'h');
  EXPECT_EQ(bytes[1], 'i');
  EXPECT_EQ(bytes[65535], 0);
}

// Empty segments at offset: a table of 2 and a memory of 1 page, each given an empty active
// segment; one past the end traps even with nothing to copy.
Bytes emptySegmentsModule(uint8_t tableOffset, std::initializer_list<uint8_t> memoryOffset) {
  Bytes datas{0x01, 0x00, 0x41}; // datas: 1, active, i32.const
  for (const uint8_t byte : memoryOffset) {
    datas.push_back(byte);
  }
  datas.push_back(0x0B); // end
  datas.push_back(0x00); // no bytes
  Bytes out = wasm({
      section(0x04, {0x01, 0x70, 0x00, 0x02}),      // tables: 1, funcref min 2
      section(0x05, {0x01, 0x00, 0x01}),            // memories: 1, min 1
      section(0x09, {0x01,                          // elements: 1
                     0x00, 0x41, tableOffset, 0x0B, //   active, offset i32.const tableOffset
                     0x00}),                        //   no funcs
  });
  out.push_back(0x0B); // data section
  out.push_back(static_cast<uint8_t>(datas.size()));
  for (const uint8_t byte : datas) {
    out.push_back(byte);
  }
  return out;
}

TEST_F(RuntimeInstance, EmptySegmentsAreBoundsCheckedToo) {
  EXPECT_TRUE(instantiateBytes(emptySegmentsModule(0x02, {0x80, 0x80, 0x04}))); // 65536
  auto table = instantiateBytes(emptySegmentsModule(0x03, {0x00}));
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().message, "out of bounds table access");
  auto memory = instantiateBytes(emptySegmentsModule(0x00, {0x81, 0x80, 0x04})); // 65537
  ASSERT_FALSE(memory);
  EXPECT_EQ(memory.error().message, "out of bounds memory access");
}

// ---- start function (needs the interpreter loop) --------------------------------------------

// Imports memory "m" "mem"; an active data segment writes 1 at address 0, then the start
// function runs: it stores 42 there, or with trap = true executes unreachable.
Bytes startModule(bool trap) {
  const Bytes code = trap ? section(0x0A, {0x01, 0x03, 0x00, // code: 1 body, 3 bytes, no locals
                                           0x00, 0x0B})      //   unreachable, end
                          : section(0x0A, {0x01, 0x09, 0x00, // code: 1 body, 9 bytes, no locals
                                           0x41, 0x00,       //   i32.const 0
                                           0x41, 0x2A,       //   i32.const 42
                                           0x36, 0x02, 0x00, //   i32.store align=4 offset=0
                                           0x0B});           //   end
  return wasm({
      section(0x01, {0x01, 0x60, 0x00, 0x00}),       // types: () -> ()
      section(0x02, {0x01,                           // imports: 1
                     0x01, 'm', 0x03, 'm', 'e', 'm', //   "m" "mem"
                     0x02, 0x00, 0x01}),             //   memory min 1
      section(0x03, {0x01, 0x00}),                   // functions: 1, type 0
      section(0x08, {0x00}),                         // start: func 0
      code,                                          //
      section(0x0B, {0x01, 0x00, 0x41, 0x00, 0x0B,   // datas: 1, active, i32.const 0
                     0x01, 0x01}),                   //   [1]
  });
}

TEST_F(RuntimeInstance, StartFunctionRunsAfterSegments) {
  const Extern hostMemory = store_.createMemory(MemoryType{Limits{1, {}}}).value();
  linker_.define("m", "mem", hostMemory);
  auto instance = instantiateBytes(startModule(false));
  ASSERT_TRUE(instance) << instance.error().describe();
  EXPECT_EQ(memory(hostMemory).data()[0], 42);
}

TEST_F(RuntimeInstance, StartFunctionTrapKeepsSegmentWrites) {
  const Extern hostMemory = store_.createMemory(MemoryType{Limits{1, {}}}).value();
  linker_.define("m", "mem", hostMemory);
  auto instance = instantiateBytes(startModule(true));
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().code, ErrorCode::Trap);
  EXPECT_EQ(instance.error().message, "unreachable");
  EXPECT_EQ(memory(hostMemory).data()[0], 1);
}

} // namespace
} // namespace runw::engine
