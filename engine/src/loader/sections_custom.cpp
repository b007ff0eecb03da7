// SPDX-License-Identifier: Apache-2.0
// Custom sections (core spec 5.5.3) and the lenient reading of the "name" section (7.4).
#include "loader/decoder.h"

#include <utility>

namespace runw::engine::loader {
namespace {

constexpr uint8_t kModuleNameSubsection = 0;
constexpr uint8_t kFunctionNamesSubsection = 1;

// A name inside the name section; false when truncated or not UTF-8.
bool readName(ByteReader &reader, std::string &out) {
  const uint32_t n = reader.u32();
  if (!reader.ok() || n > reader.remaining()) {
    return false;
  }
  const auto raw = reader.bytes(n);
  if (!isValidUtf8(raw)) {
    return false;
  }
  out.assign(raw.begin(), raw.end());
  return true;
}

// namemap ::= vec(idx name) (core spec 7.4.1).
bool readNameMap(ByteReader &reader, std::map<uint32_t, std::string> &out) {
  const uint32_t count = reader.u32();
  if (!reader.ok()) {
    return false;
  }
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t index = reader.u32();
    std::string name;
    if (!reader.ok() || !readName(reader, name)) {
      return false;
    }
    out.insert_or_assign(index, std::move(name));
  }
  return true;
}

bool readSubsection(uint8_t id, std::span<const uint8_t> content, ast::Names &names) {
  ByteReader reader(content);
  if (id == kModuleNameSubsection) {
    std::string name;
    if (!readName(reader, name)) {
      return false;
    }
    names.module = std::move(name);
  } else if (id == kFunctionNamesSubsection) {
    if (!readNameMap(reader, names.functions)) {
      return false;
    }
  } else {
    return true; // local, label, type... names: not used by runw
  }
  return reader.atEnd();
}

} // namespace

bool parseNameSection(std::span<const uint8_t> content, ast::Names &names) {
  ByteReader reader(content);
  while (!reader.atEnd()) {
    const uint8_t id = reader.u8();
    const uint32_t size = reader.u32();
    if (!reader.ok() || size > reader.remaining()) {
      return false;
    }
    if (!readSubsection(id, reader.bytes(size), names)) {
      return false;
    }
  }
  return true;
}

Result<void> readCustomSection(Decoder &decoder, ast::Module &module, size_t sectionEnd) {
  ast::CustomSection custom;
  custom.name = TRY(decoder.name());
  if (decoder.offset() > sectionEnd) {
    return Decoder::error(sectionEnd, "unexpected end");
  }
  custom.content = TRY(decoder.rangeOf(sectionEnd - decoder.offset()));
  // Custom section contents are not part of the module's meaning (core spec 5.5.3): a
  // malformed name section is ignored, never an error.
  if (custom.name == "name") {
    ast::Names names;
    if (parseNameSection(module.view(custom.content), names)) {
      module.names = std::move(names);
    }
  }
  module.customs.push_back(std::move(custom));
  return {};
}

} // namespace runw::engine::loader
