// SPDX-License-Identifier: Apache-2.0
// Natural alignments and lane counts, computed from the text names in opcodes.def once.
#include "validator/instr_facts.h"

#include <array>
#include <charconv>

namespace runw::engine::validator {
namespace {

uint32_t log2Bytes(uint32_t bits) {
  uint32_t log = 0;
  for (uint32_t bytes = bits / 8; bytes > 1; bytes /= 2) {
    ++log;
  }
  return log;
}

uint32_t typeBits(std::string_view text) {
  if (text.starts_with("v128")) {
    return 128;
  }
  return text.substr(1, 2) == "64" ? 64 : 32;
}

// "i32.load8_s": the digits after load/store (times the "xM" factor of v128.load8x8_s),
// or the type's width when there are none.
uint32_t accessBits(std::string_view text) {
  size_t pos = text.find(".load");
  size_t skip = 5;
  if (pos == std::string_view::npos) {
    pos = text.find(".store");
    skip = 6;
  }
  if (pos == std::string_view::npos) {
    return 0;
  }
  std::string_view rest = text.substr(pos + skip);
  uint32_t width = 0;
  auto [next, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), width);
  if (ec != std::errc{}) {
    return typeBits(text);
  }
  if (next != rest.data() + rest.size() && *next == 'x') {
    uint32_t count = 0;
    std::from_chars(next + 1, rest.data() + rest.size(), count);
    return width * count;
  }
  return width;
}

uint32_t lanesOf(std::string_view text) {
  if (text == "i8x16.shuffle") {
    return 32;
  }
  if (text.starts_with("v128.load") || text.starts_with("v128.store")) {
    const uint32_t bits = accessBits(text);
    return bits == 0 ? 0 : 128 / bits;
  }
  const size_t x = text.find('x');
  uint32_t lanes = 0;
  if (x != std::string_view::npos) {
    std::from_chars(text.data() + x + 1, text.data() + text.size(), lanes);
  }
  return lanes;
}

struct Facts {
  std::array<uint8_t, static_cast<size_t>(Opcode::Count)> alignment{};
  std::array<uint8_t, static_cast<size_t>(Opcode::Count)> lanes{};
};

const Facts &facts() {
  static const Facts table = [] {
    Facts out;
    for (size_t i = 0; i < out.alignment.size(); ++i) {
      const std::string_view text = opcodeInfo(static_cast<Opcode>(i)).text;
      const uint32_t bits = accessBits(text);
      out.alignment[i] = static_cast<uint8_t>(bits == 0 ? 0 : log2Bytes(bits));
      out.lanes[i] = static_cast<uint8_t>(lanesOf(text));
    }
    return out;
  }();
  return table;
}

} // namespace

uint32_t naturalAlignmentLog2(Opcode op) { return facts().alignment[static_cast<size_t>(op)]; }

uint32_t laneCount(Opcode op) { return facts().lanes[static_cast<size_t>(op)]; }

} // namespace runw::engine::validator
