// SPDX-License-Identifier: Apache-2.0
// Tests for interp/simd.h: assert_return cases of the spec testsuite (simd_*.wast) replayed
// directly on the lane functions, plus a check that every non-memory 0xFD opcode has one.
#include "interp/simd.h"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

namespace runw::engine::interp {
namespace {

// A case is one assert_return of the spec testsuite, written in its text syntax:
//   "<instr> [immediates] (<shape> lanes...) ... => (<shape> lanes...)"
// with the shapes i8x16..f64x2 for v128 operands and i32/i64/f32/f64 for scalars. One lane value
// stands for all lanes (a splat). Float lanes are decimal, inf, nan, nan:0x<payload>, or the
// expected-only patterns nan:canonical and nan:arithmetic (core spec 4.3.3: result NaNs).
struct SpecCase {
  int line; // line of the assert_return in the .wast file named above the table
  const char *text;
};

enum class NanKind : uint8_t { Exact, Canonical, Arithmetic };

/// A parsed operand or result: v128, or a scalar in the low bytes of bits.
struct Val {
  std::string shape;
  V128 bits;
  std::array<NanKind, 16> nan{};
};

/// Lane width in bytes and lane count of a shape ("i8x16") or scalar type ("f32").
std::pair<std::size_t, std::size_t> laneLayout(std::string_view shape) {
  const auto x = shape.find('x');
  const int bits = std::atoi(std::string(shape.substr(1, x - 1)).c_str());
  const auto width = static_cast<std::size_t>(bits / 8);
  return {width, x == std::string_view::npos ? 1 : 16 / width};
}

uint64_t parseIntLane(const std::string &tok) {
  return tok.starts_with('-') ? static_cast<uint64_t>(std::strtoll(tok.c_str(), nullptr, 0))
                              : std::strtoull(tok.c_str(), nullptr, 0);
}

// Bit pattern of a float lane token of the given width (4 or 8 bytes).
uint64_t parseFloatLane(const std::string &tok, std::size_t width, NanKind &kind) {
  const bool negative = tok.starts_with('-');
  const std::string body = negative ? tok.substr(1) : tok;
  const uint64_t sign = (negative ? uint64_t{1} : 0) << (width * 8 - 1);
  const uint64_t expMask = width == 4 ? 0x7F800000 : 0x7FF0000000000000;
  const uint64_t quiet = width == 4 ? 0x00400000 : 0x0008000000000000;
  kind = NanKind::Exact;
  if (body.starts_with("nan")) {
    uint64_t payload = quiet;
    if (body == "nan:canonical") {
      kind = NanKind::Canonical;
    } else if (body == "nan:arithmetic") {
      kind = NanKind::Arithmetic;
    } else if (body.starts_with("nan:0x")) {
      payload = std::strtoull(body.c_str() + 4, nullptr, 16);
    }
    return sign | expMask | payload;
  }
  if (width == 4) {
    return std::bit_cast<uint32_t>(std::strtof(tok.c_str(), nullptr));
  }
  return std::bit_cast<uint64_t>(std::strtod(tok.c_str(), nullptr));
}

std::vector<std::string> splitWords(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto end = std::min(text.find(' ', i), text.size());
    if (end > i) {
      words.emplace_back(text.substr(i, end - i));
    }
    i = end + 1;
  }
  return words;
}

/// Parses "<shape> lane..." (the inside of one parenthesised value).
Val parseVal(std::string_view text) {
  const auto words = splitWords(text);
  Val v;
  v.shape = words.at(0);
  const auto [width, count] = laneLayout(v.shape);
  EXPECT_TRUE(words.size() == 2 || words.size() == count + 1) << text;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string &tok = words.at(words.size() == 2 ? 1 : i + 1);
    NanKind kind = NanKind::Exact;
    const uint64_t lane = v.shape[0] == 'f' ? parseFloatLane(tok, width, kind) : parseIntLane(tok);
    std::memcpy(v.bits.bytes.data() + i * width, &lane, width); // little-endian host
    v.nan.at(i) = kind;
  }
  return v;
}

/// A parsed case: instruction text name, immediates, operands, expected result.
struct Call {
  std::string instr;
  std::vector<uint8_t> imm;
  std::vector<Val> args;
  Val expected;
};

Call parseCase(std::string_view text) {
  Call call;
  const auto arrow = text.find("=>");
  const auto firstParen = text.find('(');
  const auto head = splitWords(text.substr(0, firstParen));
  call.instr = head.at(0);
  for (std::size_t i = 1; i < head.size(); ++i) {
    call.imm.push_back(static_cast<uint8_t>(std::stoul(head[i])));
  }
  for (auto open = text.find('(', 0); open != std::string_view::npos;
       open = text.find('(', open + 1)) {
    const auto close = text.find(')', open);
    Val v = parseVal(text.substr(open + 1, close - open - 1));
    if (open < arrow) {
      call.args.push_back(v);
    } else {
      call.expected = v;
    }
  }
  return call;
}

/// Checks got against want lane by lane; NaN patterns accept any NaN of their class.
::testing::AssertionResult sameLanes(const Val &want, const V128 &got) {
  const auto [width, count] = laneLayout(want.shape);
  for (std::size_t i = 0; i < count; ++i) {
    uint64_t w = 0;
    uint64_t g = 0;
    std::memcpy(&w, want.bits.bytes.data() + i * width, width);
    std::memcpy(&g, got.bytes.data() + i * width, width);
    const uint64_t expMask = width == 4 ? 0x7F800000 : 0x7FF0000000000000;
    const uint64_t quiet = width == 4 ? 0x00400000 : 0x0008000000000000;
    const uint64_t mantissa = g & (quiet * 2 - 1);
    const bool isNan = (g & expMask) == expMask && mantissa != 0;
    bool ok = w == g;
    if (want.nan.at(i) == NanKind::Canonical) {
      ok = isNan && mantissa == quiet;
    } else if (want.nan.at(i) == NanKind::Arithmetic) {
      ok = isNan && (mantissa & quiet) != 0;
    }
    if (!ok) {
      return ::testing::AssertionFailure()
             << want.shape << " lane " << i << ": got 0x" << std::hex << g << ", want 0x" << w;
    }
  }
  return ::testing::AssertionSuccess();
}

/// One simd.h function called with a case's operands and immediates, its result as a v128
/// (a scalar result in the low bytes).
using SimdFn = std::function<V128(const Call &)>;

// Operand of type T for the next parameter: lane immediates (uint8_t) and shuffle lanes come from
// the immediates, everything else from the next operand (a scalar from its low bytes).
template <typename T> T take(const Call &call, std::size_t &arg, std::size_t &imm) {
  if constexpr (std::is_same_v<T, uint8_t>) {
    return call.imm.at(imm++);
  } else if constexpr (std::is_same_v<T, std::array<uint8_t, 16>>) {
    std::array<uint8_t, 16> lanes{};
    for (auto &lane : lanes) {
      lane = call.imm.at(imm++);
    }
    return lanes;
  } else if constexpr (std::is_same_v<T, V128>) {
    return call.args.at(arg++).bits;
  } else {
    T value{};
    std::memcpy(&value, call.args.at(arg++).bits.bytes.data(), sizeof value);
    return value;
  }
}

template <typename R, typename... P> SimdFn adapt(R (*fn)(P...)) {
  return [fn](const Call &call) {
    std::size_t arg = 0;
    std::size_t imm = 0;
    // Braced initialisation evaluates the take() calls left to right.
    std::tuple<std::remove_cvref_t<P>...> params{take<std::remove_cvref_t<P>>(call, arg, imm)...};
    EXPECT_EQ(arg, call.args.size()) << "operand count";
    EXPECT_EQ(imm, call.imm.size()) << "immediate count";
    const R result = std::apply(fn, params);
    if constexpr (std::is_same_v<R, V128>) {
      return result;
    } else {
      V128 v;
      std::memcpy(v.bytes.data(), &result, sizeof result);
      return v;
    }
  };
}

