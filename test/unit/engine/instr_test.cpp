// SPDX-License-Identifier: Apache-2.0
// Tests for opcodes.def, opcodeInfo and decodeInstr: every WebAssembly 2.0 encoding
// cross-checked against wabt, immediates, and the malformed-input errors of the spec tests.
#include "common/instr.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace runw::engine {
namespace {

// Body of a function (after its local declarations) assembled by wabt 1.0.32
// (`wat2wasm --enable-all --no-check`), listing every instruction of opcodes.def in table order
// with these immediates: block (result i32); loop (type 0); if; else nop; br/br_if 1;
// br_table 0 1 1; call 1; call_indirect 1 (type 0); local/global/table index 1;
// memarg offset=5 align=1; memory.init 1; data.drop 1; table.init 0 1; elem.drop 1;
// table.copy 1 0; i32/i64.const -2; f32/f64.const 1.5; v128.const i8x16 0..15;
// i8x16.shuffle 15..0; lane 1; ref.null extern; ref.func 1; select (result i64).
// It ends with `end end end` closing the loop, the block and the function.
constexpr std::array<uint8_t, 1000> kAllInstrs{
    0x00, 0x01, 0x02, 0x7f, 0x03, 0x00, 0x04, 0x40, 0x05, 0x01, 0x0b, 0x0c, 0x01, 0x0d, 0x01, 0x0e,
    0x02, 0x00, 0x01, 0x01, 0x0f, 0x10, 0x01, 0x11, 0x00, 0x01, 0x1a, 0x1b, 0x1c, 0x01, 0x7e, 0x20,
    0x01, 0x21, 0x01, 0x22, 0x01, 0x23, 0x01, 0x24, 0x01, 0x25, 0x01, 0x26, 0x01, 0x28, 0x00, 0x05,
    0x29, 0x00, 0x05, 0x2a, 0x00, 0x05, 0x2b, 0x00, 0x05, 0x2c, 0x00, 0x05, 0x2d, 0x00, 0x05, 0x2e,
    0x00, 0x05, 0x2f, 0x00, 0x05, 0x30, 0x00, 0x05, 0x31, 0x00, 0x05, 0x32, 0x00, 0x05, 0x33, 0x00,
    0x05, 0x34, 0x00, 0x05, 0x35, 0x00, 0x05, 0x36, 0x00, 0x05, 0x37, 0x00, 0x05, 0x38, 0x00, 0x05,
    0x39, 0x00, 0x05, 0x3a, 0x00, 0x05, 0x3b, 0x00, 0x05, 0x3c, 0x00, 0x05, 0x3d, 0x00, 0x05, 0x3e,
    0x00, 0x05, 0x3f, 0x00, 0x40, 0x00, 0x41, 0x7e, 0x42, 0x7e, 0x43, 0x00, 0x00, 0xc0, 0x3f, 0x44,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c,
    0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c,
    0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c,
    0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c,
    0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c,
    0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c,
    0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac,
    0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc,
    0xbd, 0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xd0, 0x6f, 0xd1, 0xd2, 0x01, 0xfc, 0x00, 0xfc,
    0x01, 0xfc, 0x02, 0xfc, 0x03, 0xfc, 0x04, 0xfc, 0x05, 0xfc, 0x06, 0xfc, 0x07, 0xfc, 0x08, 0x01,
    0x00, 0xfc, 0x09, 0x01, 0xfc, 0x0a, 0x00, 0x00, 0xfc, 0x0b, 0x00, 0xfc, 0x0c, 0x01, 0x00, 0xfc,
    0x0d, 0x01, 0xfc, 0x0e, 0x01, 0x00, 0xfc, 0x0f, 0x01, 0xfc, 0x10, 0x01, 0xfc, 0x11, 0x01, 0xfd,
    0x00, 0x00, 0x05, 0xfd, 0x01, 0x00, 0x05, 0xfd, 0x02, 0x00, 0x05, 0xfd, 0x03, 0x00, 0x05, 0xfd,
    0x04, 0x00, 0x05, 0xfd, 0x05, 0x00, 0x05, 0xfd, 0x06, 0x00, 0x05, 0xfd, 0x07, 0x00, 0x05, 0xfd,
    0x08, 0x00, 0x05, 0xfd, 0x09, 0x00, 0x05, 0xfd, 0x0a, 0x00, 0x05, 0xfd, 0x0b, 0x00, 0x05, 0xfd,
    0x0c, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
    0x0f, 0xfd, 0x0d, 0x0f, 0x0e, 0x0d, 0x0c, 0x0b, 0x0a, 0x09, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03,
    0x02, 0x01, 0x00, 0xfd, 0x0e, 0xfd, 0x0f, 0xfd, 0x10, 0xfd, 0x11, 0xfd, 0x12, 0xfd, 0x13, 0xfd,
    0x14, 0xfd, 0x15, 0x01, 0xfd, 0x16, 0x01, 0xfd, 0x17, 0x01, 0xfd, 0x18, 0x01, 0xfd, 0x19, 0x01,
    0xfd, 0x1a, 0x01, 0xfd, 0x1b, 0x01, 0xfd, 0x1c, 0x01, 0xfd, 0x1d, 0x01, 0xfd, 0x1e, 0x01, 0xfd,
    0x1f, 0x01, 0xfd, 0x20, 0x01, 0xfd, 0x21, 0x01, 0xfd, 0x22, 0x01, 0xfd, 0x23, 0xfd, 0x24, 0xfd,
    0x25, 0xfd, 0x26, 0xfd, 0x27, 0xfd, 0x28, 0xfd, 0x29, 0xfd, 0x2a, 0xfd, 0x2b, 0xfd, 0x2c, 0xfd,
    0x2d, 0xfd, 0x2e, 0xfd, 0x2f, 0xfd, 0x30, 0xfd, 0x31, 0xfd, 0x32, 0xfd, 0x33, 0xfd, 0x34, 0xfd,
    0x35, 0xfd, 0x36, 0xfd, 0x37, 0xfd, 0x38, 0xfd, 0x39, 0xfd, 0x3a, 0xfd, 0x3b, 0xfd, 0x3c, 0xfd,
    0x3d, 0xfd, 0x3e, 0xfd, 0x3f, 0xfd, 0x40, 0xfd, 0x41, 0xfd, 0x42, 0xfd, 0x43, 0xfd, 0x44, 0xfd,
    0x45, 0xfd, 0x46, 0xfd, 0x47, 0xfd, 0x48, 0xfd, 0x49, 0xfd, 0x4a, 0xfd, 0x4b, 0xfd, 0x4c, 0xfd,
    0x4d, 0xfd, 0x4e, 0xfd, 0x4f, 0xfd, 0x50, 0xfd, 0x51, 0xfd, 0x52, 0xfd, 0x53, 0xfd, 0x54, 0x00,
    0x05, 0x01, 0xfd, 0x55, 0x00, 0x05, 0x01, 0xfd, 0x56, 0x00, 0x05, 0x01, 0xfd, 0x57, 0x00, 0x05,
    0x01, 0xfd, 0x58, 0x00, 0x05, 0x01, 0xfd, 0x59, 0x00, 0x05, 0x01, 0xfd, 0x5a, 0x00, 0x05, 0x01,
    0xfd, 0x5b, 0x00, 0x05, 0x01, 0xfd, 0x5c, 0x00, 0x05, 0xfd, 0x5d, 0x00, 0x05, 0xfd, 0x5e, 0xfd,
    0x5f, 0xfd, 0x60, 0xfd, 0x61, 0xfd, 0x62, 0xfd, 0x63, 0xfd, 0x64, 0xfd, 0x65, 0xfd, 0x66, 0xfd,
    0x67, 0xfd, 0x68, 0xfd, 0x69, 0xfd, 0x6a, 0xfd, 0x6b, 0xfd, 0x6c, 0xfd, 0x6d, 0xfd, 0x6e, 0xfd,
    0x6f, 0xfd, 0x70, 0xfd, 0x71, 0xfd, 0x72, 0xfd, 0x73, 0xfd, 0x74, 0xfd, 0x75, 0xfd, 0x76, 0xfd,
    0x77, 0xfd, 0x78, 0xfd, 0x79, 0xfd, 0x7a, 0xfd, 0x7b, 0xfd, 0x7c, 0xfd, 0x7d, 0xfd, 0x7e, 0xfd,
    0x7f, 0xfd, 0x80, 0x01, 0xfd, 0x81, 0x01, 0xfd, 0x82, 0x01, 0xfd, 0x83, 0x01, 0xfd, 0x84, 0x01,
    0xfd, 0x85, 0x01, 0xfd, 0x86, 0x01, 0xfd, 0x87, 0x01, 0xfd, 0x88, 0x01, 0xfd, 0x89, 0x01, 0xfd,
    0x8a, 0x01, 0xfd, 0x8b, 0x01, 0xfd, 0x8c, 0x01, 0xfd, 0x8d, 0x01, 0xfd, 0x8e, 0x01, 0xfd, 0x8f,
    0x01, 0xfd, 0x90, 0x01, 0xfd, 0x91, 0x01, 0xfd, 0x92, 0x01, 0xfd, 0x93, 0x01, 0xfd, 0x94, 0x01,
    0xfd, 0x95, 0x01, 0xfd, 0x96, 0x01, 0xfd, 0x97, 0x01, 0xfd, 0x98, 0x01, 0xfd, 0x99, 0x01, 0xfd,
    0x9b, 0x01, 0xfd, 0x9c, 0x01, 0xfd, 0x9d, 0x01, 0xfd, 0x9e, 0x01, 0xfd, 0x9f, 0x01, 0xfd, 0xa0,
    0x01, 0xfd, 0xa1, 0x01, 0xfd, 0xa3, 0x01, 0xfd, 0xa4, 0x01, 0xfd, 0xa7, 0x01, 0xfd, 0xa8, 0x01,
    0xfd, 0xa9, 0x01, 0xfd, 0xaa, 0x01, 0xfd, 0xab, 0x01, 0xfd, 0xac, 0x01, 0xfd, 0xad, 0x01, 0xfd,
    0xae, 0x01, 0xfd, 0xb1, 0x01, 0xfd, 0xb5, 0x01, 0xfd, 0xb6, 0x01, 0xfd, 0xb7, 0x01, 0xfd, 0xb8,
    0x01, 0xfd, 0xb9, 0x01, 0xfd, 0xba, 0x01, 0xfd, 0xbc, 0x01, 0xfd, 0xbd, 0x01, 0xfd, 0xbe, 0x01,
    0xfd, 0xbf, 0x01, 0xfd, 0xc0, 0x01, 0xfd, 0xc1, 0x01, 0xfd, 0xc3, 0x01, 0xfd, 0xc4, 0x01, 0xfd,
    0xc7, 0x01, 0xfd, 0xc8, 0x01, 0xfd, 0xc9, 0x01, 0xfd, 0xca, 0x01, 0xfd, 0xcb, 0x01, 0xfd, 0xcc,
    0x01, 0xfd, 0xcd, 0x01, 0xfd, 0xce, 0x01, 0xfd, 0xd1, 0x01, 0xfd, 0xd5, 0x01, 0xfd, 0xd6, 0x01,
    0xfd, 0xd7, 0x01, 0xfd, 0xd8, 0x01, 0xfd, 0xd9, 0x01, 0xfd, 0xda, 0x01, 0xfd, 0xdb, 0x01, 0xfd,
    0xdc, 0x01, 0xfd, 0xdd, 0x01, 0xfd, 0xde, 0x01, 0xfd, 0xdf, 0x01, 0xfd, 0xe0, 0x01, 0xfd, 0xe1,
    0x01, 0xfd, 0xe3, 0x01, 0xfd, 0xe4, 0x01, 0xfd, 0xe5, 0x01, 0xfd, 0xe6, 0x01, 0xfd, 0xe7, 0x01,
    0xfd, 0xe8, 0x01, 0xfd, 0xe9, 0x01, 0xfd, 0xea, 0x01, 0xfd, 0xeb, 0x01, 0xfd, 0xec, 0x01, 0xfd,
    0xed, 0x01, 0xfd, 0xef, 0x01, 0xfd, 0xf0, 0x01, 0xfd, 0xf1, 0x01, 0xfd, 0xf2, 0x01, 0xfd, 0xf3,
    0x01, 0xfd, 0xf4, 0x01, 0xfd, 0xf5, 0x01, 0xfd, 0xf6, 0x01, 0xfd, 0xf7, 0x01, 0xfd, 0xf8, 0x01,
    0xfd, 0xf9, 0x01, 0xfd, 0xfa, 0x01, 0xfd, 0xfb, 0x01, 0xfd, 0xfc, 0x01, 0xfd, 0xfd, 0x01, 0xfd,
    0xfe, 0x01, 0xfd, 0xff, 0x01, 0x0b, 0x0b, 0x0b,
};

struct Decoded {
  bool ok = false;
  Instr instr;
  ReadError readError = ReadError::None;
  DecodeError error = DecodeError::None;
  size_t consumed = 0;
  std::vector<uint32_t> targets;
};

Decoded decode(std::span<const uint8_t> bytes, size_t base = 0) {
  Decoded out;
  ByteReader reader(bytes, base);
  out.ok = decodeInstr(reader, out.instr, out.targets, out.error);
  out.readError = reader.error();
  out.consumed = reader.offset() - base;
  return out;
}

Decoded decode(std::initializer_list<uint8_t> bytes) {
  const std::vector<uint8_t> copy(bytes);
  return decode(std::span<const uint8_t>(copy));
}

std::string describe(Opcode op) { return std::string(opcodeInfo(op).text); }

// Checks the immediates the wabt body was written with (see kAllInstrs).
void expectWabtImmediates(const Instr &in, const std::vector<uint32_t> &targets) {
  const OpcodeInfo &info = opcodeInfo(in.op);
  SCOPED_TRACE(describe(in.op));
  switch (info.imm) {
  case ImmKind::None:
  case ImmKind::MemoryIndex:
  case ImmKind::MemoryCopy:
    break;
  case ImmKind::BlockType:
    if (in.op == Opcode::Block) {
      EXPECT_EQ(in.block.kind, BlockType::Kind::Value);
      EXPECT_EQ(in.block.value, ValType::I32);
    } else if (in.op == Opcode::Loop) {
      EXPECT_EQ(in.block.kind, BlockType::Kind::TypeIndex);
      EXPECT_EQ(in.block.typeIndex, 0U);
    } else {
      EXPECT_EQ(in.block.kind, BlockType::Kind::Empty);
    }
    break;
  case ImmKind::BrTable:
    EXPECT_EQ(targets, (std::vector<uint32_t>{0, 1, 1}));
    break;
  case ImmKind::Label:
  case ImmKind::Func:
  case ImmKind::Local:
  case ImmKind::Global:
  case ImmKind::Table:
  case ImmKind::Data:
  case ImmKind::Elem:
  case ImmKind::MemoryInit:
    EXPECT_EQ(in.index, 1U);
    break;
  case ImmKind::CallIndirect:
    EXPECT_EQ(in.index, 0U);  // type
    EXPECT_EQ(in.index2, 1U); // table
    break;
  case ImmKind::TableInit:
    EXPECT_EQ(in.index, 1U);  // elem
    EXPECT_EQ(in.index2, 0U); // table
    break;
  case ImmKind::TableCopy:
    EXPECT_EQ(in.index, 1U);  // destination
    EXPECT_EQ(in.index2, 0U); // source
    break;
  case ImmKind::MemArg:
  case ImmKind::MemArgLane:
    EXPECT_EQ(in.mem.align, 0U);
    EXPECT_EQ(in.mem.offset, 5U);
    if (info.imm == ImmKind::MemArgLane) {
      EXPECT_EQ(in.lane, 1U);
    }
    break;
  case ImmKind::I32:
    EXPECT_EQ(in.bits, 0xFFFFFFFEULL);
    break;
  case ImmKind::I64:
    EXPECT_EQ(in.bits, 0xFFFFFFFFFFFFFFFEULL);
    break;
  case ImmKind::F32:
    EXPECT_EQ(in.bits, 0x3FC00000ULL);
    break;
  case ImmKind::F64:
    EXPECT_EQ(in.bits, 0x3FF8000000000000ULL);
    break;
  case ImmKind::V128:
    for (size_t i = 0; i < 16; ++i) {
      EXPECT_EQ(in.bytes[i], i);
    }
    break;
  case ImmKind::Shuffle:
    for (size_t i = 0; i < 16; ++i) {
      EXPECT_EQ(in.bytes[i], 15 - i);
    }
    break;
  case ImmKind::Lane:
    EXPECT_EQ(in.lane, 1U);
    break;
  case ImmKind::RefType:
    EXPECT_EQ(in.refType, ValType::ExternRef);
    break;
  case ImmKind::SelectTypes:
    EXPECT_EQ(in.selectTypeCount, 1U);
    EXPECT_EQ(in.refType, ValType::I64);
    break;
  }
}

std::vector<Opcode> expectedWabtSequence() {
  std::vector<Opcode> ops;
  for (size_t i = 0; i < static_cast<size_t>(Opcode::Count); ++i) {
    ops.push_back(static_cast<Opcode>(i));
    if (ops.back() == Opcode::Else) {
      ops.push_back(Opcode::Nop); // wabt drops an empty else arm
    }
  }
  ops.insert(ops.end(), {Opcode::End, Opcode::End, Opcode::End});
  return ops;
}

TEST(DecodeInstr, ReadsEveryInstructionAsAssembledByWabt) {
  const std::vector<Opcode> expected = expectedWabtSequence();
  ByteReader reader(kAllInstrs, 100);
  std::vector<uint32_t> targets;
  size_t count = 0;
  size_t previousOffset = 0;
  while (!reader.atEnd() && count < expected.size()) {
    Instr instr;
    DecodeError error = DecodeError::None;
    const size_t offset = reader.offset();
    ASSERT_TRUE(decodeInstr(reader, instr, targets, error))
        << "at " << offset << " after " << describe(expected[count > 0 ? count - 1 : 0]) << ": "
        << readErrorText(reader.error()) << decodeErrorText(error);
    EXPECT_EQ(instr.offset, offset);
    EXPECT_GT(instr.offset, count == 0 ? 99 : previousOffset);
    previousOffset = instr.offset;
    ASSERT_EQ(describe(instr.op), describe(expected[count])) << "at offset " << offset;
    expectWabtImmediates(instr, targets);
    ++count;
  }
  EXPECT_EQ(count, expected.size());
  EXPECT_TRUE(reader.atEnd());
}

// Every proper prefix of a valid instruction is truncated input, never a misread.
TEST(DecodeInstr, EveryTruncationIsUnexpectedEnd) {
  ByteReader reader(kAllInstrs);
  std::vector<uint32_t> targets;
  while (!reader.atEnd()) {
    const size_t start = reader.offset();
    Instr instr;
    DecodeError error = DecodeError::None;
    ASSERT_TRUE(decodeInstr(reader, instr, targets, error));
    const size_t end = reader.offset();
    for (size_t len = 0; len < end - start; ++len) {
      const Decoded d = decode(std::span<const uint8_t>(kAllInstrs).subspan(start, len));
      EXPECT_FALSE(d.ok) << describe(instr.op) << " cut to " << len;
      EXPECT_EQ(d.readError, ReadError::UnexpectedEnd) << describe(instr.op) << " cut to " << len;
    }
  }
}

TEST(OpcodeTable, CountsMatchTheSpec) {
  size_t single = 0;
  size_t fc = 0;
  size_t fd = 0;
  for (size_t i = 0; i < static_cast<size_t>(Opcode::Count); ++i) {
    const OpcodeInfo &info = opcodeInfo(static_cast<Opcode>(i));
    single += info.prefix == 0x00 ? 1 : 0;
    fc += info.prefix == 0xFC ? 1 : 0;
    fd += info.prefix == 0xFD ? 1 : 0;
  }
  // Core spec 2.0 appendix "Index of Instructions": 183 single-byte opcodes, 18 0xFC ones
  // (saturating truncation, bulk memory, tables) and 236 SIMD ones.
  EXPECT_EQ(single, 183U);
  EXPECT_EQ(fc, 18U);
  EXPECT_EQ(fd, 236U);
  EXPECT_EQ(single + fc + fd, static_cast<size_t>(Opcode::Count));
}

TEST(OpcodeTable, TextsAreUniqueAndSignaturesWellFormed) {
  std::set<std::string_view> texts;
  for (size_t i = 0; i < static_cast<size_t>(Opcode::Count); ++i) {
    const OpcodeInfo &info = opcodeInfo(static_cast<Opcode>(i));
    EXPECT_TRUE(texts.insert(info.text).second) << info.text;
    if (info.signature.empty()) {
      continue;
    }
    const size_t colon = info.signature.find(':');
    ASSERT_NE(colon, std::string_view::npos) << info.text;
    EXPECT_EQ(info.signature.find(':', colon + 1), std::string_view::npos) << info.text;
    EXPECT_LE(info.signature.size() - colon - 1, 1U) << info.text; // at most one result
    for (const char c : info.signature) {
      EXPECT_NE(std::string_view("ilfdv:").find(c), std::string_view::npos) << info.text;
    }
  }
}

TEST(OpcodeTable, SignaturesOfSamples) {
  EXPECT_EQ(opcodeInfo(Opcode::I32Add).signature, "ii:i");
  EXPECT_EQ(opcodeInfo(Opcode::I64Store).signature, "il:");
  EXPECT_EQ(opcodeInfo(Opcode::I32Load).signature, "i:i");
  EXPECT_EQ(opcodeInfo(Opcode::I64Eqz).signature, "l:i");
  EXPECT_EQ(opcodeInfo(Opcode::F64Lt).signature, "dd:i");
  EXPECT_EQ(opcodeInfo(Opcode::I32WrapI64).signature, "l:i");
  EXPECT_EQ(opcodeInfo(Opcode::F32DemoteF64).signature, "d:f");
  EXPECT_EQ(opcodeInfo(Opcode::I64ReinterpretF64).signature, "d:l");
  EXPECT_EQ(opcodeInfo(Opcode::I64Extend32S).signature, "l:l");
  EXPECT_EQ(opcodeInfo(Opcode::I64TruncSatF32U).signature, "f:l");
  EXPECT_EQ(opcodeInfo(Opcode::MemorySize).signature, ":i");
  EXPECT_EQ(opcodeInfo(Opcode::MemoryGrow).signature, "i:i");
  EXPECT_EQ(opcodeInfo(Opcode::MemoryFill).signature, "iii:");
  EXPECT_EQ(opcodeInfo(Opcode::MemoryCopy).signature, "iii:");
  EXPECT_EQ(opcodeInfo(Opcode::MemoryInit).signature, "iii:");
  EXPECT_EQ(opcodeInfo(Opcode::DataDrop).signature, ":");
  EXPECT_EQ(opcodeInfo(Opcode::V128Load8Lane).signature, "iv:v");
  EXPECT_EQ(opcodeInfo(Opcode::V128Store64Lane).signature, "iv:");
  EXPECT_EQ(opcodeInfo(Opcode::I64x2ExtractLane).signature, "v:l");
  EXPECT_EQ(opcodeInfo(Opcode::F32x4ReplaceLane).signature, "vf:v");
  EXPECT_EQ(opcodeInfo(Opcode::V128Bitselect).signature, "vvv:v");
  EXPECT_EQ(opcodeInfo(Opcode::I8x16Shl).signature, "vi:v");
  EXPECT_EQ(opcodeInfo(Opcode::I8x16Bitmask).signature, "v:i");
  EXPECT_EQ(opcodeInfo(Opcode::F64x2Splat).signature, "d:v");
  for (const Opcode op :
       {Opcode::Unreachable, Opcode::Block, Opcode::Br, Opcode::Call, Opcode::Drop, Opcode::Select,
        Opcode::SelectT, Opcode::LocalGet, Opcode::GlobalSet, Opcode::TableGet, Opcode::TableGrow,
        Opcode::ElemDrop, Opcode::RefNull, Opcode::RefIsNull, Opcode::RefFunc}) {
    EXPECT_EQ(opcodeInfo(op).signature, "") << describe(op);
  }
}

TEST(OpcodeTable, SampleEncodings) {
  struct Sample {
    Opcode op;
    uint8_t prefix;
    uint32_t code;
    std::string_view text;
  };
  // A few entries checked against the spec's index by hand (the wabt test covers all).
  for (const Sample &s : std::initializer_list<Sample>{
           {Opcode::End, 0x00, 0x0B, "end"},
           {Opcode::SelectT, 0x00, 0x1C, "select t"},
           {Opcode::I64Extend32S, 0x00, 0xC4, "i64.extend32_s"},
           {Opcode::RefFunc, 0x00, 0xD2, "ref.func"},
           {Opcode::I64TruncSatF64U, 0xFC, 7, "i64.trunc_sat_f64_u"},
           {Opcode::TableFill, 0xFC, 17, "table.fill"},
           {Opcode::V128Const, 0xFD, 12, "v128.const"},
           {Opcode::I8x16Shuffle, 0xFD, 13, "i8x16.shuffle"},
           {Opcode::I8x16Swizzle, 0xFD, 14, "i8x16.swizzle"},
           {Opcode::I8x16Splat, 0xFD, 15, "i8x16.splat"},
           {Opcode::F64x2PromoteLowF32x4, 0xFD, 95, "f64x2.promote_low_f32x4"},
           {Opcode::I32x4DotI16x8S, 0xFD, 186, "i32x4.dot_i16x8_s"},
           {Opcode::F64x2ConvertLowI32x4U, 0xFD, 255, "f64x2.convert_low_i32x4_u"},
       }) {
    EXPECT_EQ(opcodeInfo(s.op).prefix, s.prefix) << s.text;
    EXPECT_EQ(opcodeInfo(s.op).code, s.code) << s.text;
    EXPECT_EQ(opcodeInfo(s.op).text, s.text);
  }
  EXPECT_EQ(opcodeInfo(Opcode::Count).imm, ImmKind::None);
}

TEST(DecodeInstr, ConstantExpressionInstructions) {
  auto d = decode({0x41, 0x7F}); // i32.const -1
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::I32Const);
  EXPECT_EQ(d.instr.bits, 0xFFFFFFFFULL);

