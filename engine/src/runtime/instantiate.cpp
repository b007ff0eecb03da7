// SPDX-License-Identifier: Apache-2.0
// The instantiation algorithm of core spec 4.5.4 for WebAssembly 2.0.
#include "runtime/instantiate.h"

#include "runtime/const_eval.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

namespace runw::engine::rt {
namespace {

std::string importName(const ast::Import &import) {
  return fmt::format(R"("{}" "{}")", import.module, import.name);
}

// Whether object, defined as extern of import.kind, matches the import's declared type.
bool externMatches(const ast::Module &module, const ast::Import &import, const void *object) {
  switch (import.kind) {
  case ExternKind::Func:
    return static_cast<const FunctionInstance *>(object)->type ==
           module.types.at(import.funcTypeIndex);
  case ExternKind::Table: {
    const auto *table = static_cast<const TableInstance *>(object);
    const Limits actual{static_cast<uint32_t>(table->elements.size()), table->type.limits.max};
    return table->type.elemType == import.table.elemType &&
           limitsMatch(actual, import.table.limits);
  }
  case ExternKind::Memory: {
    const auto *memory = static_cast<const MemoryInstance *>(object);
    return limitsMatch(Limits{memory->pages(), memory->type().limits.max}, import.memory.limits);
  }
  case ExternKind::Global:
    return static_cast<const GlobalInstance *>(object)->type == import.global;
  }
  return false;
}

// Step 3-4: every import resolved through the linker and matched against its type.
Result<void> resolveImports(const ast::Module &module, const Linker &linker,
                            ModuleInstance &instance) {
  for (const ast::Import &import : module.imports) {
    const std::optional<Extern> found = linker.find(import.module, import.name);
    if (!found) {
      return fail(ErrorCode::NotFound, "unknown import: " + importName(import));
    }
    if (found->kind != import.kind || found->object == nullptr ||
        !externMatches(module, import, found->object)) {
      return fail(ErrorCode::Invalid, "incompatible import type: " + importName(import));
    }
    switch (import.kind) {
    case ExternKind::Func:
      instance.functions.push_back(static_cast<FunctionInstance *>(found->object));
      break;
    case ExternKind::Table:
      instance.tables.push_back(static_cast<TableInstance *>(found->object));
      break;
    case ExternKind::Memory:
      instance.memories.push_back(static_cast<MemoryInstance *>(found->object));
      break;
    case ExternKind::Global:
      instance.globals.push_back(static_cast<GlobalInstance *>(found->object));
      break;
    }
  }
  return {};
}

void allocateFunctions(StoreObjects &store, const ValidatedModule::Impl &module,
                       ModuleInstance &instance) {
  const ast::Module &ast = module.ast;
  for (size_t i = 0; i < ast.functionTypeIndices.size(); ++i) {
    auto function = std::make_unique<FunctionInstance>();
    function->type = ast.types.at(ast.functionTypeIndices[i]);
    function->owner = &instance;
    // Lowering fills one CompiledFunction per defined function; tolerate a module whose
    // code was not translated (no code means the interpreter cannot enter it).
    function->code = i < module.functions.size() ? &module.functions[i] : nullptr;
    function->index = static_cast<uint32_t>(instance.functions.size());
    instance.functions.push_back(function.get());
    store.functions.push_back(std::move(function));
  }
}

Result<void> allocateTablesAndMemories(StoreObjects &store, const ast::Module &ast,
                                       ModuleInstance &instance) {
  for (const TableType &type : ast.tables) {
    store.tables.push_back(TRY(createTable(type, nullptr)));
    instance.tables.push_back(store.tables.back().get());
  }
  for (const MemoryType &type : ast.memories) {
    store.memories.push_back(TRY(MemoryInstance::create(type, store.limits.maxMemoryPages)));
    instance.memories.push_back(store.memories.back().get());
  }
  return {};
}

// Globals are initialized in order, so an initializer sees the imported globals (and, as a
// harmless superset of 2.0, the globals defined before it).
Result<void> allocateGlobals(StoreObjects &store, const ast::Module &ast,
                             ModuleInstance &instance) {
  for (const ast::Global &global : ast.globals) {
    const Value value = TRY(evalConstExpr(ast, instance, global.init));
    auto object = std::make_unique<GlobalInstance>();
    object->type = global.type;
    writeGlobal(*object, value);
    instance.globals.push_back(object.get());
    store.globals.push_back(std::move(object));
  }
  return {};
}

Result<void> allocateSegments(const ast::Module &ast, ModuleInstance &instance) {
  for (const ast::ElementSegment &segment : ast.elements) {
    ElementInstance element;
    element.type = segment.elemType;
    if (segment.usesExprs) {
      for (const ast::ConstExpr &item : segment.itemExprs) {
        element.refs.push_back(TRY(evalConstExpr(ast, instance, item)).ref().ptr);
      }
    } else {
      for (const uint32_t index : segment.itemFuncIndices) {
        element.refs.push_back(instance.functions.at(index));
      }
    }
    instance.elements.push_back(std::move(element));
  }
  for (const ast::DataSegment &segment : ast.datas) {
    instance.datas.push_back(DataInstance{ast.view(segment.init)});
  }
  return {};
}

void collectExports(const ast::Module &ast, ModuleInstance &instance) {
  for (const ast::Export &exported : ast.exports) {
    void *object = nullptr;
    switch (exported.kind) {
    case ExternKind::Func:
      object = instance.functions.at(exported.index);
      break;
    case ExternKind::Table:
      object = instance.tables.at(exported.index);
      break;
    case ExternKind::Memory:
      object = instance.memories.at(exported.index);
      break;
    case ExternKind::Global:
      object = instance.globals.at(exported.index);
      break;
    }
    instance.exports.insert_or_assign(exported.name, Extern{exported.kind, object});
  }
}

// Active element segments run table.init then elem.drop; declarative ones are only dropped
// (core spec 4.5.4 step 14-15).
Result<void> initElements(const ast::Module &ast, ModuleInstance &instance) {
  for (size_t i = 0; i < ast.elements.size(); ++i) {
    const ast::ElementSegment &segment = ast.elements[i];
    ElementInstance &element = instance.elements[i];
    if (segment.mode == ast::SegmentMode::Active) {
      const uint64_t offset = TRY(evalConstExpr(ast, instance, segment.offset)).i32();
      TableInstance &table = *instance.tables.at(segment.tableIndex);
      if (offset + element.refs.size() > table.elements.size()) {
        return fail(ErrorCode::Trap, "out of bounds table access");
      }
      std::copy(element.refs.begin(), element.refs.end(),
                table.elements.begin() + static_cast<std::ptrdiff_t>(offset));
    }
    if (segment.mode != ast::SegmentMode::Passive) {
      element.refs.clear();
      element.refs.shrink_to_fit();
    }
  }
  return {};
}

// Active data segments run memory.init then data.drop (core spec 4.5.4 step 16).
Result<void> initDatas(const ast::Module &ast, ModuleInstance &instance) {
  for (size_t i = 0; i < ast.datas.size(); ++i) {
    const ast::DataSegment &segment = ast.datas[i];
    if (segment.mode != ast::SegmentMode::Active) {
      continue;
    }
    DataInstance &data = instance.datas[i];
    const uint64_t offset = TRY(evalConstExpr(ast, instance, segment.offset)).i32();
    MemoryInstance &memory = *instance.memories.at(segment.memoryIndex);
    if (offset + data.bytes.size() > memory.sizeBytes()) {
      return fail(ErrorCode::Trap, "out of bounds memory access");
    }
    if (!data.bytes.empty()) {
      std::memcpy(memory.data() + offset, data.bytes.data(), data.bytes.size());
    }
    data.bytes = {};
  }
  return {};
}

} // namespace

bool limitsMatch(const Limits &actual, const Limits &expected) {
  if (actual.min < expected.min) {
    return false;
  }
  if (!expected.max) {
    return true;
  }
  return actual.max && *actual.max <= *expected.max;
}

Result<void> instantiate(StoreObjects &store, interp::Thread &thread, ModuleInstance &instance,
                         std::shared_ptr<const ValidatedModule::Impl> module,
                         const Linker &linker) {
  const ast::Module &ast = module->ast;
  instance.module = std::move(module);
  TRY(resolveImports(ast, linker, instance));
  allocateFunctions(store, *instance.module, instance);
  TRY(allocateTablesAndMemories(store, ast, instance));
  TRY(allocateGlobals(store, ast, instance));
  TRY(allocateSegments(ast, instance));
  collectExports(ast, instance);
  TRY(initElements(ast, instance));
  TRY(initDatas(ast, instance));
  if (ast.start) {
    TRY(thread.call(*instance.functions.at(*ast.start), {}));
  }
  return {};
}

} // namespace runw::engine::rt
