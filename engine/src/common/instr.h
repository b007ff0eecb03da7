// SPDX-License-Identifier: Apache-2.0
// Instr and decodeInstr: one WebAssembly instruction with its immediates, read from code bytes
// (core spec 5.4). Shared by the loader (constant expressions), the validator and lowering.
#pragma once

#include "common/leb128.h"

#include "engine/types.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace runw::engine {

/// Every instruction of WebAssembly 2.0, generated from opcodes.def.
enum class Opcode : uint16_t {
#define RUNW_OPCODE(name, prefix, code, imm, text, sig) name,
#include "common/opcodes.def"
#undef RUNW_OPCODE
  Count,
};

/// Shape of an instruction's immediates in the binary format.
enum class ImmKind : uint8_t {
  None,         ///< no immediate
  BlockType,    ///< block, loop, if: blocktype (s33)
  Label,        ///< br, br_if: labelidx
  BrTable,      ///< vec(labelidx) labelidx
  Func,         ///< call, ref.func: funcidx
  CallIndirect, ///< typeidx tableidx
  Local,        ///< local.get/set/tee
  Global,       ///< global.get/set
  Table,        ///< table.get/set/size/grow/fill: tableidx
  MemArg,       ///< loads and stores: align offset
  MemoryIndex,  ///< memory.size, memory.grow, memory.fill: a 0x00 byte
  MemoryInit,   ///< dataidx, then a 0x00 byte
  MemoryCopy,   ///< two 0x00 bytes
  Data,         ///< data.drop: dataidx
  TableInit,    ///< elemidx tableidx
  Elem,         ///< elem.drop: elemidx
  TableCopy,    ///< tableidx tableidx
  I32,          ///< i32.const: s32
  I64,          ///< i64.const: s64
  F32,          ///< f32.const: 4 bytes
  F64,          ///< f64.const: 8 bytes
  V128,         ///< v128.const: 16 bytes
  Lane,         ///< extract_lane/replace_lane: laneidx byte
  MemArgLane,   ///< v128.loadN_lane/storeN_lane: memarg laneidx
  Shuffle,      ///< i8x16.shuffle: 16 laneidx bytes
  RefType,      ///< ref.null: reftype byte
  SelectTypes,  ///< select t*: vec(valtype)
};

/// Block type: empty, one value type, or a type index (core spec 5.4.1).
struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex };
  Kind kind = Kind::Empty;
  ValType value = ValType::I32;
  uint32_t typeIndex = 0;
};

/// align (log2) and offset of a memory access (core spec 5.4.6).
struct MemArg {
  uint32_t align = 0;
  uint32_t offset = 0;
};

/// One decoded instruction. Only the immediates of its ImmKind are meaningful.
struct Instr {
  Opcode op = Opcode::Count;
  uint32_t offset = 0; ///< module offset of the first opcode byte
  BlockType block;
  uint32_t index = 0;  ///< label/func/type/local/global/table/data/elem index; first of two
  uint32_t index2 = 0; ///< second index (call_indirect table, table.init table, table.copy src)
  MemArg mem;
  uint8_t lane = 0;
  uint64_t bits = 0;                  ///< i64 value, i32 value zero-extended, or f32/f64 bits
  std::array<uint8_t, 16> bytes{};    ///< v128.const value or i8x16.shuffle lanes
  ValType refType = ValType::FuncRef; ///< ref.null type; select's single type
  uint32_t selectTypeCount = 0;       ///< number of types of `select t*`
};

/// Static facts about an opcode from opcodes.def.
struct OpcodeInfo {
  std::string_view text; ///< text-format name, "i32.add"
  ImmKind imm;
  /// Fixed signature "params:results" with i=i32 l=i64 f=f32 d=f64 v=v128 ("ii:i" for
  /// i32.add); empty for instructions the validator types by hand (control, variables,
  /// references, select, table and bulk-memory instructions).
  std::string_view signature;
  uint8_t prefix = 0; ///< 0x00 for single-byte opcodes, else 0xFC or 0xFD
  uint32_t code = 0;  ///< the opcode byte, or the sub-opcode after the prefix
};

/// Facts about op.
const OpcodeInfo &opcodeInfo(Opcode op);

/// Why decodeInstr failed, beyond the ByteReader's own errors.
enum class DecodeError : uint8_t {
  None,
  IllegalOpcode,    ///< "illegal opcode"
  ZeroByteExpected, ///< "zero byte expected" (reserved memory index bytes)
  MalformedRefType, ///< "malformed reference type"
  MalformedValType, ///< "malformed value type" (block type, select types)
};

/// Reads one instruction at the reader's position. brTargets receives br_table's labels
/// (default label last) and is reused by the caller so decoding does not allocate per
/// instruction. Returns false when the bytes are malformed: either reader.ok() is false
/// (truncation, bad LEB128) or error says what else was wrong.
bool decodeInstr(ByteReader &reader, Instr &out, std::vector<uint32_t> &brTargets,
                 DecodeError &error);

/// Spec-test text of a decode error.
std::string_view decodeErrorText(DecodeError error);

} // namespace runw::engine