/// Every function of simd.h by its name: the 213 non-memory 0xFD instructions in opcodes.def
/// order, then the load helpers.
// clang-format off
#define RUNW_SIMD_FUNCTIONS(X) \
  X(i8x16Shuffle) X(i8x16Swizzle) X(i8x16Splat) X(i16x8Splat) X(i32x4Splat) X(i64x2Splat) \
  X(f32x4Splat) X(f64x2Splat) X(i8x16ExtractLaneS) X(i8x16ExtractLaneU) X(i8x16ReplaceLane) \
  X(i16x8ExtractLaneS) X(i16x8ExtractLaneU) X(i16x8ReplaceLane) X(i32x4ExtractLane) \
  X(i32x4ReplaceLane) X(i64x2ExtractLane) X(i64x2ReplaceLane) X(f32x4ExtractLane) \
  X(f32x4ReplaceLane) X(f64x2ExtractLane) X(f64x2ReplaceLane) X(i8x16Eq) X(i8x16Ne) X(i8x16LtS) \
  X(i8x16LtU) X(i8x16GtS) X(i8x16GtU) X(i8x16LeS) X(i8x16LeU) X(i8x16GeS) X(i8x16GeU) X(i16x8Eq) \
  X(i16x8Ne) X(i16x8LtS) X(i16x8LtU) X(i16x8GtS) X(i16x8GtU) X(i16x8LeS) X(i16x8LeU) X(i16x8GeS) \
  X(i16x8GeU) X(i32x4Eq) X(i32x4Ne) X(i32x4LtS) X(i32x4LtU) X(i32x4GtS) X(i32x4GtU) X(i32x4LeS) \
  X(i32x4LeU) X(i32x4GeS) X(i32x4GeU) X(f32x4Eq) X(f32x4Ne) X(f32x4Lt) X(f32x4Gt) X(f32x4Le) \
  X(f32x4Ge) X(f64x2Eq) X(f64x2Ne) X(f64x2Lt) X(f64x2Gt) X(f64x2Le) X(f64x2Ge) X(v128Not) \
  X(v128And) X(v128Andnot) X(v128Or) X(v128Xor) X(v128Bitselect) X(v128AnyTrue) \
  X(f32x4DemoteF64x2Zero) X(f64x2PromoteLowF32x4) X(i8x16Abs) X(i8x16Neg) X(i8x16Popcnt) \
  X(i8x16AllTrue) X(i8x16Bitmask) X(i8x16NarrowI16x8S) X(i8x16NarrowI16x8U) X(f32x4Ceil) \
  X(f32x4Floor) X(f32x4Trunc) X(f32x4Nearest) X(i8x16Shl) X(i8x16ShrS) X(i8x16ShrU) X(i8x16Add) \
  X(i8x16AddSatS) X(i8x16AddSatU) X(i8x16Sub) X(i8x16SubSatS) X(i8x16SubSatU) X(f64x2Ceil) \
  X(f64x2Floor) X(i8x16MinS) X(i8x16MinU) X(i8x16MaxS) X(i8x16MaxU) X(f64x2Trunc) X(i8x16AvgrU) \
  X(i16x8ExtaddPairwiseI8x16S) X(i16x8ExtaddPairwiseI8x16U) X(i32x4ExtaddPairwiseI16x8S) \
  X(i32x4ExtaddPairwiseI16x8U) X(i16x8Abs) X(i16x8Neg) X(i16x8Q15mulrSatS) X(i16x8AllTrue) \
  X(i16x8Bitmask) X(i16x8NarrowI32x4S) X(i16x8NarrowI32x4U) X(i16x8ExtendLowI8x16S) \
  X(i16x8ExtendHighI8x16S) X(i16x8ExtendLowI8x16U) X(i16x8ExtendHighI8x16U) X(i16x8Shl) \
  X(i16x8ShrS) X(i16x8ShrU) X(i16x8Add) X(i16x8AddSatS) X(i16x8AddSatU) X(i16x8Sub) \
  X(i16x8SubSatS) X(i16x8SubSatU) X(f64x2Nearest) X(i16x8Mul) X(i16x8MinS) X(i16x8MinU) \
  X(i16x8MaxS) X(i16x8MaxU) X(i16x8AvgrU) X(i16x8ExtmulLowI8x16S) X(i16x8ExtmulHighI8x16S) \
  X(i16x8ExtmulLowI8x16U) X(i16x8ExtmulHighI8x16U) X(i32x4Abs) X(i32x4Neg) X(i32x4AllTrue) \
  X(i32x4Bitmask) X(i32x4ExtendLowI16x8S) X(i32x4ExtendHighI16x8S) X(i32x4ExtendLowI16x8U) \
  X(i32x4ExtendHighI16x8U) X(i32x4Shl) X(i32x4ShrS) X(i32x4ShrU) X(i32x4Add) X(i32x4Sub) \
  X(i32x4Mul) X(i32x4MinS) X(i32x4MinU) X(i32x4MaxS) X(i32x4MaxU) X(i32x4DotI16x8S) \
  X(i32x4ExtmulLowI16x8S) X(i32x4ExtmulHighI16x8S) X(i32x4ExtmulLowI16x8U) \
  X(i32x4ExtmulHighI16x8U) X(i64x2Abs) X(i64x2Neg) X(i64x2AllTrue) X(i64x2Bitmask) \
  X(i64x2ExtendLowI32x4S) X(i64x2ExtendHighI32x4S) X(i64x2ExtendLowI32x4U) \
  X(i64x2ExtendHighI32x4U) X(i64x2Shl) X(i64x2ShrS) X(i64x2ShrU) X(i64x2Add) X(i64x2Sub) \
  X(i64x2Mul) X(i64x2Eq) X(i64x2Ne) X(i64x2LtS) X(i64x2GtS) X(i64x2LeS) X(i64x2GeS) \
  X(i64x2ExtmulLowI32x4S) X(i64x2ExtmulHighI32x4S) X(i64x2ExtmulLowI32x4U) \
  X(i64x2ExtmulHighI32x4U) X(f32x4Abs) X(f32x4Neg) X(f32x4Sqrt) X(f32x4Add) X(f32x4Sub) \
  X(f32x4Mul) X(f32x4Div) X(f32x4Min) X(f32x4Max) X(f32x4Pmin) X(f32x4Pmax) X(f64x2Abs) \
  X(f64x2Neg) X(f64x2Sqrt) X(f64x2Add) X(f64x2Sub) X(f64x2Mul) X(f64x2Div) X(f64x2Min) \
  X(f64x2Max) X(f64x2Pmin) X(f64x2Pmax) X(i32x4TruncSatF32x4S) X(i32x4TruncSatF32x4U) \
  X(f32x4ConvertI32x4S) X(f32x4ConvertI32x4U) X(i32x4TruncSatF64x2SZero) \
  X(i32x4TruncSatF64x2UZero) X(f64x2ConvertLowI32x4S) X(f64x2ConvertLowI32x4U) X(v128Load8x8S) \
  X(v128Load8x8U) X(v128Load16x4S) X(v128Load16x4U) X(v128Load32x2S) X(v128Load32x2U) \
  X(v128Load32Zero) X(v128Load64Zero)
// clang-format on

const std::map<std::string_view, SimdFn> &simdFunctions() {
#define RUNW_SIMD_ENTRY(fn) {#fn, adapt(&simd::fn)},
  static const std::map<std::string_view, SimdFn> kFunctions{RUNW_SIMD_FUNCTIONS(RUNW_SIMD_ENTRY)};
#undef RUNW_SIMD_ENTRY
  return kFunctions;
}

/// An opcodes.def row: enumerator name, prefix, immediate kind, text name.
struct OpcodeRow {
  std::string_view name;
  int prefix;
  std::string_view imm;
  std::string_view text;
};

constexpr OpcodeRow kOpcodes[] = {
#define RUNW_OPCODE(name, prefix, code, imm, text, sig) {#name, prefix, #imm, text},
#include "common/opcodes.def"
#undef RUNW_OPCODE
};

/// The simd.h name of an opcode: its enumerator with the first letter lowered.
std::string functionName(std::string_view enumerator) {
  std::string name(enumerator);
  name[0] = static_cast<char>(name[0] - 'A' + 'a');
  return name;
}

/// The simd.h function of an instruction text name, or nullptr.
const SimdFn *functionForText(std::string_view text) {
  for (const auto &row : kOpcodes) {
    if (row.prefix == 0xFD && row.text == text) {
      const auto it = simdFunctions().find(functionName(row.name));
      return it == simdFunctions().end() ? nullptr : &it->second;
    }
  }
  return nullptr;
}

bool isMemoryOrConst(const OpcodeRow &row) {
  return row.imm == "ImmKind::MemArg" || row.imm == "ImmKind::MemArgLane" ||
         row.text == "v128.const";
}

void runCases(std::span<const SpecCase> cases) {
  for (const SpecCase &c : cases) {
    SCOPED_TRACE(::testing::Message() << "line " << c.line << ": " << c.text);
    const Call call = parseCase(c.text);
    const SimdFn *fn = functionForText(call.instr);
    ASSERT_NE(fn, nullptr) << call.instr;
    EXPECT_TRUE(sameLanes(call.expected, (*fn)(call)));
  }
}

// The names follow opcodes.def mechanically: every non-memory 0xFD opcode has its function.
TEST(SimdTest, EveryNonMemoryOpcodeHasAFunction) {
  int count = 0;
  for (const auto &row : kOpcodes) {
    if (row.prefix == 0xFD && !isMemoryOrConst(row)) {
      EXPECT_TRUE(simdFunctions().contains(functionName(row.name))) << row.text;
      ++count;
    }
  }
  EXPECT_EQ(count, 213);
}

// Lane helpers for the extending and zero-filling loads, given the bytes the load read
// (0x80..0x87, or 0x80..0x83 then 0x04..0x07); not from a .wast file, so line 0.
const SpecCase kLoadHelpers[] = {
    {0,
     "v128.load8x8_s (i64 0x8786858483828180) => (i16x8 -128 -127 -126 -125 -124 -123 -122 -121)"},
    {0, "v128.load8x8_u (i64 0x8786858483828180) => (i16x8 128 129 130 131 132 133 134 135)"},
    {0, "v128.load16x4_s (i64 0x8786858483828180) => (i32x4 0xffff8180 0xffff8382 0xffff8584 "
        "0xffff8786)"},
    {0, "v128.load16x4_u (i64 0x8786858483828180) => (i32x4 0x8180 0x8382 0x8584 0x8786)"},
    {0, "v128.load32x2_s (i64 0x0706050483828180) => (i64x2 0xffffffff83828180 0x07060504)"},
    {0, "v128.load32x2_u (i64 0x0706050483828180) => (i64x2 0x83828180 0x07060504)"},
    {0, "v128.load32_zero (i32 0x83828180) => (i32x4 0x83828180 0 0 0)"},
    {0, "v128.load64_zero (i64 0x8786858483828180) => (i64x2 0x8786858483828180 0)"},
};

