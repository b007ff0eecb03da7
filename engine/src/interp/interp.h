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
  /// with the spec's trap text.
  Result<std::vector<Value>> call(rt::FunctionInstance &function, std::span<const Value> args);

  /// Set from any thread to stop the running code with the trap "interrupted".
  std::atomic<bool> interruptRequested{false};

private:
  friend class Executor;
  uint32_t maxCallDepth_;
  std::vector<rt::Slot> values_;
  std::vector<Frame> frames_; ///< capacity maxCallDepth, never reallocated
  size_t valuesInUse_ = 0;    ///< cells held by calls in progress (host -> wasm re-entry)
};

} // namespace runw::engine::interp
