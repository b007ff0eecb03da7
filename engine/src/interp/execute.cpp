// SPDX-License-Identifier: Apache-2.0
// The interpreter loop: one switch over slot-addressed code, wasm-to-wasm calls without
// recursion on the C++ stack, traps as a code plus a jump to the exit path.
#include "interp/execute.h"

#include "api/module_impl.h"
#include "interp/code.h"
#include "interp/numeric.h"
#include "interp/simd.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <span>
#include <vector>

namespace runw::engine::interp {
namespace {

using rt::Slot;

[[gnu::always_inline]] inline V128 loadV128(const Slot *s) {
  V128 v;
  std::memcpy(v.bytes.data(), s, 16);
  return v;
}

[[gnu::always_inline]] inline void storeV128(Slot *s, const V128 &v) {
  std::memcpy(s, v.bytes.data(), 16);
}

[[gnu::always_inline]] inline std::array<uint8_t, 16> shuffleLanes(const uint64_t *pc) {
  std::array<uint8_t, 16> lanes{};
  std::memcpy(lanes.data(), pc, 16);
  return lanes;
}

TrapKind numericTrap(num::Trap trap) {
  switch (trap) {
  case num::Trap::IntegerDivideByZero:
    return TrapKind::IntegerDivideByZero;
  case num::Trap::IntegerOverflow:
    return TrapKind::IntegerOverflow;
  default:
    return TrapKind::InvalidConversion;
  }
}

Value slotToValue(ValType type, const Slot *s) {
  switch (type) {
  case ValType::I32:
    return Value::i32(s->i32);
  case ValType::I64:
    return Value::i64(s->i64);
  case ValType::F32:
    return Value::f32Bits(s->i32);
  case ValType::F64:
    return Value::f64Bits(s->i64);
  case ValType::V128:
    return Value::v128(loadV128(s));
  default:
    return Value::ref(type, Ref{s->ref});
  }
}

// Two zero cells, read as the zero value of any type.
constexpr Slot kZeroCells[2] = {Slot{.i64 = 0}, Slot{.i64 = 0}};

void valueToSlot(const Value &value, Slot *s) {
  switch (value.type()) {
  case ValType::I32:
  case ValType::F32:
    s->i64 = 0;
    s->i32 = value.i32();
    break;
  case ValType::I64:
  case ValType::F64:
    s->i64 = value.i64();
    break;
  case ValType::V128:
    storeV128(s, value.v128());
    break;
  default:
    s->ref = value.ref().ptr;
    break;
  }
}

} // namespace

std::string_view trapText(TrapKind kind) {
  switch (kind) {
  case TrapKind::None:
    return "";
  case TrapKind::Unreachable:
    return "unreachable";
  case TrapKind::IntegerDivideByZero:
    return "integer divide by zero";
  case TrapKind::IntegerOverflow:
    return "integer overflow";
  case TrapKind::InvalidConversion:
    return "invalid conversion to integer";
  case TrapKind::OutOfBoundsMemory:
    return "out of bounds memory access";
  case TrapKind::OutOfBoundsTable:
    return "out of bounds table access";
  case TrapKind::UndefinedElement:
    return "undefined element";
  case TrapKind::UninitializedElement:
    return "uninitialized element";
  case TrapKind::IndirectCallTypeMismatch:
    return "indirect call type mismatch";
  case TrapKind::CallStackExhausted:
    return "call stack exhausted";
  case TrapKind::Interrupted:
    return "interrupted";
  case TrapKind::HostError:
    return "host function failed";
  }
  return "";
}

/// Runs the interpreter from one entry call until it returns or traps.
class Executor {
public:
  Executor(Thread &thread, Slot *stackEnd)
      : thread_(thread), frames_(thread.frames_), stackEnd_(stackEnd) {}

  /// Runs function (a wasm function) whose arguments are already at fp.
  TrapKind run(rt::FunctionInstance &function, Slot *fp);