TEST(SimdTest, LoadLaneHelpers) { runCases(kLoadHelpers); }

// Cases sampled from ../shared/testsuite/core/simd_*.wast (the files of memory instructions and
// v128.const excepted): every assert_return invoking a function whose body is one instruction
// on its parameters, and per instruction the cases covering the most boundary values (NaN
// kinds, infinities, +-0, lane type extremes, lane immediates). Line numbers refer to the .wast
// file named above each table. Expected values are the testsuite's, unchanged.
// clang-format off
// simd_bit_shift.wast
const SpecCase kBitShift[] = {
    {44, "i8x16.shl (i8x16 -128 -64 0 1 2 3 4 5 6 7 8 9 10 11 12 13) (i32 1) => (i8x16 0 -128 0 2 "
        "4 6 8 10 12 14 16 18 20 22 24 26)"},
    {51, "i8x16.shl (i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15) (i32 8) => (i8x16 0 1 2 3 4 5 6 "
        "7 8 9 10 11 12 13 14 15)"},
    {90, "i8x16.shr_u (i8x16 128 192 0 1 2 3 4 5 6 7 8 9 10 11 12 13) (i32 1) => (i8x16 64 96 0 0 "
        "1 1 2 2 3 3 4 4 5 5 6 6)"},
    {113, "i8x16.shr_u (i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15) (i32 9) => (i8x16 0 0 1 1 2 2 "
        "3 3 4 4 5 5 6 6 7 7)"},
    {136, "i8x16.shr_s (i8x16 -128 -64 0 1 2 3 4 5 6 7 8 9 10 11 12 13) (i32 1) => (i8x16 -64 -32 "
        "0 0 1 1 2 2 3 3 4 4 5 5 6 6)"},
    {159, "i8x16.shr_s (i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15) (i32 9) => (i8x16 0 0 1 1 2 2 "
        "3 3 4 4 5 5 6 6 7 7)"},
    {206, "i16x8.shl (i16x8 0 1 2 3 4 5 6 7) (i32 32) => (i16x8 0 1 2 3 4 5 6 7)"},
    {252, "i16x8.shr_u (i16x8 0 1 2 3 4 5 6 7) (i32 8) => (i16x8 0)"},
    {256, "i16x8.shr_u (i16x8 0 1 2 3 4 5 6 7) (i32 32) => (i16x8 0 1 2 3 4 5 6 7)"},
    {302, "i16x8.shr_s (i16x8 0 1 2 3 4 5 6 7) (i32 8) => (i16x8 0)"},
    {306, "i16x8.shr_s (i16x8 0 1 2 3 4 5 6 7) (i32 32) => (i16x8 0 1 2 3 4 5 6 7)"},
    {348, "i32x4.shl (i32x4 0x80000000 -32768 0 0xa0b0c0d) (i32 1) => (i32x4 0 -65536 0 "
        "0x1416181a)"},
    {364, "i32x4.shl (i32x4 0 1 14 15) (i32 32) => (i32x4 0 1 14 15)"},
    {410, "i32x4.shr_u (i32x4 0 1 14 15) (i32 8) => (i32x4 0)"},
    {427, "i32x4.shr_u (i32x4 0 1 14 15) (i32 33) => (i32x4 0 0 7 7)"},
    {461, "i32x4.shr_s (i32x4 0 1 14 15) (i32 8) => (i32x4 0)"},
    {477, "i32x4.shr_s (i32x4 0 1 14 15) (i32 33) => (i32x4 0 0 7 7)"},
    {506, "i64x2.shl (i64x2 0x8000000000000000 0xffffffff80000000) (i32 1) => (i64x2 0 "
        "0xffffffff00000000)"},
    {535, "i64x2.shl (i64x2 1 15) (i32 65) => (i64x2 2 30)"},
    {594, "i64x2.shr_u (i64x2 0 15) (i32 514) => (i64x2 0 3)"},
    {615, "i64x2.shr_s (i64x2 1 15) (i32 16) => (i64x2 0)"},
    {632, "i64x2.shr_s (i64x2 12 13) (i32 65) => (i64x2 6)"},
};

// simd_bitwise.wast
const SpecCase kBitwise[] = {
    {19, "v128.not (i32x4 -1 0 -1 0) => (i32x4 0 -1 0 -1)"},
    {31, "v128.and (i32x4 0 0 -1 -1) (i32x4 0 -1 0 -1) => (i32x4 0 0 0 -1)"},
    {73, "v128.or (i32x4 0 0 -1 -1) (i32x4 0 -1 0 -1) => (i32x4 0 -1 -1 -1)"},
    {115, "v128.xor (i32x4 0 0 -1 -1) (i32x4 0 -1 0 -1) => (i32x4 0 -1 -1 0)"},
    {189, "v128.andnot (i32x4 0 0 -1 -1) (i32x4 0 -1 0 -1) => (i32x4 0 0 -1 0)"},
    {355, "v128.bitselect (f32x4 nan) (f32x4 inf) (f32x4 2.7790966e+09) => (f32x4 inf)"},
};

// simd_boolean.wast
const SpecCase kBoolean[] = {
    {21, "v128.any_true (i8x16 0) => (i32 0)"},
    {47, "i8x16.all_true (i8x16 -1 0 1 2 3 4 5 6 7 8 9 10 11 12 13 15) => (i32 0)"},
    {59, "i8x16.bitmask (i8x16 -1 0 1 2 3 4 5 6 7 8 9 10 11 12 13 15) => (i32 1)"},
    {93, "i16x8.all_true (i16x8 -1 0 1 2 11 12 13 15) => (i32 0)"},
    {109, "i16x8.bitmask (i16x8 -1 0 1 2 11 12 13 15) => (i32 1)"},
    {143, "i32x4.all_true (i32x4 -1 0 1 15) => (i32 0)"},
    {159, "i32x4.bitmask (i32x4 -1 0 1 15) => (i32 1)"},
    {171, "i64x2.all_true (i64x2 -1 0) => (i32 0)"},
    {181, "i64x2.bitmask (i64x2 -1) => (i32 3)"},
};

// simd_conversions.wast
const SpecCase kConversions[] = {
    {35, "f64x2.promote_low_f32x4 (f32x4 0.0) => (f64x2 0.0)"},
    {61, "f64x2.promote_low_f32x4 (f32x4 nan) => (f64x2 nan:canonical)"},
    {121, "f32x4.demote_f64x2_zero (f64x2 inf) => (f32x4 inf inf 0.0 0.0)"},
    {157, "f32x4.demote_f64x2_zero (f64x2 nan) => (f32x4 nan:canonical nan:canonical 0.0 0.0)"},
    {208, "f32x4.convert_i32x4_s (i32x4 0 -1 0x7fffffff 0x80000000) => (f32x4 0.0 -1.0 "
        "2.1474836e+09 -2.1474836e+09)"},
    {247, "f32x4.convert_i32x4_u (i32x4 0 -1 0x7fffffff 0x80000000) => (f32x4 0.0 4.2949673e+09 "
        "2.1474836e+09 2.1474836e+09)"},
    {257, "f64x2.convert_low_i32x4_s (i32x4 0) => (f64x2 0.0)"},
    {271, "f64x2.convert_low_i32x4_u (i32x4 0) => (f64x2 0.0)"},
    {292, "i8x16.narrow_i16x8_s (i16x8 0) (i16x8 -1) => (i8x16 0 0 0 0 0 0 0 0 -1 -1 -1 -1 -1 -1 "
        "-1 -1)"},
    {310, "i8x16.narrow_i16x8_s (i16x8 127) (i16x8 127) => (i8x16 127)"},
    {381, "i8x16.narrow_i16x8_u (i16x8 0) (i16x8 65535) => (i8x16 0)"},
    {461, "i16x8.narrow_i32x4_s (i32x4 0) (i32x4 -1) => (i16x8 0 0 0 0 -1 -1 -1 -1)"},
    {479, "i16x8.narrow_i32x4_s (i32x4 32767) (i32x4 32767) => (i16x8 32767)"},
    {550, "i16x8.narrow_i32x4_u (i32x4 0) (i32x4 -1) => (i16x8 0)"},
    {568, "i16x8.narrow_i32x4_u (i32x4 65535) (i32x4 65535) => (i16x8 65535)"},
};

// simd_f32x4.wast
const SpecCase kF32x4[] = {
    {66, "f32x4.min (f32x4 nan 0.0 0.0 1.0) (f32x4 0.0 -nan 1.0 0.0) => (f32x4 nan:canonical "
        "nan:canonical 0.0 0.0)"},
    {90, "f32x4.max (f32x4 nan 0.0 0.0 0.0) (f32x4 0.0 -nan 1.0 0.0) => (f32x4 nan:canonical "
        "nan:canonical 1.0 0.0)"},
    {100, "f32x4.min (f32x4 0.0) (f32x4 -0.0) => (f32x4 -0.0)"},
    {814, "f32x4.min (f32x4 inf) (f32x4 -inf) => (f32x4 -inf)"},
    {1183, "f32x4.max (f32x4 0.0) (f32x4 -0.0) => (f32x4 0.0)"},
    {1897, "f32x4.max (f32x4 inf) (f32x4 -inf) => (f32x4 inf)"},
    {2279, "f32x4.abs (f32x4 0.0) => (f32x4 0.0)"},
};

