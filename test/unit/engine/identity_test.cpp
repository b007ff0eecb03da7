// SPDX-License-Identifier: Apache-2.0
// Engine identity and the wasm preamble check used to detect wasm entrypoints.
#include "engine/engine.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

namespace runw::engine {
namespace {

TEST(WasmPreamble, AcceptsMagicAndVersionOne) {
  const std::array<uint8_t, 8> module{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  EXPECT_TRUE(hasWasmPreamble(module));
}

TEST(WasmPreamble, RejectsOtherVersionsShortInputAndElf) {
  const std::array<uint8_t, 8> version2{0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00};
  const std::array<uint8_t, 4> magicOnly{0x00, 0x61, 0x73, 0x6d};
  const std::array<uint8_t, 8> elf{0x7f, 'E', 'L', 'F', 0x02, 0x01, 0x01, 0x00};
  EXPECT_FALSE(hasWasmPreamble(version2));
  EXPECT_FALSE(hasWasmPreamble(magicOnly));
  EXPECT_FALSE(hasWasmPreamble(elf));
  EXPECT_FALSE(hasWasmPreamble({}));
}

TEST(Identity, ReportsVersions) {
  EXPECT_FALSE(version().empty());
  EXPECT_EQ(targetWasmVersion(), "2.0");
}

} // namespace
} // namespace runw::engine