  /// The host error behind TrapKind::HostError.
  Error hostError;
  /// The table index behind TrapKind::UninitializedElement (the spec text names it).
  uint32_t trapIndex = 0;
  /// Where the trap happened: the instance and code of the innermost wasm function.
  const rt::ModuleInstance *trapInstance = nullptr;
  const uint64_t *trapCodeBase = nullptr;

  /// Calls a host function directly from the API.
  bool callHostEntry(rt::FunctionInstance &function, Slot *args) {
    return callHost(function, args, nullptr);
  }

private:
  bool callHost(rt::FunctionInstance &function, Slot *args, rt::ModuleInstance *caller);

  Thread &thread_;
  std::vector<Frame> &frames_;
  Slot *stackEnd_;
};

bool Executor::callHost(rt::FunctionInstance &function, Slot *args, rt::ModuleInstance *caller) {
  const FuncType &type = function.type;
  // WASI calls (fd_write, clock_time_get, ...) take a handful of values: keep them on the
  // native stack, and only spill to the heap for unusually wide signatures.
  constexpr size_t kInlineValues = 16;
  std::array<Value, kInlineValues> inlineParams{};
  std::array<Value, kInlineValues> inlineResults{};
  std::vector<Value> heapParams;
  std::vector<Value> heapResults;
  std::span<Value> params(inlineParams.data(), type.params.size());
  std::span<Value> results(inlineResults.data(), type.results.size());
  if (type.params.size() > kInlineValues) {
    heapParams.resize(type.params.size());
    params = heapParams;
  }
  if (type.results.size() > kInlineValues) {
    heapResults.resize(type.results.size());
    results = heapResults;
  }
  Slot *cursor = args;
  for (size_t i = 0; i < type.params.size(); ++i) {
    params[i] = slotToValue(type.params[i], cursor);
    cursor += type.params[i] == ValType::V128 ? 2 : 1;
  }
  // Results the host leaves alone read as zero of their type.
  size_t resultCells = 0;
  for (size_t i = 0; i < type.results.size(); ++i) {
    results[i] = slotToValue(type.results[i], &kZeroCells[0]);
    resultCells += type.results[i] == ValType::V128 ? 2U : 1U;
  }
  HostContext context;
  context.store = thread_.store;
  // WASI-style host functions read and write the caller's memory 0 through pointers.
  if (caller != nullptr && !caller->memories.empty()) {
    context.memory = caller->memories[0]->bytes();
  }
  // A host function that calls back into wasm starts above its own arguments and results;
  // everything the caller still needs lies below them.
  const size_t savedInUse = thread_.valuesInUse_;
  thread_.valuesInUse_ = static_cast<size_t>(args - thread_.values_.get()) +
                         std::max(static_cast<size_t>(cursor - args), resultCells);
  auto outcome = function.host(context, params, results);
  thread_.valuesInUse_ = savedInUse;
  if (!outcome) {
    hostError = std::move(outcome.error());
    return false;
  }
  // A result of the wrong type would be written with the wrong number of cells.
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].type() != type.results[i]) {
      hostError = fail(ErrorCode::Invalid,
                       fmt::format("host function returned {} for result {} ({})",
                                   valTypeName(results[i].type()), i, valTypeName(type.results[i])))
                      .error();
      return false;
    }
  }
  cursor = args;
  for (size_t i = 0; i < results.size(); ++i) {
    valueToSlot(results[i], cursor);
    cursor += type.results[i] == ValType::V128 ? 2 : 1;
  }
  return true;
}

} // namespace runw::engine::interp

#include "interp/execute_loop.inc"

