// SPDX-License-Identifier: Apache-2.0
// args_* and environ_*: sizes, the packed strings and pointer array, and bounds.
#include "wasi_fixture.h"

namespace runw::engine::wasi::test {
namespace {

class ArgsEnvTest : public WasiFixture {};

TEST_F(ArgsEnvTest, SizesCountTheNuls) {
  state_.args = {"prog", "", "arg two"};
  ASSERT_TRUE(fn::argsSizesGet(state_, mem_, 0, 4));
  EXPECT_EQ(load<uint32_t>(0), 3U);
  EXPECT_EQ(load<uint32_t>(4), 5U + 1U + 8U);
  state_.env = {"A=1", "PATH=/bin"};
  ASSERT_TRUE(fn::environSizesGet(state_, mem_, 8, 12));
  EXPECT_EQ(load<uint32_t>(8), 2U);
  EXPECT_EQ(load<uint32_t>(12), 4U + 10U);
}

TEST_F(ArgsEnvTest, GetPacksStringsAndPointers) {
  state_.args = {"prog", "", "arg two"};
  ASSERT_TRUE(fn::argsGet(state_, mem_, 100, 200));
  EXPECT_EQ(load<uint32_t>(100), 200U);
  EXPECT_EQ(load<uint32_t>(104), 205U);
  EXPECT_EQ(load<uint32_t>(108), 206U);
  EXPECT_EQ(text(200, 14), std::string("prog\0\0arg two\0", 14));
}

TEST_F(ArgsEnvTest, EnvironGetPacksEntries) {
  state_.env = {"A=1", "B=two"};
  ASSERT_TRUE(fn::environGet(state_, mem_, 300, 400));
  EXPECT_EQ(load<uint32_t>(300), 400U);
  EXPECT_EQ(load<uint32_t>(304), 404U);
  EXPECT_EQ(text(400, 10), std::string("A=1\0B=two\0", 10));
}

TEST_F(ArgsEnvTest, EmptyListsAreFine) {
  ASSERT_TRUE(fn::environSizesGet(state_, mem_, 0, 4));
  EXPECT_EQ(load<uint32_t>(0), 0U);
  EXPECT_EQ(load<uint32_t>(4), 0U);
  // Nothing to write, so even pointers at the end of memory are fine.
  EXPECT_TRUE(fn::environGet(state_, mem_, kMemorySize, kMemorySize));
}

TEST_F(ArgsEnvTest, BoundsAreCheckedBeforeWriting) {
  state_.args = {"prog", "x"};
  // The strings need 7 bytes: ending exactly at the end of memory is fine.
  EXPECT_TRUE(fn::argsGet(state_, mem_, 0, kMemorySize - 7));
  EXPECT_EQ(text(kMemorySize - 7, 7), std::string("prog\0x\0", 7));
  bytes_.assign(bytes_.size(), 0);
  EXPECT_EQ(errnoOf(fn::argsGet(state_, mem_, 0, kMemorySize - 6)), Errno::Fault);
  EXPECT_EQ(load<uint32_t>(0), 0U); // the pointer array was not written either
  EXPECT_TRUE(fn::argsGet(state_, mem_, kMemorySize - 8, 0));
  EXPECT_EQ(errnoOf(fn::argsGet(state_, mem_, kMemorySize - 7, 0)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::argsSizesGet(state_, mem_, kMemorySize - 3, 0)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::argsSizesGet(state_, mem_, 0, UINT32_MAX)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::environSizesGet(state_, mem_, kMemorySize, 0)), Errno::Fault);
}

} // namespace
} // namespace runw::engine::wasi::test