  d = decode({0x41, 0x80, 0x80, 0x80, 0x80, 0x78}); // i32.const INT32_MIN
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.bits, 0x80000000ULL);

  d = decode({0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}); // INT64_MAX
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::I64Const);
  EXPECT_EQ(d.instr.bits, 0x7FFFFFFFFFFFFFFFULL);

  d = decode({0x43, 0x01, 0x00, 0xA0, 0x7F}); // f32.const nan:0x200001, payload kept
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::F32Const);
  EXPECT_EQ(d.instr.bits, 0x7FA00001ULL);
  EXPECT_EQ(d.consumed, 5U);

  d = decode({0x44, 0x01, 0, 0, 0, 0, 0, 0xF0, 0xFF}); // f64.const -nan:0x1
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.bits, 0xFFF0000000000001ULL);

  d = decode({0xFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::V128Const);
  EXPECT_EQ(d.instr.bytes[0], 1);
  EXPECT_EQ(d.instr.bytes[15], 16);
  EXPECT_EQ(d.consumed, 18U);

  d = decode({0xD0, 0x70});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::RefNull);
  EXPECT_EQ(d.instr.refType, ValType::FuncRef);

  d = decode({0xD2, 0xE5, 0x8E, 0x26}); // ref.func 624485
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::RefFunc);
  EXPECT_EQ(d.instr.index, 624485U);

  d = decode({0x23, 0x03});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::GlobalGet);
  EXPECT_EQ(d.instr.index, 3U);

  d = decode({0x0B});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::End);
  EXPECT_EQ(d.consumed, 1U);
}

