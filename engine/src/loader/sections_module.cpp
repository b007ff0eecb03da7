// SPDX-License-Identifier: Apache-2.0
// Readers of the type, import, function, table, memory, global, export and start sections
// (core spec 5.5.4-5.5.11).
#include "loader/decoder.h"

#include <utility>

namespace runw::engine::loader {
namespace {

constexpr uint8_t kFuncTypeForm = 0x60;
constexpr uint8_t kHighBit = 0x80;

Result<void> readResultType(Decoder &decoder, std::vector<ValType> &out) {
  return readVec(decoder, [&]() -> Result<void> {
    out.push_back(TRY(decoder.valType()));
    return {};
  });
}

Result<FuncType> readFuncType(Decoder &decoder) {
  const size_t start = decoder.offset();
  const uint8_t form = TRY(decoder.byte());
  if (form != kFuncTypeForm) {
    // The form is a one-byte s7 in the reference interpreter (binary.wast).
    return Decoder::error(start, (form & kHighBit) != 0 ? "integer representation too long"
                                                        : "malformed function type");
  }
  FuncType type;
  TRY(readResultType(decoder, type.params));
  TRY(readResultType(decoder, type.results));
  return type;
}

Result<ExternKind> readExternKind(Decoder &decoder, std::string_view malformedText) {
  const size_t start = decoder.offset();
  const uint8_t kind = TRY(decoder.byte());
  if (kind > static_cast<uint8_t>(ExternKind::Global)) {
    return Decoder::error(start, malformedText);
  }
  return static_cast<ExternKind>(kind);
}

Result<ast::Import> readImport(Decoder &decoder) {
  ast::Import import;
  import.module = TRY(decoder.name());
  import.name = TRY(decoder.name());
  import.kind = TRY(readExternKind(decoder, "malformed import kind"));
  switch (import.kind) {
  case ExternKind::Func:
    import.funcTypeIndex = TRY(decoder.u32());
    break;
  case ExternKind::Table:
    import.table = TRY(decoder.tableType());
    break;
  case ExternKind::Memory:
    import.memory.limits = TRY(decoder.limits());
    break;
  case ExternKind::Global:
    import.global = TRY(decoder.globalType());
    break;
  }
  return import;
}

void countImport(ast::Module &module, ExternKind kind) {
  switch (kind) {
  case ExternKind::Func:
    ++module.importedFuncs;
    break;
  case ExternKind::Table:
    ++module.importedTables;
    break;
  case ExternKind::Memory:
    ++module.importedMemories;
    break;
  case ExternKind::Global:
    ++module.importedGlobals;
    break;
  }
}

} // namespace

Result<void> readTypeSection(Decoder &decoder, ast::Module &module) {
  return readVec(decoder, [&]() -> Result<void> {
    module.types.push_back(TRY(readFuncType(decoder)));
    return {};
  });
}

Result<void> readImportSection(Decoder &decoder, ast::Module &module) {
  return readVec(decoder, [&]() -> Result<void> {
    module.imports.push_back(TRY(readImport(decoder)));
    countImport(module, module.imports.back().kind);
    return {};
  });
}

Result<void> readFunctionSection(Decoder &decoder, ast::Module &module) {
  return readVec(decoder, [&]() -> Result<void> {
    module.functionTypeIndices.push_back(TRY(decoder.u32()));
    return {};
  });
}

Result<void> readTableSection(Decoder &decoder, ast::Module &module) {
  return readVec(decoder, [&]() -> Result<void> {
    module.tables.push_back(TRY(decoder.tableType()));
    return {};
  });
}

Result<void> readMemorySection(Decoder &decoder, ast::Module &module) {
  return readVec(decoder, [&]() -> Result<void> {
    module.memories.push_back(MemoryType{TRY(decoder.limits())});
    return {};
  });
}

Result<void> readGlobalSection(Decoder &decoder, ast::Module &module) {
  return readVec(decoder, [&]() -> Result<void> {
    ast::Global global;
    global.type = TRY(decoder.globalType());
    global.init = TRY(decoder.constExpr());
    module.globals.push_back(global);
    return {};
  });
}

Result<void> readExportSection(Decoder &decoder, ast::Module &module) {
  return readVec(decoder, [&]() -> Result<void> {
    ast::Export exp;
    exp.name = TRY(decoder.name());
    exp.kind = TRY(readExternKind(decoder, "malformed export kind"));
    exp.index = TRY(decoder.u32());
    module.exports.push_back(std::move(exp));
    return {};
  });
}

Result<void> readStartSection(Decoder &decoder, ast::Module &module) {
  module.start = TRY(decoder.u32());
  return {};
}

} // namespace runw::engine::loader
