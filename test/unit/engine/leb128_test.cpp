// SPDX-License-Identifier: Apache-2.0
// Tests for ByteReader: LEB128 limits of core spec 5.2.2 (length, unused bits, s33),
// truncation, sticky errors and offsets.
#include "common/leb128.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <vector>

namespace runw::engine {
namespace {

// Result of reading one value from the given bytes with the given ByteReader member.
template <class T> struct Read {
  T value{};
  ReadError error = ReadError::None;
  size_t consumed = 0;
};

template <class Fn> auto readOne(std::initializer_list<uint8_t> bytes, Fn fn) {
  const std::vector<uint8_t> copy(bytes);
  ByteReader reader(copy);
  Read<decltype(fn(reader))> out;
  out.value = fn(reader);
  out.error = reader.error();
  out.consumed = reader.offset();
  return out;
}

auto u32(std::initializer_list<uint8_t> bytes) {
  return readOne(bytes, [](ByteReader &r) { return r.u32(); });
}
auto u64(std::initializer_list<uint8_t> bytes) {
  return readOne(bytes, [](ByteReader &r) { return r.u64(); });
}
auto s32(std::initializer_list<uint8_t> bytes) {
  return readOne(bytes, [](ByteReader &r) { return r.s32(); });
}
auto s33(std::initializer_list<uint8_t> bytes) {
  return readOne(bytes, [](ByteReader &r) { return r.s33(); });
}
auto s64(std::initializer_list<uint8_t> bytes) {
  return readOne(bytes, [](ByteReader &r) { return r.s64(); });
}

TEST(Leb128, U32Values) {
  EXPECT_EQ(u32({0x00}).value, 0U);
  EXPECT_EQ(u32({0x7F}).value, 127U);
  EXPECT_EQ(u32({0x80, 0x01}).value, 128U);
  EXPECT_EQ(u32({0xE5, 0x8E, 0x26}).value, 624485U);
  const auto max = u32({0xFF, 0xFF, 0xFF, 0xFF, 0x0F});
  EXPECT_EQ(max.error, ReadError::None);
  EXPECT_EQ(max.value, std::numeric_limits<uint32_t>::max());
  EXPECT_EQ(max.consumed, 5U);
}

TEST(Leb128, U32OverlongButWithinLimitIsAccepted) {
  // Padding with 0x80 is allowed as long as the total stays within ceil(32/7) = 5 bytes.
  const auto two = u32({0x80, 0x00});
  EXPECT_EQ(two.error, ReadError::None);
  EXPECT_EQ(two.value, 0U);
  EXPECT_EQ(two.consumed, 2U);
  const auto five = u32({0x82, 0x80, 0x80, 0x80, 0x00});
  EXPECT_EQ(five.error, ReadError::None);
  EXPECT_EQ(five.value, 2U);
}

TEST(Leb128, U32TooLong) {
  // binary-leb128.wast: "memory index 0 with one byte too many".
  const auto r = u32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00});
  EXPECT_EQ(r.error, ReadError::IntegerTooLong);
  EXPECT_EQ(r.value, 0U);
  EXPECT_EQ(u32({0x82, 0x80, 0x80, 0x80, 0x80, 0x00}).error, ReadError::IntegerTooLong);
}

TEST(Leb128, U32UnusedBitsMustBeZero) {
  // The fifth byte carries only 4 value bits (binary-leb128.wast "with unused bits set").
  EXPECT_EQ(u32({0x82, 0x80, 0x80, 0x80, 0x10}).error, ReadError::IntegerTooLarge);
  EXPECT_EQ(u32({0x82, 0x80, 0x80, 0x80, 0x40}).error, ReadError::IntegerTooLarge);
  EXPECT_EQ(u32({0x80, 0x80, 0x80, 0x80, 0x70}).error, ReadError::IntegerTooLarge);
  EXPECT_EQ(u32({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}).error, ReadError::IntegerTooLarge);
}

TEST(Leb128, U64Limits) {
  EXPECT_EQ(u64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}).value,
            std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(u64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}).error,
            ReadError::IntegerTooLarge);
  EXPECT_EQ(u64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}).error,
            ReadError::IntegerTooLong);
  // A u64 may use five bytes and more where a u32 may not.
  EXPECT_EQ(u64({0x80, 0x80, 0x80, 0x80, 0x10}).value, uint64_t{1} << 32);
}

