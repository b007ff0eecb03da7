// SPDX-License-Identifier: Apache-2.0
// Tests for interp/numeric.h: naming and signatures checked against opcodes.def, and cases
// ported from the official spec tests (testsuite/core/*.wast) run through a small wast-literal
// parser, plus property sweeps for nearest and the integer -> float conversions.
#include "interp/numeric.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace runw::engine::interp::num {
namespace {

// ---------------------------------------------------------------------------------------------
// Calling any numeric function with operands and results carried as raw bits.
// ---------------------------------------------------------------------------------------------

/// A result as bits (zero-extended to 64) and the trap it raised.
struct Outcome {
  uint64_t bits = 0;
  Trap trap = Trap::None;
};
using Args = std::array<uint64_t, 2>;

template <class T> T fromBits(uint64_t bits) {
  if constexpr (std::is_same_v<T, uint32_t>) {
    return static_cast<uint32_t>(bits);
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    return bits;
  } else if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<float>(static_cast<uint32_t>(bits));
  } else {
    static_assert(std::is_same_v<T, double>);
    return std::bit_cast<double>(bits);
  }
}

template <class T> uint64_t toBits(T value) {
  if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<uint32_t>(value);
  } else if constexpr (std::is_same_v<T, double>) {
    return std::bit_cast<uint64_t>(value);
  } else {
    return value;
  }
}

/// The opcodes.def signature letter of a C++ operand type.
template <class T> constexpr char sigLetter() {
  if constexpr (std::is_same_v<T, uint32_t>) {
    return 'i';
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    return 'l';
  } else if constexpr (std::is_same_v<T, float>) {
    return 'f';
  } else {
    static_assert(std::is_same_v<T, double>);
    return 'd';
  }
}

template <class Fn> struct Invoke;
template <class R, class A> struct Invoke<R (*)(A)> {
  static constexpr bool kTraps = false;
  static std::string sig() { return {sigLetter<A>(), ':', sigLetter<R>()}; }
  template <auto Fn> static Outcome run(const Args &args) {
    return {toBits(Fn(fromBits<A>(args[0]))), Trap::None};
  }
};
template <class R, class A, class B> struct Invoke<R (*)(A, B)> {
  static constexpr bool kTraps = false;
  static std::string sig() { return {sigLetter<A>(), sigLetter<B>(), ':', sigLetter<R>()}; }
  template <auto Fn> static Outcome run(const Args &args) {
    return {toBits(Fn(fromBits<A>(args[0]), fromBits<B>(args[1]))), Trap::None};
  }
};
template <class R, class A> struct Invoke<R (*)(A, Trap &)> {
  static constexpr bool kTraps = true;
  static std::string sig() { return {sigLetter<A>(), ':', sigLetter<R>()}; }
  template <auto Fn> static Outcome run(const Args &args) {
    Trap trap = Trap::None;
    const R result = Fn(fromBits<A>(args[0]), trap);
    return {toBits(result), trap};
  }
};
template <class R, class A, class B> struct Invoke<R (*)(A, B, Trap &)> {
  static constexpr bool kTraps = true;
  static std::string sig() { return {sigLetter<A>(), sigLetter<B>(), ':', sigLetter<R>()}; }
  template <auto Fn> static Outcome run(const Args &args) {
    Trap trap = Trap::None;
    const R result = Fn(fromBits<A>(args[0]), fromBits<B>(args[1]), trap);
    return {toBits(result), trap};
  }
};

/// One function of numeric.h, registered under the text name of its instruction.
struct OpEntry {
  std::string_view text;
  std::string_view function;
  bool traps;
  std::string (*sig)();
  Outcome (*run)(const Args &);
};

#define RUNW_NUM_OP(text, fn)                                                                      \
  OpEntry {                                                                                        \
    (text), #fn, Invoke<decltype(&(fn))>::kTraps, &Invoke<decltype(&(fn))>::sig,                   \
        &Invoke<decltype(&(fn))>::run<&(fn)>                                                       \
  }

// clang-format off
const auto kOps = std::to_array<OpEntry>({
    RUNW_NUM_OP("i32.eqz", i32Eqz), RUNW_NUM_OP("i32.eq", i32Eq), RUNW_NUM_OP("i32.ne", i32Ne),
    RUNW_NUM_OP("i32.lt_s", i32LtS), RUNW_NUM_OP("i32.lt_u", i32LtU),
    RUNW_NUM_OP("i32.gt_s", i32GtS), RUNW_NUM_OP("i32.gt_u", i32GtU),
    RUNW_NUM_OP("i32.le_s", i32LeS), RUNW_NUM_OP("i32.le_u", i32LeU),
    RUNW_NUM_OP("i32.ge_s", i32GeS), RUNW_NUM_OP("i32.ge_u", i32GeU),
    RUNW_NUM_OP("i64.eqz", i64Eqz), RUNW_NUM_OP("i64.eq", i64Eq), RUNW_NUM_OP("i64.ne", i64Ne),
    RUNW_NUM_OP("i64.lt_s", i64LtS), RUNW_NUM_OP("i64.lt_u", i64LtU),
    RUNW_NUM_OP("i64.gt_s", i64GtS), RUNW_NUM_OP("i64.gt_u", i64GtU),
    RUNW_NUM_OP("i64.le_s", i64LeS), RUNW_NUM_OP("i64.le_u", i64LeU),
    RUNW_NUM_OP("i64.ge_s", i64GeS), RUNW_NUM_OP("i64.ge_u", i64GeU),
    RUNW_NUM_OP("f32.eq", f32Eq), RUNW_NUM_OP("f32.ne", f32Ne), RUNW_NUM_OP("f32.lt", f32Lt),
    RUNW_NUM_OP("f32.gt", f32Gt), RUNW_NUM_OP("f32.le", f32Le), RUNW_NUM_OP("f32.ge", f32Ge),
    RUNW_NUM_OP("f64.eq", f64Eq), RUNW_NUM_OP("f64.ne", f64Ne), RUNW_NUM_OP("f64.lt", f64Lt),
    RUNW_NUM_OP("f64.gt", f64Gt), RUNW_NUM_OP("f64.le", f64Le), RUNW_NUM_OP("f64.ge", f64Ge),
    RUNW_NUM_OP("i32.clz", i32Clz), RUNW_NUM_OP("i32.ctz", i32Ctz),
    RUNW_NUM_OP("i32.popcnt", i32Popcnt), RUNW_NUM_OP("i32.add", i32Add),
    RUNW_NUM_OP("i32.sub", i32Sub), RUNW_NUM_OP("i32.mul", i32Mul),
    RUNW_NUM_OP("i32.div_s", i32DivS), RUNW_NUM_OP("i32.div_u", i32DivU),
    RUNW_NUM_OP("i32.rem_s", i32RemS), RUNW_NUM_OP("i32.rem_u", i32RemU),
    RUNW_NUM_OP("i32.and", i32And), RUNW_NUM_OP("i32.or", i32Or), RUNW_NUM_OP("i32.xor", i32Xor),
    RUNW_NUM_OP("i32.shl", i32Shl), RUNW_NUM_OP("i32.shr_s", i32ShrS),
    RUNW_NUM_OP("i32.shr_u", i32ShrU), RUNW_NUM_OP("i32.rotl", i32Rotl),
    RUNW_NUM_OP("i32.rotr", i32Rotr),
    RUNW_NUM_OP("i64.clz", i64Clz), RUNW_NUM_OP("i64.ctz", i64Ctz),
    RUNW_NUM_OP("i64.popcnt", i64Popcnt), RUNW_NUM_OP("i64.add", i64Add),
    RUNW_NUM_OP("i64.sub", i64Sub), RUNW_NUM_OP("i64.mul", i64Mul),
    RUNW_NUM_OP("i64.div_s", i64DivS), RUNW_NUM_OP("i64.div_u", i64DivU),
    RUNW_NUM_OP("i64.rem_s", i64RemS), RUNW_NUM_OP("i64.rem_u", i64RemU),
    RUNW_NUM_OP("i64.and", i64And), RUNW_NUM_OP("i64.or", i64Or), RUNW_NUM_OP("i64.xor", i64Xor),
    RUNW_NUM_OP("i64.shl", i64Shl), RUNW_NUM_OP("i64.shr_s", i64ShrS),
    RUNW_NUM_OP("i64.shr_u", i64ShrU), RUNW_NUM_OP("i64.rotl", i64Rotl),
    RUNW_NUM_OP("i64.rotr", i64Rotr),
    RUNW_NUM_OP("f32.abs", f32Abs), RUNW_NUM_OP("f32.neg", f32Neg),
    RUNW_NUM_OP("f32.ceil", f32Ceil), RUNW_NUM_OP("f32.floor", f32Floor),
    RUNW_NUM_OP("f32.trunc", f32Trunc), RUNW_NUM_OP("f32.nearest", f32Nearest),
    RUNW_NUM_OP("f32.sqrt", f32Sqrt), RUNW_NUM_OP("f32.add", f32Add),
    RUNW_NUM_OP("f32.sub", f32Sub), RUNW_NUM_OP("f32.mul", f32Mul), RUNW_NUM_OP("f32.div", f32Div),
    RUNW_NUM_OP("f32.min", f32Min), RUNW_NUM_OP("f32.max", f32Max),
    RUNW_NUM_OP("f32.copysign", f32Copysign),
    RUNW_NUM_OP("f64.abs", f64Abs), RUNW_NUM_OP("f64.neg", f64Neg),
    RUNW_NUM_OP("f64.ceil", f64Ceil), RUNW_NUM_OP("f64.floor", f64Floor),
    RUNW_NUM_OP("f64.trunc", f64Trunc), RUNW_NUM_OP("f64.nearest", f64Nearest),
    RUNW_NUM_OP("f64.sqrt", f64Sqrt), RUNW_NUM_OP("f64.add", f64Add),
    RUNW_NUM_OP("f64.sub", f64Sub), RUNW_NUM_OP("f64.mul", f64Mul), RUNW_NUM_OP("f64.div", f64Div),
    RUNW_NUM_OP("f64.min", f64Min), RUNW_NUM_OP("f64.max", f64Max),
    RUNW_NUM_OP("f64.copysign", f64Copysign),
    RUNW_NUM_OP("i32.wrap_i64", i32WrapI64), RUNW_NUM_OP("i32.trunc_f32_s", i32TruncF32S),
    RUNW_NUM_OP("i32.trunc_f32_u", i32TruncF32U), RUNW_NUM_OP("i32.trunc_f64_s", i32TruncF64S),
    RUNW_NUM_OP("i32.trunc_f64_u", i32TruncF64U),
    RUNW_NUM_OP("i64.extend_i32_s", i64ExtendI32S), RUNW_NUM_OP("i64.extend_i32_u", i64ExtendI32U),
    RUNW_NUM_OP("i64.trunc_f32_s", i64TruncF32S), RUNW_NUM_OP("i64.trunc_f32_u", i64TruncF32U),
    RUNW_NUM_OP("i64.trunc_f64_s", i64TruncF64S), RUNW_NUM_OP("i64.trunc_f64_u", i64TruncF64U),
    RUNW_NUM_OP("f32.convert_i32_s", f32ConvertI32S),
    RUNW_NUM_OP("f32.convert_i32_u", f32ConvertI32U),
    RUNW_NUM_OP("f32.convert_i64_s", f32ConvertI64S),
    RUNW_NUM_OP("f32.convert_i64_u", f32ConvertI64U), RUNW_NUM_OP("f32.demote_f64", f32DemoteF64),
    RUNW_NUM_OP("f64.convert_i32_s", f64ConvertI32S),
    RUNW_NUM_OP("f64.convert_i32_u", f64ConvertI32U),
    RUNW_NUM_OP("f64.convert_i64_s", f64ConvertI64S),
    RUNW_NUM_OP("f64.convert_i64_u", f64ConvertI64U), RUNW_NUM_OP("f64.promote_f32", f64PromoteF32),
    RUNW_NUM_OP("i32.reinterpret_f32", i32ReinterpretF32),
    RUNW_NUM_OP("i64.reinterpret_f64", i64ReinterpretF64),
    RUNW_NUM_OP("f32.reinterpret_i32", f32ReinterpretI32),
    RUNW_NUM_OP("f64.reinterpret_i64", f64ReinterpretI64),
    RUNW_NUM_OP("i32.extend8_s", i32Extend8S), RUNW_NUM_OP("i32.extend16_s", i32Extend16S),
    RUNW_NUM_OP("i64.extend8_s", i64Extend8S), RUNW_NUM_OP("i64.extend16_s", i64Extend16S),
    RUNW_NUM_OP("i64.extend32_s", i64Extend32S),
    RUNW_NUM_OP("i32.trunc_sat_f32_s", i32TruncSatF32S),
    RUNW_NUM_OP("i32.trunc_sat_f32_u", i32TruncSatF32U),
    RUNW_NUM_OP("i32.trunc_sat_f64_s", i32TruncSatF64S),
    RUNW_NUM_OP("i32.trunc_sat_f64_u", i32TruncSatF64U),
    RUNW_NUM_OP("i64.trunc_sat_f32_s", i64TruncSatF32S),
    RUNW_NUM_OP("i64.trunc_sat_f32_u", i64TruncSatF32U),
    RUNW_NUM_OP("i64.trunc_sat_f64_s", i64TruncSatF64S),
    RUNW_NUM_OP("i64.trunc_sat_f64_u", i64TruncSatF64U),
});
// clang-format on
#undef RUNW_NUM_OP

