// SPDX-License-Identifier: Apache-2.0
// The interpreter loop's private interface: run compiled code from a prepared frame.
#pragma once

#include "interp/interp.h"

#include <string_view>

namespace runw::engine::interp {

/// Why execution stopped early.
enum class TrapKind : uint8_t {
  None,
  Unreachable,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversion,
  OutOfBoundsMemory,
  OutOfBoundsTable,
  UndefinedElement,
  UninitializedElement,
  IndirectCallTypeMismatch,
  CallStackExhausted,
  Interrupted,
  HostError,
};

/// The spec's text for a trap ("integer divide by zero").
std::string_view trapText(TrapKind kind);

} // namespace runw::engine::interp
