// SPDX-License-Identifier: Apache-2.0
// Opcode tables built from opcodes.def, and decodeInstr: one instruction from code bytes
// (core spec 5.4).
#include "common/instr.h"

#include <cstddef>
#include <optional>

namespace runw::engine {
namespace {

constexpr size_t kOpcodeCount = static_cast<size_t>(Opcode::Count);

constexpr std::array<OpcodeInfo, kOpcodeCount> kInfo{{
#define RUNW_OPCODE(name, prefix, code, imm, text, sig) {text, imm, sig, prefix, code},
#include "common/opcodes.def"
#undef RUNW_OPCODE
}};

constexpr OpcodeInfo kInvalidInfo{"<invalid opcode>", ImmKind::None, "", 0, 0};

// Byte (or sub-opcode) -> Opcode for each prefix; Opcode::Count marks an unassigned code.
template <size_t N> using OpcodeMap = std::array<Opcode, N>;

template <size_t N> constexpr OpcodeMap<N> buildMap(uint8_t prefix) {
  OpcodeMap<N> map{};
  map.fill(Opcode::Count);
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    if (kInfo[i].prefix == prefix && kInfo[i].code < N) {
      map[kInfo[i].code] = static_cast<Opcode>(i);
    }
  }
  return map;
}

constexpr auto kSingleByte = buildMap<256>(0x00);
constexpr auto kPrefixFC = buildMap<18>(0xFC);
constexpr auto kPrefixFD = buildMap<256>(0xFD);

// Every table entry is reachable from its own code: catches a .def code that is out of
// range for its map or listed twice.
constexpr bool mapsCoverAllOpcodes() {
  for (size_t i = 0; i < kOpcodeCount; ++i) {
    const auto op = static_cast<Opcode>(i);
    const auto &info = kInfo[i];
    const bool found =
        (info.prefix == 0x00 && info.code < 256 && kSingleByte[info.code] == op) ||
        (info.prefix == 0xFC && info.code < kPrefixFC.size() && kPrefixFC[info.code] == op) ||
        (info.prefix == 0xFD && info.code < 256 && kPrefixFD[info.code] == op);
    if (!found) {
      return false;
    }
  }
  return kSingleByte[0xFC] == Opcode::Count && kSingleByte[0xFD] == Opcode::Count;
}
static_assert(mapsCoverAllOpcodes(), "opcodes.def has a duplicate or out-of-range code");

constexpr uint8_t kEmptyBlockType = 0x40;
constexpr size_t kV128Bytes = 16;

// The reserved memory index of memory.size/grow/fill/init/copy: exactly one 0x00 byte, so an
// overlong LEB128 zero such as 0x80 0x00 is malformed too (spec test binary.wast).
bool readZeroByte(ByteReader &reader, DecodeError &error) {
  const uint8_t byte = reader.u8();
  if (!reader.ok()) {
    return false;
  }
  if (byte != 0x00) {
    error = DecodeError::ZeroByteExpected;
    return false;
  }
  return true;
}

// blocktype ::= 0x40 | valtype | s33 type index >= 0 (core spec 5.4.1). The first byte is
// peeked as in the reference interpreter, so 0x40 and value types only count in their
// one-byte form and any other negative s33 is a malformed value type.
bool readBlockType(ByteReader &reader, BlockType &out, DecodeError &error) {
  ByteReader peek = reader;
  const uint8_t first = peek.u8();
  if (!peek.ok()) {
    reader = peek;
    return false;
  }
  if (first == kEmptyBlockType) {
    reader = peek;
    out.kind = BlockType::Kind::Empty;
    return true;
  }
  if (const std::optional<ValType> type = valTypeFromByte(first)) {
    reader = peek;
    out.kind = BlockType::Kind::Value;
    out.value = *type;
    return true;
  }
  const int64_t index = reader.s33();
  if (!reader.ok()) {
    return false;
  }
  if (index < 0) {
    error = DecodeError::MalformedValType;
    return false;
  }
  out.kind = BlockType::Kind::TypeIndex;
  out.typeIndex = static_cast<uint32_t>(index);
  return true;
}

// vec(labelidx) labelidx. Every label takes at least one byte, so a count above the bytes
// left is truncated input; checking first keeps a hostile count from driving reserve().
bool readBrTable(ByteReader &reader, std::vector<uint32_t> &targets) {
  const uint32_t count = reader.u32();
  if (!reader.ok()) {
    return false;
  }
  if (count > reader.remaining()) {
    reader.fail(ReadError::UnexpectedEnd);
    return false;
  }
  targets.clear();
  targets.reserve(size_t{count} + 1);
  for (size_t i = 0; i <= count; ++i) {
    targets.push_back(reader.u32());
  }
  return reader.ok();
}

// select t*: vec(valtype). Validation requires exactly one type; decoding accepts any
// count and keeps the first type.
bool readSelectTypes(ByteReader &reader, Instr &out, DecodeError &error) {
  const uint32_t count = reader.u32();
  if (!reader.ok()) {
    return false;
  }
  if (count > reader.remaining()) {
    reader.fail(ReadError::UnexpectedEnd);
    return false;
  }
  out.selectTypeCount = count;
  for (uint32_t i = 0; i < count; ++i) {
    const std::optional<ValType> type = valTypeFromByte(reader.u8());
    if (!reader.ok()) {
      return false;
    }
    if (!type) {
      error = DecodeError::MalformedValType;
      return false;
    }
    if (i == 0) {
      out.refType = *type;
    }
  }
  return true;
}

bool readRefType(ByteReader &reader, Instr &out, DecodeError &error) {
  const uint8_t byte = reader.u8();
  if (!reader.ok()) {
    return false;
  }
  const std::optional<ValType> type = valTypeFromByte(byte);
  if (!type || !isRefType(*type)) {
    error = DecodeError::MalformedRefType;
    return false;
  }
  out.refType = *type;
  return true;
}

void readBytes16(ByteReader &reader, Instr &out) {
  const auto raw = reader.bytes(kV128Bytes);
  for (size_t i = 0; i < raw.size(); ++i) {
    out.bytes[i] = raw[i];
  }
}

void readMemArg(ByteReader &reader, Instr &out) {
  out.mem.align = reader.u32();
  out.mem.offset = reader.u32();
}

// memarg, lane and reserved memory-index immediates (core spec 5.4.6, 5.4.7, 5.4.8).
bool readMemoryImmediates(ByteReader &reader, ImmKind kind, Instr &out, DecodeError &error) {
  switch (kind) {
  case ImmKind::MemArg:
    readMemArg(reader, out);
    return true;
  case ImmKind::MemArgLane:
    readMemArg(reader, out);
    out.lane = reader.u8();
    return true;
  case ImmKind::MemoryIndex:
    return readZeroByte(reader, error);
  case ImmKind::MemoryInit:
    out.index = reader.u32();
    return reader.ok() && readZeroByte(reader, error);
  case ImmKind::MemoryCopy:
    if (!readZeroByte(reader, error)) {
      return false;
    }
    return readZeroByte(reader, error);
  default:
    return true;
  }
}

// Constant operands: integers, float bit patterns, v128 bytes, shuffle and lane indices.
void readConstant(ByteReader &reader, ImmKind kind, Instr &out) {
  switch (kind) {
  case ImmKind::I32:
    out.bits = static_cast<uint32_t>(reader.s32());
    break;
  case ImmKind::I64:
    out.bits = static_cast<uint64_t>(reader.s64());
    break;
  case ImmKind::F32:
    out.bits = reader.fixed<uint32_t>();
    break;
  case ImmKind::F64:
    out.bits = reader.fixed<uint64_t>();
    break;
  case ImmKind::V128:
  case ImmKind::Shuffle:
    readBytes16(reader, out);
    break;
  case ImmKind::Lane:
    out.lane = reader.u8();
    break;
  default:
    break;
  }
}

// Immediates of the given kind (core spec 5.4). Read errors are left in the reader; the
// caller checks reader.ok() once.
bool readImmediates(ByteReader &reader, ImmKind kind, Instr &out, std::vector<uint32_t> &brTargets,
                    DecodeError &error) {
  switch (kind) {
  case ImmKind::None:
    return true;
  case ImmKind::BlockType:
    return readBlockType(reader, out.block, error);
  case ImmKind::BrTable:
    return readBrTable(reader, brTargets);
  case ImmKind::Label:
  case ImmKind::Func:
  case ImmKind::Local:
  case ImmKind::Global:
  case ImmKind::Table:
  case ImmKind::Data:
  case ImmKind::Elem:
    out.index = reader.u32();
    return true;
  case ImmKind::CallIndirect: // typeidx tableidx
  case ImmKind::TableInit:    // elemidx tableidx
  case ImmKind::TableCopy:    // dst src
    out.index = reader.u32();
    out.index2 = reader.u32();
    return true;
  case ImmKind::MemArg:
  case ImmKind::MemArgLane:
  case ImmKind::MemoryIndex:
  case ImmKind::MemoryInit:
  case ImmKind::MemoryCopy:
    return readMemoryImmediates(reader, kind, out, error);
  case ImmKind::I32:
  case ImmKind::I64:
  case ImmKind::F32:
  case ImmKind::F64:
  case ImmKind::V128:
  case ImmKind::Shuffle:
  case ImmKind::Lane:
    readConstant(reader, kind, out);
    return true;
  case ImmKind::RefType:
    return readRefType(reader, out, error);
  case ImmKind::SelectTypes:
    return readSelectTypes(reader, out, error);
  }
  return true;
}

// Opcode of the bytes at the reader: one byte, or a prefix byte and a u32 sub-opcode.
// Opcode::Count when unassigned.
Opcode readOpcode(ByteReader &reader) {
  const uint8_t byte = reader.u8();
  if (byte == 0xFC || byte == 0xFD) {
    const uint32_t sub = reader.u32();
    if (byte == 0xFC) {
      return sub < kPrefixFC.size() ? kPrefixFC[sub] : Opcode::Count;
    }
    return sub < kPrefixFD.size() ? kPrefixFD[sub] : Opcode::Count;
  }
  return kSingleByte[byte];
}

} // namespace

const OpcodeInfo &opcodeInfo(Opcode op) {
  const auto index = static_cast<size_t>(op);
  return index < kOpcodeCount ? kInfo[index] : kInvalidInfo;
}

bool decodeInstr(ByteReader &reader, Instr &out, std::vector<uint32_t> &brTargets,
                 DecodeError &error) {
  error = DecodeError::None;
  out.offset = static_cast<uint32_t>(reader.offset());
  const Opcode op = readOpcode(reader);
  if (!reader.ok()) {
    return false;
  }
  if (op == Opcode::Count) {
    error = DecodeError::IllegalOpcode;
    return false;
  }
  out.op = op;
  return readImmediates(reader, kInfo[static_cast<size_t>(op)].imm, out, brTargets, error) &&
         reader.ok();
}

std::string_view decodeErrorText(DecodeError error) {
  switch (error) {
  case DecodeError::None:
    return "";
  case DecodeError::IllegalOpcode:
    return "illegal opcode";
  case DecodeError::ZeroByteExpected:
    return "zero byte expected";
  case DecodeError::MalformedRefType:
    return "malformed reference type";
  case DecodeError::MalformedValType:
    return "malformed value type";
  }
  return "";
}

} // namespace runw::engine
