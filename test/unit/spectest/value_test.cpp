// SPDX-License-Identifier: Apache-2.0
// wast2json value parsing, argument conversion and rendering.
#include "spectest/value.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace runw::spectest {
namespace {

using engine::ValType;

TEST(ParseValue, ScalarsAreDecimalBitPatterns) {
  const auto i32 = parseValue(R"({"type": "i32", "value": "4294967295"})");
  ASSERT_TRUE(i32) << i32.error().describe();
  EXPECT_EQ(i32->type, ValType::I32);
  EXPECT_EQ(i32->laneType, LaneType::I32);
  ASSERT_EQ(i32->lanes.size(), 1U);
  EXPECT_EQ(i32->lanes[0].bits, 0xffffffffU);

  const auto i64 = parseValue(R"({"type": "i64", "value": "18446744073709551615"})");
  ASSERT_TRUE(i64);
  EXPECT_EQ(i64->lanes[0].bits, ~uint64_t{0});

  const auto f32 = parseValue(R"({"type": "f32", "value": "1065353216"})");
  ASSERT_TRUE(f32);
  EXPECT_EQ(f32->laneType, LaneType::F32);
  EXPECT_EQ(f32->lanes[0], (LaneValue{0x3f800000, NanPattern::None}));

  const auto f64 = parseValue(R"({"type": "f64", "value": "9221120237041090560"})");
  ASSERT_TRUE(f64);
  EXPECT_EQ(f64->lanes[0].bits, 0x7ff8000000000000ULL);
}

TEST(ParseValue, NanPatterns) {
  const auto canonical = parseValue(R"({"type": "f32", "value": "nan:canonical"})");
  ASSERT_TRUE(canonical);
  EXPECT_EQ(canonical->lanes[0].nan, NanPattern::Canonical);
  const auto arithmetic = parseValue(R"({"type": "f64", "value": "nan:arithmetic"})");
  ASSERT_TRUE(arithmetic);
  EXPECT_EQ(arithmetic->lanes[0].nan, NanPattern::Arithmetic);
  // Integers have no NaN.
  EXPECT_FALSE(parseValue(R"({"type": "i32", "value": "nan:canonical"})"));
}

TEST(ParseValue, V128LanesInTheirShape) {
  const auto v = parseValue(
      R"({"type": "v128", "lane_type": "f32",
          "value": ["nan:canonical", "1065353216", "nan:arithmetic", "0"]})");
  ASSERT_TRUE(v) << v.error().describe();
  EXPECT_EQ(v->type, ValType::V128);
  EXPECT_EQ(v->laneType, LaneType::F32);
  ASSERT_EQ(v->lanes.size(), 4U);
  EXPECT_EQ(v->lanes[0].nan, NanPattern::Canonical);
  EXPECT_EQ(v->lanes[1].bits, 0x3f800000U);
  EXPECT_EQ(v->lanes[2].nan, NanPattern::Arithmetic);

  const auto i8 = parseValue(R"({"type": "v128", "lane_type": "i8", "value":
      ["0","1","2","3","4","5","6","7","8","9","10","11","12","13","14","255"]})");
  ASSERT_TRUE(i8);
  EXPECT_EQ(i8->lanes.size(), 16U);
  EXPECT_EQ(i8->lanes[15].bits, 255U);
}

TEST(ParseValue, V128RejectsWrongLaneCountShapeAndRange) {
  EXPECT_FALSE(parseValue(R"({"type": "v128", "lane_type": "i32", "value": ["1","2","3"]})"));
  EXPECT_FALSE(parseValue(R"({"type": "v128", "lane_type": "i128", "value": ["1"]})"));
  EXPECT_FALSE(parseValue(R"({"type": "v128", "value": ["1","2","3","4"]})"));
  EXPECT_FALSE(parseValue(R"({"type": "v128", "lane_type": "i16",
      "value": ["65536","0","0","0","0","0","0","0"]})"));
}

TEST(ParseValue, References) {
  const auto null = parseValue(R"({"type": "externref", "value": "null"})");
  ASSERT_TRUE(null);
  EXPECT_EQ(null->type, ValType::ExternRef);
  EXPECT_TRUE(null->isNull);
  const auto ext = parseValue(R"({"type": "externref", "value": "42"})");
  ASSERT_TRUE(ext);
  EXPECT_FALSE(ext->isNull);
  EXPECT_EQ(ext->refId, 42U);
  const auto func = parseValue(R"({"type": "funcref", "value": "3"})");
  ASSERT_TRUE(func);
  EXPECT_EQ(func->type, ValType::FuncRef);
  EXPECT_FALSE(func->isNull);
}

TEST(ParseValue, TypeOnlyEntries) {
  const auto v = parseValue(R"({"type": "i64"})");
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->hasValue);
  EXPECT_EQ(v->type, ValType::I64);
}

TEST(ParseValue, RejectsGarbage) {
  EXPECT_FALSE(parseValue("not json"));
  EXPECT_FALSE(parseValue(R"({"type": "i31", "value": "1"})"));
  EXPECT_FALSE(parseValue(R"({"type": "i32", "value": 1})"));
  EXPECT_FALSE(parseValue(R"({"type": "i32", "value": "4294967296"})"));
  EXPECT_FALSE(parseValue(R"({"type": "i32", "value": "12x"})"));
  EXPECT_FALSE(parseValue(R"({"type": "i32", "value": ""})"));
  EXPECT_FALSE(parseValue(R"({"value": "1"})"));
}