// simd_f32x4_arith.wast
const SpecCase kF32x4Arith[] = {
    {55, "f32x4.add (f32x4 0.0) (f32x4 inf) => (f32x4 inf)"},
    {106, "f32x4.add (f32x4 -0.0) (f32x4 -inf) => (f32x4 -inf)"},
    {1957, "f32x4.sub (f32x4 inf) (f32x4 0.0) => (f32x4 inf)"},
    {2008, "f32x4.sub (f32x4 -inf) (f32x4 -0.0) => (f32x4 -inf)"},
    {2560, "f32x4.mul (f32x4 0.0) (f32x4 -0.0) => (f32x4 -0.0)"},
    {2695, "f32x4.mul (f32x4 1e-45) (f32x4 inf) => (f32x4 inf)"},
    {3871, "f32x4.div (f32x4 0.0) (f32x4 inf) => (f32x4 0.0)"},
    {4552, "f32x4.div (f32x4 -inf) (f32x4 -0.0) => (f32x4 inf)"},
    {5101, "f32x4.sqrt (f32x4 0.0) => (f32x4 0.0)"},
    {5189, "f32x4.neg (f32x4 0.0) => (f32x4 -0.0)"},
};

// simd_f32x4_cmp.wast
const SpecCase kF32x4Cmp[] = {
    {64, "f32x4.eq (f32x4 nan) (f32x4 inf) => (i32x4 0)"},
    {1341, "f32x4.ne (f32x4 nan) (f32x4 inf) => (i32x4 -1)"},
    {2798, "f32x4.lt (f32x4 -inf) (f32x4 inf) => (i32x4 -1)"},
    {3895, "f32x4.le (f32x4 nan) (f32x4 inf) => (i32x4 0)"},
    {5172, "f32x4.gt (f32x4 nan) (f32x4 inf) => (i32x4 0)"},
    {6449, "f32x4.ge (f32x4 nan) (f32x4 inf) => (i32x4 0)"},
    {7682, "f32x4.eq (f32x4 -1.0 0.0 1.0 2.0) (i16x8 -1 -1 0 0 1 1 2 2) => (i32x4 0 -1 0 0)"},
    {7699, "f32x4.ne (f32x4 -1.0 0.0 1.0 2.0) (i16x8 -1 -1 0 0 1 1 2 2) => (i32x4 -1 0 -1 -1)"},
    {7716, "f32x4.lt (f32x4 -1.0 0.0 1.0 2.0) (i16x8 -1 -1 0 0 1 1 2 2) => (i32x4 0)"},
    {7733, "f32x4.le (f32x4 -1.0 0.0 1.0 2.0) (i16x8 -1 -1 0 0 1 1 2 2) => (i32x4 0 -1 0 0)"},
    {7750, "f32x4.gt (f32x4 -1.0 0.0 1.0 2.0) (i16x8 -1 -1 0 0 1 1 2 2) => (i32x4 0 0 -1 -1)"},
    {7767, "f32x4.ge (f32x4 -1.0 0.0 1.0 2.0) (i16x8 -1 -1 0 0 1 1 2 2) => (i32x4 0 -1 -1 -1)"},
};

// simd_f32x4_pmin_pmax.wast
const SpecCase kF32x4PminPmax[] = {
    {12, "f32x4.pmin (f32x4 0.0) (f32x4 -0.0) => (f32x4 0.0)"},
    {51, "f32x4.pmin (f32x4 0.0) (f32x4 inf) => (f32x4 0.0)"},
    {135, "f32x4.pmin (f32x4 -0.0) (f32x4 1e-45) => (f32x4 -0.0)"},
    {4809, "f32x4.pmin (f32x4 nan) (f32x4 0.0) => (f32x4 nan)"},
    {4986, "f32x4.pmin (f32x4 -nan) (f32x4 -inf) => (f32x4 -nan)"},
    {5820, "f32x4.pmax (f32x4 0.0) (f32x4 -0.0) => (f32x4 0.0)"},
    {5823, "f32x4.pmax (f32x4 0.0) (f32x4 1e-45) => (f32x4 1e-45)"},
    {5859, "f32x4.pmax (f32x4 0.0) (f32x4 inf) => (f32x4 inf)"},
    {10617, "f32x4.pmax (f32x4 nan) (f32x4 0.0) => (f32x4 nan)"},
    {10794, "f32x4.pmax (f32x4 -nan) (f32x4 -inf) => (f32x4 -nan)"},
};

// simd_f32x4_rounding.wast
const SpecCase kF32x4Rounding[] = {
    {11, "f32x4.ceil (f32x4 0.0) => (f32x4 0.0)"},
    {13, "f32x4.ceil (f32x4 -0.0) => (f32x4 -0.0)"},
    {91, "f32x4.ceil (f32x4 nan) => (f32x4 nan:canonical)"},
    {99, "f32x4.floor (f32x4 0.0) => (f32x4 0.0)"},
    {101, "f32x4.floor (f32x4 -0.0) => (f32x4 -0.0)"},
    {179, "f32x4.floor (f32x4 nan) => (f32x4 nan:canonical)"},
    {187, "f32x4.trunc (f32x4 0.0) => (f32x4 0.0)"},
    {189, "f32x4.trunc (f32x4 -0.0) => (f32x4 -0.0)"},
    {267, "f32x4.trunc (f32x4 nan) => (f32x4 nan:canonical)"},
    {275, "f32x4.nearest (f32x4 0.0) => (f32x4 0.0)"},
    {277, "f32x4.nearest (f32x4 -0.0) => (f32x4 -0.0)"},
    {287, "f32x4.nearest (f32x4 0.5) => (f32x4 0.0)"},
    {355, "f32x4.nearest (f32x4 nan) => (f32x4 nan:canonical)"},
};

// simd_f64x2.wast
const SpecCase kF64x2[] = {
    {872, "f64x2.min (f64x2 inf) (f64x2 -inf) => (f64x2 -inf)"},
    {923, "f64x2.min (f64x2 nan) (f64x2 0.0) => (f64x2 nan:canonical)"},
    {1241, "f64x2.max (f64x2 0.0) (f64x2 -0.0) => (f64x2 0.0)"},
    {1280, "f64x2.max (f64x2 0.0) (f64x2 inf) => (f64x2 inf)"},
    {1379, "f64x2.max (f64x2 5e-324) (f64x2 -inf) => (f64x2 5e-324)"},
    {2006, "f64x2.max (f64x2 nan) (f64x2 0.0) => (f64x2 nan:canonical)"},
    {2323, "f64x2.min (f64x2 0.0) (f64x2 0.0 -0.0) => (f64x2 0.0 -0.0)"},
    {2343, "f64x2.abs (f64x2 0.0) => (f64x2 0.0)"},
};

// simd_f64x2_arith.wast
const SpecCase kF64x2Arith[] = {
    {55, "f64x2.add (f64x2 0.0) (f64x2 inf) => (f64x2 inf)"},
    {106, "f64x2.add (f64x2 -0.0) (f64x2 -inf) => (f64x2 -inf)"},
    {1957, "f64x2.sub (f64x2 inf) (f64x2 0.0) => (f64x2 inf)"},
    {2008, "f64x2.sub (f64x2 -inf) (f64x2 -0.0) => (f64x2 -inf)"},
    {2560, "f64x2.mul (f64x2 0.0) (f64x2 -0.0) => (f64x2 -0.0)"},
    {3274, "f64x2.mul (f64x2 inf) (f64x2 -inf) => (f64x2 -inf)"},
    {3871, "f64x2.div (f64x2 0.0) (f64x2 inf) => (f64x2 0.0)"},
    {4552, "f64x2.div (f64x2 -inf) (f64x2 -0.0) => (f64x2 inf)"},
    {5101, "f64x2.sqrt (f64x2 0.0) => (f64x2 0.0)"},
    {5189, "f64x2.neg (f64x2 0.0) => (f64x2 -0.0)"},
};

// simd_f64x2_cmp.wast
const SpecCase kF64x2Cmp[] = {
    {121, "f64x2.eq (f64x2 -inf) (f64x2 nan) => (i64x2 0)"},
    {772, "f64x2.eq (f64x2 0.0) (f64x2 inf) => (i64x2 0)"},
    {1624, "f64x2.ne (f64x2 -0.0) (f64x2 0.0) => (i64x2 0)"},
    {2116, "f64x2.ne (f64x2 inf) (f64x2 nan) => (i64x2 -1)"},
    {2662, "f64x2.lt (f64x2 -inf) (f64x2 inf) => (i64x2 -1)"},
    {3331, "f64x2.lt (f64x2 0.0) (f64x2 nan) => (i64x2 0)"},
    {3937, "f64x2.le (f64x2 -inf) (f64x2 inf) => (i64x2 -1)"},
    {4606, "f64x2.le (f64x2 0.0) (f64x2 nan) => (i64x2 0)"},
    {5416, "f64x2.gt (f64x2 -0.0) (f64x2 -inf) => (i64x2 -1)"},
    {5872, "f64x2.gt (f64x2 0.0) (f64x2 inf) => (i64x2 0)"},
    {6691, "f64x2.ge (f64x2 -0.0) (f64x2 -inf) => (i64x2 -1)"},
    {7147, "f64x2.ge (f64x2 0.0) (f64x2 inf) => (i64x2 0)"},
};

