// SPDX-License-Identifier: Apache-2.0
// The interpreter's entry points: translating validated function bodies into compact code,
// and running a function on a thread's value stack.
#pragma once

#include "ast/module.h"

#include "engine/engine.h"
#include "runtime/objects.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace runw::engine::interp {

/// One function translated for the interpreter (see lower.cpp for the code format).
struct CompiledFunction {
  std::vector<uint64_t> code;
  uint32_t paramSlots = 0;  ///< cells taken by the parameters (v128 = 2)
  uint32_t localSlots = 0;  ///< parameters + declared locals
  uint32_t frameSlots = 0;  ///< locals + the deepest operand stack
  uint32_t resultSlots = 0; ///< cells taken by the results
};

/// Translates every defined function of a validated module (index i = defined function i).
Result<std::vector<CompiledFunction>> compileModule(const ast::Module &module);

/// Why execution stopped early (defined in execute.h).
enum class TrapKind : uint8_t;

/// Saved caller state of one wasm-to-wasm call.
struct Frame {
  const uint64_t *returnPc;
  rt::Slot *fp;
  rt::ModuleInstance *instance;
  const uint64_t *codeBase;
};

/// Per-Store execution state: the value stack and the call stack, allocated once.
class Thread {
public:
  Thread(uint32_t maxCallDepth, size_t valueStackSlots);
  Thread(const Thread &) = delete;
  Thread &operator=(const Thread &) = delete;

  /// Calls function with args, returning its results; traps are ErrorCode::Trap errors
  /// with the spec's trap text. A host function may call back in (re-entry).
  Result<std::vector<Value>> call(rt::FunctionInstance &function, std::span<const Value> args);

  /// Set from any thread to stop the running code with the trap "interrupted". A request
  /// made while nothing runs stops the next call; the outermost call it stopped clears it.
  std::atomic<bool> interruptRequested{false};

  /// The Store this thread runs code for, handed to host functions.
  Store *store = nullptr;

  /// Most calls in progress at once (the outermost plus host -> wasm re-entries). Each one
  /// holds native stack, so deeper re-entry traps "call stack exhausted"; so does a call
  /// that would start near the end of the OS thread's stack.
  static constexpr uint32_t kMaxActiveCalls = 256;

private:
  friend class Executor;
  /// True when the calling OS thread's stack is too close to its end for another call.
  static bool nativeStackLow();
  Result<std::vector<Value>> enter(rt::FunctionInstance &function, std::span<const Value> args,
                                   TrapKind &trap);

  uint32_t maxCallDepth_;
  /// The value stack. Left uninitialized (frames zero their own locals), so the kernel maps
  /// its pages only as calls reach them: a module that never recurses deeply costs a few KiB
  /// of the 8 MiB reservation instead of all of it.
  std::unique_ptr<rt::Slot[]> values_;
  size_t valueSlots_ = 0;
  std::vector<Frame> frames_;       ///< capacity maxCallDepth, never reallocated
  size_t valuesInUse_ = 0;          ///< cells held by calls in progress (host -> wasm re-entry)
  uint32_t activeCalls_ = 0;        ///< the outermost call plus host -> wasm re-entries
  bool interruptDelivered_ = false; ///< a call in progress trapped "interrupted"
};

} // namespace runw::engine::interp