/// An instruction as listed in opcodes.def.
struct DefOp {
  std::string_view name;
  unsigned prefix;
  unsigned code;
  std::string_view text;
  std::string_view sig;
};

constexpr auto kDefOps = std::to_array<DefOp>({
#define RUNW_OPCODE(name, prefix, code, imm, text, sig) DefOp{#name, prefix, code, text, sig},
#include "common/opcodes.def"
#undef RUNW_OPCODE
});

/// The scalar numeric instructions: 0x45 (i32.eqz) to 0xC4 (i64.extend32_s), and 0xFC 0-7.
bool isScalarNumeric(const DefOp &op) {
  return (op.prefix == 0x00 && op.code >= 0x45 && op.code <= 0xC4) ||
         (op.prefix == 0xFC && op.code <= 0x07);
}

const OpEntry *findOp(std::string_view text) {
  const auto *it =
      std::find_if(kOps.begin(), kOps.end(), [&](const OpEntry &e) { return e.text == text; });
  return it == kOps.end() ? nullptr : it;
}

const DefOp *findDefOp(std::string_view text) {
  const auto *it =
      std::find_if(kDefOps.begin(), kDefOps.end(), [&](const DefOp &e) { return e.text == text; });
  return it == kDefOps.end() ? nullptr : it;
}

