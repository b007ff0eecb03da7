// SPDX-License-Identifier: Apache-2.0
// loadModule: the preamble, the section sequence and the cross-section count checks
// (core spec 5.5.2, 5.5.16).
#include "loader/loader.h"

#include "loader/decoder.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <utility>

namespace runw::engine::loader {
namespace {

constexpr std::array<uint8_t, 4> kMagic{0x00, 0x61, 0x73, 0x6D};
constexpr std::array<uint8_t, 4> kVersion{0x01, 0x00, 0x00, 0x00};

enum class SectionId : uint8_t {
  Custom = 0,
  Type = 1,
  Import = 2,
  Function = 3,
  Table = 4,
  Memory = 5,
  Global = 6,
  Export = 7,
  Start = 8,
  Element = 9,
  Code = 10,
  Data = 11,
  DataCount = 12,
};

// Position of each non-custom section in the required order (core spec 5.5.16): the data
// count section sits between the element and code sections.
constexpr std::array<uint8_t, 13> kSectionRank{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};

Result<void> readPreamble(Decoder &decoder) {
  const auto magic = decoder.reader().bytes(kMagic.size());
  if (!decoder.reader().ok()) {
    return decoder.readerError();
  }
  if (!std::equal(magic.begin(), magic.end(), kMagic.begin())) {
    return Decoder::error(0, "magic header not detected");
  }
  const auto version = decoder.reader().bytes(kVersion.size());
  if (!decoder.reader().ok()) {
    return decoder.readerError();
  }
  if (!std::equal(version.begin(), version.end(), kVersion.begin())) {
    return Decoder::error(kMagic.size(), "unknown binary version");
  }
  return {};
}

Result<void> readSectionContents(uint8_t id, Decoder &decoder, ast::Module &module,
                                 size_t sectionEnd) {
  switch (static_cast<SectionId>(id)) {
  case SectionId::Custom:
    return readCustomSection(decoder, module, sectionEnd);
  case SectionId::Type:
    return readTypeSection(decoder, module);
  case SectionId::Import:
    return readImportSection(decoder, module);
  case SectionId::Function:
    return readFunctionSection(decoder, module);
  case SectionId::Table:
    return readTableSection(decoder, module);
  case SectionId::Memory:
    return readMemorySection(decoder, module);
  case SectionId::Global:
    return readGlobalSection(decoder, module);
  case SectionId::Export:
    return readExportSection(decoder, module);
  case SectionId::Start:
    return readStartSection(decoder, module);
  case SectionId::Element:
    return readElementSection(decoder, module);
  case SectionId::Code:
    return readCodeSection(decoder, module);
  case SectionId::Data:
    return readDataSection(decoder, module);
  case SectionId::DataCount:
    return readDataCountSection(decoder, module);
  default:
    return Decoder::error(decoder.offset(), "malformed section id");
  }
}

// One section: id, size, contents (core spec 5.5.2). lastRank tracks the order.
Result<void> readSection(Decoder &decoder, ast::Module &module, uint8_t &lastRank) {
  decoder.setInSection(false);
  const size_t idOffset = decoder.offset();
  const uint8_t id = TRY(decoder.byte());
  if (id >= kSectionRank.size()) {
    return Decoder::error(idOffset, "malformed section id");
  }
  if (id != static_cast<uint8_t>(SectionId::Custom)) {
    // A known section out of order, or a second one of a kind, is where the reference
    // interpreter stops expecting sections.
    if (kSectionRank[id] <= lastRank) {
      return Decoder::error(idOffset, "unexpected content after last section");
    }
    lastRank = kSectionRank[id];
  }
  const uint32_t size = TRY(decoder.length());
  const size_t start = decoder.offset();
  const size_t end = start + size;
  decoder.setInSection(true);
  TRY(readSectionContents(id, decoder, module, end));
  if (decoder.offset() != end) {
    return Decoder::error(start, "section size mismatch");
  }
  return {};
}

Result<void> checkSectionCounts(const ast::Module &module) {
  const size_t end = module.bytes.size();
  if (module.functionTypeIndices.size() != module.bodies.size()) {
    return Decoder::error(end, "function and code section have inconsistent lengths");
  }
  // Without a data count section any number of data segments is fine; with one, the data
  // section (possibly absent, so empty) must match it.
  if (module.dataCount && *module.dataCount != module.datas.size()) {
    return Decoder::error(end, "data count and data section have inconsistent lengths");
  }
  return {};
}

} // namespace

Result<ast::Module> loadModule(std::span<const uint8_t> bytes) {
  return loadModule(std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

Result<ast::Module> loadModule(std::vector<uint8_t> &&bytes) {
  // Offsets are stored as uint32_t (ast::ByteRange).
  if (bytes.size() > std::numeric_limits<uint32_t>::max()) {
    return runw::fail(ErrorCode::Limit, "module larger than 4 GiB");
  }
  ast::Module module;
  module.bytes = std::move(bytes);
  Decoder decoder(module);
  TRY(readPreamble(decoder));
  uint8_t lastRank = 0;
  while (!decoder.reader().atEnd()) {
    TRY(readSection(decoder, module, lastRank));
  }
  TRY(checkSectionCounts(module));
  return module;
}

} // namespace runw::engine::loader
