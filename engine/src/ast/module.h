// SPDX-License-Identifier: Apache-2.0
// Module: the decoded, not yet validated, form of a WebAssembly binary (core spec 2.5, 5.5).
#pragma once

#include "engine/types.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace runw::engine::ast {

/// A byte range of Module::bytes (offset from the start of the binary).
struct ByteRange {
  uint32_t offset = 0;
  uint32_t size = 0;
};

using engine::FuncType;
using engine::GlobalType;
using engine::Limits;
using engine::MemoryType;
using engine::TableType;

/// A constant expression (global initializers, segment offsets, element items): the raw
/// instruction bytes including the final `end`. The validator checks them, instantiation
/// evaluates them.
struct ConstExpr {
  ByteRange code;
};

/// One import. Exactly one of the descriptors is meaningful, chosen by kind.
struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t funcTypeIndex = 0;
  TableType table;
  MemoryType memory;
  GlobalType global;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

/// Active segments are copied at instantiation, passive ones on request, declarative ones
/// only declare function references (core spec 2.5.7, 2.5.8).
enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElementSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t tableIndex = 0;
  ConstExpr offset; ///< active only
  ValType elemType = ValType::FuncRef;
  /// Items as expressions (forms 4-7) or as function indices (forms 0-3); one is used.
  std::vector<ConstExpr> itemExprs;
  std::vector<uint32_t> itemFuncIndices;
  bool usesExprs = false;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t memoryIndex = 0;
  ConstExpr offset; ///< active only
  ByteRange init;
};

/// Locals and code of one defined function (core spec 5.5.13).
struct FunctionBody {
  /// Declared locals after the parameters, run-length decoded into one type per local.
  std::vector<ValType> locals;
  /// Instruction bytes, from the first instruction to the final `end` inclusive.
  ByteRange code;
};

/// A custom section kept as-is (core spec 5.5.3).
struct CustomSection {
  std::string name;
  ByteRange content;
};

/// What the "name" custom section says (core spec 7.4), used in diagnostics.
struct Names {
  std::optional<std::string> module;
  std::map<uint32_t, std::string> functions;
};

/// A decoded module. It owns its bytes; ByteRanges point into them.
struct Module {
  std::vector<uint8_t> bytes;

  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<uint32_t> functionTypeIndices; ///< one per defined (non-imported) function
  std::vector<TableType> tables;             ///< defined tables
  std::vector<MemoryType> memories;          ///< defined memories
  std::vector<Global> globals;               ///< defined globals
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElementSegment> elements;
  std::optional<uint32_t> dataCount;
  std::vector<FunctionBody> bodies; ///< parallel to functionTypeIndices
  std::vector<DataSegment> datas;
  std::vector<CustomSection> customs;
  Names names;

  /// Imports of each kind, counted once after loading.
  uint32_t importedFuncs = 0;
  uint32_t importedTables = 0;
  uint32_t importedMemories = 0;
  uint32_t importedGlobals = 0;

  /// The bytes of a range.
  [[nodiscard]] std::span<const uint8_t> view(ByteRange range) const {
    return std::span<const uint8_t>(bytes).subspan(range.offset, range.size);
  }
};

} // namespace runw::engine::ast
