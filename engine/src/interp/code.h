// SPDX-License-Identifier: Apache-2.0
// The interpreter's code format: what lower.cpp writes and the execution loop reads.
//
// A function is a vector of 64-bit words. Each instruction starts with a header word:
//   bits 0-15  op (LoweredOp: the wasm Opcode value for instructions that keep their wasm
//              meaning, or one of the internal ops below)
//   bits 16-39 A (24 bits): a frame slot, usually the destination
//   bits 40-63 B (24 bits): a second slot or a count
// followed by as many immediate words as the op needs. Operand heights are static after
// validation, so operands are addressed, never pushed or popped. Fixed-signature
// instructions (numeric, SIMD, loads, stores) use A = destination, B = first operand, then
// one word holding the second and third operand slots (when there are two or more), then
// their immediates (memarg offset, lane, shuffle lanes). An operand slot may be a local's own
// slot: local.get is folded into its consumer instead of copied, and a local.set right after
// such an instruction redirects its destination.
// Frame slots are 8-byte cells relative to the frame base: parameters, then locals, then
// the operand stack. A v128 takes two cells.
#pragma once

#include "common/instr.h"

#include <cstdint>

namespace runw::engine::interp {

/// Internal ops, numbered after the wasm opcodes.
enum class InternalOp : uint16_t {
  First = static_cast<uint16_t>(Opcode::Count),
  Copy = First, ///< A = dst slot, B = src slot, word1 = cell count
  Copy1,        ///< A = dst, B = src: one cell
  Copy2,        ///< A = dst, B = src: two cells (v128)
  Jump,         ///< word1 = target pc
  JumpIf,       ///< A = i32 condition slot, word1 = target pc
  JumpUnless,   ///< A = i32 condition slot, word1 = target pc
  Table,        ///< br_table: A = index slot, B = entry count n; then n+1 entries of two words:
                ///< target pc, (dst | src << 24 | cells << 48)
  Return,       ///< A = first result slot, B = result cells
  Const1,       ///< A = dst, word1 = the cell (i32/i64/f32/f64 const)
  Const2,       ///< A = dst, word1 word2 = v128 const
  Select1,      ///< A = first operand: a, b (one cell each), cond (i32)
  Select2,      ///< A = first operand: a, b (two cells each), cond
  GlobalGet1,   ///< A = dst, word1 = global index
  GlobalGet2,
  GlobalSet1, ///< A = src, word1 = global index
  GlobalSet2,
  LoopHead, ///< interrupt check at every loop entry
  Count,
};

/// Builds a header word.
constexpr uint64_t header(uint16_t op, uint32_t a = 0, uint32_t b = 0) {
  return uint64_t{op} | (uint64_t{a & 0xFFFFFF} << 16) | (uint64_t{b & 0xFFFFFF} << 40);
}
constexpr uint64_t header(Opcode op, uint32_t a = 0, uint32_t b = 0) {
  return header(static_cast<uint16_t>(op), a, b);
}
constexpr uint64_t header(InternalOp op, uint32_t a = 0, uint32_t b = 0) {
  return header(static_cast<uint16_t>(op), a, b);
}

constexpr uint16_t opOf(uint64_t word) { return static_cast<uint16_t>(word & 0xFFFF); }
constexpr uint32_t aOf(uint64_t word) { return static_cast<uint32_t>((word >> 16) & 0xFFFFFF); }
constexpr uint32_t bOf(uint64_t word) { return static_cast<uint32_t>(word >> 40); }

/// Largest frame (in cells) the 24-bit slot fields can address.
constexpr uint32_t kMaxFrameSlots = 0xFFFFFF;

} // namespace runw::engine::interp
