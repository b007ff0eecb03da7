// SPDX-License-Identifier: Apache-2.0
// Module-level validation (core spec 3.4): index spaces, limits, exports, start, segments,
// then every function body.
#include "validator/validator.h"

#include "validator/const_expr.h"
#include "validator/context.h"
#include "validator/errors.h"
#include "validator/function_validator.h"

#include <fmt/format.h>

#include <string>
#include <unordered_set>

namespace runw::engine::validator {
namespace {

constexpr uint32_t kMaxPages = 65536;

Result<void> checkTypeIndex(const ast::Module &module, uint32_t index) {
  if (index >= module.types.size()) {
    return invalidAt(0, fmt::format("unknown type {}", index));
  }
  return {};
}

Result<void> checkTableLimits(const Limits &limits) {
  if (limits.max && limits.min > *limits.max) {
    return invalidAt(0, "size minimum must not be greater than maximum");
  }
  return {};
}

Result<void> checkMemoryLimits(const Limits &limits) {
  if (limits.min > kMaxPages || (limits.max && *limits.max > kMaxPages)) {
    return invalidAt(0, "memory size must be at most 65536 pages (4GiB)");
  }
  return checkTableLimits(limits);
}

Result<void> addImports(const ast::Module &module, Context &context) {
  for (const ast::Import &import : module.imports) {
    switch (import.kind) {
    case ExternKind::Func:
      TRY(checkTypeIndex(module, import.funcTypeIndex));
      context.funcTypes.push_back(import.funcTypeIndex);
      break;
    case ExternKind::Table:
      TRY(checkTableLimits(import.table.limits));
      context.tables.push_back(import.table);
      break;
    case ExternKind::Memory:
      TRY(checkMemoryLimits(import.memory.limits));
      context.memories.push_back(import.memory);
      break;
    case ExternKind::Global:
      context.globals.push_back(import.global);
      break;
    }
  }
  return {};
}

void collectDeclaredRefs(const ast::Module &module, Context &context) {
  auto add = [&context](uint32_t index) { context.declaredRefs.insert(index); };
  for (const ast::Global &global : module.globals) {
    forEachRefFunc(module, global.init, add);
  }
  for (const ast::ElementSegment &segment : module.elements) {
    for (const uint32_t index : segment.itemFuncIndices) {
      add(index);
    }
    for (const ast::ConstExpr &item : segment.itemExprs) {
      forEachRefFunc(module, item, add);
    }
  }
  for (const ast::Export &exported : module.exports) {
    if (exported.kind == ExternKind::Func) {
      add(exported.index);
    }
  }
}

} // namespace

Result<Context> buildContext(const ast::Module &module) {
  Context context;
  context.module = &module;
  TRY(addImports(module, context));
  for (const uint32_t typeIndex : module.functionTypeIndices) {
    TRY(checkTypeIndex(module, typeIndex));
    context.funcTypes.push_back(typeIndex);
  }
  for (const TableType &table : module.tables) {
    TRY(checkTableLimits(table.limits));
    context.tables.push_back(table);
  }
  for (const MemoryType &memory : module.memories) {
    TRY(checkMemoryLimits(memory.limits));
    context.memories.push_back(memory);
  }
  if (context.memories.size() > 1) {
    return invalidAt(0, "multiple memories");
  }
  for (const ast::Global &global : module.globals) {
    context.globals.push_back(global.type);
  }
  for (const ast::ElementSegment &segment : module.elements) {
    context.elemTypes.push_back(segment.elemType);
  }
  context.dataCount = module.dataCount;
  collectDeclaredRefs(module, context);
  return context;
}

namespace {

Result<void> validateGlobals(const Context &context) {
  const ast::Module &module = *context.module;
  for (const ast::Global &global : module.globals) {
    TRY(validateConstExpr(context, global.init, global.type.type, module.importedGlobals));
  }
  return {};
}

Result<void> checkExportIndex(const Context &context, const ast::Export &exported) {
  size_t limit = 0;
  const char *what = "";
  switch (exported.kind) {
  case ExternKind::Func:
    limit = context.funcTypes.size();
    what = "unknown function";
    break;
  case ExternKind::Table:
    limit = context.tables.size();
    what = "unknown table";
    break;
  case ExternKind::Memory:
    limit = context.memories.size();
    what = "unknown memory";
    break;
  case ExternKind::Global:
    limit = context.globals.size();
    what = "unknown global";
    break;
  }
  if (exported.index >= limit) {
    return invalidAt(0, fmt::format("{} {}", what, exported.index));
  }
  return {};
}

Result<void> validateExportsAndStart(const Context &context) {
  const ast::Module &module = *context.module;
  std::unordered_set<std::string_view> names;
  for (const ast::Export &exported : module.exports) {
    TRY(checkExportIndex(context, exported));
    if (!names.insert(exported.name).second) {
      return invalidAt(0, "duplicate export name");
    }
  }
  if (module.start) {
    if (*module.start >= context.funcTypes.size()) {
      return invalidAt(0, fmt::format("unknown function {}", *module.start));
    }
    const FuncType &type = context.funcType(*module.start);
    if (!type.params.empty() || !type.results.empty()) {
      return invalidAt(0, "start function");
    }
  }
  return {};
}

Result<void> validateElements(const Context &context) {
  const ast::Module &module = *context.module;
  for (const ast::ElementSegment &segment : module.elements) {
    if (segment.mode == ast::SegmentMode::Active) {
      if (segment.tableIndex >= context.tables.size()) {
        return invalidAt(segment.offset.code.offset,
                         fmt::format("unknown table {}", segment.tableIndex));
      }
      TRY(validateConstExpr(context, segment.offset, ValType::I32, module.importedGlobals));
      if (context.tables[segment.tableIndex].elemType != segment.elemType) {
        return invalidAt(segment.offset.code.offset, "type mismatch");
      }
    }
    for (const ast::ConstExpr &item : segment.itemExprs) {
      TRY(validateConstExpr(context, item, segment.elemType, module.importedGlobals));
    }
    for (const uint32_t index : segment.itemFuncIndices) {
      if (index >= context.funcTypes.size()) {
        return invalidAt(0, fmt::format("unknown function {}", index));
      }
    }
  }
  return {};
}

Result<void> validateDatas(const Context &context) {
  const ast::Module &module = *context.module;
  for (const ast::DataSegment &segment : module.datas) {
    if (segment.mode != ast::SegmentMode::Active) {
      continue;
    }
    if (segment.memoryIndex >= context.memories.size()) {
      return invalidAt(segment.offset.code.offset,
                       fmt::format("unknown memory {}", segment.memoryIndex));
    }
    TRY(validateConstExpr(context, segment.offset, ValType::I32, module.importedGlobals));
  }
  return {};
}

Result<void> validateBodies(const Context &context) {
  const ast::Module &module = *context.module;
  FunctionValidator functions(context);
  for (size_t i = 0; i < module.bodies.size(); ++i) {
    const auto funcIndex = static_cast<uint32_t>(module.importedFuncs + i);
    TRY(functions.validate(funcIndex, module.bodies[i]));
  }
  return {};
}

} // namespace

Result<void> validateModule(const ast::Module &module) {
  const Context context = TRY(buildContext(module));
  TRY(validateGlobals(context));
  TRY(validateExportsAndStart(context));
  TRY(validateElements(context));
  TRY(validateDatas(context));
  TRY(validateBodies(context));
  return {};
}

} // namespace runw::engine::validator