TEST(DecodeInstr, OffsetIsModuleOffsetOfOpcode) {
  const std::array<uint8_t, 4> bytes{0x01, 0xFC, 0x09, 0x02};
  ByteReader reader(bytes, 40);
  Instr instr;
  std::vector<uint32_t> targets;
  DecodeError error = DecodeError::None;
  ASSERT_TRUE(decodeInstr(reader, instr, targets, error));
  EXPECT_EQ(instr.offset, 40U);
  ASSERT_TRUE(decodeInstr(reader, instr, targets, error));
  EXPECT_EQ(instr.op, Opcode::DataDrop);
  EXPECT_EQ(instr.offset, 41U);
  EXPECT_EQ(instr.index, 2U);
  EXPECT_TRUE(reader.atEnd());
}

TEST(DecodeInstr, MalformedIntegerImmediates) {
  // binary-leb128.wast: i32.const -1 with some unused bits unset.
  auto d = decode({0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F});
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.readError, ReadError::IntegerTooLarge);
  // i64.const 0 with one byte too many.
  d = decode({0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00});
  EXPECT_EQ(d.readError, ReadError::IntegerTooLong);
  // memarg offset 2 with unused bits set.
  d = decode({0x28, 0x02, 0x82, 0x80, 0x80, 0x80, 0x10});
  EXPECT_EQ(d.readError, ReadError::IntegerTooLarge);
  // memarg align is a full u32.
  d = decode({0x28, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.mem.align, 0xFFFFFFFFU);
  // i64.trunc_sat_f64_u with a 6-byte sub-opcode.
  d = decode({0xFC, 0x87, 0x80, 0x80, 0x80, 0x80, 0x00});
  EXPECT_EQ(d.readError, ReadError::IntegerTooLong);
  // A 5-byte sub-opcode is fine.
  d = decode({0xFC, 0x87, 0x80, 0x80, 0x80, 0x00});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::I64TruncSatF64U);
  d = decode({0xFD, 0x8C, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::V128Const);
}