TEST(Leb128, S32Values) {
  EXPECT_EQ(s32({0x00}).value, 0);
  EXPECT_EQ(s32({0x3F}).value, 63);
  EXPECT_EQ(s32({0x40}).value, -64);
  EXPECT_EQ(s32({0x7F}).value, -1);
  EXPECT_EQ(s32({0xFF, 0x7F}).value, -1); // overlong -1
  EXPECT_EQ(s32({0xC0, 0x00}).value, 64);
  EXPECT_EQ(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x07}).value, std::numeric_limits<int32_t>::max());
  EXPECT_EQ(s32({0x80, 0x80, 0x80, 0x80, 0x78}).value, std::numeric_limits<int32_t>::min());
  EXPECT_EQ(s32({0x80, 0x80, 0x80, 0x80, 0x00}).error, ReadError::None);
  EXPECT_EQ(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}).value, -1);
}

TEST(Leb128, S32UnusedBitsMustSignExtend) {
  // binary-leb128.wast i32.const cases.
  EXPECT_EQ(s32({0x80, 0x80, 0x80, 0x80, 0x70}).error, ReadError::IntegerTooLarge);
  EXPECT_EQ(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}).error, ReadError::IntegerTooLarge);
  EXPECT_EQ(s32({0x80, 0x80, 0x80, 0x80, 0x1F}).error, ReadError::IntegerTooLarge);
  EXPECT_EQ(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x4F}).error, ReadError::IntegerTooLarge);
}

TEST(Leb128, S32TooLong) {
  EXPECT_EQ(s32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}).error, ReadError::IntegerTooLong);
  EXPECT_EQ(s32({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}).error, ReadError::IntegerTooLong);
}

TEST(Leb128, S33BlockTypeRange) {
  EXPECT_EQ(s33({0x40}).value, -64); // the empty block type as an s33
  EXPECT_EQ(s33({0x7F}).value, -1);
  // Largest type index: 2^32 - 1 fits because s33 has one more bit than s32.
  const auto max = s33({0xFF, 0xFF, 0xFF, 0xFF, 0x0F});
  EXPECT_EQ(max.error, ReadError::None);
  EXPECT_EQ(max.value, int64_t{0xFFFFFFFF});
  // The fifth byte has five value bits; bits 5 and 6 must copy bit 4 (the sign).
  EXPECT_EQ(s33({0x80, 0x80, 0x80, 0x80, 0x70}).value, -(int64_t{1} << 32));
  EXPECT_EQ(s33({0x80, 0x80, 0x80, 0x80, 0x20}).error, ReadError::IntegerTooLarge);
  EXPECT_EQ(s33({0xFF, 0xFF, 0xFF, 0xFF, 0x5F}).error, ReadError::IntegerTooLarge);
  EXPECT_EQ(s33({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}).error, ReadError::IntegerTooLong);
}

TEST(Leb128, S64Limits) {
  EXPECT_EQ(s64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}).value,
            std::numeric_limits<int64_t>::max());
  EXPECT_EQ(s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}).value,
            std::numeric_limits<int64_t>::min());
  EXPECT_EQ(s64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}).value, -1);
  // binary-leb128.wast i64.const cases: the tenth byte must be 0x00 or 0x7F.
  EXPECT_EQ(s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E}).error,
            ReadError::IntegerTooLarge);
  EXPECT_EQ(s64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}).error,
            ReadError::IntegerTooLarge);
  EXPECT_EQ(s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02}).error,
            ReadError::IntegerTooLarge);
  EXPECT_EQ(s64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41}).error,
            ReadError::IntegerTooLarge);
  EXPECT_EQ(s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}).error,
            ReadError::IntegerTooLong);
  EXPECT_EQ(s64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}).error,
            ReadError::IntegerTooLong);
}