TEST(ParseLane, NegativeWrapsToLaneWidth) {
  const auto lane = parseLane(LaneType::I8, "-1");
  ASSERT_TRUE(lane);
  EXPECT_EQ(lane->bits, 0xffU);
  const auto wide = parseLane(LaneType::I64, "-2");
  ASSERT_TRUE(wide);
  EXPECT_EQ(wide->bits, ~uint64_t{0} - 1);
}

TEST(Lanes, Shapes) {
  EXPECT_EQ(laneCount(LaneType::I8), 16U);
  EXPECT_EQ(laneCount(LaneType::I16), 8U);
  EXPECT_EQ(laneCount(LaneType::F32), 4U);
  EXPECT_EQ(laneCount(LaneType::F64), 2U);
  EXPECT_EQ(laneTypeFromName("i16"), LaneType::I16);
  EXPECT_EQ(laneTypeFromName("v128"), std::nullopt);
  EXPECT_EQ(laneTypeName(LaneType::F64), "f64");
}

TEST(ExternRefs, StableDistinctNonNull) {
  ExternRefs refs;
  const engine::Ref one = refs.get(1);
  const engine::Ref zero = refs.get(0);
  EXPECT_NE(one.ptr, nullptr);
  EXPECT_NE(zero.ptr, nullptr);
  EXPECT_NE(one, zero);
  EXPECT_EQ(refs.get(1), one);
  EXPECT_EQ(refs.idOf(one), 1U);
  EXPECT_EQ(refs.idOf(engine::Ref{}), std::nullopt);
}

TEST(ToEngineValue, Numbers) {
  ExternRefs refs;
  const auto i32 = toEngineValue(*parseValue(R"({"type": "i32", "value": "7"})"), refs);
  ASSERT_TRUE(i32);
  EXPECT_EQ(*i32, engine::Value::i32(7));
  const auto f32 = toEngineValue(*parseValue(R"({"type": "f32", "value": "2143289345"})"), refs);
  ASSERT_TRUE(f32);
  EXPECT_EQ(f32->f32Bits(), 0x7fc00001U); // payload kept
  const auto f64 = toEngineValue(*parseValue(R"({"type": "f64", "value": "1"})"), refs);
  ASSERT_TRUE(f64);
  EXPECT_EQ(*f64, engine::Value::f64Bits(1));
}

TEST(ToEngineValue, V128IsLittleEndianLanes) {
  ExternRefs refs;
  const auto v = toEngineValue(*parseValue(R"({"type": "v128", "lane_type": "i16",
                      "value": ["258","0","0","0","0","0","0","65535"]})"),
                               refs);
  ASSERT_TRUE(v);
  const engine::V128 bytes = v->v128();
  EXPECT_EQ(bytes.bytes[0], 0x02);
  EXPECT_EQ(bytes.bytes[1], 0x01);
  EXPECT_EQ(bytes.bytes[14], 0xff);
  EXPECT_EQ(bytes.bytes[15], 0xff);
}

TEST(ToEngineValue, References) {
  ExternRefs refs;
  const auto ext = toEngineValue(*parseValue(R"({"type": "externref", "value": "5"})"), refs);
  ASSERT_TRUE(ext);
  EXPECT_EQ(ext->type(), ValType::ExternRef);
  EXPECT_EQ(ext->ref(), refs.get(5));
  const auto null = toEngineValue(*parseValue(R"({"type": "funcref", "value": "null"})"), refs);
  ASSERT_TRUE(null);
  EXPECT_EQ(null->type(), ValType::FuncRef);
  EXPECT_EQ(null->ref().ptr, nullptr);
  EXPECT_FALSE(toEngineValue(*parseValue(R"({"type": "funcref", "value": "1"})"), refs));
}

TEST(ToEngineValue, RejectsPatternsAndTypeOnly) {
  ExternRefs refs;
  EXPECT_FALSE(toEngineValue(*parseValue(R"({"type": "f32", "value": "nan:canonical"})"), refs));
  EXPECT_FALSE(toEngineValue(*parseValue(R"({"type": "i32"})"), refs));
}

TEST(Describe, ScriptSyntax) {
  EXPECT_EQ(describe(*parseValue(R"({"type": "i32", "value": "7"})")), "(i32.const 7)");
  EXPECT_EQ(describe(*parseValue(R"({"type": "f32", "value": "1065353216"})")),
            "(f32.const 1 [0x3f800000])");
  EXPECT_EQ(describe(*parseValue(R"({"type": "f64", "value": "nan:canonical"})")),
            "(f64.const nan:canonical)");
  EXPECT_EQ(
      describe(*parseValue(R"({"type": "v128", "lane_type": "i32", "value": ["1","2","3","4"]})")),
      "(v128.const i32x4 1 2 3 4)");
  EXPECT_EQ(describe(*parseValue(R"({"type": "externref", "value": "null"})")),
            "(ref.null extern)");
  EXPECT_EQ(describe(*parseValue(R"({"type": "externref", "value": "3"})")), "(ref.extern 3)");
  EXPECT_EQ(describe(*parseValue(R"({"type": "funcref", "value": "0"})")), "(ref.func)");

  ExternRefs refs;
  EXPECT_EQ(describe(engine::Value::i64(~uint64_t{0}), refs), "(i64.const 18446744073709551615)");
  EXPECT_EQ(describe(engine::Value::ref(ValType::ExternRef, refs.get(9)), refs), "(ref.extern 9)");
  EXPECT_EQ(describe(engine::Value::f32Bits(0x7fc00000), refs), "(f32.const nan [0x7fc00000])");
}

} // namespace
} // namespace runw::spectest
