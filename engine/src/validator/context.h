// SPDX-License-Identifier: Apache-2.0
// Context: what a module defines and imports, indexed as instructions see it (core spec 3.1.1).
#pragma once

#include "ast/module.h"

#include "engine/types.h"
#include "support/result.h"

#include <cstdint>
#include <optional>
#include <unordered_set>
#include <vector>

namespace runw::engine::validator {

/// The index spaces of a module (imports first, then definitions) plus C.refs.
struct Context {
  const ast::Module *module = nullptr;
  std::vector<uint32_t> funcTypes; ///< type index of every function
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<GlobalType> globals;
  std::vector<ValType> elemTypes; ///< element type of every element segment
  std::optional<uint32_t> dataCount;
  /// Functions that may be named by ref.func inside function bodies: those referenced from
  /// elements, globals and exports (core spec 3.4.10, C.refs).
  std::unordered_set<uint32_t> declaredRefs;

  [[nodiscard]] const FuncType &funcType(uint32_t funcIndex) const {
    return module->types[funcTypes[funcIndex]];
  }
};

/// Builds the context; fails on out-of-range type indices of functions and imports.
Result<Context> buildContext(const ast::Module &module);

} // namespace runw::engine::validator
