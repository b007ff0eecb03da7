// SPDX-License-Identifier: Apache-2.0
// Embedding API of runw's WebAssembly engine: load -> validate -> instantiate -> invoke.
//
// Status: the identity functions and hasWasmPreamble are implemented; the pipeline below is
// being built (issue 3) and its declarations are the contract the loader, validator,
// interpreter, spec runner and WASI are written against.
#pragma once

#include "engine/types.h"
#include "support/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace runw::engine {

/// The engine's own version string.
std::string_view version();

/// The WebAssembly core specification version the engine targets.
std::string_view targetWasmVersion();

/// True when bytes start with the WebAssembly binary preamble: the magic "\0asm" followed by
/// binary format version 1 (core spec 5.5.16 "Modules"). This is what decides that a
/// container's entrypoint is a wasm module when no annotation says so.
bool hasWasmPreamble(std::span<const uint8_t> bytes);

// ---- modules --------------------------------------------------------------------------------

/// An import a module declares.
struct ImportDesc {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  FuncType func;     ///< kind == Func
  TableType table;   ///< kind == Table
  MemoryType memory; ///< kind == Memory
  GlobalType global; ///< kind == Global
};

/// An export a module declares.
struct ExportDesc {
  std::string name;
  ExternKind kind = ExternKind::Func;
};

/// An exported function and its signature.
struct FunctionExportDesc {
  std::string name;
  FuncType type;
};

/// A decoded but unvalidated module. Errors from load() are "malformed" in spec terms and
/// read `offset 0x1f: integer representation too long`.
class Module {
public:
  Module(Module &&) noexcept;
  Module &operator=(Module &&) noexcept;
  ~Module();
  [[nodiscard]] std::vector<ImportDesc> imports() const;
  [[nodiscard]] std::vector<ExportDesc> exports() const;

  struct Impl;
  explicit Module(std::unique_ptr<Impl> impl);
  [[nodiscard]] Impl &impl() const { return *impl_; }

private:
  std::unique_ptr<Impl> impl_;
};

/// A module that passed validation, with its functions translated for the interpreter. Only
/// this type can be instantiated. Immutable, so one can be instantiated on several threads.
class ValidatedModule {
public:
  ValidatedModule(ValidatedModule &&) noexcept;
  ValidatedModule &operator=(ValidatedModule &&) noexcept;
  ~ValidatedModule();
  [[nodiscard]] std::vector<ImportDesc> imports() const;
  [[nodiscard]] std::vector<ExportDesc> exports() const;
  /// The exported functions with their signatures.
  [[nodiscard]] std::vector<FunctionExportDesc> exportedFunctions() const;

  struct Impl;
  explicit ValidatedModule(std::shared_ptr<const Impl> impl);
  [[nodiscard]] const Impl &impl() const { return *impl_; }
  /// Shared ownership, so instances keep the module's code alive.
  [[nodiscard]] std::shared_ptr<const Impl> sharedImpl() const { return impl_; }

private:
  std::shared_ptr<const Impl> impl_;
};

/// Decodes a binary module (syntax only).
Result<Module> load(std::span<const uint8_t> bytes);
/// The same, taking over `bytes` instead of copying them (a module read from a file).
Result<Module> load(std::vector<uint8_t> &&bytes);

/// Checks a module against the type system; errors are "invalid" in spec terms and read
/// `offset 0x2a: type mismatch` (function bodies name the function too).
Result<ValidatedModule> validate(Module &&module);

// ---- runtime objects ------------------------------------------------------------------------

/// Bounds on what a module may use in a Store.
struct StoreLimits {
  /// Largest memory, in 64 KiB pages, any memory may reach (memory.grow fails beyond).
  uint32_t maxMemoryPages = 65536;
  /// Deepest wasm call nesting before "call stack exhausted". Host -> wasm re-entries count
  /// too; they nest on the native stack, so at most 256 do, and none starts near its end.
  uint32_t maxCallDepth = 10000;
};

/// A function, table, memory or global owned by a Store, as exported or imported.
struct Extern {
  ExternKind kind = ExternKind::Func;
  void *object = nullptr; ///< engine-internal; valid while the Store lives
};

class Store;

/// What a host function sees besides its arguments: the calling instance's memory, for
/// WASI-style pointer arguments.
struct HostContext {
  Store *store = nullptr; ///< the Store running the call
  /// Memory 0 of the calling instance (empty when it has none). Grows invalidate it.
  std::span<uint8_t> memory;
};

/// A host function. results start as zeros of their types and must keep those types.
/// Returning an error traps the caller with that error (code and message unchanged). It may
/// invoke functions of the same Store again (re-entry), up to the call depth limit.
using HostFunction = std::function<Result<void>(HostContext &context, std::span<const Value> args,
                                                std::span<Value> results)>;

/// Owns every instance, function, table, memory and global created in it. A Store is used by
/// one thread at a time; separate Stores run on separate threads independently.
class Store {
public:
  explicit Store(const StoreLimits &limits = {});
  Store(const Store &) = delete;
  Store &operator=(const Store &) = delete;
  ~Store();

  /// Stops the wasm code running in this Store at its next loop iteration or call with the
  /// trap "interrupted". Safe to call from any thread, and from a host function. A request
  /// made while no code runs is kept: the next invoke (or start function) traps "interrupted"
  /// before its first instruction, so a request racing an invoke's start is never lost. The
  /// invoke a request stops consumes it (requests do not accumulate), so the invoke after
  /// that runs normally; a request that arrives as an invoke returns normally stops the next.
  void interrupt();

  /// Host-created objects, to be offered as imports.
  Extern createHostFunction(FuncType type, HostFunction function);
  Result<Extern> createTable(const TableType &type, Value initial);
  Result<Extern> createMemory(const MemoryType &type);
  Result<Extern> createGlobal(const GlobalType &type, Value initial);

  struct Impl;
  [[nodiscard]] Impl &impl() { return *impl_; }

private:
  std::unique_ptr<Impl> impl_;
};

/// Named externs that imports resolve against ("module" "name" -> Extern).
class Linker {
public:
  /// Defines one import name.
  void define(std::string module, std::string name, Extern value);
  /// Finds a definition.
  [[nodiscard]] std::optional<Extern> find(std::string_view module, std::string_view name) const;

private:
  struct Entry {
    std::string module;
    std::string name;
    Extern value;
  };
  std::vector<Entry> entries_;
};

/// An instantiated module living in a Store.
class Instance {
public:
  /// Calls an exported function. A trap is an error with ErrorCode::Trap whose message is the
  /// spec's trap text ("integer divide by zero", "call stack exhausted", ...).
  Result<std::vector<Value>> invoke(std::string_view exportName, std::span<const Value> args);
  /// An export by name, for linking into another module.
  [[nodiscard]] std::optional<Extern> exported(std::string_view name) const;
  /// Current value of an exported global.
  Result<Value> globalValue(std::string_view exportName) const;
  /// Bytes of an exported memory (empty if there is none by that name).
  [[nodiscard]] std::span<uint8_t> memory(std::string_view exportName) const;

  struct Impl;
  Instance(Store &store, Impl *impl) : store_(&store), impl_(impl) {}

private:
  Store *store_;
  Impl *impl_; ///< owned by the Store
};

/// Resolves imports through linker, allocates the module's objects in store, applies element
/// and data segments in spec order and runs the start function. A missing or mismatched
/// import is ErrorCode::NotFound / Invalid ("unknown import", "incompatible import type");
/// a trap during segment init or start is ErrorCode::Trap.
Result<Instance> instantiate(Store &store, const ValidatedModule &module, const Linker &linker);

} // namespace runw::engine
