// SPDX-License-Identifier: Apache-2.0
// Readers of the element, data count, code and data sections (core spec 5.5.12-5.5.15).
#include "common/instr.h"
#include "loader/decoder.h"

#include <fmt/format.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace runw::engine::loader {
namespace {

// Element segment flag bits (core spec 5.5.12): bit 0 passive or declarative, bit 1 explicit
// table index (active) or declarative (otherwise), bit 2 items are expressions.
constexpr uint32_t kElemPassiveBit = 0x1;
constexpr uint32_t kElemExplicitBit = 0x2;
constexpr uint32_t kElemExprsBit = 0x4;
constexpr uint32_t kElemMaxFlags = 7;
constexpr uint8_t kElemKindFuncRef = 0x00;

// Data segment flags (core spec 5.5.14): 0 active memory 0, 1 passive, 2 active explicit.
constexpr uint32_t kDataPassive = 1;
constexpr uint32_t kDataExplicit = 2;

constexpr uint8_t kEndOpcode = 0x0B;

ast::SegmentMode elemMode(uint32_t flags) {
  if ((flags & kElemPassiveBit) == 0) {
    return ast::SegmentMode::Active;
  }
  return (flags & kElemExplicitBit) != 0 ? ast::SegmentMode::Declarative
                                         : ast::SegmentMode::Passive;
}

// The element type: absent in forms 0 and 4 (funcref), an elemkind byte in forms 1-3, a
// reference type in forms 5-7.
Result<ValType> readElemType(Decoder &decoder, uint32_t flags) {
  if ((flags & (kElemPassiveBit | kElemExplicitBit)) == 0) {
    return ValType::FuncRef;
  }
  if ((flags & kElemExprsBit) != 0) {
    return decoder.refType();
  }
  const size_t start = decoder.offset();
  if (TRY(decoder.byte()) != kElemKindFuncRef) {
    return Decoder::error(start, "malformed element kind");
  }
  return ValType::FuncRef;
}

Result<void> readElemItems(Decoder &decoder, ast::ElementSegment &segment) {
  return readVec(decoder, [&]() -> Result<void> {
    if (segment.usesExprs) {
      segment.itemExprs.push_back(TRY(decoder.constExpr()));
    } else {
      segment.itemFuncIndices.push_back(TRY(decoder.u32()));
    }
    return {};
  });
}

Result<ast::ElementSegment> readElementSegment(Decoder &decoder) {
  const size_t start = decoder.offset();
  const uint32_t flags = TRY(decoder.u32());
  if (flags > kElemMaxFlags) {
    return Decoder::error(start, "malformed elements segment kind");
  }
  ast::ElementSegment segment;
  segment.mode = elemMode(flags);
  segment.usesExprs = (flags & kElemExprsBit) != 0;
  if (segment.mode == ast::SegmentMode::Active) {
    if ((flags & kElemExplicitBit) != 0) {
      segment.tableIndex = TRY(decoder.u32());
    }
    segment.offset = TRY(decoder.constExpr());
  }
  segment.elemType = TRY(readElemType(decoder, flags));
  TRY(readElemItems(decoder, segment));
  return segment;
}

Result<ast::DataSegment> readDataSegment(Decoder &decoder) {
  const size_t start = decoder.offset();
  const uint32_t flags = TRY(decoder.u32());
  if (flags > kDataExplicit) {
    return Decoder::error(start, "malformed data segment kind");
  }
  ast::DataSegment segment;
  segment.mode = flags == kDataPassive ? ast::SegmentMode::Passive : ast::SegmentMode::Active;
  if (flags == kDataExplicit) {
    segment.memoryIndex = TRY(decoder.u32());
  }
  if (segment.mode == ast::SegmentMode::Active) {
    segment.offset = TRY(decoder.constExpr());
  }
  const uint32_t size = TRY(decoder.length());
  segment.init = TRY(decoder.rangeOf(size));
  return segment;
}

struct LocalRun {
  uint32_t count = 0;
  ValType type = ValType::I32;
};

// Locals are read completely before any is expanded, so a hostile count is rejected before
// it allocates (core spec 5.5.13: the total must be below 2^32).
Result<std::vector<ValType>> readLocals(Decoder &decoder) {
  const size_t start = decoder.offset();
  std::vector<LocalRun> runs;
  uint64_t total = 0;
  TRY(readVec(decoder, [&]() -> Result<void> {
    LocalRun run;
    run.count = TRY(decoder.u32());
    run.type = TRY(decoder.valType());
    total += run.count;
    runs.push_back(run);
    return {};
  }));
  if (total > UINT32_MAX) {
    return Decoder::error(start, "too many locals");
  }
  if (total > kMaxLocals) {
    // Allowed by the binary format but above what runw stores.
    return runw::fail(ErrorCode::Limit, fmt::format("offset 0x{:x}: too many locals", start));
  }
  std::vector<ValType> locals;
  locals.reserve(static_cast<size_t>(total));
  for (const LocalRun &run : runs) {
    locals.insert(locals.end(), run.count, run.type);
  }
  return locals;
}

// An expression ends with `end` (core spec 5.4.9); whether a body's last 0x0b really is an
// instruction and not an immediate is found by the validator, which decodes every
// instruction. Without it the reference interpreter reads on past the body, so its error
// depends on what follows: the end of the binary, an `end` outside the body, or other bytes.
std::unexpected<Error> missingEnd(const Decoder &decoder, size_t bodyEnd) {
  if (bodyEnd == decoder.size()) {
    return Decoder::error(bodyEnd, "unexpected end of section or function");
  }
  if (decoder.bytes()[bodyEnd] == kEndOpcode) {
    return Decoder::error(bodyEnd, "section size mismatch");
  }
  return Decoder::error(bodyEnd, "END opcode expected");
}

// Decodes every instruction of a body once, so malformed encodings inside it (bad LEB128
// immediates, illegal opcodes, reserved bytes) are reported as malformed at load time, as
// the reference interpreter does, before the validator looks at types.
Result<void> checkBodyEncoding(const Decoder &decoder, ast::ByteRange code) {
  ByteReader reader(decoder.bytes().subspan(code.offset, code.size), code.offset);
  std::vector<uint32_t> targets;
  Instr instr;
  DecodeError error = DecodeError::None;
  // Nesting is syntax too: the reference interpreter parses structured instructions, so a
  // body whose blocks are not closed when its bytes run out is "unexpected end".
  size_t depth = 1;
  while (!reader.atEnd()) {
    if (depth == 0) {
      return Decoder::error(reader.offset(), "section size mismatch");
    }
    if (!decodeInstr(reader, instr, targets, error)) {
      const std::string_view text =
          reader.ok() ? decodeErrorText(error) : readErrorText(reader.error());
      return Decoder::error(reader.ok() ? instr.offset : reader.errorOffset(), text);
    }
    if (instr.op == Opcode::Block || instr.op == Opcode::Loop || instr.op == Opcode::If) {
      ++depth;
    } else if (instr.op == Opcode::End) {
      --depth;
    }
  }
  if (depth != 0) {
    return Decoder::error(reader.offset(), "unexpected end");
  }
  return {};
}

Result<ast::FunctionBody> readBody(Decoder &decoder) {
  const uint32_t size = TRY(decoder.length());
  const size_t bodyEnd = decoder.offset() + size;
  ast::FunctionBody body;
  body.locals = TRY(readLocals(decoder));
  const size_t codeStart = decoder.offset();
  if (codeStart > bodyEnd) {
    return Decoder::error(bodyEnd, "section size mismatch");
  }
  body.code = TRY(decoder.rangeOf(bodyEnd - codeStart));
  if (body.code.size == 0 || decoder.bytes()[bodyEnd - 1] != kEndOpcode) {
    return missingEnd(decoder, bodyEnd);
  }
  TRY(checkBodyEncoding(decoder, body.code));
  return body;
}

} // namespace

Result<void> readElementSection(Decoder &decoder, ast::Module &module) {
  return readVec(decoder, [&]() -> Result<void> {
    module.elements.push_back(TRY(readElementSegment(decoder)));
    return {};
  });
}

Result<void> readDataCountSection(Decoder &decoder, ast::Module &module) {
  module.dataCount = TRY(decoder.u32());
  return {};
}

Result<void> readCodeSection(Decoder &decoder, ast::Module &module) {
  return readVec(decoder, [&]() -> Result<void> {
    module.bodies.push_back(TRY(readBody(decoder)));
    return {};
  });
}

Result<void> readDataSection(Decoder &decoder, ast::Module &module) {
  return readVec(decoder, [&]() -> Result<void> {
    module.datas.push_back(TRY(readDataSegment(decoder)));
    return {};
  });
}

} // namespace runw::engine::loader