TEST(DecodeInstr, IllegalSingleByteOpcodes) {
  // Assigned single-byte opcodes of 2.0 (plus the 0xFC/0xFD prefixes).
  auto assigned = [](unsigned b) {
    return b <= 0x05 || (b >= 0x0B && b <= 0x11) || (b >= 0x1A && b <= 0x1C) ||
           (b >= 0x20 && b <= 0x26) || (b >= 0x28 && b <= 0xC4) || (b >= 0xD0 && b <= 0xD2) ||
           b == 0xFC || b == 0xFD;
  };
  for (unsigned b = 0; b < 256; ++b) {
    std::vector<uint8_t> bytes(24, 0x00);
    bytes[0] = static_cast<uint8_t>(b);
    if (b == 0xD0) {
      bytes[1] = 0x70; // ref.null needs a reference type
    }
    const Decoded d = decode(bytes);
    if (assigned(b)) {
      EXPECT_TRUE(d.ok) << "byte " << b;
      EXPECT_EQ(opcodeInfo(d.instr.op).prefix, b >= 0xFC ? b : 0U) << "byte " << b;
    } else {
      EXPECT_FALSE(d.ok) << "byte " << b;
      EXPECT_TRUE(d.readError == ReadError::None) << "byte " << b;
      EXPECT_EQ(d.error, DecodeError::IllegalOpcode) << "byte " << b;
      EXPECT_EQ(decodeErrorText(d.error), "illegal opcode");
    }
  }
}