// simd_f64x2_pmin_pmax.wast
const SpecCase kF64x2PminPmax[] = {
    {12, "f64x2.pmin (f64x2 0.0) (f64x2 -0.0) => (f64x2 0.0)"},
    {51, "f64x2.pmin (f64x2 0.0) (f64x2 inf) => (f64x2 0.0)"},
    {165, "f64x2.pmin (f64x2 -0.0) (f64x2 5e-324) => (f64x2 -0.0)"},
    {4809, "f64x2.pmin (f64x2 nan) (f64x2 0.0) => (f64x2 nan)"},
    {4986, "f64x2.pmin (f64x2 -nan) (f64x2 -inf) => (f64x2 -nan)"},
    {5820, "f64x2.pmax (f64x2 0.0) (f64x2 -0.0) => (f64x2 0.0)"},
    {5853, "f64x2.pmax (f64x2 0.0) (f64x2 5e-324) => (f64x2 5e-324)"},
    {5859, "f64x2.pmax (f64x2 0.0) (f64x2 inf) => (f64x2 inf)"},
    {10617, "f64x2.pmax (f64x2 nan) (f64x2 0.0) => (f64x2 nan)"},
    {10794, "f64x2.pmax (f64x2 -nan) (f64x2 -inf) => (f64x2 -nan)"},
};

// simd_f64x2_rounding.wast
const SpecCase kF64x2Rounding[] = {
    {11, "f64x2.ceil (f64x2 0.0) => (f64x2 0.0)"},
    {13, "f64x2.ceil (f64x2 -0.0) => (f64x2 -0.0)"},
    {91, "f64x2.ceil (f64x2 nan) => (f64x2 nan:canonical)"},
    {99, "f64x2.floor (f64x2 0.0) => (f64x2 0.0)"},
    {101, "f64x2.floor (f64x2 -0.0) => (f64x2 -0.0)"},
    {179, "f64x2.floor (f64x2 nan) => (f64x2 nan:canonical)"},
    {187, "f64x2.trunc (f64x2 0.0) => (f64x2 0.0)"},
    {189, "f64x2.trunc (f64x2 -0.0) => (f64x2 -0.0)"},
    {267, "f64x2.trunc (f64x2 nan) => (f64x2 nan:canonical)"},
    {275, "f64x2.nearest (f64x2 0.0) => (f64x2 0.0)"},
    {277, "f64x2.nearest (f64x2 -0.0) => (f64x2 -0.0)"},
    {283, "f64x2.nearest (f64x2 0.5) => (f64x2 0.0)"},
    {355, "f64x2.nearest (f64x2 nan) => (f64x2 nan:canonical)"},
};

// simd_i16x8_arith.wast
const SpecCase kI16x8Arith[] = {
    {142, "i16x8.add (i16x8 -32768) (f32x4 -0.0) => (i16x8 -32768 0 -32768 0 -32768 0 -32768 0)"},
    {303, "i16x8.sub (i16x8 -32768) (f32x4 -0.0) => (i16x8 -32768 0 -32768 0 -32768 0 -32768 0)"},
    {482, "i16x8.mul (i16x8 0 1 2 3 4 5 6 7) (i16x8 0 -1 -2 -3 -4 -5 -6 -7) => (i16x8 0 -1 -4 -9 "
        "-16 -25 -36 -49)"},
    {496, "i16x8.neg (i16x8 0) => (i16x8 0)"},
};

// simd_i16x8_arith2.wast
const SpecCase kI16x8Arith2[] = {
    {39, "i16x8.min_s (i16x8 0 0 0 0 -1 -1 -1 -1) (i16x8 0 0 -1 -1 0 0 -1 -1) => (i16x8 0 0 -1 -1 "
        "-1 -1 -1 -1)"},
    {69, "i16x8.min_u (i16x8 0) (i16x8 65535) => (i16x8 0)"},
    {105, "i16x8.max_s (i16x8 0 0 0 0 -1 -1 -1 -1) (i16x8 0 0 -1 -1 0 0 -1 -1) => (i16x8 0 0 0 0 0 "
        "0 -1 -1)"},
    {135, "i16x8.max_u (i16x8 0) (i16x8 65535) => (i16x8 65535)"},
    {171, "i16x8.avgr_u (i16x8 0 0 0 0 65535 65535 65535 65535) (i16x8 0 0 65535 65535 0 0 65535 "
        "65535) => (i16x8 0 0 32768 32768 32768 32768 65535 65535)"},
    {293, "i16x8.abs (i16x8 -32768 -32768 32767 32767 16384 16384 -1 -1) => (i16x8 -32768 -32768 "
        "32767 32767 16384 16384 1 1)"},
};

// simd_i16x8_cmp.wast
const SpecCase kI16x8Cmp[] = {
    {149, "i16x8.eq (i16x8 -1 -1 0 0 1 1 -32768 -32768) (i32x4 65535 0 1 32768) => (i16x8 -1 0 -1 "
        "-1 -1 0 -1 0)"},
    {270, "i16x8.ne (i16x8 -128 -128 0 0 1 1 255 255) (i8x16 -128 -128 -128 -128 0 0 0 0 1 1 1 1 "
        "-1 -1 -1 -1) => (i16x8 -1 -1 0 0 -1 -1 -1 -1)"},
    {408, "i16x8.lt_s (i16x8 -128 -128 0 0 1 1 255 255) (i8x16 -128 -128 -128 -128 0 0 0 0 1 1 1 1 "
        "-1 -1 -1 -1) => (i16x8 0 0 0 0 -1 -1 0 0)"},
    {549, "i16x8.lt_u (i16x8 33152 33666 65277 255 256 32514 64896 65534) (i8x16 128 129 130 131 "
        "253 254 255 0 0 1 2 127 128 253 254 255) => (i16x8 0)"},
    {696, "i16x8.le_s (i16x8 -128 -128 0 0 1 1 255 255) (i8x16 -128 -128 -128 -128 0 0 0 0 1 1 1 1 "
        "-1 -1 -1 -1) => (i16x8 0 0 -1 -1 -1 -1 0 0)"},
    {837, "i16x8.le_u (i16x8 33152 33666 65277 255 256 32514 64896 65534) (i8x16 128 129 130 131 "
        "253 254 255 0 0 1 2 127 128 253 254 255) => (i16x8 65535)"},
    {1007, "i16x8.gt_s (i16x8 -1 -1 0 0 1 1 -32768 -32768) (i32x4 65535 0 1 32768) => (i16x8 0 0 0 "
        "0 0 -1 0 0)"},
    {1128, "i16x8.gt_u (i16x8 65408 65408 0 0 1 1 255 255) (i8x16 128 128 128 128 0 0 0 0 1 1 1 1 "
        "255 255 255 255) => (i16x8 65535 65535 0 0 0 0 0 0)"},
    {1295, "i16x8.ge_s (i16x8 -1 -1 0 0 1 1 -32768 -32768) (i32x4 65535 0 1 32768) => (i16x8 -1 0 "
        "-1 -1 -1 -1 -1 0)"},
    {1413, "i16x8.ge_u (i16x8 33152 33666 65277 255 256 32514 64896 65534) (i8x16 128 129 130 131 "
        "253 254 255 0 0 1 2 127 128 253 254 255) => (i16x8 65535)"},
};

// simd_i16x8_extadd_pairwise_i8x16.wast
const SpecCase kI16x8ExtaddPairwiseI8x16[] = {
    {11, "i16x8.extadd_pairwise_i8x16_s (i8x16 0) => (i16x8 0)"},
    {29, "i16x8.extadd_pairwise_i8x16_u (i8x16 0) => (i16x8 0)"},
};

// simd_i16x8_extmul_i8x16.wast
const SpecCase kI16x8ExtmulI8x16[] = {
    {22, "i16x8.extmul_low_i8x16_s (i8x16 0) (i8x16 -1) => (i16x8 0)"},
    {102, "i16x8.extmul_high_i8x16_s (i8x16 0) (i8x16 -1) => (i16x8 0)"},
    {182, "i16x8.extmul_low_i8x16_u (i8x16 0) (i8x16 255) => (i16x8 0)"},
    {262, "i16x8.extmul_high_i8x16_u (i8x16 0) (i8x16 255) => (i16x8 0)"},
};

// simd_i16x8_q15mulr_sat_s.wast
const SpecCase kI16x8Q15mulrSatS[] = {
    {19, "i16x8.q15mulr_sat_s (i16x8 0) (i16x8 -1) => (i16x8 0)"},
    {64, "i16x8.q15mulr_sat_s (i16x8 -32768) (i16x8 -32768) => (i16x8 32767)"},
    {79, "i16x8.q15mulr_sat_s (i16x8 -1) (i16x8 32767) => (i16x8 -1)"},
};

// simd_i16x8_sat_arith.wast
const SpecCase kI16x8SatArith[] = {
    {22, "i16x8.add_sat_s (i16x8 0) (i16x8 -1) => (i16x8 -1)"},
    {109, "i16x8.add_sat_s (i16x8 32767) (i16x8 1) => (i16x8 32767)"},
    {276, "i16x8.add_sat_u (i16x8 32768) (f32x4 -0.0) => (i16x8 32768 65535 32768 65535 32768 "
        "65535 32768 65535)"},
    {425, "i16x8.sub_sat_s (i16x8 -32768) (f32x4 -0.0) => (i16x8 -32768 0 -32768 0 -32768 0 -32768 "
        "0)"},
    {574, "i16x8.sub_sat_u (i16x8 32768) (f32x4 -0.0) => (i16x8 32768 0 32768 0 32768 0 32768 0)"},
};

