// SPDX-License-Identifier: Apache-2.0
// Building WebAssembly binaries byte by byte in tests: LEB128 sizes, sections, bodies.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace runw::engine::testing {

using Bytes = std::vector<uint8_t>;

/// Unsigned LEB128 (core spec 5.2.2), for section and body sizes.
inline void appendU32(Bytes &out, uint32_t value) {
  do {
    const auto low = static_cast<uint8_t>(value & 0x7F);
    value >>= 7;
    out.push_back(value != 0 ? static_cast<uint8_t>(low | 0x80) : low);
  } while (value != 0);
}

/// The parts one after another.
inline Bytes join(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes &part : parts) {
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

/// A section: its id, the size of its content, then the content (core spec 5.5.2).
inline Bytes section(uint8_t id, const Bytes &content) {
  Bytes out{id};
  appendU32(out, static_cast<uint32_t>(content.size()));
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

/// One entry of the code section: the size of locals + expression, then both (5.5.13).
inline Bytes body(const Bytes &content) {
  Bytes out;
  appendU32(out, static_cast<uint32_t>(content.size()));
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

/// The preamble, then the sections in order.
inline Bytes wasmModule(std::initializer_list<Bytes> sections) {
  return join({Bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}, join(sections)});
}

} // namespace runw::engine::testing
