// SPDX-License-Identifier: Apache-2.0
// Decoder: the loader's reading context (primitives, names, types, constant expressions) and
// the per-section readers built on it (core spec 5.5).
#pragma once

#include "ast/module.h"
#include "common/leb128.h"

#include "support/result.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace runw::engine::loader {

/// Largest number of declared locals one function may have. The binary format allows up to
/// 2^32-1, but locals are stored one per entry; the same cap as V8 and wasmtime.
inline constexpr uint64_t kMaxLocals = 50000;

/// Reads the binary format from a module's bytes. Errors are "offset 0x..: <text>" with the
/// reference interpreter's texts.
///
/// Like the reference interpreter, reads are bounded by the end of the whole binary, not of
/// the current section; a section that reads past its declared end fails afterwards with
/// "section size mismatch". Lengths and vector counts larger than the rest of the binary
/// fail with "length out of bounds" before anything is allocated.
class Decoder {
public:
  /// Reads module.bytes, which must outlive the decoder and not change.
  explicit Decoder(const ast::Module &module);

  /// The underlying reader (offsets are module offsets).
  ByteReader &reader() { return reader_; }
  /// Module offset of the next byte.
  [[nodiscard]] size_t offset() const { return reader_.offset(); }
  /// The whole binary.
  [[nodiscard]] std::span<const uint8_t> bytes() const { return bytes_; }
  /// Size of the whole binary.
  [[nodiscard]] size_t size() const { return size_; }
  /// Whether end-of-input is reported as "unexpected end of section or function" (inside a
  /// section) or as plain "unexpected end" (preamble, section headers).
  void setInSection(bool inSection) { inSection_ = inSection; }

  /// A failure "offset 0x<offset>: <text>".
  static std::unexpected<Error> error(size_t offset, std::string_view text);
  /// The failure the reader recorded.
  [[nodiscard]] std::unexpected<Error> readerError() const;

  /// One byte.
  Result<uint8_t> byte();
  /// An unsigned 32-bit LEB128 integer.
  Result<uint32_t> u32();
  /// A length or vector count; "length out of bounds" when it exceeds the rest of the binary.
  Result<uint32_t> length();
  /// n raw bytes as a range of the module.
  Result<ast::ByteRange> rangeOf(size_t n);
  /// A name: length-prefixed UTF-8 ("malformed UTF-8 encoding").
  Result<std::string> name();

  /// A value type ("malformed value type").
  Result<ValType> valType();
  /// A reference type ("malformed reference type").
  Result<ValType> refType();
  /// Limits: flags 0 (min) or 1 (min, max).
  Result<Limits> limits();
  /// A table type: reference type and limits.
  Result<TableType> tableType();
  /// A global type: value type and mutability byte ("malformed mutability").
  Result<GlobalType> globalType();
  /// A constant expression: its instructions up to the matching `end`, decoded only to find
  /// the extent. Whether the instructions are constant is the validator's question.
  Result<ast::ConstExpr> constExpr();

private:
  std::span<const uint8_t> bytes_;
  size_t size_;
  ByteReader reader_;
  bool inSection_ = false;
  std::vector<uint32_t> brTargets_; // scratch for decodeInstr
};

/// Reads a vector (core spec 5.1.3): a count bounded by the rest of the binary, then count
/// calls of readOne, which returns Result<void>.
template <class ReadOne> Result<void> readVec(Decoder &decoder, ReadOne &&readOne) {
  const uint32_t count = TRY(decoder.length());
  for (uint32_t i = 0; i < count; ++i) {
    TRY(readOne());
  }
  return {};
}

/// \name Section readers. Each reads one section's contents from the decoder's position into
/// module; the caller checks that the section's size was consumed exactly.
/// @{

/// Section 1: function types.
Result<void> readTypeSection(Decoder &decoder, ast::Module &module);
/// Section 2: imports; also counts the imports of each kind.
Result<void> readImportSection(Decoder &decoder, ast::Module &module);
/// Section 3: the type index of every defined function.
Result<void> readFunctionSection(Decoder &decoder, ast::Module &module);
/// Section 4: defined tables.
Result<void> readTableSection(Decoder &decoder, ast::Module &module);
/// Section 5: defined memories.
Result<void> readMemorySection(Decoder &decoder, ast::Module &module);
/// Section 6: defined globals.
Result<void> readGlobalSection(Decoder &decoder, ast::Module &module);
/// Section 7: exports.
Result<void> readExportSection(Decoder &decoder, ast::Module &module);
/// Section 8: the start function.
Result<void> readStartSection(Decoder &decoder, ast::Module &module);
/// Section 9: element segments in all eight encodings.
Result<void> readElementSection(Decoder &decoder, ast::Module &module);
/// Section 12: the data count.
Result<void> readDataCountSection(Decoder &decoder, ast::Module &module);
/// Section 10: function bodies (locals and code range).
Result<void> readCodeSection(Decoder &decoder, ast::Module &module);
/// Section 11: data segments in all three encodings.
Result<void> readDataSection(Decoder &decoder, ast::Module &module);
/// Section 0: a custom section ending at sectionEnd; the "name" section is also parsed,
/// leniently, into module.names.
Result<void> readCustomSection(Decoder &decoder, ast::Module &module, size_t sectionEnd);

/// @}

/// True when bytes are well-formed UTF-8 (Unicode 3.9 D92): no overlong forms, no
/// surrogates, nothing above U+10FFFF.
bool isValidUtf8(std::span<const uint8_t> bytes);

/// Parses the contents of a "name" custom section (core spec 7.4.1) into names. Returns
/// false, leaving names unspecified, when the contents are malformed.
bool parseNameSection(std::span<const uint8_t> content, ast::Names &names);

} // namespace runw::engine::loader
