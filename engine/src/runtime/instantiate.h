// SPDX-License-Identifier: Apache-2.0
// Module instantiation (core spec 4.5.4): import resolution and matching, allocation of a
// module's objects, element and data segment initialization, and the start function.
#pragma once

#include "api/module_impl.h"
#include "interp/interp.h"

#include "engine/engine.h"
#include "runtime/objects.h"
#include "support/result.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace runw::engine::rt {

/// The most elements a table may hold in this engine; table.grow fails beyond it and a
/// larger initial size is a Limit error, so a module cannot exhaust host memory by one table.
inline constexpr uint32_t kMaxTableElements = 10'000'000;

/// The function, table, memory and global instances a Store owns. Objects are never freed
/// before the Store, so their addresses (funcrefs, Extern::object) stay valid.
struct StoreObjects {
  StoreLimits limits;
  std::vector<std::unique_ptr<FunctionInstance>> functions;
  std::vector<std::unique_ptr<TableInstance>> tables;
  std::vector<std::unique_ptr<MemoryInstance>> memories;
  std::vector<std::unique_ptr<GlobalInstance>> globals;
};

/// A table of type.limits.min elements, all init; a Limit error above kMaxTableElements.
Result<std::unique_ptr<TableInstance>> createTable(const TableType &type, const void *init);

/// True when an extern of type actual may be imported where expected is declared (core spec
/// 4.5.2 "Import matching"): limits subtyping, with the current size as the minimum.
bool limitsMatch(const Limits &actual, const Limits &expected);

/// Instantiates module into instance (already owned by the caller's Store), allocating its
/// objects in store and running its start function on thread. Link errors are NotFound
/// ("unknown import: \"m\" \"n\"") or Invalid ("incompatible import type: ..."); a trap while
/// initializing segments or in the start function is a Trap error. After a trap the objects
/// allocated so far, and the segment writes done before it, remain (WebAssembly 2.0).
Result<void> instantiate(StoreObjects &store, interp::Thread &thread, ModuleInstance &instance,
                         std::shared_ptr<const ValidatedModule::Impl> module, const Linker &linker);

} // namespace runw::engine::rt
