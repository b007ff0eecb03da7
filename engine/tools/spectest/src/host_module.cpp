// SPDX-License-Identifier: Apache-2.0
// The spectest host module's exports (names, types, initial values) and its print format.
#include "spectest/host_module.h"

#include <fmt/format.h>

namespace runw::spectest {

using engine::ExternKind;
using engine::ValType;

namespace {

HostExportSpec func(std::string_view name, std::vector<ValType> params) {
  HostExportSpec spec;
  spec.name = name;
  spec.kind = ExternKind::Func;
  spec.func = engine::FuncType{std::move(params), {}};
  return spec;
}

HostExportSpec global(std::string_view name, ValType type, engine::Value initial) {
  HostExportSpec spec;
  spec.name = name;
  spec.kind = ExternKind::Global;
  spec.global = engine::GlobalType{type, false};
  spec.initial = initial;
  return spec;
}

} // namespace

std::vector<HostExportSpec> spectestExports() {
  std::vector<HostExportSpec> exports{
      func("print", {}),
      func("print_i32", {ValType::I32}),
      func("print_i64", {ValType::I64}),
      func("print_f32", {ValType::F32}),
      func("print_f64", {ValType::F64}),
      func("print_i32_f32", {ValType::I32, ValType::F32}),
      func("print_f64_f64", {ValType::F64, ValType::F64}),
      global("global_i32", ValType::I32, engine::Value::i32(666)),
      global("global_i64", ValType::I64, engine::Value::i64(666)),
      global("global_f32", ValType::F32, engine::Value::f32(666.6F)),
      global("global_f64", ValType::F64, engine::Value::f64(666.6)),
  };
  HostExportSpec table;
  table.name = "table";
  table.kind = ExternKind::Table;
  table.table = engine::TableType{ValType::FuncRef, engine::Limits{10, 20}};
  table.initial = engine::Value::ref(ValType::FuncRef, engine::Ref{});
  exports.push_back(table);
  HostExportSpec memory;
  memory.name = "memory";
  memory.kind = ExternKind::Memory;
  memory.memory = engine::MemoryType{engine::Limits{1, 2}};
  exports.push_back(memory);
  return exports;
}

std::string formatPrint(std::span<const engine::Value> args) {
  std::string out;
  for (const engine::Value &value : args) {
    switch (value.type()) {
    case ValType::I32:
      out += fmt::format("{} : i32\n", static_cast<int32_t>(value.i32()));
      break;
    case ValType::I64:
      out += fmt::format("{} : i64\n", static_cast<int64_t>(value.i64()));
      break;
    case ValType::F32:
      out += fmt::format("{} : f32\n", value.f32());
      break;
    case ValType::F64:
      out += fmt::format("{} : f64\n", value.f64());
      break;
    default:
      out += fmt::format("? : {}\n", engine::valTypeName(value.type()));
      break;
    }
  }
  return out;
}

} // namespace runw::spectest