/// "i64.trunc_sat_f32_u" -> "i64TruncSatF32U".
std::string lowerCamel(std::string_view text) {
  std::string out;
  bool upper = false;
  for (const char c : text) {
    if (c == '.' || c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// wast literals and expected results.
// ---------------------------------------------------------------------------------------------

/// Parses a wast numeric literal of type letter `type` (i, l, f, d) into its bits: integers in
/// decimal or hex with an optional sign (two's complement), floats in decimal or hex, inf,
/// nan, nan:0xPAYLOAD, each with an optional sign; '_' separators are allowed.
uint64_t parseLiteral(char type, std::string_view text) {
  std::string s;
  for (const char c : text) {
    if (c != '_') {
      s += c;
    }
  }
  const bool negative = !s.empty() && s[0] == '-';
  const std::string body = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? s.substr(1) : s;
  if (type == 'i' || type == 'l') {
    const bool hex = body.rfind("0x", 0) == 0;
    uint64_t magnitude = std::strtoull(body.c_str() + (hex ? 2 : 0), nullptr, hex ? 16 : 10);
    if (negative) {
      magnitude = ~magnitude + 1;
    }
    return type == 'i' ? (magnitude & 0xFFFF'FFFFU) : magnitude;
  }
  const bool isF32 = type == 'f';
  const uint64_t sign = negative ? (isF32 ? 0x8000'0000ULL : 0x8000'0000'0000'0000ULL) : 0;
  if (body.rfind("nan", 0) == 0) {
    const uint64_t exponent = isF32 ? 0x7F80'0000ULL : 0x7FF0'0000'0000'0000ULL;
    const uint64_t payload = body.size() > 4 ? std::strtoull(body.c_str() + 6, nullptr, 16)
                                             : (isF32 ? 0x40'0000ULL : 0x8'0000'0000'0000ULL);
    return sign | exponent | payload;
  }
  if (isF32) {
    return sign | std::bit_cast<uint32_t>(std::strtof(body.c_str(), nullptr));
  }
  return sign | std::bit_cast<uint64_t>(std::strtod(body.c_str(), nullptr));
}

std::string_view trapText(Trap trap) {
  switch (trap) {
  case Trap::None:
    return "none";
  case Trap::IntegerDivideByZero:
    return "integer divide by zero";
  case Trap::IntegerOverflow:
    return "integer overflow";
  case Trap::InvalidConversionToInteger:
    return "invalid conversion to integer";
  }
  return "?";
}

/// Checks an outcome against a wast expectation: "trap: <spec text>", "nan:canonical",
/// "nan:arithmetic" or a literal of result type `type`, compared bit for bit.
::testing::AssertionResult matches(char type, std::string_view want, const Outcome &got) {
  constexpr std::string_view kTrapPrefix = "trap: ";
  if (want.rfind(kTrapPrefix, 0) == 0) {
    if (trapText(got.trap) == want.substr(kTrapPrefix.size())) {
      return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "trap " << trapText(got.trap);
  }
  if (got.trap != Trap::None) {
    return ::testing::AssertionFailure() << "trapped: " << trapText(got.trap);
  }
  const bool isF32 = type == 'f';
  const uint64_t signBit = isF32 ? 0x8000'0000ULL : 0x8000'0000'0000'0000ULL;
  const uint64_t expMask = isF32 ? 0x7F80'0000ULL : 0x7FF0'0000'0000'0000ULL;
  const uint64_t quietBit = isF32 ? 0x40'0000ULL : 0x8'0000'0000'0000ULL;
  bool ok = false;
  if (want == "nan:canonical") {
    ok = (got.bits & ~signBit) == (expMask | quietBit);
  } else if (want == "nan:arithmetic") {
    ok = (got.bits & expMask) == expMask && (got.bits & quietBit) != 0;
  } else {
    ok = got.bits == parseLiteral(type, want);
  }
  if (ok) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "got bits 0x" << std::hex << got.bits;
}

/// One spec assertion: `op(a[, b])` gives `want`. `b` is empty for unary instructions.
struct Case {
  std::string_view op;
  std::string_view a;
  std::string_view b;
  std::string_view want;
};

/// Runs every case; returns how many were executed (so an empty table fails too).
size_t runCases(std::span<const Case> cases) {
  size_t ran = 0;
  for (const Case &c : cases) {
    const OpEntry *op = findOp(c.op);
    const DefOp *def = findDefOp(c.op);
    if (op == nullptr || def == nullptr) {
      ADD_FAILURE() << "unknown instruction " << c.op;
      continue;
    }
    const std::string_view sig = def->sig;
    const size_t colon = sig.find(':');
    Args args{};
    for (size_t i = 0; i < colon; ++i) {
      args.at(i) = parseLiteral(sig[i], i == 0 ? c.a : c.b);
    }
    const Outcome got = op->run(args);
    EXPECT_TRUE(matches(sig[colon + 1], c.want, got))
        << c.op << " " << c.a << " " << c.b << " expected " << c.want;
    ++ran;
  }
  return ran;
}

// ---------------------------------------------------------------------------------------------
// Spec-test cases, ported from testsuite/core/<file>.wast.
// ---------------------------------------------------------------------------------------------

// i32.wast
// clang-format off
constexpr auto kI32Cases = std::to_array<Case>({
    {"i32.add", "1", "1", "2"}, {"i32.add", "-1", "-1", "-2"},
    {"i32.add", "0x7fffffff", "1", "0x80000000"},
    {"i32.sub", "1", "1", "0"}, {"i32.sub", "-1", "-1", "0"},
    {"i32.sub", "0x7fffffff", "-1", "0x80000000"},
    {"i32.mul", "-1", "-1", "1"}, {"i32.mul", "0x80000000", "0", "0"},
    {"i32.mul", "0x7fffffff", "-1", "0x80000001"},
    {"i32.div_s", "1", "0", "trap: integer divide by zero"},
    {"i32.div_s", "0x80000000", "-1", "trap: integer overflow"}, {"i32.div_s", "1", "1", "1"},
    {"i32.div_s", "0", "-1", "0"}, {"i32.div_s", "0x80000000", "2", "0xc0000000"},
    {"i32.div_u", "1", "0", "trap: integer divide by zero"},
    {"i32.div_u", "0", "0", "trap: integer divide by zero"}, {"i32.div_u", "1", "1", "1"},
    {"i32.div_u", "-1", "-1", "1"}, {"i32.div_u", "0x80000000", "-1", "0"},
    {"i32.rem_s", "1", "0", "trap: integer divide by zero"},
    {"i32.rem_s", "0", "0", "trap: integer divide by zero"}, {"i32.rem_s", "0x7fffffff", "-1", "0"},
    {"i32.rem_s", "0", "-1", "0"}, {"i32.rem_s", "0x80000000", "-1", "0"},
    {"i32.rem_u", "1", "0", "trap: integer divide by zero"},
    {"i32.rem_u", "0", "0", "trap: integer divide by zero"}, {"i32.rem_u", "1", "1", "0"},
    {"i32.rem_u", "-1", "-1", "0"}, {"i32.rem_u", "0x80000000", "-1", "0x80000000"},
    {"i32.and", "0x7fffffff", "0x80000000", "0"}, {"i32.and", "0x7fffffff", "-1", "0x7fffffff"},
    {"i32.and", "0xffffffff", "0xffffffff", "0xffffffff"},
    {"i32.or", "1", "0", "1"}, {"i32.or", "0x7fffffff", "0x80000000", "-1"},
    {"i32.or", "0xf0f0ffff", "0xfffff0f0", "0xffffffff"},
    {"i32.xor", "1", "0", "1"}, {"i32.xor", "0x7fffffff", "0x80000000", "-1"},
    {"i32.xor", "0xffffffff", "0xffffffff", "0"},
    {"i32.shl", "0x7fffffff", "1", "0xfffffffe"}, {"i32.shl", "0xffffffff", "1", "0xfffffffe"},
    {"i32.shl", "0x80000000", "1", "0"},
    {"i32.shr_s", "-1", "1", "-1"}, {"i32.shr_s", "0x7fffffff", "1", "0x3fffffff"},
    {"i32.shr_s", "0x80000000", "1", "0xc0000000"},
    {"i32.shr_u", "-1", "1", "0x7fffffff"}, {"i32.shr_u", "0x80000000", "1", "0x40000000"},
    {"i32.shr_u", "1", "-1", "0"},
    {"i32.rotl", "1", "1", "2"}, {"i32.rotl", "-1", "1", "-1"},
    {"i32.rotl", "1", "31", "0x80000000"},
    {"i32.rotr", "1", "1", "0x80000000"}, {"i32.rotr", "-1", "1", "-1"},
    {"i32.clz", "0xffffffff", "", "0"}, {"i32.clz", "0x80000000", "", "0"},
    {"i32.clz", "0x7fffffff", "", "1"},
    {"i32.ctz", "-1", "", "0"}, {"i32.ctz", "0x80000000", "", "31"},
    {"i32.ctz", "0x7fffffff", "", "0"},
    {"i32.popcnt", "-1", "", "32"}, {"i32.popcnt", "0x7fffffff", "", "31"},
    {"i32.extend8_s", "0", "", "0"}, {"i32.extend8_s", "0x80", "", "-128"},
    {"i32.extend8_s", "0xff", "", "-1"},
    {"i32.extend16_s", "0", "", "0"}, {"i32.extend16_s", "0xffff", "", "-1"},
    {"i32.extend16_s", "-1", "", "-1"},
    {"i32.eqz", "0x80000000", "", "0"}, {"i32.eqz", "0x7fffffff", "", "0"},
    {"i32.eqz", "0xffffffff", "", "0"},
    {"i32.eq", "-1", "1", "0"}, {"i32.eq", "0x80000000", "0x80000000", "1"},
    {"i32.eq", "0x7fffffff", "0x7fffffff", "1"},
    {"i32.ne", "-1", "1", "1"}, {"i32.ne", "0x80000000", "0x80000000", "0"},
    {"i32.ne", "0x7fffffff", "0x7fffffff", "0"},
    {"i32.lt_s", "-1", "1", "1"}, {"i32.lt_s", "0x80000000", "0x80000000", "0"},
    {"i32.lt_s", "0x7fffffff", "0x7fffffff", "0"},
    {"i32.lt_u", "-1", "1", "0"}, {"i32.lt_u", "0x80000000", "0x80000000", "0"},
    {"i32.lt_u", "0x7fffffff", "0x7fffffff", "0"},
    {"i32.le_s", "-1", "1", "1"}, {"i32.le_s", "0x80000000", "0x80000000", "1"},
    {"i32.le_s", "0x7fffffff", "0x7fffffff", "1"},
    {"i32.le_u", "-1", "1", "0"}, {"i32.le_u", "0x80000000", "0x80000000", "1"},
    {"i32.le_u", "0x7fffffff", "0x7fffffff", "1"},
    {"i32.gt_s", "-1", "1", "0"}, {"i32.gt_s", "0x80000000", "0x80000000", "0"},
    {"i32.gt_s", "0x7fffffff", "0x7fffffff", "0"},
    {"i32.gt_u", "-1", "1", "1"}, {"i32.gt_u", "0x80000000", "0x80000000", "0"},
    {"i32.gt_u", "0x7fffffff", "0x7fffffff", "0"},
    {"i32.ge_s", "-1", "1", "0"}, {"i32.ge_s", "0x80000000", "0x80000000", "1"},
    {"i32.ge_s", "0x7fffffff", "0x7fffffff", "1"},
    {"i32.ge_u", "-1", "1", "1"}, {"i32.ge_u", "0x80000000", "0x80000000", "1"},
    {"i32.ge_u", "0x7fffffff", "0x7fffffff", "1"},
});
// clang-format on

// i64.wast
// clang-format off
constexpr auto kI64Cases = std::to_array<Case>({
    {"i64.add", "-1", "-1", "-2"}, {"i64.add", "0x7fffffffffffffff", "1", "0x8000000000000000"},
    {"i64.sub", "-1", "-1", "0"}, {"i64.sub", "0x7fffffffffffffff", "-1", "0x8000000000000000"},
    {"i64.mul", "-1", "-1", "1"}, {"i64.mul", "0x8000000000000000", "0", "0"},
    {"i64.div_s", "1", "0", "trap: integer divide by zero"},
    {"i64.div_s", "0x8000000000000000", "-1", "trap: integer overflow"},
    {"i64.div_s", "0", "-1", "0"}, {"i64.div_s", "0x8000000000000000", "2", "0xc000000000000000"},
    {"i64.div_u", "1", "0", "trap: integer divide by zero"},
    {"i64.div_u", "0", "0", "trap: integer divide by zero"}, {"i64.div_u", "-1", "-1", "1"},
    {"i64.div_u", "0x8000000000000000", "-1", "0"},
    {"i64.rem_s", "1", "0", "trap: integer divide by zero"},
    {"i64.rem_s", "0", "0", "trap: integer divide by zero"},
    {"i64.rem_s", "0x7fffffffffffffff", "-1", "0"}, {"i64.rem_s", "0", "-1", "0"},
    {"i64.rem_u", "1", "0", "trap: integer divide by zero"},
    {"i64.rem_u", "0", "0", "trap: integer divide by zero"}, {"i64.rem_u", "-1", "-1", "0"},
    {"i64.rem_u", "0x8000000000000000", "-1", "0x8000000000000000"},
    {"i64.and", "0x7fffffffffffffff", "0x8000000000000000", "0"},
    {"i64.and", "0x7fffffffffffffff", "-1", "0x7fffffffffffffff"},
    {"i64.or", "0x7fffffffffffffff", "0x8000000000000000", "-1"},
    {"i64.or", "0xf0f0ffff", "0xfffff0f0", "0xffffffff"},
    {"i64.xor", "0x7fffffffffffffff", "0x8000000000000000", "-1"},
    {"i64.xor", "0xffffffffffffffff", "0xffffffffffffffff", "0"},
    {"i64.shl", "0x7fffffffffffffff", "1", "0xfffffffffffffffe"},
    {"i64.shl", "0xffffffffffffffff", "1", "0xfffffffffffffffe"},
    {"i64.shr_s", "-1", "1", "-1"}, {"i64.shr_s", "0x7fffffffffffffff", "1", "0x3fffffffffffffff"},
    {"i64.shr_u", "-1", "1", "0x7fffffffffffffff"},
    {"i64.shr_u", "0x8000000000000000", "1", "0x4000000000000000"},
    {"i64.rotl", "-1", "1", "-1"},
    {"i64.rotl", "0xabcd7294ef567809", "0xffffffffffffffed", "0xcf013579ae529dea"},
    {"i64.rotr", "1", "1", "0x8000000000000000"}, {"i64.rotr", "-1", "1", "-1"},
    {"i64.clz", "0xffffffffffffffff", "", "0"}, {"i64.clz", "0x8000000000000000", "", "0"},
    {"i64.ctz", "-1", "", "0"}, {"i64.ctz", "0x8000000000000000", "", "63"},
    {"i64.popcnt", "-1", "", "64"}, {"i64.popcnt", "0x7fffffffffffffff", "", "63"},
    {"i64.extend8_s", "0", "", "0"}, {"i64.extend8_s", "0x80", "", "-128"},
    {"i64.extend16_s", "0", "", "0"}, {"i64.extend16_s", "0xffff", "", "-1"},
    {"i64.extend32_s", "0x7fffffff", "", "0x7fffffff"},
    {"i64.extend32_s", "0x80000000", "", "-0x80000000"},
    {"i64.eqz", "0x8000000000000000", "", "0"}, {"i64.eqz", "0x7fffffffffffffff", "", "0"},
    {"i64.eq", "-1", "1", "0"}, {"i64.eq", "0x8000000000000000", "0x8000000000000000", "1"},
    {"i64.ne", "-1", "1", "1"}, {"i64.ne", "0x8000000000000000", "0x8000000000000000", "0"},
    {"i64.lt_s", "-1", "1", "1"}, {"i64.lt_s", "0x8000000000000000", "0x8000000000000000", "0"},
    {"i64.lt_u", "-1", "1", "0"}, {"i64.lt_u", "0x8000000000000000", "0x8000000000000000", "0"},
    {"i64.le_s", "-1", "1", "1"}, {"i64.le_s", "0x8000000000000000", "0x8000000000000000", "1"},
    {"i64.le_u", "-1", "1", "0"}, {"i64.le_u", "0x8000000000000000", "0x8000000000000000", "1"},
    {"i64.gt_s", "-1", "1", "0"}, {"i64.gt_s", "0x8000000000000000", "0x8000000000000000", "0"},
    {"i64.gt_u", "-1", "1", "1"}, {"i64.gt_u", "0x8000000000000000", "0x8000000000000000", "0"},
    {"i64.ge_s", "-1", "1", "0"}, {"i64.ge_s", "0x8000000000000000", "0x8000000000000000", "1"},
    {"i64.ge_u", "-1", "1", "1"}, {"i64.ge_u", "0x8000000000000000", "0x8000000000000000", "1"},
});
// clang-format on

// f32.wast
// clang-format off
constexpr auto kF32Cases = std::to_array<Case>({
    {"f32.add", "-0x0p+0", "0x0p+0", "0x0p+0"}, {"f32.add", "0x0p+0", "-0x0p+0", "0x0p+0"},
    {"f32.add", "-0x0p+0", "nan:0x200000", "nan:arithmetic"}, {"f32.add", "-inf", "-inf", "-inf"},
    {"f32.add", "-nan:0x200000", "-0x0p+0", "nan:arithmetic"},
    {"f32.add", "nan", "-0x0p+0", "nan:canonical"},
    {"f32.sub", "-0x0p+0", "0x0p+0", "-0x0p+0"}, {"f32.sub", "0x0p+0", "-0x0p+0", "0x0p+0"},
    {"f32.sub", "-0x0p+0", "nan:0x200000", "nan:arithmetic"},
    {"f32.sub", "-inf", "-inf", "nan:canonical"},
    {"f32.sub", "-nan:0x200000", "-0x0p+0", "nan:arithmetic"},
    {"f32.sub", "nan", "-0x0p+0", "nan:canonical"},
    {"f32.mul", "-0x0p+0", "0x0p+0", "-0x0p+0"}, {"f32.mul", "0x0p+0", "-0x0p+0", "-0x0p+0"},
    {"f32.mul", "-0x0p+0", "nan:0x200000", "nan:arithmetic"}, {"f32.mul", "-inf", "-inf", "inf"},
    {"f32.mul", "-nan:0x200000", "-0x0p+0", "nan:arithmetic"},
    {"f32.mul", "nan", "-0x0p+0", "nan:canonical"},
    {"f32.div", "-0x0p+0", "0x0p+0", "nan:canonical"},
    {"f32.div", "0x0p+0", "-0x0p+0", "nan:canonical"},
    {"f32.div", "-0x0p+0", "nan:0x200000", "nan:arithmetic"},
    {"f32.div", "-inf", "-inf", "nan:canonical"},
    {"f32.div", "-nan:0x200000", "-0x0p+0", "nan:arithmetic"},
    {"f32.div", "nan", "-0x0p+0", "nan:canonical"},
    {"f32.min", "-0x0p+0", "0x0p+0", "-0x0p+0"}, {"f32.min", "0x0p+0", "-0x0p+0", "-0x0p+0"},
    {"f32.min", "-0x0p+0", "nan:0x200000", "nan:arithmetic"}, {"f32.min", "-inf", "-inf", "-inf"},
    {"f32.min", "-nan:0x200000", "-0x0p+0", "nan:arithmetic"},
    {"f32.min", "nan", "-0x0p+0", "nan:canonical"},
    {"f32.max", "-0x0p+0", "0x0p+0", "0x0p+0"}, {"f32.max", "0x0p+0", "-0x0p+0", "0x0p+0"},
    {"f32.max", "-0x0p+0", "nan:0x200000", "nan:arithmetic"}, {"f32.max", "-inf", "-inf", "-inf"},
    {"f32.max", "-nan:0x200000", "-0x0p+0", "nan:arithmetic"},
    {"f32.max", "nan", "-0x0p+0", "nan:canonical"},
    {"f32.sqrt", "-0x0p+0", "", "-0x0p+0"}, {"f32.sqrt", "-0x1p-1", "", "nan:canonical"},
    {"f32.sqrt", "-inf", "", "nan:canonical"}, {"f32.sqrt", "-nan:0x200000", "", "nan:arithmetic"},
    {"f32.sqrt", "nan", "", "nan:canonical"},
    {"f32.floor", "-0x0p+0", "", "-0x0p+0"}, {"f32.floor", "-0x1p-1", "", "-0x1p+0"},
    {"f32.floor", "-inf", "", "-inf"}, {"f32.floor", "-nan:0x200000", "", "nan:arithmetic"},
    {"f32.floor", "nan", "", "nan:canonical"},
    {"f32.ceil", "-0x0p+0", "", "-0x0p+0"}, {"f32.ceil", "-0x1p-1", "", "-0x0p+0"},
    {"f32.ceil", "-inf", "", "-inf"}, {"f32.ceil", "-nan:0x200000", "", "nan:arithmetic"},
    {"f32.ceil", "nan", "", "nan:canonical"},
    {"f32.trunc", "-0x0p+0", "", "-0x0p+0"}, {"f32.trunc", "-0x1p-1", "", "-0x0p+0"},
    {"f32.trunc", "-inf", "", "-inf"}, {"f32.trunc", "-nan:0x200000", "", "nan:arithmetic"},
    {"f32.trunc", "nan", "", "nan:canonical"},
    {"f32.nearest", "-0x0p+0", "", "-0x0p+0"}, {"f32.nearest", "-0x1p-1", "", "-0x0p+0"},
    {"f32.nearest", "-inf", "", "-inf"}, {"f32.nearest", "-nan:0x200000", "", "nan:arithmetic"},
    {"f32.nearest", "nan", "", "nan:canonical"},
});
// clang-format on

// f64.wast
// clang-format off
constexpr auto kF64Cases = std::to_array<Case>({
    {"f64.add", "-0x0p+0", "0x0p+0", "0x0p+0"}, {"f64.add", "0x0p+0", "-0x0p+0", "0x0p+0"},
    {"f64.add", "-0x0p+0", "nan:0x4000000000000", "nan:arithmetic"},
    {"f64.add", "-inf", "-inf", "-inf"},
    {"f64.sub", "-0x0p+0", "0x0p+0", "-0x0p+0"}, {"f64.sub", "0x0p+0", "-0x0p+0", "0x0p+0"},
    {"f64.sub", "-0x0p+0", "nan:0x4000000000000", "nan:arithmetic"},
    {"f64.sub", "-inf", "-inf", "nan:canonical"},
    {"f64.mul", "-0x0p+0", "0x0p+0", "-0x0p+0"}, {"f64.mul", "0x0p+0", "-0x0p+0", "-0x0p+0"},
    {"f64.mul", "-0x0p+0", "nan:0x4000000000000", "nan:arithmetic"},
    {"f64.mul", "-inf", "-inf", "inf"},
    {"f64.div", "-0x0p+0", "0x0p+0", "nan:canonical"},
    {"f64.div", "0x0p+0", "-0x0p+0", "nan:canonical"},
    {"f64.div", "-0x0p+0", "nan:0x4000000000000", "nan:arithmetic"},
    {"f64.div", "-inf", "-inf", "nan:canonical"},
    {"f64.min", "-0x0p+0", "0x0p+0", "-0x0p+0"}, {"f64.min", "0x0p+0", "-0x0p+0", "-0x0p+0"},
    {"f64.min", "-0x0p+0", "nan:0x4000000000000", "nan:arithmetic"},
    {"f64.min", "-inf", "-inf", "-inf"},
    {"f64.max", "-0x0p+0", "0x0p+0", "0x0p+0"}, {"f64.max", "0x0p+0", "-0x0p+0", "0x0p+0"},
    {"f64.max", "-0x0p+0", "nan:0x4000000000000", "nan:arithmetic"},
    {"f64.max", "-inf", "-inf", "-inf"},
    {"f64.sqrt", "-0x0p+0", "", "-0x0p+0"}, {"f64.sqrt", "-0x1p-1", "", "nan:canonical"},
    {"f64.sqrt", "-inf", "", "nan:canonical"},
    {"f64.sqrt", "-nan:0x4000000000000", "", "nan:arithmetic"},
    {"f64.floor", "-0x0p+0", "", "-0x0p+0"}, {"f64.floor", "-0x1p-1", "", "-0x1p+0"},
    {"f64.floor", "-inf", "", "-inf"}, {"f64.floor", "-nan:0x4000000000000", "", "nan:arithmetic"},
    {"f64.ceil", "-0x0p+0", "", "-0x0p+0"}, {"f64.ceil", "-0x1p-1", "", "-0x0p+0"},
    {"f64.ceil", "-inf", "", "-inf"}, {"f64.ceil", "-nan:0x4000000000000", "", "nan:arithmetic"},
    {"f64.trunc", "-0x0p+0", "", "-0x0p+0"}, {"f64.trunc", "-0x1p-1", "", "-0x0p+0"},
    {"f64.trunc", "-inf", "", "-inf"}, {"f64.trunc", "-nan:0x4000000000000", "", "nan:arithmetic"},
    {"f64.nearest", "-0x0p+0", "", "-0x0p+0"}, {"f64.nearest", "-0x1p-1", "", "-0x0p+0"},
    {"f64.nearest", "-inf", "", "-inf"},
    {"f64.nearest", "-nan:0x4000000000000", "", "nan:arithmetic"},
});
// clang-format on

// f32_cmp.wast and f64_cmp.wast
// clang-format off
constexpr auto kCmpCases = std::to_array<Case>({
    {"f32.eq", "-0x0p+0", "0x0p+0", "1"}, {"f32.eq", "0x0p+0", "-0x0p+0", "1"},
    {"f32.eq", "-0x0p+0", "nan:0x200000", "0"},
    {"f32.ne", "-0x0p+0", "0x0p+0", "0"}, {"f32.ne", "0x0p+0", "-0x0p+0", "0"},
    {"f32.ne", "-0x0p+0", "nan:0x200000", "1"},
    {"f32.lt", "-0x0p+0", "0x0p+0", "0"}, {"f32.lt", "0x0p+0", "-0x0p+0", "0"},
    {"f32.lt", "-0x0p+0", "nan:0x200000", "0"},
    {"f32.le", "-0x0p+0", "0x0p+0", "1"}, {"f32.le", "0x0p+0", "-0x0p+0", "1"},
    {"f32.le", "-0x0p+0", "nan:0x200000", "0"},
    {"f32.gt", "-0x0p+0", "0x0p+0", "0"}, {"f32.gt", "0x0p+0", "-0x0p+0", "0"},
    {"f32.gt", "-0x0p+0", "nan:0x200000", "0"},
    {"f32.ge", "-0x0p+0", "0x0p+0", "1"}, {"f32.ge", "0x0p+0", "-0x0p+0", "1"},
    {"f32.ge", "-0x0p+0", "nan:0x200000", "0"},
    {"f64.eq", "-0x0p+0", "0x0p+0", "1"}, {"f64.eq", "0x0p+0", "-0x0p+0", "1"},
    {"f64.eq", "-0x0p+0", "nan:0x4000000000000", "0"},
    {"f64.ne", "-0x0p+0", "0x0p+0", "0"}, {"f64.ne", "0x0p+0", "-0x0p+0", "0"},
    {"f64.ne", "-0x0p+0", "nan:0x4000000000000", "1"},
    {"f64.lt", "-0x0p+0", "0x0p+0", "0"}, {"f64.lt", "0x0p+0", "-0x0p+0", "0"},
    {"f64.lt", "-0x0p+0", "nan:0x4000000000000", "0"},
    {"f64.le", "-0x0p+0", "0x0p+0", "1"}, {"f64.le", "0x0p+0", "-0x0p+0", "1"},
    {"f64.le", "-0x0p+0", "nan:0x4000000000000", "0"},
    {"f64.gt", "-0x0p+0", "0x0p+0", "0"}, {"f64.gt", "0x0p+0", "-0x0p+0", "0"},
    {"f64.gt", "-0x0p+0", "nan:0x4000000000000", "0"},
    {"f64.ge", "-0x0p+0", "0x0p+0", "1"}, {"f64.ge", "0x0p+0", "-0x0p+0", "1"},
    {"f64.ge", "-0x0p+0", "nan:0x4000000000000", "0"},
});
// clang-format on

// f32_bitwise.wast and f64_bitwise.wast: NaN payloads and signs must pass through untouched.
// clang-format off
constexpr auto kBitwiseCases = std::to_array<Case>({
    {"f32.copysign", "-0x0p+0", "0x0p+0", "0x0p+0"},
    {"f32.copysign", "0x0p+0", "-0x0p+0", "-0x0p+0"}, {"f32.copysign", "-inf", "-inf", "-inf"},
    {"f32.copysign", "nan", "-0x0p+0", "-nan"}, {"f32.copysign", "-nan", "nan", "nan"},
    {"f32.abs", "-0x0p+0", "", "0x0p+0"}, {"f32.abs", "-0x1p-1", "", "0x1p-1"},
    {"f32.abs", "-inf", "", "inf"}, {"f32.abs", "nan", "", "nan"},
    {"f32.neg", "-0x0p+0", "", "0x0p+0"}, {"f32.neg", "-0x1p-1", "", "0x1p-1"},
    {"f32.neg", "-inf", "", "inf"}, {"f32.neg", "nan", "", "-nan"},
    {"f64.copysign", "-0x0p+0", "0x0p+0", "0x0p+0"},
    {"f64.copysign", "0x0p+0", "-0x0p+0", "-0x0p+0"}, {"f64.copysign", "-inf", "-inf", "-inf"},
    {"f64.copysign", "nan", "-0x0p+0", "-nan"},
    {"f64.abs", "-0x0p+0", "", "0x0p+0"}, {"f64.abs", "-0x1p-1", "", "0x1p-1"},
    {"f64.abs", "-inf", "", "inf"}, {"f64.abs", "nan", "", "nan"},
    {"f64.neg", "-0x0p+0", "", "0x0p+0"}, {"f64.neg", "-0x1p-1", "", "0x1p-1"},
    {"f64.neg", "-inf", "", "inf"}, {"f64.neg", "nan", "", "-nan"},
});
// clang-format on

// conversions.wast
// clang-format off
constexpr auto kConversionCases = std::to_array<Case>({
    {"i64.extend_i32_s", "0", "", "0"}, {"i64.extend_i32_s", "-10000", "", "-10000"},
    {"i64.extend_i32_s", "0x7fffffff", "", "0x000000007fffffff"},
    {"i64.extend_i32_u", "0", "", "0"}, {"i64.extend_i32_u", "-10000", "", "0x00000000ffffd8f0"},
    {"i64.extend_i32_u", "0x7fffffff", "", "0x000000007fffffff"},
    {"i32.wrap_i64", "-1", "", "-1"}, {"i32.wrap_i64", "0xfffffffeffffffff", "", "0xffffffff"},
    {"i32.wrap_i64", "0xffffffff00000001", "", "0x00000001"},
    {"i32.trunc_f32_s", "0.0", "", "0"}, {"i32.trunc_f32_s", "0x1p-149", "", "0"},
    {"i32.trunc_f32_s", "-1.0", "", "-1"},
    {"i32.trunc_f32_s", "2147483648.0", "", "trap: integer overflow"},
    {"i32.trunc_f32_s", "nan", "", "trap: invalid conversion to integer"},
    {"i32.trunc_f32_u", "0.0", "", "0"}, {"i32.trunc_f32_u", "0x1p-149", "", "0"},
    {"i32.trunc_f32_u", "-0x1.fffffep-1", "", "0"},
    {"i32.trunc_f32_u", "4294967296.0", "", "trap: integer overflow"},
    {"i32.trunc_f32_u", "nan", "", "trap: invalid conversion to integer"},
    {"i32.trunc_f64_s", "0.0", "", "0"}, {"i32.trunc_f64_s", "0x1.199999999999ap+0", "", "1"},
    {"i32.trunc_f64_s", "-1.9", "", "-1"},
    {"i32.trunc_f64_s", "2147483648.0", "", "trap: integer overflow"},
    {"i32.trunc_f64_s", "nan", "", "trap: invalid conversion to integer"},
    {"i32.trunc_f64_u", "0.0", "", "0"}, {"i32.trunc_f64_u", "0x1.199999999999ap+0", "", "1"},
    {"i32.trunc_f64_u", "4294967295.0", "", "-1"},
    {"i32.trunc_f64_u", "4294967296.0", "", "trap: integer overflow"},
    {"i32.trunc_f64_u", "nan", "", "trap: invalid conversion to integer"},
    {"i64.trunc_f32_s", "0.0", "", "0"}, {"i64.trunc_f32_s", "0x1p-149", "", "0"},
    {"i64.trunc_f32_s", "-0x1.19999ap+0", "", "-1"},
    {"i64.trunc_f32_s", "9223372036854775808.0", "", "trap: integer overflow"},
    {"i64.trunc_f32_s", "nan", "", "trap: invalid conversion to integer"},
    {"i64.trunc_f32_u", "0.0", "", "0"}, {"i64.trunc_f32_u", "0x1p-149", "", "0"},
    {"i64.trunc_f32_u", "-0x1.fffffep-1", "", "0"},
    {"i64.trunc_f32_u", "18446744073709551616.0", "", "trap: integer overflow"},
    {"i64.trunc_f32_u", "nan", "", "trap: invalid conversion to integer"},
    {"i64.trunc_f64_s", "0.0", "", "0"}, {"i64.trunc_f64_s", "0x1.199999999999ap+0", "", "1"},
    {"i64.trunc_f64_s", "-1.9", "", "-1"},
    {"i64.trunc_f64_s", "9223372036854775808.0", "", "trap: integer overflow"},
    {"i64.trunc_f64_s", "nan", "", "trap: invalid conversion to integer"},
    {"i64.trunc_f64_u", "0.0", "", "0"}, {"i64.trunc_f64_u", "0x1.199999999999ap+0", "", "1"},
    {"i64.trunc_f64_u", "-0x1.ccccccccccccdp-1", "", "0"},
    {"i64.trunc_f64_u", "18446744073709551616.0", "", "trap: integer overflow"},
    {"i64.trunc_f64_u", "nan", "", "trap: invalid conversion to integer"},
    {"f32.convert_i32_s", "1", "", "1.0"}, {"f32.convert_i32_s", "2147483647", "", "2147483648"},
    {"f32.convert_i32_s", "16777217", "", "16777216.0"},
    {"i32.trunc_sat_f32_s", "0x1p-149", "", "0"}, {"i32.trunc_sat_f32_s", "inf", "", "0x7fffffff"},
    {"i32.trunc_sat_f32_s", "nan", "", "0"},
    {"i32.trunc_sat_f32_u", "0x1p-149", "", "0"},
    {"i32.trunc_sat_f32_u", "-0x1.fffffep-1", "", "0"},
    {"i32.trunc_sat_f32_u", "inf", "", "0xffffffff"},
    {"i32.trunc_sat_f64_s", "0.0", "", "0"}, {"i32.trunc_sat_f64_s", "inf", "", "0x7fffffff"},
    {"i32.trunc_sat_f64_s", "nan", "", "0"},
    {"i32.trunc_sat_f64_u", "0.0", "", "0"}, {"i32.trunc_sat_f64_u", "inf", "", "0xffffffff"},
    {"i32.trunc_sat_f64_u", "nan", "", "0"},
    {"i64.trunc_sat_f32_s", "0x1p-149", "", "0"},
    {"i64.trunc_sat_f32_s", "inf", "", "0x7fffffffffffffff"},
    {"i64.trunc_sat_f32_s", "nan", "", "0"},
    {"i64.trunc_sat_f32_u", "0x1p-149", "", "0"},
    {"i64.trunc_sat_f32_u", "-0x1.fffffep-1", "", "0"},
    {"i64.trunc_sat_f32_u", "inf", "", "0xffffffffffffffff"},
    {"i64.trunc_sat_f64_s", "0.0", "", "0"},
    {"i64.trunc_sat_f64_s", "inf", "", "0x7fffffffffffffff"},
    {"i64.trunc_sat_f64_s", "nan", "", "0"},
    {"i64.trunc_sat_f64_u", "0.0", "", "0"},
    {"i64.trunc_sat_f64_u", "inf", "", "0xffffffffffffffff"},
    {"i64.trunc_sat_f64_u", "nan", "", "0"},
    {"f32.convert_i64_s", "1", "", "1.0"},
    {"f32.convert_i64_s", "0x7fffff4000000001", "", "0x1.fffffep+62"},
    {"f32.convert_i64_s", "0x0020000020000001", "", "0x1.000002p+53"},
    {"f64.convert_i32_s", "1", "", "1.0"}, {"f64.convert_i32_s", "0", "", "0.0"},
    {"f64.convert_i32_s", "-2147483648", "", "-2147483648"},
    {"f64.convert_i64_s", "1", "", "1.0"},
    {"f64.convert_i64_s", "9223372036854775807", "", "9223372036854775807"},
    {"f64.convert_i64_s", "9007199254740993", "", "9007199254740992"},
    {"f32.convert_i32_u", "1", "", "1.0"},
    {"f32.convert_i32_u", "0x80000080", "", "0x1.000000p+31"},
    {"f32.convert_i32_u", "0x80000081", "", "0x1.000002p+31"},
    {"f32.convert_i64_u", "0x0020000020000001", "", "0x1.000002p+53"},
    {"f32.convert_i64_u", "0x7fffffbfffffffff", "", "0x1.fffffep+62"},
    {"f32.convert_i64_u", "0x8000008000000001", "", "0x1.000002p+63"},
    {"f64.convert_i32_u", "1", "", "1.0"}, {"f64.convert_i32_u", "0", "", "0.0"},
    {"f64.convert_i32_u", "2147483647", "", "2147483647"},
    {"f64.convert_i64_u", "1", "", "1.0"},
    {"f64.convert_i64_u", "0x8000000000000400", "", "0x1.0000000000000p+63"},
    {"f64.convert_i64_u", "0x8000000000000401", "", "0x1.0000000000001p+63"},
    {"f64.promote_f32", "0x1p-149", "", "0x1p-149"},
    {"f64.promote_f32", "-0x1.fffffep+127", "", "-0x1.fffffep+127"},
    {"f64.promote_f32", "inf", "", "inf"},
    {"f32.demote_f64", "0x1.fffffe0000000p-127", "", "0x1p-126"},
    {"f32.demote_f64", "0x1p-149", "", "0x1p-149"},
    {"f32.demote_f64", "0x1.ffffffp+127", "", "inf"},
    {"f32.reinterpret_i32", "1", "", "0x1p-149"},
    {"f32.reinterpret_i32", "-1", "", "-nan:0x7fffff"},
    {"f32.reinterpret_i32", "0x7f800000", "", "inf"},
    {"f64.reinterpret_i64", "0", "", "0.0"},
    {"f64.reinterpret_i64", "-1", "", "-nan:0xfffffffffffff"},
    {"f64.reinterpret_i64", "0x7ff0000000000000", "", "inf"},
    {"i32.reinterpret_f32", "0x1p-149", "", "1"},
    {"i32.reinterpret_f32", "-nan:0x7fffff", "", "-1"},
    {"i32.reinterpret_f32", "0x1.fffffep+127", "", "2139095039"},
    {"i64.reinterpret_f64", "0.0", "", "0"},
    {"i64.reinterpret_f64", "-nan:0xfffffffffffff", "", "-1"},
    {"i64.reinterpret_f64", "inf", "", "0x7ff0000000000000"},
    {"i32.trunc_f32_s", "-0x1.000002p+31", "", "trap: integer overflow"},
    {"i32.trunc_f32_s", "-0x1p+31", "", "0x80000000"},
    {"i32.trunc_f32_s", "0x1.fffffep+30", "", "2147483520"},
    {"i32.trunc_f32_s", "0x1p+31", "", "trap: integer overflow"},
    {"i32.trunc_f32_u", "-0x1p+0", "", "trap: integer overflow"},
    {"i32.trunc_f32_u", "0x1.fffffep+31", "", "4294967040"},
    {"i32.trunc_f32_u", "0x1p+32", "", "trap: integer overflow"},
    {"i32.trunc_f64_s", "-2147483649.0", "", "trap: integer overflow"},
    {"i32.trunc_f64_s", "-2147483648.9", "", "-2147483648"},
    {"i32.trunc_f64_s", "2147483647.9", "", "2147483647"},
    {"i32.trunc_f64_u", "-1.0", "", "trap: integer overflow"}, {"i32.trunc_f64_u", "-0.9", "", "0"},
    {"i32.trunc_f64_u", "4294967295.9", "", "4294967295"},
    {"i64.trunc_f32_s", "-0x1.000002p+63", "", "trap: integer overflow"},
    {"i64.trunc_f32_s", "-0x1p+63", "", "0x8000000000000000"},
    {"i64.trunc_f32_s", "0x1.fffffep+62", "", "0x7fffff8000000000"},
    {"i64.trunc_f32_s", "0x1p+63", "", "trap: integer overflow"},
    {"i64.trunc_f32_u", "-0x1p+0", "", "trap: integer overflow"},
    {"i64.trunc_f32_u", "0x1.fffffep+63", "", "0xffffff0000000000"},
    {"i64.trunc_f32_u", "0x1p+64", "", "trap: integer overflow"},
    {"i64.trunc_f64_s", "-0x1.0000000000001p+63", "", "trap: integer overflow"},
    {"i64.trunc_f64_s", "-0x1p+63", "", "0x8000000000000000"},
    {"i64.trunc_f64_s", "0x1.fffffffffffffp+62", "", "0x7ffffffffffffc00"},
    {"i64.trunc_f64_s", "0x1p+63", "", "trap: integer overflow"},
    {"i64.trunc_f64_u", "-0x1p+0", "", "trap: integer overflow"},
    {"i64.trunc_f64_u", "-0x1.fffffffffffffp-1", "", "0"},
    {"i64.trunc_f64_u", "0x1.fffffffffffffp+63", "", "0xfffffffffffff800"},
    {"i64.trunc_f64_u", "0x1p+64", "", "trap: integer overflow"},
    {"i32.trunc_sat_f32_s", "-0x1.000002p+31", "", "0x80000000"},
    {"i32.trunc_sat_f32_s", "-0x1p+31", "", "0x80000000"},
    {"i32.trunc_sat_f32_s", "0x1.fffffep+30", "", "2147483520"},
    {"i32.trunc_sat_f32_s", "0x1p+31", "", "0x7fffffff"},
    {"i32.trunc_sat_f32_u", "-0x1p+0", "", "0"},
    {"i32.trunc_sat_f32_u", "0x1.fffffep+31", "", "4294967040"},
    {"i32.trunc_sat_f32_u", "0x1p+32", "", "0xffffffff"},
    {"i32.trunc_sat_f64_s", "-2147483649.0", "", "0x80000000"},
    {"i32.trunc_sat_f64_s", "-2147483648.9", "", "-2147483648"},
    {"i32.trunc_sat_f64_s", "2147483647.9", "", "2147483647"},
    {"i32.trunc_sat_f64_s", "2147483648.0", "", "0x7fffffff"},
    {"i32.trunc_sat_f64_u", "-1.0", "", "0"}, {"i32.trunc_sat_f64_u", "-0.9", "", "0"},
    {"i32.trunc_sat_f64_u", "4294967295.9", "", "4294967295"},
    {"i32.trunc_sat_f64_u", "4294967296.0", "", "0xffffffff"},
    {"i64.trunc_sat_f32_s", "-0x1.000002p+63", "", "0x8000000000000000"},
    {"i64.trunc_sat_f32_s", "-0x1p+63", "", "0x8000000000000000"},
    {"i64.trunc_sat_f32_s", "0x1.fffffep+62", "", "0x7fffff8000000000"},
    {"i64.trunc_sat_f32_s", "0x1p+63", "", "0x7fffffffffffffff"},
    {"i64.trunc_sat_f32_u", "-0x1p+0", "", "0"},
    {"i64.trunc_sat_f32_u", "0x1.fffffep+63", "", "0xffffff0000000000"},
    {"i64.trunc_sat_f32_u", "0x1p+64", "", "0xffffffffffffffff"},
    {"i64.trunc_sat_f64_s", "-0x1.0000000000001p+63", "", "0x8000000000000000"},
    {"i64.trunc_sat_f64_s", "-0x1p+63", "", "0x8000000000000000"},
    {"i64.trunc_sat_f64_s", "0x1.fffffffffffffp+62", "", "0x7ffffffffffffc00"},
    {"i64.trunc_sat_f64_s", "0x1p+63", "", "0x7fffffffffffffff"},
    {"i64.trunc_sat_f64_u", "-0x1p+0", "", "0"},
    {"i64.trunc_sat_f64_u", "-0x1.fffffffffffffp-1", "", "0"},
    {"i64.trunc_sat_f64_u", "0x1.fffffffffffffp+63", "", "0xfffffffffffff800"},
    {"i64.trunc_sat_f64_u", "0x1p+64", "", "0xffffffffffffffff"},
    {"f32.demote_f64", "-nan:0x4000000000000", "", "nan:arithmetic"},
    {"f64.promote_f32", "-nan", "", "nan:canonical"},
});
// clang-format on

// float_misc.wast and the single-instruction functions of float_exprs.wast
// clang-format off
constexpr auto kFloatMiscCases = std::to_array<Case>({
    {"f32.add", "1.1234567890", "1.2345e-10", "1.123456789"},
    {"f32.add", "0x1.1bf976p+72", "-0x1.7f5868p+20", "0x1.1bf976p+72"},
    {"f32.add", "0x1.132f1cp+118", "-0x1.63d632p+127", "-0x1.634c9ap+127"},
    {"f64.add", "1.1234567890", "1.2345e-10", "0x1.1f9add37c11f7p+0"},
    {"f64.add", "0x1.5db08d739228cp+155", "-0x1.fb316fa147dcbp-61", "0x1.5db08d739228cp+155"},
    {"f64.add", "-0x1.2abd570b078b2p+302", "0x1.b3c1ad759cb5bp-423", "-0x1.2abd570b078b2p+302"},
    {"f32.sub", "65536.0", "0x1p-37", "65536.0"},
    {"f32.sub", "-0x1.287c94p-83", "0x1.0f2f9cp-24", "-0x1.0f2f9cp-24"},
    {"f32.sub", "1999999", "1999995", "4.0"},
    {"f64.sub", "65536.0", "0x1p-37", "0x1.fffffffffffffp+15"},
    {"f64.sub", "-0x1.b5b0797af491p-157", "-0x1.694b8348189e8p+722", "0x1.694b8348189e8p+722"},
    {"f64.sub", "0x1.b60f9b2fbd9ecp-489", "-0x1.6f81c59ec5b8ep-694", "0x1.b60f9b2fbd9ecp-489"},
    {"f32.mul", "1e15", "1e15", "0x1.93e592p+99"},
    {"f32.mul", "-0x1.3f57a2p-89", "-0x1.041d68p+92", "0x1.4479bp+3"},
    {"f32.mul", "0x1p-75", "0x1p-75", "0x0p+0"},
    {"f64.mul", "1e15", "1e15", "0x1.93e5939a08ceap+99"},
    {"f64.mul", "0x1.ff1da1726e3dfp+339", "-0x1.043c44f52b158p+169", "-0x1.03c9364bb585cp+509"},
    {"f64.mul", "-0x1.c6a56169e9cep-772", "0x1.517d55a474122p-255", "-0x0.12baf260afb77p-1022"},
    {"f32.div", "1.123456789", "100", "0x1.702264p-7"},
    {"f32.div", "0x1.45ff2ap+0", "-0x1.1e8754p+89", "-0x1.23434ep-89"},
    {"f32.div", "0x1p-126", "0x1.fffffcp-127", "0x1.000002p+0"},
    {"f64.div", "1.123456789", "100", "0.01123456789"},
    {"f64.div", "-0x1.f923e3fea9efep+317", "-0x1.8044c74d27a39p-588", "0x1.5086518cc7186p+905"},
    {"f64.div", "0x1.1e12b515db471p-102", "-0x1.41fc3c94fba5p-42", "-0x1.c6e50cccb7cb6p-61"},
    {"f32.sqrt", "0x1.56p+7", "", "0x1.a2744cp+3"},
    {"f32.sqrt", "0x1.26a62ep+27", "", "0x1.84685p+13"},
    {"f32.sqrt", "0x1.a00edp-1", "", "0x1.cd8aecp-1"},
    {"f64.sqrt", "0x1.56p+7", "", "0x1.a2744ce9674f5p+3"},
    {"f64.sqrt", "0x1.dfd5bbc9f4678p+385", "", "0x1.efa817117c94cp+192"},
    {"f64.sqrt", "0x1.35c1d49f2a352p+965", "", "0x1.8e3d9f01a9716p+482"},
    {"f32.abs", "nan:0x0f1e2", "", "nan:0x0f1e2"}, {"f32.abs", "-nan:0x0f1e2", "", "nan:0x0f1e2"},
    {"f64.abs", "nan:0x0f1e27a6b", "", "nan:0x0f1e27a6b"},
    {"f64.abs", "-nan:0x0f1e27a6b", "", "nan:0x0f1e27a6b"},
    {"f32.neg", "nan:0x0f1e2", "", "-nan:0x0f1e2"}, {"f32.neg", "-nan:0x0f1e2", "", "nan:0x0f1e2"},
    {"f64.neg", "nan:0x0f1e27a6b", "", "-nan:0x0f1e27a6b"},
    {"f64.neg", "-nan:0x0f1e27a6b", "", "nan:0x0f1e27a6b"},
    {"f32.copysign", "nan:0x0f1e2", "nan", "nan:0x0f1e2"},
    {"f32.copysign", "nan:0x0f1e2", "-nan", "-nan:0x0f1e2"},
    {"f32.copysign", "-nan:0x0f1e2", "nan", "nan:0x0f1e2"},
    {"f64.copysign", "nan:0x0f1e27a6b", "nan", "nan:0x0f1e27a6b"},
    {"f64.copysign", "nan:0x0f1e27a6b", "-nan", "-nan:0x0f1e27a6b"},
    {"f64.copysign", "-nan:0x0f1e27a6b", "nan", "nan:0x0f1e27a6b"},
    {"f32.ceil", "0x1.fffffep-1", "", "1.0"}, {"f32.ceil", "0x1.fffffep+22", "", "0x1p+23"},
    {"f32.ceil", "0x1.fffffep+23", "", "0x1.fffffep+23"},
    {"f64.ceil", "0x1.fffffffffffffp-1", "", "1.0"},
    {"f64.ceil", "0x1.fffffffffffffp+51", "", "0x1p+52"},
    {"f64.ceil", "0x1.fffffffffffffp+52", "", "0x1.fffffffffffffp+52"},
    {"f32.floor", "-0x1.fffffep-1", "", "-1.0"}, {"f32.floor", "-0x1.000002p+0", "", "-2.0"},
    {"f32.floor", "-0x1.fffffep+22", "", "-0x1p+23"},
    {"f64.floor", "-0x1.fffffffffffffp-1", "", "-1.0"},
    {"f64.floor", "-0x1.0000000000001p+0", "", "-2.0"},
    {"f64.floor", "-0x1.fffffffffffffp+51", "", "-0x1p+52"},
    {"f32.trunc", "-0x1.fffffep+22", "", "-0x1.fffffcp+22"},
    {"f32.trunc", "0x1.fffffep+22", "", "0x1.fffffcp+22"},
    {"f64.trunc", "-0x1.fffffffffffffp+51", "", "-0x1.ffffffffffffep+51"},
    {"f64.trunc", "0x1.fffffffffffffp+51", "", "0x1.ffffffffffffep+51"},
    {"f32.nearest", "0x1.000002p+23", "", "0x1.000002p+23"},
    {"f32.nearest", "0x1.fffffep+47", "", "0x1.fffffep+47"}, {"f32.nearest", "-3.5", "", "-4.0"},
    {"f64.nearest", "0x1.0000000000001p+52", "", "0x1.0000000000001p+52"},
    {"f64.nearest", "0x1.fffffffffffffp+105", "", "0x1.fffffffffffffp+105"},
    {"f64.nearest", "-3.5", "", "-4.0"},
});
// clang-format on

// int_exprs.wast: its functions divide by a constant, written here as the plain instruction.
// clang-format off
constexpr auto kIntExprsCases = std::to_array<Case>({
    {"i32.div_s", "71", "3", "23"}, {"i32.div_s", "0x60000000", "3", "0x20000000"},
    {"i64.div_s", "71", "3", "23"}, {"i64.div_s", "0x3000000000000000", "3", "0x1000000000000000"},
    {"i32.div_s", "71", "5", "14"}, {"i32.div_s", "0x50000000", "5", "0x10000000"},
    {"i32.div_u", "71", "5", "14"}, {"i32.div_u", "0xa0000000", "5", "0x20000000"},
    {"i64.div_s", "0x5000000000000000", "5", "0x1000000000000000"},
    {"i64.div_u", "0xa000000000000000", "5", "0x2000000000000000"},
    {"i32.rem_s", "71", "3", "2"}, {"i32.rem_s", "0x60000000", "3", "0"},
    {"i64.rem_s", "71", "3", "2"}, {"i64.rem_s", "0x3000000000000000", "3", "0"},
    {"i32.div_s", "71", "0", "trap: integer divide by zero"},
    {"i32.div_u", "71", "0", "trap: integer divide by zero"},
    {"i64.div_s", "71", "0", "trap: integer divide by zero"},
    {"i64.div_u", "71", "0", "trap: integer divide by zero"},
    {"i32.rem_s", "0", "0", "trap: integer divide by zero"},
    {"i64.rem_u", "0", "0", "trap: integer divide by zero"},
    {"i32.div_s", "0x80000000", "-1", "trap: integer overflow"},
    {"i64.div_s", "0x8000000000000000", "-1", "trap: integer overflow"},
});
// clang-format on

// ---------------------------------------------------------------------------------------------
// Naming and signatures: the interpreter maps opcodes to functions mechanically.
// ---------------------------------------------------------------------------------------------

TEST(NumericNaming, CoversEveryScalarNumericOpcodeExactlyOnce) {
  std::set<std::string_view> defined;
  for (const DefOp &op : kDefOps) {
    if (isScalarNumeric(op)) {
      defined.insert(op.text);
    }
  }
  std::set<std::string_view> registered;
  for (const OpEntry &op : kOps) {
    EXPECT_TRUE(registered.insert(op.text).second) << "registered twice: " << op.text;
  }
  EXPECT_EQ(defined.size(), 136U); // 0x45..0xC4 and 0xFC 0..7
  EXPECT_EQ(registered, defined);
}

TEST(NumericNaming, FunctionIsLowerCamelOfTextAndOfOpcodeName) {
  for (const OpEntry &op : kOps) {
    EXPECT_EQ(op.function, lowerCamel(op.text)) << op.text;
    const DefOp *def = findDefOp(op.text);
    ASSERT_NE(def, nullptr) << op.text;
    std::string enumerator{def->name};
    enumerator[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(enumerator[0])));
    EXPECT_EQ(op.function, enumerator) << op.text;
  }
  EXPECT_EQ(lowerCamel("i64.trunc_sat_f32_u"), "i64TruncSatF32U");
}

TEST(NumericNaming, OperandTypesMatchOpcodesDefSignature) {
  for (const OpEntry &op : kOps) {
    const DefOp *def = findDefOp(op.text);
    ASSERT_NE(def, nullptr) << op.text;
    EXPECT_EQ(op.sig(), def->sig) << op.text;
  }
}

TEST(NumericNaming, OnlyDivRemAndNonSaturatingTruncTakeTrap) {
  const std::set<std::string_view> expected = {
      "i32.div_s",       "i32.div_u",       "i32.rem_s",       "i32.rem_u",
      "i64.div_s",       "i64.div_u",       "i64.rem_s",       "i64.rem_u",
      "i32.trunc_f32_s", "i32.trunc_f32_u", "i32.trunc_f64_s", "i32.trunc_f64_u",
      "i64.trunc_f32_s", "i64.trunc_f32_u", "i64.trunc_f64_s", "i64.trunc_f64_u"};
  std::set<std::string_view> trapping;
  for (const OpEntry &op : kOps) {
    if (op.traps) {
      trapping.insert(op.text);
    }
  }
  EXPECT_EQ(trapping, expected);
}

// ---------------------------------------------------------------------------------------------
// The harness itself: literals parse to the right bits and wrong results are rejected.
// ---------------------------------------------------------------------------------------------

TEST(NumericHarness, ParsesWastLiterals) {
  EXPECT_EQ(parseLiteral('i', "-1"), 0xFFFF'FFFFU);
  EXPECT_EQ(parseLiteral('i', "-0x80000000"), 0x8000'0000U);
  EXPECT_EQ(parseLiteral('l', "-0x8000000000000000"), 0x8000'0000'0000'0000U);
  EXPECT_EQ(parseLiteral('l', "1_000"), 1000U);
  EXPECT_EQ(parseLiteral('f', "-0x0p+0"), 0x8000'0000U);
  EXPECT_EQ(parseLiteral('f', "0x1p-149"), 1U);
  EXPECT_EQ(parseLiteral('f', "-inf"), 0xFF80'0000U);
  EXPECT_EQ(parseLiteral('f', "-nan"), 0xFFC0'0000U);
  EXPECT_EQ(parseLiteral('f', "nan:0x200000"), 0x7FA0'0000U);
  EXPECT_EQ(parseLiteral('f', "16777217.0"), 0x4B80'0000U); // rounds to even: 2^24
  EXPECT_EQ(parseLiteral('d', "-nan:0x4000000000000"), 0xFFF4'0000'0000'0000U);
  EXPECT_EQ(parseLiteral('d', "0x1.fffffffffffffp+1023"), 0x7FEF'FFFF'FFFF'FFFFU);
}

TEST(NumericHarness, RejectsWrongResults) {
  EXPECT_FALSE(matches('f', "0x0p+0", {0x8000'0000U, Trap::None}));        // -0 is not +0
  EXPECT_FALSE(matches('f', "nan:canonical", {0x7FA0'0000U, Trap::None})); // signalling
  EXPECT_FALSE(matches('f', "nan:canonical", {0x7FC0'0001U, Trap::None})); // payload
  EXPECT_FALSE(matches('d', "nan:arithmetic", {0x7FF0'0000'0000'0001U, Trap::None}));
  EXPECT_FALSE(matches('d', "nan:arithmetic", {0x7FF0'0000'0000'0000U, Trap::None})); // inf
  EXPECT_FALSE(matches('f', "nan:0x200000", {0x7FE0'0000U, Trap::None}));
  EXPECT_FALSE(matches('i', "trap: integer overflow", {0, Trap::IntegerDivideByZero}));
  EXPECT_FALSE(matches('i', "trap: integer overflow", {0, Trap::None}));
  EXPECT_FALSE(matches('i', "0", {0, Trap::InvalidConversionToInteger}));
  EXPECT_TRUE(matches('f', "nan:canonical", {0xFFC0'0000U, Trap::None}));
  EXPECT_TRUE(matches('f', "nan:arithmetic", {0x7FE0'0000U, Trap::None}));
  EXPECT_TRUE(matches('l', "trap: integer divide by zero", {0, Trap::IntegerDivideByZero}));
}

// ---------------------------------------------------------------------------------------------
// Spec-test cases.
// ---------------------------------------------------------------------------------------------

TEST(NumericSpec, I32) { EXPECT_EQ(runCases(kI32Cases), std::size(kI32Cases)); }
TEST(NumericSpec, I64) { EXPECT_EQ(runCases(kI64Cases), std::size(kI64Cases)); }
TEST(NumericSpec, F32) { EXPECT_EQ(runCases(kF32Cases), std::size(kF32Cases)); }
TEST(NumericSpec, F64) { EXPECT_EQ(runCases(kF64Cases), std::size(kF64Cases)); }
TEST(NumericSpec, Comparisons) { EXPECT_EQ(runCases(kCmpCases), std::size(kCmpCases)); }
TEST(NumericSpec, Bitwise) { EXPECT_EQ(runCases(kBitwiseCases), std::size(kBitwiseCases)); }
TEST(NumericSpec, Conversions) {
  EXPECT_EQ(runCases(kConversionCases), std::size(kConversionCases));
}
TEST(NumericSpec, FloatMisc) { EXPECT_EQ(runCases(kFloatMiscCases), std::size(kFloatMiscCases)); }
TEST(NumericSpec, IntExprs) { EXPECT_EQ(runCases(kIntExprsCases), std::size(kIntExprsCases)); }

// float_exprs.wast no_fold_promote_demote / no_fold_demote_promote: the round trips must not
// be folded away.
TEST(NumericSpec, FloatExprsPromoteDemoteRoundTrips) {
  const auto demotePromote = [](std::string_view x) {
    return Outcome{toBits(f64PromoteF32(f32DemoteF64(fromBits<double>(parseLiteral('d', x)))))};
  };
  EXPECT_TRUE(matches('d', "-0x1.decep-133", demotePromote("-0x1.dece272390f5dp-133")));
  EXPECT_TRUE(matches('d', "-0x1.19e6c8p-85", demotePromote("-0x1.19e6c79938a6fp-85")));
  EXPECT_TRUE(matches('d', "0x1.49b298p+107", demotePromote("0x1.49b297ec44dc1p+107")));
  const auto promoteDemote = [](std::string_view x) {
    return Outcome{toBits(f32DemoteF64(f64PromoteF32(fromBits<float>(parseLiteral('f', x)))))};
  };
  EXPECT_TRUE(matches('f', "nan:arithmetic", promoteDemote("nan:0x200000")));
  EXPECT_TRUE(matches('f', "-0x0p+0", promoteDemote("-0x0p+0")));
  EXPECT_TRUE(matches('f', "-0x1p-149", promoteDemote("-0x1p-149")));
  EXPECT_TRUE(matches('f', "0x1.fffffep+127", promoteDemote("0x1.fffffep+127")));
}

// ---------------------------------------------------------------------------------------------
// Traps and properties beyond the spec tables.
// ---------------------------------------------------------------------------------------------

TEST(NumericTrap, SetOnlyOnTrapAndResultIsZero) {
  Trap trap = Trap::None;
  EXPECT_EQ(i32DivU(7, 2, trap), 3U);
  EXPECT_EQ(i64TruncF64S(-1.5, trap), 0xFFFF'FFFF'FFFF'FFFFU);
  EXPECT_EQ(trap, Trap::None);
  EXPECT_EQ(i64DivS(0x8000'0000'0000'0000U, 0xFFFF'FFFF'FFFF'FFFFU, trap), 0U);
  EXPECT_EQ(trap, Trap::IntegerOverflow);
  trap = Trap::None;
  EXPECT_EQ(i32TruncF32U(std::bit_cast<float>(0x7FA0'0000U), trap), 0U);
  EXPECT_EQ(trap, Trap::InvalidConversionToInteger);
  trap = Trap::None;
  EXPECT_EQ(i64TruncF32S(-std::numeric_limits<float>::infinity(), trap), 0U);
  EXPECT_EQ(trap, Trap::IntegerOverflow);
  trap = Trap::None;
  EXPECT_EQ(i32RemS(0x8000'0000U, 0xFFFF'FFFFU, trap), 0U); // INT_MIN rem -1 does not trap
  EXPECT_EQ(trap, Trap::None);
  EXPECT_EQ(i64RemU(5, 0, trap), 0U);
  EXPECT_EQ(trap, Trap::IntegerDivideByZero);
}

/// A fixed-seed xorshift generator, so sweeps are reproducible.
uint64_t nextRandom(uint64_t &state) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

TEST(NumericProperty, F32NearestMatchesNearbyintAndKeepsNanPayload) {
  size_t checked = 0;
  for (uint64_t bits = 0; bits <= 0xFFFF'FFFFU; bits += 4099) {
    const auto x = std::bit_cast<float>(static_cast<uint32_t>(bits));
    const auto got = std::bit_cast<uint32_t>(f32Nearest(x));
    if (std::isnan(x)) {
      ASSERT_EQ(got, static_cast<uint32_t>(bits) | 0x40'0000U) << std::hex << bits;
    } else {
      ASSERT_EQ(got, std::bit_cast<uint32_t>(std::nearbyint(x))) << std::hex << bits;
    }
    ++checked;
  }
  EXPECT_GT(checked, 1'000'000U);
}

TEST(NumericProperty, F64NearestMatchesNearbyint) {
  uint64_t state = 0x9E37'79B9'7F4A'7C15U;
  for (int i = 0; i < 1'000'000; ++i) {
    const uint64_t r = nextRandom(state);
    // Exponents around the interesting range [-3, 56], both signs, random mantissas.
    const uint64_t exponent = 1020 + (r >> 58);
    const uint64_t bits =
        (r & 0x8000'0000'0000'0000U) | (exponent << 52) | (r & 0xF'FFFF'FFFF'FFFFU);
    const auto x = std::bit_cast<double>(bits);
    ASSERT_EQ(std::bit_cast<uint64_t>(f64Nearest(x)), std::bit_cast<uint64_t>(std::nearbyint(x)))
        << std::hex << bits;
  }
}

TEST(NumericProperty, I64ToFloatIsRoundedOnce) {
  // long double holds every 64-bit integer exactly, so converting from it rounds once.
  static_assert(std::numeric_limits<long double>::digits >= 64);
  // Through double, 2^63 + 2^39 + 1 would first round to the f32 tie 2^63 + 2^39 and then to
  // even (2^63); rounded once it is above the tie.
  EXPECT_EQ(f32ConvertI64U(0x8000'0080'0000'0001U), 0x1.000002p+63F);
  EXPECT_EQ(f32ConvertI64S(0x0020'0000'2000'0001U), 0x1.000002p+53F);
  uint64_t state = 0x0123'4567'89AB'CDEFU;
  for (int i = 0; i < 1'000'000; ++i) {
    const uint64_t r = nextRandom(state);
    // Random bits shifted right by a random amount, with the low bits often forced to a tie
    // pattern so that halfway cases are common.
    uint64_t v = r >> (nextRandom(state) & 63U);
    const int top = 63 - std::countl_zero(v | 1U);
    const int keep = (i % 2 == 0) ? 24 : 53; // f32 or f64 significand bits
    if (i % 3 != 0 && top >= keep) {
      const uint64_t half = uint64_t{1} << (top - keep);
      v = (v & ~((half << 1) - 1)) | half;                       // exactly halfway ...
      v += (i % 3 == 2) ? (i % 4 == 0 ? 1U : ~uint64_t{0}) : 0U; // ... or one either side
    }
    const auto exact = static_cast<long double>(v);
    const auto exactSigned = static_cast<long double>(static_cast<int64_t>(v));
    ASSERT_EQ(f32ConvertI64U(v), static_cast<float>(exact)) << std::hex << v;
    ASSERT_EQ(f64ConvertI64U(v), static_cast<double>(exact)) << std::hex << v;
    ASSERT_EQ(f32ConvertI64S(v), static_cast<float>(exactSigned)) << std::hex << v;
    ASSERT_EQ(f64ConvertI64S(v), static_cast<double>(exactSigned)) << std::hex << v;
  }
}

} // namespace
} // namespace runw::engine::interp::num