TEST(DecodeInstr, IllegalPrefixedOpcodes) {
  for (const uint32_t sub : {18U, 19U, 255U, 0xFFFFFFFFU}) {
    std::vector<uint8_t> bytes{0xFC};
    for (uint32_t v = sub;; v >>= 7) {
      bytes.push_back(static_cast<uint8_t>((v & 0x7F) | (v > 0x7F ? 0x80 : 0)));
      if (v <= 0x7F) {
        break;
      }
    }
    bytes.resize(bytes.size() + 8, 0x00);
    EXPECT_EQ(decode(bytes).error, DecodeError::IllegalOpcode) << "0xFC " << sub;
    bytes[0] = 0xFD;
    // 18, 19 and 255 are SIMD instructions; no sub-opcode above 255 is.
    EXPECT_EQ(decode(bytes).ok, sub < 256) << "0xFD " << sub;
  }
  // Unassigned SIMD sub-opcodes of 2.0, and the first one past the table.
  for (const unsigned sub : {154U, 162U, 165U, 166U, 175U, 176U, 178U, 179U, 180U, 187U, 194U,
                             197U, 198U, 207U, 208U, 210U, 211U, 212U, 226U, 238U, 256U}) {
    std::vector<uint8_t> bytes{0xFD, static_cast<uint8_t>(0x80 | (sub & 0x7F)),
                               static_cast<uint8_t>(sub >> 7)};
    bytes.resize(24, 0x00);
    EXPECT_EQ(decode(bytes).error, DecodeError::IllegalOpcode) << "0xFD " << sub;
  }
  // Every other SIMD sub-opcode below 256 decodes.
  size_t assigned = 0;
  for (unsigned sub = 0; sub < 256; ++sub) {
    std::vector<uint8_t> bytes{0xFD, static_cast<uint8_t>(0x80 | (sub & 0x7F)),
                               static_cast<uint8_t>(sub >> 7)};
    bytes.resize(24, 0x00);
    assigned += decode(bytes).ok ? 1U : 0U;
  }
  EXPECT_EQ(assigned, 236U);
}

