// SPDX-License-Identifier: Apache-2.0
// The `spectest` host module the core test suite imports from (print*, global_*, table, memory).
#pragma once

#include "engine/engine.h"
#include "engine/types.h"
#include "support/result.h"

#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace runw::spectest {

/// The import module name the suite uses.
inline constexpr std::string_view kSpectestModule = "spectest";

/// One export of the spectest module: its name, kind and type, and for globals and tables the
/// initial value.
struct HostExportSpec {
  std::string_view name;                              ///< export name ("print_i32")
  engine::ExternKind kind = engine::ExternKind::Func; ///< which of the types below applies
  engine::FuncType func;                              ///< kind == Func
  engine::TableType table;                            ///< kind == Table
  engine::MemoryType memory;                          ///< kind == Memory
  engine::GlobalType global;                          ///< kind == Global
  engine::Value initial; ///< Global: its value; Table: every element's value
};

/// The spectest module as the spec's reference interpreter defines it (interpreter/host/
/// spectest.ml): print, print_i32, print_i64, print_f32, print_f64, print_i32_f32,
/// print_f64_f64 (no results); global_i32 = 666, global_i64 = 666, global_f32 = 666.6,
/// global_f64 = 666.6 (immutable); table: 10 null funcrefs, max 20; memory: 1 page, max 2.
std::vector<HostExportSpec> spectestExports();

/// What a print_* call writes, as the reference interpreter does: one line per argument,
/// "42 : i32\n"; floats as decimal numbers; "" for print().
std::string formatPrint(std::span<const engine::Value> args);

/// Creates the spectest objects in store and defines them in linker under "spectest". The
/// print functions write formatPrint to printTo, or nothing when it is null.
Result<void> defineSpectestModule(engine::Store &store, engine::Linker &linker, std::FILE *printTo);

} // namespace runw::spectest
