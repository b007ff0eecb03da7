// SPDX-License-Identifier: Apache-2.0
// The assert_return matcher: exact bits, NaN patterns, per-lane v128, references.
#include "spectest/matcher.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace runw::spectest {
namespace {

using engine::ValType;
using engine::Value;

WastValue expect(const std::string &json) {
  auto value = parseValue(json);
  EXPECT_TRUE(value) << json;
  return value.value_or(WastValue{});
}

template <class Lane, size_t N> Value v128Of(const std::array<Lane, N> &lanes) {
  static_assert(sizeof(Lane) * N == 16);
  engine::V128 v;
  std::memcpy(v.bytes.data(), lanes.data(), 16);
  return Value::v128(v);
}

TEST(NanClasses, F32) {
  EXPECT_TRUE(isCanonicalNan(LaneType::F32, 0x7fc00000));
  EXPECT_TRUE(isCanonicalNan(LaneType::F32, 0xffc00000));  // sign does not matter
  EXPECT_FALSE(isCanonicalNan(LaneType::F32, 0x7fc00001)); // payload must be exactly canonical
  EXPECT_FALSE(isCanonicalNan(LaneType::F32, 0x7fa00000)); // signalling
  EXPECT_FALSE(isCanonicalNan(LaneType::F32, 0x7f800000)); // infinity
  EXPECT_TRUE(isArithmeticNan(LaneType::F32, 0x7fc00000));
  EXPECT_TRUE(isArithmeticNan(LaneType::F32, 0xffc00001));
  EXPECT_TRUE(isArithmeticNan(LaneType::F32, 0x7fffffff));
  EXPECT_FALSE(isArithmeticNan(LaneType::F32, 0x7f800001)); // quiet bit clear
  EXPECT_FALSE(isArithmeticNan(LaneType::F32, 0x3f800000));
}

TEST(NanClasses, F64) {
  EXPECT_TRUE(isCanonicalNan(LaneType::F64, 0x7ff8000000000000ULL));
  EXPECT_TRUE(isCanonicalNan(LaneType::F64, 0xfff8000000000000ULL));
  EXPECT_FALSE(isCanonicalNan(LaneType::F64, 0x7ff8000000000001ULL));
  EXPECT_TRUE(isArithmeticNan(LaneType::F64, 0x7ffc000000000000ULL));
  EXPECT_FALSE(isArithmeticNan(LaneType::F64, 0x7ff4000000000000ULL));
  EXPECT_FALSE(isArithmeticNan(LaneType::F64, 0x7ff0000000000000ULL));
  // An f32 canonical NaN is no f64 NaN, and integers have none.
  EXPECT_FALSE(isCanonicalNan(LaneType::F64, 0x7fc00000));
  EXPECT_FALSE(isCanonicalNan(LaneType::I32, 0x7fc00000));
}

TEST(Matches, ScalarsCompareBitsAndType) {
  ExternRefs refs;
  EXPECT_TRUE(matches(expect(R"({"type": "i32", "value": "7"})"), Value::i32(7), refs));
  EXPECT_FALSE(matches(expect(R"({"type": "i32", "value": "7"})"), Value::i32(8), refs));
  EXPECT_FALSE(matches(expect(R"({"type": "i32", "value": "7"})"), Value::i64(7), refs));
  EXPECT_TRUE(matches(expect(R"({"type": "i64", "value": "18446744073709551615"})"),
                      Value::i64(~uint64_t{0}), refs));
  // -0 is not +0, and a specific NaN must match its payload exactly.
  EXPECT_FALSE(
      matches(expect(R"({"type": "f32", "value": "0"})"), Value::f32Bits(0x80000000), refs));
  EXPECT_TRUE(matches(expect(R"({"type": "f32", "value": "2143289345"})"),
                      Value::f32Bits(0x7fc00001), refs));
  EXPECT_FALSE(matches(expect(R"({"type": "f32", "value": "2143289345"})"),
                       Value::f32Bits(0x7fc00000), refs));
  EXPECT_TRUE(
      matches(expect(R"({"type": "f64", "value": "4607182418800017408"})"), Value::f64(1.0), refs));
}

TEST(Matches, NanPatterns) {
  ExternRefs refs;
  const WastValue canonical = expect(R"({"type": "f32", "value": "nan:canonical"})");
  EXPECT_TRUE(matches(canonical, Value::f32Bits(0xffc00000), refs));
  EXPECT_FALSE(matches(canonical, Value::f32Bits(0x7fc00001), refs));
  EXPECT_FALSE(matches(canonical, Value::f64Bits(0x7ff8000000000000ULL), refs));
  const WastValue arithmetic = expect(R"({"type": "f64", "value": "nan:arithmetic"})");
  EXPECT_TRUE(matches(arithmetic, Value::f64Bits(0x7ff8000000000001ULL), refs));
  EXPECT_FALSE(matches(arithmetic, Value::f64Bits(0x7ff0000000000001ULL), refs));
}

TEST(Matches, V128PerLane) {
  ExternRefs refs;
  const WastValue f32x4 = expect(R"({"type": "v128", "lane_type": "f32",
      "value": ["nan:canonical", "nan:arithmetic", "1065353216", "0"]})");
  EXPECT_TRUE(
      matches(f32x4, v128Of(std::array<uint32_t, 4>{0x7fc00000, 0xffc00123, 0x3f800000, 0}), refs));
  EXPECT_FALSE(
      matches(f32x4, v128Of(std::array<uint32_t, 4>{0x7fc00001, 0xffc00123, 0x3f800000, 0}), refs));
  EXPECT_FALSE(matches(
      f32x4, v128Of(std::array<uint32_t, 4>{0x7fc00000, 0xffc00123, 0x3f800000, 0x80000000}),
      refs));