namespace runw::engine::interp {

namespace {

/// "wasm function NAME" (from the name section) or "wasm function #INDEX" for the function
/// whose code starts at codeBase, to say where a trap happened.
std::string trapLocation(const rt::ModuleInstance &instance, const uint64_t *codeBase) {
  for (const rt::FunctionInstance *function : instance.functions) {
    if (function->owner != &instance || function->code == nullptr ||
        function->code->code.data() != codeBase) {
      continue;
    }
    const auto &names = instance.module->ast.names.functions;
    const auto named = names.find(function->index);
    return named != names.end() ? fmt::format("wasm function {}", named->second)
                                : fmt::format("wasm function #{}", function->index);
  }
  return "wasm function (unknown)";
}

/// A trap error, with where it happened as its context when that is known.
Error trapError(std::string message, const Executor &executor) {
  Error error{ErrorCode::Trap, 0, std::move(message), {}};
  if (executor.trapInstance != nullptr && executor.trapCodeBase != nullptr) {
    error.contextFrames.push_back(trapLocation(*executor.trapInstance, executor.trapCodeBase));
  }
  return error;
}

} // namespace

Result<std::vector<Value>> Thread::call(rt::FunctionInstance &function,
                                        std::span<const Value> args) {
  // Host -> wasm re-entry recurses on the native stack, so it is bounded like wasm calls,
  // and by what is left of the native stack.
  if (activeCalls_ >= kMaxActiveCalls ||
      (activeCalls_ > 0 && frames_.size() + activeCalls_ >= maxCallDepth_) || nativeStackLow()) {
    return fail(ErrorCode::Trap, std::string(trapText(TrapKind::CallStackExhausted)));
  }
  ++activeCalls_;
  TrapKind trap = TrapKind::None;
  auto result = enter(function, args, trap);
  --activeCalls_;
  interruptDelivered_ = interruptDelivered_ || trap == TrapKind::Interrupted;
  // The request stays set until the outermost call ends, so code a host function re-entered
  // cannot swallow it; then it is consumed, and the next call runs normally.
  if (activeCalls_ == 0 && interruptDelivered_) {
    interruptDelivered_ = false;
    interruptRequested.store(false, std::memory_order_relaxed);
  }
  return result;
}

Result<std::vector<Value>> Thread::enter(rt::FunctionInstance &function,
                                         std::span<const Value> args, TrapKind &trap) {
  const FuncType &type = function.type;
  if (args.size() != type.params.size()) {
    return fail(ErrorCode::Invalid,
                fmt::format("expected {} arguments, got {}", type.params.size(), args.size()));
  }
  Slot *base = values_.get() + valuesInUse_;
  Slot *stackEnd = values_.get() + valueSlots_;
  size_t cells = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != type.params[i]) {
      return fail(ErrorCode::Invalid, fmt::format("argument {} has the wrong type", i));
    }
    cells += type.params[i] == ValType::V128 ? 2U : 1U;
  }
  if (base + std::max<size_t>(cells, size_t{2} * type.results.size()) + 1 > stackEnd) {
    trap = TrapKind::CallStackExhausted;
    return fail(ErrorCode::Trap, std::string(trapText(trap)));
  }
  // A request made before the call stops it too: interrupt() does not race with its start.
  if (interruptRequested.load(std::memory_order_relaxed)) {
    trap = TrapKind::Interrupted;
    return fail(ErrorCode::Trap, std::string(trapText(trap)));
  }
  Slot *cursor = base;
  for (const Value &arg : args) {
    valueToSlot(arg, cursor);
    cursor += arg.type() == ValType::V128 ? 2 : 1;
  }
  Executor executor(*this, stackEnd);
  if (function.isHost()) {
    trap = executor.callHostEntry(function, base) ? TrapKind::None : TrapKind::HostError;
  } else {
    const size_t savedInUse = valuesInUse_;
    trap = executor.run(function, base);
    valuesInUse_ = savedInUse;
  }
  if (trap == TrapKind::HostError) {
    return std::unexpected<Error>(std::move(executor.hostError));
  }
  if (trap == TrapKind::UninitializedElement) {
    return std::unexpected(
        trapError(fmt::format("{} {}", trapText(trap), executor.trapIndex), executor));
  }
  if (trap != TrapKind::None) {
    return std::unexpected(trapError(std::string(trapText(trap)), executor));
  }
  std::vector<Value> results;
  results.reserve(type.results.size());
  cursor = base;
  for (const ValType result : type.results) {
    results.push_back(slotToValue(result, cursor));
    cursor += result == ValType::V128 ? 2 : 1;
  }
  return results;
}

} // namespace runw::engine::interp