TEST(Leb128, TruncatedValues) {
  EXPECT_EQ(u32({}).error, ReadError::UnexpectedEnd);
  EXPECT_EQ(u32({0x80}).error, ReadError::UnexpectedEnd);
  EXPECT_EQ(u32({0xFF, 0xFF, 0xFF, 0xFF}).error, ReadError::UnexpectedEnd);
  EXPECT_EQ(s32({0xC0}).error, ReadError::UnexpectedEnd);
  EXPECT_EQ(s33({0x80, 0x80}).error, ReadError::UnexpectedEnd);
  EXPECT_EQ(s64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}).error,
            ReadError::UnexpectedEnd);
  EXPECT_EQ(u32({0x80}).value, 0U);
}

TEST(ByteReader, FixedWidthIsLittleEndian) {
  const std::array<uint8_t, 12> bytes{0x00, 0x00, 0xC0, 0x3F, 1, 2, 3, 4, 5, 6, 7, 8};
  ByteReader reader(bytes);
  EXPECT_EQ(reader.fixed<uint32_t>(), 0x3FC00000U); // f32 1.5
  EXPECT_EQ(reader.fixed<uint64_t>(), 0x0807060504030201ULL);
  EXPECT_TRUE(reader.ok());
  EXPECT_TRUE(reader.atEnd());
  EXPECT_EQ(reader.fixed<uint32_t>(), 0U);
  EXPECT_EQ(reader.error(), ReadError::UnexpectedEnd);
}

TEST(ByteReader, BytesChecksRemaining) {
  const std::array<uint8_t, 3> bytes{7, 8, 9};
  ByteReader reader(bytes);
  const auto two = reader.bytes(2);
  ASSERT_EQ(two.size(), 2U);
  EXPECT_EQ(two[1], 8);
  EXPECT_EQ(reader.remaining(), 1U);
  EXPECT_TRUE(reader.bytes(2).empty());
  EXPECT_EQ(reader.error(), ReadError::UnexpectedEnd);
  // A failed read consumes nothing.
  EXPECT_EQ(reader.remaining(), 1U);
  // A huge request is an error, not an overflow.
  ByteReader other(bytes);
  EXPECT_TRUE(other.bytes(std::numeric_limits<size_t>::max()).empty());
  EXPECT_FALSE(other.ok());
}

TEST(ByteReader, FirstErrorSticksWithItsOffset) {
  // base 10: offsets are module offsets.
  const std::array<uint8_t, 8> bytes{0x05, 0x80, 0x80, 0x80, 0x80, 0x10, 0x01, 0x02};
  ByteReader reader(bytes, 10);
  EXPECT_EQ(reader.offset(), 10U);
  EXPECT_EQ(reader.u8(), 5U);
  EXPECT_EQ(reader.errorOffset(), 11U); // next byte while ok
  EXPECT_EQ(reader.u32(), 0U);
  EXPECT_EQ(reader.error(), ReadError::IntegerTooLarge);
  // At the offending fifth byte (module offset 15) or just past it.
  const size_t failedAt = reader.errorOffset();
  EXPECT_GE(failedAt, 15U);
  EXPECT_LE(failedAt, 16U);
  // Later reads return 0 and keep the first error.
  EXPECT_EQ(reader.u8(), 0U);
  reader.fail(ReadError::UnexpectedEnd);
  EXPECT_EQ(reader.error(), ReadError::IntegerTooLarge);
  EXPECT_EQ(reader.errorOffset(), failedAt);
}

TEST(ByteReader, CallerFailMarksCurrentOffset) {
  const std::array<uint8_t, 2> bytes{1, 2};
  ByteReader reader(bytes, 100);
  reader.u8();
  reader.fail(ReadError::UnexpectedEnd);
  EXPECT_FALSE(reader.ok());
  EXPECT_EQ(reader.errorOffset(), 101U);
  EXPECT_EQ(reader.u8(), 0U);
}

TEST(ByteReader, ErrorTexts) {
  EXPECT_EQ(readErrorText(ReadError::None), "");
  EXPECT_EQ(readErrorText(ReadError::UnexpectedEnd), "unexpected end");
  EXPECT_EQ(readErrorText(ReadError::IntegerTooLong), "integer representation too long");
  EXPECT_EQ(readErrorText(ReadError::IntegerTooLarge), "integer too large");
}

} // namespace
} // namespace runw::engine