// simd_i32x4_arith.wast
const SpecCase kI32x4Arith[] = {
    {133, "i32x4.add (i32x4 0x7fffffff) (i16x8 0 -32768 0 -32768 0 -32768 0 -32768) => (i32x4 -1)"},
    {294, "i32x4.sub (i32x4 0x7fffffff) (i16x8 0 -32768 0 -32768 0 -32768 0 -32768) => (i32x4 -1)"},
    {482, "i32x4.mul (i32x4 0 1 2 3) (i32x4 0 -1 -2 -3) => (i32x4 0 -1 -4 -9)"},
    {496, "i32x4.neg (i32x4 0) => (i32x4 0)"},
};

// simd_i32x4_arith2.wast
const SpecCase kI32x4Arith2[] = {
    {34, "i32x4.min_s (i32x4 0 0 -1 -1) (i32x4 0 -1 0 -1) => (i32x4 0 -1 -1 -1)"},
    {67, "i32x4.min_u (i32x4 0 0 -1 -1) (i32x4 0 -1 0 -1) => (i32x4 0 0 0 -1)"},
    {100, "i32x4.max_s (i32x4 0 0 -1 -1) (i32x4 0 -1 0 -1) => (i32x4 0 0 0 -1)"},
    {133, "i32x4.max_u (i32x4 0 0 -1 -1) (i32x4 0 -1 0 -1) => (i32x4 0 -1 -1 -1)"},
    {243, "i32x4.abs (i32x4 0x80000000 0x7fffffff 0x40000000 -1) => (i32x4 0x80000000 0x7fffffff "
        "0x40000000 1)"},
};

// simd_i32x4_cmp.wast
const SpecCase kI32x4Cmp[] = {
    {106, "i32x4.eq (i32x4 0x80000000 0x7fffffff 0 -1) (i32x4 0x80000000 0x80000001 -1 0) => "
        "(i32x4 -1 0 0 0)"},
    {250, "i32x4.ne (i32x4 0x80000000 0x7fffffff 0 -1) (i32x4 0x80000000 0x80000001 -1 0) => "
        "(i32x4 0 -1 -1 -1)"},
    {394, "i32x4.lt_s (i32x4 0x80000000 0x7fffffff 0 -1) (i32x4 0x80000000 0x80000001 -1 0) => "
        "(i32x4 0 0 0 -1)"},
    {538, "i32x4.lt_u (i32x4 0x80000000 0x7fffffff 0 -1) (i32x4 0x80000000 0x80000001 -1 0) => "
        "(i32x4 0 -1 -1 0)"},
    {682, "i32x4.le_s (i32x4 0x80000000 0x7fffffff 0 -1) (i32x4 0x80000000 0x80000001 -1 0) => "
        "(i32x4 -1 0 0 -1)"},
    {826, "i32x4.le_u (i32x4 0x80000000 0x7fffffff 0 -1) (i32x4 0x80000000 0x80000001 -1 0) => "
        "(i32x4 -1 -1 -1 0)"},
    {970, "i32x4.gt_s (i32x4 0x80000000 0x7fffffff 0 -1) (i32x4 0x80000000 0x80000001 -1 0) => "
        "(i32x4 0 -1 -1 0)"},
    {1114, "i32x4.gt_u (i32x4 0x80000000 0x7fffffff 0 -1) (i32x4 0x80000000 0x80000001 -1 0) => "
        "(i32x4 0 0 0 -1)"},
    {1258, "i32x4.ge_s (i32x4 0x80000000 0x7fffffff 0 -1) (i32x4 0x80000000 0x80000001 -1 0) => "
        "(i32x4 -1 -1 -1 0)"},
    {1402, "i32x4.ge_u (i32x4 0x80000000 0x7fffffff 0 -1) (i32x4 0x80000000 0x80000001 -1 0) => "
        "(i32x4 -1 0 0 -1)"},
};

// simd_i32x4_dot_i16x8.wast
const SpecCase kI32x4DotI16x8[] = {
    {19, "i32x4.dot_i16x8_s (i16x8 0) (i16x8 -1) => (i32x4 0)"},
    {64, "i32x4.dot_i16x8_s (i16x8 -32768) (i16x8 -32768) => (i32x4 0x80000000)"},
};

// simd_i32x4_extadd_pairwise_i16x8.wast
const SpecCase kI32x4ExtaddPairwiseI16x8[] = {
    {11, "i32x4.extadd_pairwise_i16x8_s (i16x8 0) => (i32x4 0)"},
    {29, "i32x4.extadd_pairwise_i16x8_u (i16x8 0) => (i32x4 0)"},
};

// simd_i32x4_extmul_i16x8.wast
const SpecCase kI32x4ExtmulI16x8[] = {
    {22, "i32x4.extmul_low_i16x8_s (i16x8 0) (i16x8 -1) => (i32x4 0)"},
    {102, "i32x4.extmul_high_i16x8_s (i16x8 0) (i16x8 -1) => (i32x4 0)"},
    {182, "i32x4.extmul_low_i16x8_u (i16x8 0) (i16x8 65535) => (i32x4 0)"},
    {262, "i32x4.extmul_high_i16x8_u (i16x8 0) (i16x8 65535) => (i32x4 0)"},
};

// simd_i32x4_trunc_sat_f32x4.wast
const SpecCase kI32x4TruncSatF32x4[] = {
    {10, "i32x4.trunc_sat_f32x4_s (f32x4 0.0) => (i32x4 0)"},
    {58, "i32x4.trunc_sat_f32x4_s (f32x4 -0.5) => (i32x4 0)"},
    {92, "i32x4.trunc_sat_f32x4_s (f32x4 inf) => (i32x4 0x7fffffff)"},
    {96, "i32x4.trunc_sat_f32x4_s (f32x4 nan) => (i32x4 0)"},
    {114, "i32x4.trunc_sat_f32x4_u (f32x4 0.0) => (i32x4 0)"},
    {162, "i32x4.trunc_sat_f32x4_u (f32x4 -0.5) => (i32x4 0)"},
    {196, "i32x4.trunc_sat_f32x4_u (f32x4 inf) => (i32x4 -1)"},
    {200, "i32x4.trunc_sat_f32x4_u (f32x4 nan) => (i32x4 0)"},
};

// simd_i32x4_trunc_sat_f64x2.wast
const SpecCase kI32x4TruncSatF64x2[] = {
    {58, "i32x4.trunc_sat_f64x2_s_zero (f64x2 -0.5) => (i32x4 0)"},
    {92, "i32x4.trunc_sat_f64x2_s_zero (f64x2 inf) => (i32x4 0x7fffffff 0x7fffffff 0 0)"},
    {96, "i32x4.trunc_sat_f64x2_s_zero (f64x2 nan) => (i32x4 0)"},
    {162, "i32x4.trunc_sat_f64x2_u_zero (f64x2 -0.5) => (i32x4 0)"},
    {196, "i32x4.trunc_sat_f64x2_u_zero (f64x2 inf) => (i32x4 -1 -1 0 0)"},
    {200, "i32x4.trunc_sat_f64x2_u_zero (f64x2 nan) => (i32x4 0)"},
};

// simd_i64x2_arith.wast
const SpecCase kI64x2Arith[] = {
    {133, "i64x2.add (i64x2 0x7fffffffffffffff) (i16x8 0 0 0 -32768 0 0 0 -32768) => (i64x2 -1)"},
    {300, "i64x2.sub (i64x2 0x7fffffffffffffff) (i16x8 0 0 0 -32768 0 0 0 -32768) => (i64x2 -1)"},
    {500, "i64x2.mul (i64x2 0 1) (i64x2 0 -1) => (i64x2 0 -1)"},
    {514, "i64x2.neg (i64x2 0) => (i64x2 0)"},
};

// simd_i64x2_arith2.wast
const SpecCase kI64x2Arith2[] = {
    {43, "i64x2.abs (i64x2 0x8000000000000000 0x7fffffffffffffff) => (i64x2 0x8000000000000000 "
        "0x7fffffffffffffff)"},
};

// simd_i64x2_cmp.wast
const SpecCase kI64x2Cmp[] = {
    {29, "i64x2.eq (i64x2 -1 0) (i64x2 -1 0) => (i64x2 -1)"},
    {62, "i64x2.ne (i64x2 -1 0) (i64x2 -1 0) => (i64x2 0)"},
    {89, "i64x2.lt_s (i64x2 -1 0) (i64x2 -1 0) => (i64x2 0)"},
    {195, "i64x2.le_s (i64x2 0) (i64x2 0 -1) => (i64x2 -1 0)"},
    {242, "i64x2.gt_s (i64x2 -1 0) (i64x2 -1 0) => (i64x2 0)"},
    {348, "i64x2.ge_s (i64x2 -1) (i64x2 0 -1) => (i64x2 0 -1)"},
};

// simd_i64x2_extmul_i32x4.wast
const SpecCase kI64x2ExtmulI32x4[] = {
    {22, "i64x2.extmul_low_i32x4_s (i32x4 0) (i32x4 -1) => (i64x2 0)"},
    {102, "i64x2.extmul_high_i32x4_s (i32x4 0) (i32x4 -1) => (i64x2 0)"},
    {182, "i64x2.extmul_low_i32x4_u (i32x4 0) (i32x4 -1) => (i64x2 0)"},
    {262, "i64x2.extmul_high_i32x4_u (i32x4 0) (i32x4 -1) => (i64x2 0)"},
};

// simd_i8x16_arith.wast
const SpecCase kI8x16Arith[] = {
    {21, "i8x16.add (i8x16 0) (i8x16 -1) => (i8x16 -1)"},
    {227, "i8x16.sub (i8x16 -1) (i8x16 0) => (i8x16 -1)"},
    {322, "i8x16.neg (i8x16 0) => (i8x16 0)"},
};

