// SPDX-License-Identifier: Apache-2.0
// Runtime objects of a Store (core spec 4.2): function, table, memory, global, element and
// data instances, and module instances tying them together.
#pragma once

#include "ast/module.h"

#include "engine/engine.h"
#include "engine/types.h"

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace runw::engine::interp {
struct CompiledFunction;
}

namespace runw::engine::rt {

struct ModuleInstance;

/// One 8-byte cell of the interpreter's value stack; a v128 takes two consecutive cells.
union Slot {
  uint32_t i32;
  uint64_t i64;
  float f32;
  double f64;
  const void *ref;
};
static_assert(sizeof(Slot) == 8);

/// A wasm function of a module instance, or a host function. Its address is the funcref.
struct FunctionInstance {
  FuncType type;
  ModuleInstance *owner = nullptr;                ///< null for host functions
  const interp::CompiledFunction *code = nullptr; ///< wasm functions
  uint32_t index = 0;                             ///< index in the owner's function space
  HostFunction host;                              ///< host functions
  [[nodiscard]] bool isHost() const { return owner == nullptr; }
};

/// A linear memory, reserved once with mmap at its largest size and grown in place, so
/// its base address never changes while the instance lives.
class MemoryInstance {
public:
  static constexpr uint64_t kPageSize = 65536;

  /// Reserves address space for maxPages (the type's max, capped by the store limit) and
  /// makes the first type.limits.min pages accessible.
  static Result<std::unique_ptr<MemoryInstance>> create(const MemoryType &type,
                                                        uint32_t storeMaxPages);
  MemoryInstance(const MemoryInstance &) = delete;
  MemoryInstance &operator=(const MemoryInstance &) = delete;
  ~MemoryInstance();

  [[nodiscard]] uint8_t *data() const { return base_; }
  [[nodiscard]] uint64_t sizeBytes() const { return sizeBytes_; }
  [[nodiscard]] uint32_t pages() const { return static_cast<uint32_t>(sizeBytes_ / kPageSize); }
  [[nodiscard]] const MemoryType &type() const { return type_; }
  /// memory.grow: returns the old size in pages, or -1 (as uint32) when it cannot grow.
  uint32_t grow(uint32_t deltaPages);
  [[nodiscard]] std::span<uint8_t> bytes() const {
    return {base_, static_cast<size_t>(sizeBytes_)};
  }

private:
  MemoryInstance() = default;
  MemoryType type_;
  uint8_t *base_ = nullptr;
  uint64_t sizeBytes_ = 0;
  uint64_t reservedBytes_ = 0;
  uint32_t maxPages_ = 0;
};

/// A table of references (funcref: FunctionInstance*, externref: host pointer).
struct TableInstance {
  TableType type;
  std::vector<const void *> elements;
  /// table.grow: returns the old size, or -1 (as uint32) when it cannot grow.
  uint32_t grow(uint32_t delta, const void *init);
};

/// A global variable. v128 globals use both cells.
struct GlobalInstance {
  GlobalType type;
  Slot value[2]{};
};

/// A passive or active element segment's references at runtime; dropped segments are empty.
struct ElementInstance {
  ValType type = ValType::FuncRef;
  std::vector<const void *> refs;
};

/// A data segment's bytes at runtime; dropped segments are empty.
struct DataInstance {
  std::span<const uint8_t> bytes;
};

/// An instantiated module: its index spaces resolved to store objects.
struct ModuleInstance {
  std::shared_ptr<const ValidatedModule::Impl> module;
  std::vector<FunctionInstance *> functions;
  std::vector<TableInstance *> tables;
  std::vector<MemoryInstance *> memories;
  std::vector<GlobalInstance *> globals;
  std::vector<ElementInstance> elements;
  std::vector<DataInstance> datas;
  std::map<std::string, Extern, std::less<>> exports;
};

} // namespace runw::engine::rt