  const WastValue f64x2 =
      expect(R"({"type": "v128", "lane_type": "f64", "value": ["nan:canonical", "1"]})");
  EXPECT_TRUE(matches(f64x2, v128Of(std::array<uint64_t, 2>{0xfff8000000000000ULL, 1}), refs));

  const WastValue i8 = expect(R"({"type": "v128", "lane_type": "i8", "value":
      ["0","1","2","3","4","5","6","7","8","9","10","11","12","13","14","255"]})");
  EXPECT_TRUE(matches(
      i8, v128Of(std::array<uint8_t, 16>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255}),
      refs));
  EXPECT_FALSE(matches(
      i8, v128Of(std::array<uint8_t, 16>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 254}),
      refs));

  const WastValue i16 = expect(
      R"({"type": "v128", "lane_type": "i16", "value": ["1","2","3","4","5","6","7","65535"]})");
  EXPECT_TRUE(matches(i16, v128Of(std::array<uint16_t, 8>{1, 2, 3, 4, 5, 6, 7, 0xffff}), refs));
  const WastValue i32 =
      expect(R"({"type": "v128", "lane_type": "i32", "value": ["1","2","3","4294967295"]})");
  EXPECT_TRUE(matches(i32, v128Of(std::array<uint32_t, 4>{1, 2, 3, 0xffffffff}), refs));
  const WastValue i64 =
      expect(R"({"type": "v128", "lane_type": "i64", "value": ["1","18446744073709551615"]})");
  EXPECT_TRUE(matches(i64, v128Of(std::array<uint64_t, 2>{1, ~uint64_t{0}}), refs));
  EXPECT_FALSE(matches(i64, v128Of(std::array<uint64_t, 2>{2, ~uint64_t{0}}), refs));
  EXPECT_FALSE(matches(i64, Value::i64(1), refs));
}

TEST(Matches, References) {
  ExternRefs refs;
  const WastValue ext1 = expect(R"({"type": "externref", "value": "1"})");
  EXPECT_TRUE(matches(ext1, Value::ref(ValType::ExternRef, refs.get(1)), refs));
  EXPECT_FALSE(matches(ext1, Value::ref(ValType::ExternRef, refs.get(2)), refs));
  EXPECT_FALSE(matches(ext1, Value::ref(ValType::ExternRef, engine::Ref{}), refs));
  EXPECT_FALSE(matches(ext1, Value::ref(ValType::FuncRef, refs.get(1)), refs));

  const WastValue extNull = expect(R"({"type": "externref", "value": "null"})");
  EXPECT_TRUE(matches(extNull, Value::ref(ValType::ExternRef, engine::Ref{}), refs));
  EXPECT_FALSE(matches(extNull, Value::ref(ValType::ExternRef, refs.get(0)), refs));
  EXPECT_FALSE(matches(extNull, Value::ref(ValType::FuncRef, engine::Ref{}), refs));

  // `ref.func` cannot name a function: any non-null funcref passes.
  int someFunction = 0;
  const WastValue func = expect(R"({"type": "funcref", "value": "0"})");
  EXPECT_TRUE(matches(func, Value::ref(ValType::FuncRef, engine::Ref{&someFunction}), refs));
  EXPECT_FALSE(matches(func, Value::ref(ValType::FuncRef, engine::Ref{}), refs));
  const WastValue funcNull = expect(R"({"type": "funcref", "value": "null"})");
  EXPECT_TRUE(matches(funcNull, Value::ref(ValType::FuncRef, engine::Ref{}), refs));
  EXPECT_FALSE(matches(funcNull, Value::ref(ValType::FuncRef, engine::Ref{&someFunction}), refs));
}

TEST(Matches, TypeOnlyChecksTheType) {
  ExternRefs refs;
  const WastValue anyI32 = expect(R"({"type": "i32"})");
  EXPECT_TRUE(matches(anyI32, Value::i32(123), refs));
  EXPECT_FALSE(matches(anyI32, Value::f32(1.0F), refs));
}

TEST(MatchResults, ArityAndMessage) {
  ExternRefs refs;
  const std::vector<WastValue> want{expect(R"({"type": "i32", "value": "1"})"),
                                    expect(R"({"type": "i64", "value": "2"})")};
  const std::vector<Value> good{Value::i32(1), Value::i64(2)};
  EXPECT_TRUE(matchResults(want, good, refs));

  const std::vector<Value> bad{Value::i32(1), Value::i64(3)};
  const auto mismatch = matchResults(want, bad, refs);
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().message,
            "expected (i32.const 1) (i64.const 2), got (i32.const 1) (i64.const 3)");

  const auto arity = matchResults(want, std::vector<Value>{Value::i32(1)}, refs);
  ASSERT_FALSE(arity);
  EXPECT_EQ(arity.error().message, "expected (i32.const 1) (i64.const 2), got (i32.const 1)");
  const auto none = matchResults({}, good, refs);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message, "expected (), got (i32.const 1) (i64.const 2)");
  EXPECT_TRUE(matchResults({}, {}, refs));
}

TEST(MatchResults, V128ShownInExpectedShape) {
  ExternRefs refs;
  const std::vector<WastValue> want{expect(
      R"({"type": "v128", "lane_type": "i16", "value": ["1","2","3","4","5","6","7","8"]})")};
  const std::vector<Value> got{v128Of(std::array<uint16_t, 8>{1, 2, 3, 4, 5, 6, 7, 9})};
  const auto result = matchResults(want, got, refs);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "expected (v128.const i16x8 1 2 3 4 5 6 7 8), got (v128.const i16x8 1 2 3 4 5 6 7 9)");
}

} // namespace
} // namespace runw::spectest