// simd_i8x16_arith2.wast
const SpecCase kI8x16Arith2[] = {
    {38, "i8x16.min_s (i8x16 0) (i8x16 -1) => (i8x16 -1)"},
    {71, "i8x16.min_u (i8x16 0) (i8x16 255) => (i8x16 0)"},
    {104, "i8x16.max_s (i8x16 0) (i8x16 -1) => (i8x16 0)"},
    {137, "i8x16.max_u (i8x16 0) (i8x16 255) => (i8x16 255)"},
    {170, "i8x16.avgr_u (i8x16 0) (i8x16 255) => (i8x16 128)"},
    {324, "i8x16.abs (i8x16 -128 -128 -128 -128 127 127 127 127 64 64 64 64 -1 -1 -1 -1) => (i8x16 "
        "-128 -128 -128 -128 127 127 127 127 64 64 64 64 1 1 1 1)"},
    {368, "i8x16.popcnt (i8x16 0) => (i8x16 0)"},
};

// simd_i8x16_cmp.wast
const SpecCase kI8x16Cmp[] = {
    {103, "i8x16.eq (i8x16 -128 -127 -126 -125 -3 -2 -1 0 0 1 2 127 -128 -3 -2 -1) (i8x16 -1 -2 -3 "
        "-128 127 2 1 0 0 -1 -2 -3 -125 -126 -127 -128) => (i8x16 0 0 0 0 0 0 0 -1 -1 0 0 0 0 0 0 "
        "0)"},
    {241, "i8x16.ne (i8x16 -128 -127 -126 -125 -3 -2 -1 0 0 1 2 127 -128 -3 -2 -1) (i8x16 -1 -2 -3 "
        "-128 127 2 1 0 0 -1 -2 -3 -125 -126 -127 -128) => (i8x16 -1 -1 -1 -1 -1 -1 -1 0 0 -1 -1 "
        "-1 -1 -1 -1 -1)"},
    {379, "i8x16.lt_s (i8x16 -128 -127 -126 -125 -3 -2 -1 0 0 1 2 127 -128 -3 -2 -1) (i8x16 -1 -2 "
        "-3 -128 127 2 1 0 0 -1 -2 -3 -125 -126 -127 -128) => (i8x16 -1 -1 -1 0 -1 -1 -1 0 0 0 0 "
        "0 -1 0 0 0)"},
    {517, "i8x16.lt_u (i8x16 128 129 130 131 253 254 255 0 0 1 2 127 128 253 254 255) (i8x16 255 "
        "254 253 128 127 2 1 0 0 255 254 253 131 130 129 128) => (i8x16 255 255 255 0 0 0 0 0 0 "
        "255 255 255 255 0 0 0)"},
    {655, "i8x16.le_s (i8x16 -128 -127 -126 -125 -3 -2 -1 0 0 1 2 127 -128 -3 -2 -1) (i8x16 -1 -2 "
        "-3 -128 127 2 1 0 0 -1 -2 -3 -125 -126 -127 -128) => (i8x16 -1 -1 -1 0 -1 -1 -1 -1 -1 0 "
        "0 0 -1 0 0 0)"},
    {793, "i8x16.le_u (i8x16 128 129 130 131 253 254 255 0 0 1 2 127 128 253 254 255) (i8x16 255 "
        "254 253 128 127 2 1 0 0 255 254 253 131 130 129 128) => (i8x16 255 255 255 0 0 0 0 255 "
        "255 255 255 255 255 0 0 0)"},
    {931, "i8x16.gt_s (i8x16 -128 -127 -126 -125 -3 -2 -1 0 0 1 2 127 -128 -3 -2 -1) (i8x16 -1 -2 "
        "-3 -128 127 2 1 0 0 -1 -2 -3 -125 -126 -127 -128) => (i8x16 0 0 0 -1 0 0 0 0 0 -1 -1 -1 "
        "0 -1 -1 -1)"},
    {1069, "i8x16.gt_u (i8x16 128 129 130 131 253 254 255 0 0 1 2 127 128 253 254 255) (i8x16 255 "
        "254 253 128 127 2 1 0 0 255 254 253 131 130 129 128) => (i8x16 0 0 0 255 255 255 255 0 0 "
        "0 0 0 0 255 255 255)"},
    {1207, "i8x16.ge_s (i8x16 -128 -127 -126 -125 -3 -2 -1 0 0 1 2 127 -128 -3 -2 -1) (i8x16 -1 -2 "
        "-3 -128 127 2 1 0 0 -1 -2 -3 -125 -126 -127 -128) => (i8x16 0 0 0 -1 0 0 0 -1 -1 -1 -1 "
        "-1 0 -1 -1 -1)"},
    {1345, "i8x16.ge_u (i8x16 128 129 130 131 253 254 255 0 0 1 2 127 128 253 254 255) (i8x16 255 "
        "254 253 128 127 2 1 0 0 255 254 253 131 130 129 128) => (i8x16 0 0 0 255 255 255 255 255 "
        "255 0 0 0 0 255 255 255)"},
};

// simd_i8x16_sat_arith.wast
const SpecCase kI8x16SatArith[] = {
    {22, "i8x16.add_sat_s (i8x16 0) (i8x16 -1) => (i8x16 -1)"},
    {109, "i8x16.add_sat_s (i8x16 127) (i8x16 1) => (i8x16 127)"},
    {159, "i8x16.add_sat_u (i8x16 0) (i8x16 255) => (i8x16 255)"},
    {338, "i8x16.sub_sat_s (i8x16 127) (i8x16 127) => (i8x16 0)"},
    {347, "i8x16.sub_sat_s (i8x16 -1) (i8x16 0) => (i8x16 -1)"},
    {538, "i8x16.sub_sat_u (i8x16 128) (f32x4 -0.0) => (i8x16 128 128 128 0 128 128 128 0 128 128 "
        "128 0 128 128 128 0)"},
};

// simd_int_to_int_extend.wast
const SpecCase kIntToIntExtend[] = {
    {26, "i16x8.extend_high_i8x16_s (i8x16 -1 -1 -1 -1 -1 -1 -1 -1 0 0 0 0 0 0 0 0) => (i16x8 0)"},
    {65, "i16x8.extend_high_i8x16_u (i8x16 255 255 255 255 255 255 255 255 0 0 0 0 0 0 0 0) => "
        "(i16x8 0)"},
    {100, "i16x8.extend_low_i8x16_s (i8x16 0 0 0 0 0 0 0 0 -1 -1 -1 -1 -1 -1 -1 -1) => (i16x8 0)"},
    {139, "i16x8.extend_low_i8x16_u (i8x16 0 0 0 0 0 0 0 0 255 255 255 255 255 255 255 255) => "
        "(i16x8 0)"},
    {182, "i32x4.extend_high_i16x8_s (i16x8 -1 -1 -1 -1 0 0 0 0) => (i32x4 0)"},
    {221, "i32x4.extend_high_i16x8_u (i16x8 65535 65535 65535 65535 0 0 0 0) => (i32x4 0)"},
    {256, "i32x4.extend_low_i16x8_s (i16x8 0 0 0 0 -1 -1 -1 -1) => (i32x4 0)"},
    {295, "i32x4.extend_low_i16x8_u (i16x8 0 0 0 0 65535 65535 65535 65535) => (i32x4 0)"},
    {338, "i64x2.extend_high_i32x4_s (i32x4 -1 -1 0 0) => (i64x2 0)"},
    {377, "i64x2.extend_high_i32x4_u (i32x4 -1 -1 0 0) => (i64x2 0)"},
    {412, "i64x2.extend_low_i32x4_s (i32x4 0 0 -1 -1) => (i64x2 0)"},
    {451, "i64x2.extend_low_i32x4_u (i32x4 0 0 -1 -1) => (i64x2 0)"},
};

