// SPDX-License-Identifier: Apache-2.0
// Decoder primitives: integers, lengths, names, types, limits and constant-expression extents
// (core spec 5.2-5.4), with the reference interpreter's error texts.
#include "loader/decoder.h"

#include "common/instr.h"

#include <fmt/format.h>

#include <utility>

namespace runw::engine::loader {
namespace {

constexpr uint8_t kConstMutable = 0x01;
constexpr uint8_t kHighBit = 0x80;

} // namespace

Decoder::Decoder(const ast::Module &module)
    : bytes_(module.bytes), size_(module.bytes.size()), reader_(module.bytes) {}

std::unexpected<Error> Decoder::error(size_t offset, std::string_view text) {
  return runw::fail(ErrorCode::Invalid, fmt::format("offset 0x{:x}: {}", offset, text));
}

std::unexpected<Error> Decoder::readerError() const {
  std::string_view text = readErrorText(reader_.error());
  if (reader_.error() == ReadError::UnexpectedEnd && inSection_) {
    text = "unexpected end of section or function";
  }
  return error(reader_.errorOffset(), text);
}

Result<uint8_t> Decoder::byte() {
  const uint8_t value = reader_.u8();
  if (!reader_.ok()) {
    return readerError();
  }
  return value;
}

Result<uint32_t> Decoder::u32() {
  const uint32_t value = reader_.u32();
  if (!reader_.ok()) {
    return readerError();
  }
  return value;
}

Result<uint32_t> Decoder::length() {
  // As the reference interpreter's len32: the bound is the rest of the binary counted from
  // the first byte of the length itself.
  const size_t start = offset();
  const uint32_t value = TRY(u32());
  if (value > size_ - start) {
    return error(start, "length out of bounds");
  }
  return value;
}

Result<ast::ByteRange> Decoder::rangeOf(size_t n) {
  const size_t start = offset();
  (void)reader_.bytes(n);
  if (!reader_.ok()) {
    return readerError();
  }
  return ast::ByteRange{static_cast<uint32_t>(start), static_cast<uint32_t>(n)};
}

Result<std::string> Decoder::name() {
  const size_t start = offset();
  const uint32_t n = TRY(length());
  const ast::ByteRange range = TRY(rangeOf(n));
  const auto raw = bytes_.subspan(range.offset, range.size);
  if (!isValidUtf8(raw)) {
    return error(start, "malformed UTF-8 encoding");
  }
  return std::string(raw.begin(), raw.end());
}

Result<ValType> Decoder::valType() {
  const size_t start = offset();
  const uint8_t code = TRY(byte());
  if (const auto type = valTypeFromByte(code)) {
    return *type;
  }
  // Type codes are one-byte negative LEB128 numbers (s7): a continuation bit makes the
  // encoding too long rather than an unknown type.
  return error(start,
               (code & kHighBit) != 0 ? "integer representation too long" : "malformed value type");
}

Result<ValType> Decoder::refType() {
  const size_t start = offset();
  const uint8_t code = TRY(byte());
  const auto type = valTypeFromByte(code);
  if (type && isRefType(*type)) {
    return *type;
  }
  return error(start, (code & kHighBit) != 0 ? "integer representation too long"
                                             : "malformed reference type");
}

Result<Limits> Decoder::limits() {
  // The flag is read as a one-bit LEB128 number by the reference interpreter, hence its
  // integer error texts (binary.wast).
  const size_t start = offset();
  const uint8_t flags = TRY(byte());
  if ((flags & kHighBit) != 0) {
    return error(start, "integer representation too long");
  }
  if (flags > 1) {
    return error(start, "integer too large");
  }
  Limits out;
  out.min = TRY(u32());
  if (flags == 1) {
    out.max = TRY(u32());
  }
  return out;
}

Result<TableType> Decoder::tableType() {
  TableType out;
  out.elemType = TRY(refType());
  out.limits = TRY(limits());
  return out;
}

Result<GlobalType> Decoder::globalType() {
  GlobalType out;
  out.type = TRY(valType());
  const size_t start = offset();
  const uint8_t mut = TRY(byte());
  if (mut > kConstMutable) {
    return error(start, "malformed mutability");
  }
  out.isMutable = mut == kConstMutable;
  return out;
}

Result<ast::ConstExpr> Decoder::constExpr() {
  const size_t start = offset();
  // Block instructions nest their own `end`; the expression ends at the `end` at depth 0.
  size_t depth = 0;
  for (;;) {
    Instr instr;
    DecodeError decodeError = DecodeError::None;
    if (!decodeInstr(reader_, instr, brTargets_, decodeError)) {
      if (!reader_.ok()) {
        return readerError();
      }
      return error(instr.offset, decodeErrorText(decodeError));
    }
    if (instr.op == Opcode::Block || instr.op == Opcode::Loop || instr.op == Opcode::If) {
      ++depth;
    } else if (instr.op == Opcode::End) {
      if (depth == 0) {
        break;
      }
      --depth;
    }
  }
  return ast::ConstExpr{
      ast::ByteRange{static_cast<uint32_t>(start), static_cast<uint32_t>(offset() - start)}};
}

namespace {

bool isContinuation(uint8_t byte) { return (byte & 0xC0) == 0x80; }

// Length of the UTF-8 sequence led by lead, and the allowed range of its second byte, which
// excludes overlong forms, surrogates and code points above U+10FFFF (Unicode Table 3-7).
struct LeadInfo {
  size_t length = 0; // 0: not a valid lead byte
  uint8_t secondMin = 0x80;
  uint8_t secondMax = 0xBF;
};

LeadInfo leadInfo(uint8_t lead) {
  if (lead < 0x80) {
    return {1, 0, 0};
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    return {2, 0x80, 0xBF};
  }
  if (lead == 0xE0) {
    return {3, 0xA0, 0xBF};
  }
  if (lead == 0xED) {
    return {3, 0x80, 0x9F};
  }
  if (lead >= 0xE1 && lead <= 0xEF) {
    return {3, 0x80, 0xBF};
  }
  if (lead == 0xF0) {
    return {4, 0x90, 0xBF};
  }
  if (lead >= 0xF1 && lead <= 0xF3) {
    return {4, 0x80, 0xBF};
  }
  if (lead == 0xF4) {
    return {4, 0x80, 0x8F};
  }
  return {};
}

} // namespace

bool isValidUtf8(std::span<const uint8_t> bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    const LeadInfo info = leadInfo(bytes[i]);
    if (info.length == 0 || info.length > bytes.size() - i) {
      return false;
    }
    if (info.length > 1) {
      const uint8_t second = bytes[i + 1];
      if (second < info.secondMin || second > info.secondMax) {
        return false;
      }
      for (size_t k = 2; k < info.length; ++k) {
        if (!isContinuation(bytes[i + k])) {
          return false;
        }
      }
    }
    i += info.length;
  }
  return true;
}

} // namespace runw::engine::loader
