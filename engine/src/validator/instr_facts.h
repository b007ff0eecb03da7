// SPDX-License-Identifier: Apache-2.0
// Facts about instructions derived from their text names: natural alignment, lane counts,
// and the signature letters of opcodes.def.
#pragma once

#include "common/instr.h"

#include "engine/types.h"

#include <cstdint>
#include <string_view>

namespace runw::engine::validator {

/// The value type of a signature letter of opcodes.def (i, l, f, d, v).
constexpr ValType signatureLetterType(char letter) {
  switch (letter) {
  case 'l':
    return ValType::I64;
  case 'f':
    return ValType::F32;
  case 'd':
    return ValType::F64;
  case 'v':
    return ValType::V128;
  default:
    return ValType::I32;
  }
}

/// log2 of the access width in bytes of a load or store, its largest valid alignment
/// (core spec 3.3.7): "i64.load32_u" -> 2, "v128.load8x8_s" -> 3, "f64.store" -> 3.
uint32_t naturalAlignmentLog2(Opcode op);

/// Number of lanes a lane immediate indexes: 16 for i8x16.extract_lane_s and
/// v128.load8_lane, 32 for i8x16.shuffle, ...
uint32_t laneCount(Opcode op);

} // namespace runw::engine::validator