// simd_lane.wast
const SpecCase kLane[] = {
    {83, "i8x16.extract_lane_s 0 (i8x16 -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0) => (i32 -1)"},
    {85, "i8x16.extract_lane_u 0 (i8x16 255 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0) => (i32 255)"},
    {87, "i8x16.extract_lane_s 15 (i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 -128) => (i32 -128)"},
    {89, "i8x16.extract_lane_u 15 (i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 255) => (i32 255)"},
    {96, "i16x8.extract_lane_s 0 (i16x8 -1 0 0 0 0 0 0 0) => (i32 -1)"},
    {100, "i16x8.extract_lane_u 0 (i16x8 65535 0 0 0 0 0 0 0) => (i32 65535)"},
    {106, "i16x8.extract_lane_s 7 (i16x8 0 0 0 0 0 0 0 6789) => (i32 6789)"},
    {112, "i16x8.extract_lane_u 7 (i16x8 0 0 0 0 0 0 0 6789) => (i32 6789)"},
    {117, "i32x4.extract_lane 0 (i32x4 -1 0 0 0) => (i32 -1)"},
    {123, "i32x4.extract_lane 3 (i32x4 0 0 0 -1) => (i32 -1)"},
    {130, "i64x2.extract_lane 0 (i64x2 -1 0) => (i64 -1)"},
    {139, "i64x2.extract_lane 1 (i32x4 0 0 -1 0x7fffffff) => (i64 0x7fffffffffffffff)"},
    {149, "f32x4.extract_lane 0 (f32x4 nan inf 0.0 0.0) => (f32 nan)"},
    {156, "f32x4.extract_lane 3 (f32x4 0.0 0.0 -inf nan) => (f32 nan)"},
    {167, "f64x2.extract_lane 0 (f64x2 inf 0.0) => (f64 inf)"},
    {185, "f64x2.extract_lane 1 (i8x16 0) => (f64 0.0)"},
    {196, "i8x16.replace_lane 0 (i8x16 0) (i32 255) => (i8x16 -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)"},
    {201, "i8x16.replace_lane 15 (i8x16 0) (i32 -32768) => (i8x16 0)"},
    {206, "i16x8.replace_lane 0 (i16x8 0) (i32 65536) => (i16x8 0)"},
    {211, "i16x8.replace_lane 7 (i16x8 0) (i32 0x7fffffff) => (i16x8 0 0 0 0 0 0 0 -1)"},
    {217, "i32x4.replace_lane 0 (i32x4 0) (i32 -1) => (i32x4 -1 0 0 0)"},
    {220, "i32x4.replace_lane 3 (i32x4 0) (i32 0x80000000) => (i32x4 0 0 0 0x80000000)"},
    {230, "f32x4.replace_lane 0 (f32x4 inf 0.0 0.0 0.0) (f32 1e+38) => (f32x4 1e+38 0.0 0.0 0.0)"},
    {239, "f32x4.replace_lane 3 (f32x4 0.0) (f32 nan) => (f32x4 0.0 0.0 0.0 nan)"},
    {251, "i64x2.replace_lane 0 (i64x2 0) (i64 -1) => (i64x2 -1 0)"},
    {254, "i64x2.replace_lane 1 (i64x2 0) (i64 0x8000000000000000) => (i64x2 0 0x8000000000000000)"
        "i64x2.replace_lane 1 (i64x2 0) (i64 0x8000000000000000) => (i64x2 0 0x8000000000000000)"},
    {266, "f64x2.replace_lane 0 (f64x2 inf 0.0) (f64 2.225073858507201e-308) => (f64x2 "
        "2.225073858507201e-308 0.0)"},
    {284, "f64x2.replace_lane 1 (f64x2 0.0) (f64 nan) => (f64x2 0.0 nan)"},
    {296, "i8x16.swizzle (i8x16 -16 -15 -14 -13 -12 -11 -10 -9 -8 -7 -6 -5 -4 -3 -2 -1) (i8x16 -8 "
        "-7 -6 -5 -4 -3 -2 -1 16 17 18 19 20 21 22 23) => (i8x16 0)"},
    {324, "i8x16.swizzle (f32x4 nan -nan inf -inf) (i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15) "
        "=> (i32x4 0x7fc00000 0xffc00000 0x7f800000 0xff800000)"},
    {353, "i8x16.shuffle 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 16 (i8x16 0 1 2 3 4 5 6 7 8 "
        "9 10 11 12 13 14 15) (i8x16 -16 -15 -14 -13 -12 -11 -10 -9 -8 -7 -6 -5 -4 -3 -2 -1) => "
        "(i8x16 -16)"},
    {381, "i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (i32x4 0x10203 0x4050607 0x8090a0b "
        "0xc0d0e0f) (f32x4 -0.0 nan inf -inf) => (i32x4 0x10203 0x4050607 0x8090a0b 0xc0d0e0f)"},
};

// simd_splat.wast
const SpecCase kSplat[] = {
    {12, "i8x16.splat (i32 0) => (i8x16 0)"},
    {25, "i16x8.splat (i32 0) => (i16x8 0)"},
    {40, "i32x4.splat (i32 0) => (i32x4 0)"},
    {51, "f32x4.splat (f32 0.0) => (f32x4 0.0)"},
    {74, "i64x2.splat (i64 0) => (i64x2 0)"},
    {89, "f64x2.splat (f64 0.0) => (f64x2 0.0)"},
};

const std::span<const SpecCase> kSpecTables[] = {
    kBitShift, kBitwise, kBoolean, kConversions, kF32x4, kF32x4Arith, kF32x4Cmp, kF32x4PminPmax,
    kF32x4Rounding, kF64x2, kF64x2Arith, kF64x2Cmp, kF64x2PminPmax, kF64x2Rounding, kI16x8Arith,
    kI16x8Arith2, kI16x8Cmp, kI16x8ExtaddPairwiseI8x16, kI16x8ExtmulI8x16, kI16x8Q15mulrSatS,
    kI16x8SatArith, kI32x4Arith, kI32x4Arith2, kI32x4Cmp, kI32x4DotI16x8,
    kI32x4ExtaddPairwiseI16x8, kI32x4ExtmulI16x8, kI32x4TruncSatF32x4, kI32x4TruncSatF64x2,
    kI64x2Arith, kI64x2Arith2, kI64x2Cmp, kI64x2ExtmulI32x4, kI8x16Arith, kI8x16Arith2, kI8x16Cmp,
    kI8x16SatArith, kIntToIntExtend, kLane, kSplat
};
// clang-format on

TEST(SimdSpecTest, BitShift) { runCases(kBitShift); }
TEST(SimdSpecTest, Bitwise) { runCases(kBitwise); }
TEST(SimdSpecTest, Boolean) { runCases(kBoolean); }
TEST(SimdSpecTest, Conversions) { runCases(kConversions); }
TEST(SimdSpecTest, F32x4) { runCases(kF32x4); }
TEST(SimdSpecTest, F32x4Arith) { runCases(kF32x4Arith); }
TEST(SimdSpecTest, F32x4Cmp) { runCases(kF32x4Cmp); }
TEST(SimdSpecTest, F32x4PminPmax) { runCases(kF32x4PminPmax); }
TEST(SimdSpecTest, F32x4Rounding) { runCases(kF32x4Rounding); }
TEST(SimdSpecTest, F64x2) { runCases(kF64x2); }
TEST(SimdSpecTest, F64x2Arith) { runCases(kF64x2Arith); }
TEST(SimdSpecTest, F64x2Cmp) { runCases(kF64x2Cmp); }
TEST(SimdSpecTest, F64x2PminPmax) { runCases(kF64x2PminPmax); }
TEST(SimdSpecTest, F64x2Rounding) { runCases(kF64x2Rounding); }
TEST(SimdSpecTest, I16x8Arith) { runCases(kI16x8Arith); }
TEST(SimdSpecTest, I16x8Arith2) { runCases(kI16x8Arith2); }
TEST(SimdSpecTest, I16x8Cmp) { runCases(kI16x8Cmp); }
TEST(SimdSpecTest, I16x8ExtaddPairwiseI8x16) { runCases(kI16x8ExtaddPairwiseI8x16); }
TEST(SimdSpecTest, I16x8ExtmulI8x16) { runCases(kI16x8ExtmulI8x16); }
TEST(SimdSpecTest, I16x8Q15mulrSatS) { runCases(kI16x8Q15mulrSatS); }
TEST(SimdSpecTest, I16x8SatArith) { runCases(kI16x8SatArith); }
TEST(SimdSpecTest, I32x4Arith) { runCases(kI32x4Arith); }
TEST(SimdSpecTest, I32x4Arith2) { runCases(kI32x4Arith2); }
TEST(SimdSpecTest, I32x4Cmp) { runCases(kI32x4Cmp); }
TEST(SimdSpecTest, I32x4DotI16x8) { runCases(kI32x4DotI16x8); }
TEST(SimdSpecTest, I32x4ExtaddPairwiseI16x8) { runCases(kI32x4ExtaddPairwiseI16x8); }
TEST(SimdSpecTest, I32x4ExtmulI16x8) { runCases(kI32x4ExtmulI16x8); }
TEST(SimdSpecTest, I32x4TruncSatF32x4) { runCases(kI32x4TruncSatF32x4); }
TEST(SimdSpecTest, I32x4TruncSatF64x2) { runCases(kI32x4TruncSatF64x2); }
TEST(SimdSpecTest, I64x2Arith) { runCases(kI64x2Arith); }
TEST(SimdSpecTest, I64x2Arith2) { runCases(kI64x2Arith2); }
TEST(SimdSpecTest, I64x2Cmp) { runCases(kI64x2Cmp); }
TEST(SimdSpecTest, I64x2ExtmulI32x4) { runCases(kI64x2ExtmulI32x4); }
TEST(SimdSpecTest, I8x16Arith) { runCases(kI8x16Arith); }
TEST(SimdSpecTest, I8x16Arith2) { runCases(kI8x16Arith2); }
TEST(SimdSpecTest, I8x16Cmp) { runCases(kI8x16Cmp); }
TEST(SimdSpecTest, I8x16SatArith) { runCases(kI8x16SatArith); }
TEST(SimdSpecTest, IntToIntExtend) { runCases(kIntToIntExtend); }
TEST(SimdSpecTest, Lane) { runCases(kLane); }
TEST(SimdSpecTest, Splat) { runCases(kSplat); }

// Every non-memory instruction is exercised by at least one case above.
TEST(SimdTest, EveryInstructionHasASpecCase) {
  std::set<std::string> seen;
  for (std::span<const SpecCase> table : kSpecTables) {
    for (const SpecCase &c : table) {
      seen.insert(parseCase(c.text).instr);
    }
  }
  for (const auto &row : kOpcodes) {
    if (row.prefix == 0xFD && !isMemoryOrConst(row)) {
      EXPECT_TRUE(seen.contains(std::string(row.text))) << row.text;
    }
  }
}

} // namespace
} // namespace runw::engine::interp