TEST(DecodeInstr, ReservedMemoryBytesMustBeZero) {
  const std::vector<std::vector<uint8_t>> cases{
      {0x3F, 0x01},                   // memory.size reserved byte 1
      {0x3F, 0x80, 0x00},             // memory.size reserved byte as a long LEB128 zero
      {0x40, 0x80, 0x80, 0x80, 0x00}, // memory.grow
      {0xFC, 0x0B, 0x01},             // memory.fill
      {0xFC, 0x08, 0x00, 0x01},       // memory.init data 0, memory 1
      {0xFC, 0x0A, 0x00, 0x01},       // memory.copy second byte
      {0xFC, 0x0A, 0x01, 0x00},       // memory.copy first byte
  };
  for (const auto &bytes : cases) {
    const Decoded d = decode(bytes);
    EXPECT_FALSE(d.ok);
    EXPECT_EQ(d.error, DecodeError::ZeroByteExpected) << opcodeInfo(d.instr.op).text;
    EXPECT_EQ(decodeErrorText(d.error), "zero byte expected");
  }
  auto d = decode({0xFC, 0x08, 0x07, 0x00});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::MemoryInit);
  EXPECT_EQ(d.instr.index, 7U);
}

TEST(DecodeInstr, RefNullNeedsReferenceType) {
  EXPECT_EQ(decode({0xD0, 0x6F}).instr.refType, ValType::ExternRef);
  for (const uint8_t byte : std::initializer_list<uint8_t>{0x7F, 0x7B, 0x40, 0x00, 0x6E}) {
    const Decoded d = decode({0xD0, byte});
    EXPECT_FALSE(d.ok);
    EXPECT_EQ(d.error, DecodeError::MalformedRefType) << int{byte};
    EXPECT_EQ(decodeErrorText(d.error), "malformed reference type");
  }
}

