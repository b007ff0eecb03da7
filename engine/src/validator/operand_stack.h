// SPDX-License-Identifier: Apache-2.0
// Operand and control stacks of the function-body validation algorithm (core spec appendix
// "Validation Algorithm").
#pragma once

#include "engine/types.h"

#include <cstdint>
#include <span>
#include <vector>

namespace runw::engine::validator {

/// A value type on the operand stack, or Unknown (the bottom type after unreachable code).
enum class StackType : uint8_t {
  Unknown = 0,
  I32 = static_cast<uint8_t>(ValType::I32),
  I64 = static_cast<uint8_t>(ValType::I64),
  F32 = static_cast<uint8_t>(ValType::F32),
  F64 = static_cast<uint8_t>(ValType::F64),
  V128 = static_cast<uint8_t>(ValType::V128),
  FuncRef = static_cast<uint8_t>(ValType::FuncRef),
  ExternRef = static_cast<uint8_t>(ValType::ExternRef),
};

inline StackType stackType(ValType type) { return static_cast<StackType>(type); }

/// One entered block, loop, if or the function itself.
struct ControlFrame {
  uint8_t opcode = 0; ///< 0x02 block, 0x03 loop, 0x04 if, 0x05 else, 0x00 function
  std::span<const ValType> startTypes;
  const ValType *endPtr = nullptr;
  uint32_t endCount = 0;
  ValType inlineEnd = ValType::I32; ///< a one-value block type lives here, not in the module
  bool endInline = false;
  uint32_t height = 0;
  bool unreachable = false;

  /// The frame's result types.
  [[nodiscard]] std::span<const ValType> endTypes() const {
    return endInline ? std::span<const ValType>(&inlineEnd, 1)
                     : std::span<const ValType>(endPtr, endCount);
  }
  /// What a branch to this frame carries: a loop's parameters, otherwise its results.
  [[nodiscard]] std::span<const ValType> labelTypes() const {
    return opcode == 0x03 ? startTypes : endTypes();
  }
};

} // namespace runw::engine::validator
