// SPDX-License-Identifier: Apache-2.0
// The spectest host module's description and its print format.
#include "spectest/host_module.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace runw::spectest {
namespace {

using engine::ExternKind;
using engine::ValType;
using engine::Value;

std::map<std::string, HostExportSpec> byName() {
  std::map<std::string, HostExportSpec> out;
  for (const HostExportSpec &spec : spectestExports()) {
    EXPECT_TRUE(out.emplace(std::string(spec.name), spec).second) << spec.name;
  }
  return out;
}

TEST(SpectestModule, PrintFunctions) {
  const auto exports = byName();
  const std::map<std::string, std::vector<ValType>> want{
      {"print", {}},
      {"print_i32", {ValType::I32}},
      {"print_i64", {ValType::I64}},
      {"print_f32", {ValType::F32}},
      {"print_f64", {ValType::F64}},
      {"print_i32_f32", {ValType::I32, ValType::F32}},
      {"print_f64_f64", {ValType::F64, ValType::F64}},
  };
  for (const auto &[name, params] : want) {
    ASSERT_TRUE(exports.contains(name)) << name;
    const HostExportSpec &spec = exports.at(name);
    EXPECT_EQ(spec.kind, ExternKind::Func) << name;
    EXPECT_EQ(spec.func, (engine::FuncType{params, {}})) << name;
  }
}

TEST(SpectestModule, Globals) {
  const auto exports = byName();
  const std::map<std::string, Value> want{
      {"global_i32", Value::i32(666)},
      {"global_i64", Value::i64(666)},
      {"global_f32", Value::f32Bits(0x4426a666)},            // 666.6f
      {"global_f64", Value::f64Bits(0x4084d4cccccccccdULL)}, // 666.6
  };
  for (const auto &[name, value] : want) {
    ASSERT_TRUE(exports.contains(name)) << name;
    const HostExportSpec &spec = exports.at(name);
    EXPECT_EQ(spec.kind, ExternKind::Global) << name;
    EXPECT_EQ(spec.global, (engine::GlobalType{value.type(), false})) << name;
    EXPECT_EQ(spec.initial, value) << name;
  }
}

TEST(SpectestModule, TableAndMemory) {
  const auto exports = byName();
  ASSERT_TRUE(exports.contains("table"));
  const HostExportSpec &table = exports.at("table");
  EXPECT_EQ(table.kind, ExternKind::Table);
  EXPECT_EQ(table.table, (engine::TableType{ValType::FuncRef, engine::Limits{10, 20}}));
  EXPECT_EQ(table.initial, Value::ref(ValType::FuncRef, engine::Ref{}));
  ASSERT_TRUE(exports.contains("memory"));
  const HostExportSpec &memory = exports.at("memory");
  EXPECT_EQ(memory.kind, ExternKind::Memory);
  EXPECT_EQ(memory.memory, (engine::MemoryType{engine::Limits{1, 2}}));
  EXPECT_EQ(exports.size(), 13U);
}

TEST(SpectestModule, PrintFormat) {
  EXPECT_EQ(formatPrint({}), "");
  const std::vector<Value> args{Value::i32(0xffffffff), Value::f32(1.5F), Value::i64(7),
                                Value::f64(-0.25)};
  EXPECT_EQ(formatPrint(args), "-1 : i32\n1.5 : f32\n7 : i64\n-0.25 : f64\n");
}

} // namespace
} // namespace runw::spectest