TEST(DecodeInstr, BlockTypes) {
  auto d = decode({0x02, 0x40});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.block.kind, BlockType::Kind::Empty);

  for (const ValType type : {ValType::I32, ValType::I64, ValType::F32, ValType::F64, ValType::V128,
                             ValType::FuncRef, ValType::ExternRef}) {
    d = decode({0x03, static_cast<uint8_t>(type)});
    ASSERT_TRUE(d.ok);
    EXPECT_EQ(d.instr.block.kind, BlockType::Kind::Value);
    EXPECT_EQ(d.instr.block.value, type);
  }

  d = decode({0x04, 0x00});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.block.kind, BlockType::Kind::TypeIndex);
  EXPECT_EQ(d.instr.block.typeIndex, 0U);

  d = decode({0x02, 0x80, 0x01}); // type 128: a multi-byte s33
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.block.typeIndex, 128U);

  d = decode({0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}); // largest index a u32 can hold
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.block.typeIndex, 0xFFFFFFFFU);
  EXPECT_EQ(d.consumed, 6U);

  // Negative s33 that are not one-byte value types: 0x7A (-6), -64 in two bytes, -2^32.
  for (const std::vector<uint8_t> &bytes :
       {std::vector<uint8_t>{0x02, 0x7A}, std::vector<uint8_t>{0x02, 0xC0, 0x7F},
        std::vector<uint8_t>{0x02, 0x80, 0x80, 0x80, 0x80, 0x70}}) {
    d = decode(bytes);
    EXPECT_FALSE(d.ok);
    EXPECT_EQ(d.readError, ReadError::None);
    EXPECT_EQ(d.error, DecodeError::MalformedValType);
    EXPECT_EQ(decodeErrorText(d.error), "malformed value type");
  }

  d = decode({0x02, 0x80, 0x80, 0x80, 0x80, 0x20}); // bits beyond 33 not a sign extension
  EXPECT_EQ(d.readError, ReadError::IntegerTooLarge);
  d = decode({0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00});
  EXPECT_EQ(d.readError, ReadError::IntegerTooLong);
  d = decode({0x02});
  EXPECT_EQ(d.readError, ReadError::UnexpectedEnd);
}

