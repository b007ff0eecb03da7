// SPDX-License-Identifier: Apache-2.0
// Engine identity (version strings) and the wasm binary preamble check.
#include "engine/engine.h"

#include <array>

namespace runw::engine {

std::string_view version() { return "0.1.0"; }

std::string_view targetWasmVersion() { return "2.0"; }

bool hasWasmPreamble(std::span<const uint8_t> bytes) {
  // magic \0asm, then the little-endian u32 version 1.
  constexpr std::array<uint8_t, 8> kPreamble{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  if (bytes.size() < kPreamble.size()) {
    return false;
  }
  for (size_t i = 0; i < kPreamble.size(); ++i) {
    if (bytes[i] != kPreamble[i]) {
      return false;
    }
  }
  return true;
}

} // namespace runw::engine