TEST(DecodeInstr, BrTable) {
  auto d = decode({0x0E, 0x00, 0x05}); // only a default label
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.targets, (std::vector<uint32_t>{5}));

  d = decode({0x0E, 0x02, 0x03, 0x80, 0x01, 0x00});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.targets, (std::vector<uint32_t>{3, 128, 0}));

  // A count far beyond the bytes left is truncation, checked before any allocation.
  d = decode({0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x00});
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.readError, ReadError::UnexpectedEnd);
  EXPECT_LT(d.targets.capacity(), 1024U);

  d = decode({0x0E, 0x02, 0x00, 0x00}); // default label missing
  EXPECT_EQ(d.readError, ReadError::UnexpectedEnd);
}

TEST(DecodeInstr, BrTableReusesCallerVector) {
  const std::array<uint8_t, 8> bytes{0x0E, 0x02, 0x01, 0x02, 0x03, 0x0E, 0x00, 0x09};
  ByteReader reader(bytes);
  std::vector<uint32_t> targets{42, 43};
  Instr instr;
  DecodeError error = DecodeError::None;
  ASSERT_TRUE(decodeInstr(reader, instr, targets, error));
  EXPECT_EQ(targets, (std::vector<uint32_t>{1, 2, 3}));
  ASSERT_TRUE(decodeInstr(reader, instr, targets, error));
  EXPECT_EQ(targets, (std::vector<uint32_t>{9}));
}

TEST(DecodeInstr, SelectWithTypes) {
  auto d = decode({0x1C, 0x01, 0x7B});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::SelectT);
  EXPECT_EQ(d.instr.selectTypeCount, 1U);
  EXPECT_EQ(d.instr.refType, ValType::V128);

  // Arity is the validator's business; decoding keeps the count and the first type.
  d = decode({0x1C, 0x02, 0x6F, 0x7F});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.selectTypeCount, 2U);
  EXPECT_EQ(d.instr.refType, ValType::ExternRef);
  EXPECT_EQ(d.consumed, 4U);

  d = decode({0x1C, 0x00});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.selectTypeCount, 0U);

  d = decode({0x1C, 0x01, 0x40});
  EXPECT_EQ(d.error, DecodeError::MalformedValType);
  d = decode({0x1C, 0x05, 0x7F});
  EXPECT_EQ(d.readError, ReadError::UnexpectedEnd);
  d = decode({0x1C, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F});
  EXPECT_EQ(d.readError, ReadError::UnexpectedEnd);
}

TEST(DecodeInstr, LanesAndShuffle) {
  auto d = decode({0xFD, 0x15, 0xFF}); // i8x16.extract_lane_s 255: range is validation's job
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::I8x16ExtractLaneS);
  EXPECT_EQ(d.instr.lane, 255U);
  EXPECT_EQ(d.consumed, 3U);

  d = decode({0xFD, 0x57, 0x03, 0x80, 0x01, 0x01}); // v128.load64_lane align=3 offset=128 1
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::V128Load64Lane);
  EXPECT_EQ(d.instr.mem.align, 3U);
  EXPECT_EQ(d.instr.mem.offset, 128U);
  EXPECT_EQ(d.instr.lane, 1U);

  d = decode({0xFD, 0x0D, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16});
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::I8x16Shuffle);
  EXPECT_EQ(d.instr.bytes[0], 31);
  EXPECT_EQ(d.instr.bytes[15], 16);
}

TEST(DecodeInstr, TwoIndexImmediates) {
  auto d = decode({0x11, 0x02, 0x80, 0x01}); // call_indirect type 2, table 128 (u32 in 2.0)
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.index, 2U);
  EXPECT_EQ(d.instr.index2, 128U);
  d = decode({0xFC, 0x0C, 0x04, 0x05}); // table.init elem 4, table 5
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.op, Opcode::TableInit);
  EXPECT_EQ(d.instr.index, 4U);
  EXPECT_EQ(d.instr.index2, 5U);
  d = decode({0xFC, 0x0E, 0x06, 0x07}); // table.copy dst 6, src 7
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.instr.index, 6U);
  EXPECT_EQ(d.instr.index2, 7U);
}

TEST(DecodeInstr, EmptyInputAndErrorText) {
  const Decoded d = decode(std::span<const uint8_t>{});
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.readError, ReadError::UnexpectedEnd);
  EXPECT_EQ(d.error, DecodeError::None);
  EXPECT_EQ(decodeErrorText(DecodeError::None), "");
}

} // namespace
} // namespace runw::engine
