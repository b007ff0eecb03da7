// SPDX-License-Identifier: Apache-2.0
// Semantics of every scalar numeric instruction of WebAssembly 2.0 (core spec 4.3 "Numerics").
//
// One function per instruction, named after its text-format name in lowerCamel:
// "i64.trunc_sat_f32_u" -> i64TruncSatF32U, which is also the Opcode enumerator with its first
// letter lowered. Integers are passed and returned as uint32_t/uint64_t (i32/i64), floats as
// float/double (f32/f64); tests and comparisons return a uint32_t 0 or 1. Instructions that can
// trap take a trailing `Trap &`: on a trap they set it and return 0, otherwise they leave it
// untouched.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace runw::engine::interp::num {

/// Why a numeric instruction trapped. The interpreter maps these to the spec-test texts
/// "integer divide by zero", "integer overflow" and "invalid conversion to integer".
enum class Trap : uint8_t {
  None,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversionToInteger
};

namespace detail {

/// Bit layout of an IEEE 754 binary format (core spec 4.3.3 "Floating-Point Operations").
template <class F> struct FloatBits;
template <> struct FloatBits<float> {
  using Bits = uint32_t;
  static constexpr int kMantissaBits = 23;
  static constexpr int kBias = 127;
};
template <> struct FloatBits<double> {
  using Bits = uint64_t;
  static constexpr int kMantissaBits = 52;
  static constexpr int kBias = 1023;
};

template <class F> using BitsOf = typename FloatBits<F>::Bits;
template <class F> inline constexpr BitsOf<F> kSignBit = BitsOf<F>{1} << (sizeof(F) * 8 - 1);
template <class F>
inline constexpr BitsOf<F> kQuietBit = BitsOf<F>{1} << (FloatBits<F>::kMantissaBits - 1);
template <class F>
inline constexpr BitsOf<F> kMantissaMask = (BitsOf<F>{1} << FloatBits<F>::kMantissaBits) - 1;

/// The positive canonical NaN: exponent all ones, payload only the quiet bit.
template <class F>
inline constexpr BitsOf<F> kCanonicalNan = (~kSignBit<F> & ~kMantissaMask<F>) | kQuietBit<F>;

/// Turns a NaN into an arithmetic NaN (quiet bit set) without changing sign or payload, so a
/// canonical NaN stays canonical.
template <class F> [[gnu::always_inline]] inline F quiet(F x) {
  return std::bit_cast<F>(static_cast<BitsOf<F>>(std::bit_cast<BitsOf<F>>(x) | kQuietBit<F>));
}

template <class F> [[gnu::always_inline]] inline F neg(F x) {
  return std::bit_cast<F>(static_cast<BitsOf<F>>(std::bit_cast<BitsOf<F>>(x) ^ kSignBit<F>));
}

template <class F> [[gnu::always_inline]] inline F abs(F x) {
  return std::bit_cast<F>(static_cast<BitsOf<F>>(std::bit_cast<BitsOf<F>>(x) & ~kSignBit<F>));
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): operand order of f*.copysign
template <class F> [[gnu::always_inline]] inline F copysign(F x, F y) {
  const auto mag = static_cast<BitsOf<F>>(std::bit_cast<BitsOf<F>>(x) & ~kSignBit<F>);
  const auto sign = static_cast<BitsOf<F>>(std::bit_cast<BitsOf<F>>(y) & kSignBit<F>);
  return std::bit_cast<F>(static_cast<BitsOf<F>>(mag | sign));
}

// fmin/fmax: a NaN operand wins (spec: nans_N{z1, z2}); with equal operands the bit patterns
// only differ for +0/-0, where OR picks -0 for min and AND picks +0 for max.
template <class F> [[gnu::always_inline]] inline F min(F x, F y) {
  if (std::isnan(x)) {
    return quiet(x);
  }
  if (std::isnan(y)) {
    return quiet(y);
  }
  if (x == y) {
    return std::bit_cast<F>(
        static_cast<BitsOf<F>>(std::bit_cast<BitsOf<F>>(x) | std::bit_cast<BitsOf<F>>(y)));
  }
  return x < y ? x : y;
}

template <class F> [[gnu::always_inline]] inline F max(F x, F y) {
  if (std::isnan(x)) {
    return quiet(x);
  }
  if (std::isnan(y)) {
    return quiet(y);
  }
  if (x == y) {
    return std::bit_cast<F>(
        static_cast<BitsOf<F>>(std::bit_cast<BitsOf<F>>(x) & std::bit_cast<BitsOf<F>>(y)));
  }
  return x > y ? x : y;
}

// ceil/floor/trunc/sqrt of a NaN: spec returns an arithmetic NaN (canonical stays canonical);
// quieting by hand keeps that independent of what libm does with signalling NaNs.
template <class F> [[gnu::always_inline]] inline F ceil(F x) {
  return std::isnan(x) ? quiet(x) : std::ceil(x);
}
template <class F> [[gnu::always_inline]] inline F floor(F x) {
  return std::isnan(x) ? quiet(x) : std::floor(x);
}
template <class F> [[gnu::always_inline]] inline F trunc(F x) {
  return std::isnan(x) ? quiet(x) : std::trunc(x);
}
template <class F> [[gnu::always_inline]] inline F sqrt(F x) {
  return std::isnan(x) ? quiet(x) : std::sqrt(x);
}

// fnearest: round half to even, computed on the integer significand so the result does not
// depend on the dynamic rounding mode. The sign is kept, so -0.5 gives -0.
template <class F> [[gnu::always_inline]] inline F nearest(F x) {
  using U = BitsOf<F>;
  constexpr int kMant = FloatBits<F>::kMantissaBits;
  const U bits = std::bit_cast<U>(x);
  const U sign = bits & kSignBit<F>;
  const int exp = static_cast<int>((bits & ~kSignBit<F>) >> kMant) - FloatBits<F>::kBias;
  if (exp >= kMant) {
    // Already integral, or an infinity or NaN.
    return std::isnan(x) ? quiet(x) : x;
  }
  if (exp < -1) {
    // |x| < 0.5.
    return std::bit_cast<F>(sign);
  }
  // |x| = m * 2^(exp - kMant) with exp in [-1, kMant - 1], so 1 <= shift <= kMant + 1.
  const U m = (bits & kMantissaMask<F>) | (U{1} << kMant);
  const int shift = kMant - exp;
  U whole = m >> shift;
  const U rest = m & ((U{1} << shift) - 1);
  const U half = U{1} << (shift - 1);
  if (rest > half || (rest == half && (whole & 1) != 0)) {
    ++whole;
  }
  // whole <= 2^kMant, so this conversion is exact.
  const F magnitude = static_cast<F>(whole);
  return std::bit_cast<F>(static_cast<U>(std::bit_cast<U>(magnitude) | sign));
}

// promote/demote of a NaN: spec returns a canonical NaN for a canonical input and an
// arithmetic NaN otherwise; a canonical NaN (sign kept) satisfies both. The explicit branch
// also stops GCC from folding demote(promote(x)) into x, which would let a signalling NaN
// through (float_exprs.wast no_fold_promote_demote).
template <class To, class From> [[gnu::always_inline]] inline To convertFloat(From x) {
  if (std::isnan(x)) {
    const bool negative = (std::bit_cast<BitsOf<From>>(x) & kSignBit<From>) != 0;
    return std::bit_cast<To>(
        static_cast<BitsOf<To>>(kCanonicalNan<To> | (negative ? kSignBit<To> : BitsOf<To>{0})));
  }
  return static_cast<To>(x);
}

/// Whether trunc(x) of a non-NaN x is representable in the integer type I (core spec 4.3.4
/// trunc_u/trunc_s). The bounds are exact: the lower one is MIN - 1 (exclusive) when F can
/// represent it, else MIN (inclusive), which is the same set of values of F.
template <class I, class F> [[gnu::always_inline]] inline bool truncInRange(F x) {
  constexpr int kBits = std::numeric_limits<I>::digits;
  // 2^kBits: one past the largest value (2^31 for int32_t, 2^32 for uint32_t, ...).
  constexpr F kUpper = static_cast<F>(static_cast<F>(uint64_t{1} << (kBits - 1)) * F{2});
  if constexpr (std::numeric_limits<I>::is_signed) {
    constexpr F kMin = -static_cast<F>(uint64_t{1} << kBits);
    constexpr bool kMinusOneExact = std::numeric_limits<F>::digits > kBits;
    if constexpr (kMinusOneExact) {
      return x > kMin - F{1} && x < kUpper;
    } else {
      return x >= kMin && x < kUpper;
    }
  } else {
    return x > F{-1} && x < kUpper;
  }
}

/// Non-saturating truncation. The spec tests distinguish the two traps: a NaN is an "invalid
/// conversion to integer", an out-of-range value (including infinities) an "integer overflow".
template <class I, class F> [[gnu::always_inline]] inline I truncTrap(F x, Trap &trap) {
  if (std::isnan(x)) {
    trap = Trap::InvalidConversionToInteger;
    return 0;
  }
  if (!truncInRange<I>(x)) {
    trap = Trap::IntegerOverflow;
    return 0;
  }
  return static_cast<I>(x);
}

/// Saturating truncation (core spec 4.3.4 trunc_sat): NaN -> 0, clamps to the range.
template <class I, class F> [[gnu::always_inline]] inline I truncSat(F x) {
  if (std::isnan(x)) {
    return 0;
  }
  if (truncInRange<I>(x)) {
    return static_cast<I>(x);
  }
  return x < F{0} ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
}

} // namespace detail

// ---------------------------------------------------------------------------------------------
// i32 (core spec 4.3.2 "Integer Operations")
// ---------------------------------------------------------------------------------------------

/// i32 test and comparisons (0x45-0x4F): return 1 if the relation holds, else 0. The _s
/// variants compare the two's complement interpretation.
[[gnu::always_inline]] inline uint32_t i32Eqz(uint32_t a) { return a == 0 ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i32Eq(uint32_t a, uint32_t b) { return a == b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i32Ne(uint32_t a, uint32_t b) { return a != b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i32LtS(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a) < static_cast<int32_t>(b) ? 1U : 0U;
}
[[gnu::always_inline]] inline uint32_t i32LtU(uint32_t a, uint32_t b) { return a < b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i32GtS(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a) > static_cast<int32_t>(b) ? 1U : 0U;
}
[[gnu::always_inline]] inline uint32_t i32GtU(uint32_t a, uint32_t b) { return a > b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i32LeS(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a) <= static_cast<int32_t>(b) ? 1U : 0U;
}
[[gnu::always_inline]] inline uint32_t i32LeU(uint32_t a, uint32_t b) { return a <= b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i32GeS(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a) >= static_cast<int32_t>(b) ? 1U : 0U;
}
[[gnu::always_inline]] inline uint32_t i32GeU(uint32_t a, uint32_t b) { return a >= b ? 1U : 0U; }

/// i32 bit counting (0x67-0x69): leading zeros, trailing zeros (32 for 0), set bits.
[[gnu::always_inline]] inline uint32_t i32Clz(uint32_t a) {
  return static_cast<uint32_t>(std::countl_zero(a));
}
[[gnu::always_inline]] inline uint32_t i32Ctz(uint32_t a) {
  return static_cast<uint32_t>(std::countr_zero(a));
}
[[gnu::always_inline]] inline uint32_t i32Popcnt(uint32_t a) {
  return static_cast<uint32_t>(std::popcount(a));
}

/// i32 wrapping arithmetic (0x6A-0x6C): modulo 2^32, identical for signed and unsigned.
[[gnu::always_inline]] inline uint32_t i32Add(uint32_t a, uint32_t b) { return a + b; }
[[gnu::always_inline]] inline uint32_t i32Sub(uint32_t a, uint32_t b) { return a - b; }
[[gnu::always_inline]] inline uint32_t i32Mul(uint32_t a, uint32_t b) { return a * b; }

/// i32 division and remainder (0x6D-0x70): truncate toward zero; trap on a zero divisor, and
/// div_s traps on INT32_MIN / -1 (the quotient 2^31 is not representable). rem_s takes the
/// sign of the dividend and INT32_MIN rem_s -1 is 0.
[[gnu::always_inline]] inline uint32_t i32DivS(uint32_t a, uint32_t b, Trap &trap) {
  if (b == 0) {
    trap = Trap::IntegerDivideByZero;
    return 0;
  }
  if (a == 0x8000'0000U && b == 0xFFFF'FFFFU) {
    trap = Trap::IntegerOverflow;
    return 0;
  }
  return static_cast<uint32_t>(static_cast<int32_t>(a) / static_cast<int32_t>(b));
}
[[gnu::always_inline]] inline uint32_t i32DivU(uint32_t a, uint32_t b, Trap &trap) {
  if (b == 0) {
    trap = Trap::IntegerDivideByZero;
    return 0;
  }
  return a / b;
}
[[gnu::always_inline]] inline uint32_t i32RemS(uint32_t a, uint32_t b, Trap &trap) {
  if (b == 0) {
    trap = Trap::IntegerDivideByZero;
    return 0;
  }
  // x rem -1 is always 0; dividing INT32_MIN by -1 in C++ would be undefined.
  if (b == 0xFFFF'FFFFU) {
    return 0;
  }
  return static_cast<uint32_t>(static_cast<int32_t>(a) % static_cast<int32_t>(b));
}
[[gnu::always_inline]] inline uint32_t i32RemU(uint32_t a, uint32_t b, Trap &trap) {
  if (b == 0) {
    trap = Trap::IntegerDivideByZero;
    return 0;
  }
  return a % b;
}

/// i32 bitwise operations (0x71-0x73).
[[gnu::always_inline]] inline uint32_t i32And(uint32_t a, uint32_t b) { return a & b; }
[[gnu::always_inline]] inline uint32_t i32Or(uint32_t a, uint32_t b) { return a | b; }
[[gnu::always_inline]] inline uint32_t i32Xor(uint32_t a, uint32_t b) { return a ^ b; }

/// i32 shifts and rotates (0x74-0x78): the count is taken modulo 32; shr_s is arithmetic.
[[gnu::always_inline]] inline uint32_t i32Shl(uint32_t a, uint32_t b) { return a << (b & 31U); }
[[gnu::always_inline]] inline uint32_t i32ShrS(uint32_t a, uint32_t b) {
  // Right shift of a negative signed value is arithmetic since C++20.
  return static_cast<uint32_t>(static_cast<int32_t>(a) >> (b & 31U));
}
[[gnu::always_inline]] inline uint32_t i32ShrU(uint32_t a, uint32_t b) { return a >> (b & 31U); }
[[gnu::always_inline]] inline uint32_t i32Rotl(uint32_t a, uint32_t b) {
  return std::rotl(a, static_cast<int>(b & 31U));
}
[[gnu::always_inline]] inline uint32_t i32Rotr(uint32_t a, uint32_t b) {
  return std::rotr(a, static_cast<int>(b & 31U));
}

// ---------------------------------------------------------------------------------------------
// i64 (core spec 4.3.2 "Integer Operations")
// ---------------------------------------------------------------------------------------------

/// i64 test and comparisons (0x50-0x5A): return an i32 1 if the relation holds, else 0.
[[gnu::always_inline]] inline uint32_t i64Eqz(uint64_t a) { return a == 0 ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i64Eq(uint64_t a, uint64_t b) { return a == b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i64Ne(uint64_t a, uint64_t b) { return a != b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i64LtS(uint64_t a, uint64_t b) {
  return static_cast<int64_t>(a) < static_cast<int64_t>(b) ? 1U : 0U;
}
[[gnu::always_inline]] inline uint32_t i64LtU(uint64_t a, uint64_t b) { return a < b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i64GtS(uint64_t a, uint64_t b) {
  return static_cast<int64_t>(a) > static_cast<int64_t>(b) ? 1U : 0U;
}
[[gnu::always_inline]] inline uint32_t i64GtU(uint64_t a, uint64_t b) { return a > b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i64LeS(uint64_t a, uint64_t b) {
  return static_cast<int64_t>(a) <= static_cast<int64_t>(b) ? 1U : 0U;
}
[[gnu::always_inline]] inline uint32_t i64LeU(uint64_t a, uint64_t b) { return a <= b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t i64GeS(uint64_t a, uint64_t b) {
  return static_cast<int64_t>(a) >= static_cast<int64_t>(b) ? 1U : 0U;
}
[[gnu::always_inline]] inline uint32_t i64GeU(uint64_t a, uint64_t b) { return a >= b ? 1U : 0U; }

/// i64 bit counting (0x79-0x7B).
[[gnu::always_inline]] inline uint64_t i64Clz(uint64_t a) {
  return static_cast<uint64_t>(std::countl_zero(a));
}
[[gnu::always_inline]] inline uint64_t i64Ctz(uint64_t a) {
  return static_cast<uint64_t>(std::countr_zero(a));
}
[[gnu::always_inline]] inline uint64_t i64Popcnt(uint64_t a) {
  return static_cast<uint64_t>(std::popcount(a));
}

/// i64 wrapping arithmetic (0x7C-0x7E): modulo 2^64.
[[gnu::always_inline]] inline uint64_t i64Add(uint64_t a, uint64_t b) { return a + b; }
[[gnu::always_inline]] inline uint64_t i64Sub(uint64_t a, uint64_t b) { return a - b; }
[[gnu::always_inline]] inline uint64_t i64Mul(uint64_t a, uint64_t b) { return a * b; }

/// i64 division and remainder (0x7F-0x82): as for i32, with INT64_MIN / -1 trapping.
[[gnu::always_inline]] inline uint64_t i64DivS(uint64_t a, uint64_t b, Trap &trap) {
  if (b == 0) {
    trap = Trap::IntegerDivideByZero;
    return 0;
  }
  if (a == 0x8000'0000'0000'0000ULL && b == 0xFFFF'FFFF'FFFF'FFFFULL) {
    trap = Trap::IntegerOverflow;
    return 0;
  }
  return static_cast<uint64_t>(static_cast<int64_t>(a) / static_cast<int64_t>(b));
}
[[gnu::always_inline]] inline uint64_t i64DivU(uint64_t a, uint64_t b, Trap &trap) {
  if (b == 0) {
    trap = Trap::IntegerDivideByZero;
    return 0;
  }
  return a / b;
}
[[gnu::always_inline]] inline uint64_t i64RemS(uint64_t a, uint64_t b, Trap &trap) {
  if (b == 0) {
    trap = Trap::IntegerDivideByZero;
    return 0;
  }
  if (b == 0xFFFF'FFFF'FFFF'FFFFULL) {
    return 0;
  }
  return static_cast<uint64_t>(static_cast<int64_t>(a) % static_cast<int64_t>(b));
}
[[gnu::always_inline]] inline uint64_t i64RemU(uint64_t a, uint64_t b, Trap &trap) {
  if (b == 0) {
    trap = Trap::IntegerDivideByZero;
    return 0;
  }
  return a % b;
}

/// i64 bitwise operations (0x83-0x85).
[[gnu::always_inline]] inline uint64_t i64And(uint64_t a, uint64_t b) { return a & b; }
[[gnu::always_inline]] inline uint64_t i64Or(uint64_t a, uint64_t b) { return a | b; }
[[gnu::always_inline]] inline uint64_t i64Xor(uint64_t a, uint64_t b) { return a ^ b; }

/// i64 shifts and rotates (0x86-0x8A): the count is taken modulo 64.
[[gnu::always_inline]] inline uint64_t i64Shl(uint64_t a, uint64_t b) { return a << (b & 63U); }
[[gnu::always_inline]] inline uint64_t i64ShrS(uint64_t a, uint64_t b) {
  return static_cast<uint64_t>(static_cast<int64_t>(a) >> (b & 63U));
}
[[gnu::always_inline]] inline uint64_t i64ShrU(uint64_t a, uint64_t b) { return a >> (b & 63U); }
[[gnu::always_inline]] inline uint64_t i64Rotl(uint64_t a, uint64_t b) {
  return std::rotl(a, static_cast<int>(b & 63U));
}
[[gnu::always_inline]] inline uint64_t i64Rotr(uint64_t a, uint64_t b) {
  return std::rotr(a, static_cast<int>(b & 63U));
}

// ---------------------------------------------------------------------------------------------
// f32 and f64 (core spec 4.3.3 "Floating-Point Operations")
// ---------------------------------------------------------------------------------------------

/// Float comparisons (0x5B-0x66): IEEE 754 ordered comparisons, so any NaN operand gives 0
/// (and 1 for ne); -0 == +0.
[[gnu::always_inline]] inline uint32_t f32Eq(float a, float b) { return a == b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t f32Ne(float a, float b) { return a != b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t f32Lt(float a, float b) { return a < b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t f32Gt(float a, float b) { return a > b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t f32Le(float a, float b) { return a <= b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t f32Ge(float a, float b) { return a >= b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t f64Eq(double a, double b) { return a == b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t f64Ne(double a, double b) { return a != b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t f64Lt(double a, double b) { return a < b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t f64Gt(double a, double b) { return a > b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t f64Le(double a, double b) { return a <= b ? 1U : 0U; }
[[gnu::always_inline]] inline uint32_t f64Ge(double a, double b) { return a >= b ? 1U : 0U; }

/// Sign operations (f32 0x8B-0x8C, 0x98; f64 0x99-0x9A, 0xA6): pure bit operations on the
/// sign bit, so NaN payloads (including signalling ones) pass through unchanged.
[[gnu::always_inline]] inline float f32Abs(float a) { return detail::abs(a); }
[[gnu::always_inline]] inline float f32Neg(float a) { return detail::neg(a); }
[[gnu::always_inline]] inline float f32Copysign(float a, float b) { return detail::copysign(a, b); }
[[gnu::always_inline]] inline double f64Abs(double a) { return detail::abs(a); }
[[gnu::always_inline]] inline double f64Neg(double a) { return detail::neg(a); }
[[gnu::always_inline]] inline double f64Copysign(double a, double b) {
  return detail::copysign(a, b);
}

/// Rounding to an integral value (f32 0x8D-0x90, f64 0x9B-0x9E): ceil, floor, trunc (toward
/// zero) and nearest (ties to even). The sign of a zero result is kept (-0.5 -> -0) and a NaN
/// operand gives an arithmetic NaN.
[[gnu::always_inline]] inline float f32Ceil(float a) { return detail::ceil(a); }
[[gnu::always_inline]] inline float f32Floor(float a) { return detail::floor(a); }
[[gnu::always_inline]] inline float f32Trunc(float a) { return detail::trunc(a); }
[[gnu::always_inline]] inline float f32Nearest(float a) { return detail::nearest(a); }
[[gnu::always_inline]] inline double f64Ceil(double a) { return detail::ceil(a); }
[[gnu::always_inline]] inline double f64Floor(double a) { return detail::floor(a); }
[[gnu::always_inline]] inline double f64Trunc(double a) { return detail::trunc(a); }
[[gnu::always_inline]] inline double f64Nearest(double a) { return detail::nearest(a); }

/// IEEE 754 arithmetic (f32 0x91-0x95, f64 0x9F-0xA3), round to nearest even. A NaN result
/// is the hardware's: canonical when the NaN operands are canonical, else arithmetic (x86 SSE
/// and AArch64 both quiet the operand or produce the default NaN).
[[gnu::always_inline]] inline float f32Sqrt(float a) { return detail::sqrt(a); }
[[gnu::always_inline]] inline float f32Add(float a, float b) { return a + b; }
[[gnu::always_inline]] inline float f32Sub(float a, float b) { return a - b; }
[[gnu::always_inline]] inline float f32Mul(float a, float b) { return a * b; }
[[gnu::always_inline]] inline float f32Div(float a, float b) { return a / b; }
[[gnu::always_inline]] inline double f64Sqrt(double a) { return detail::sqrt(a); }
[[gnu::always_inline]] inline double f64Add(double a, double b) { return a + b; }
[[gnu::always_inline]] inline double f64Sub(double a, double b) { return a - b; }
[[gnu::always_inline]] inline double f64Mul(double a, double b) { return a * b; }
[[gnu::always_inline]] inline double f64Div(double a, double b) { return a / b; }

/// min/max (f32 0x96-0x97, f64 0xA4-0xA5): a NaN operand gives a NaN (unlike C fmin), and
/// -0 < +0.
[[gnu::always_inline]] inline float f32Min(float a, float b) { return detail::min(a, b); }
[[gnu::always_inline]] inline float f32Max(float a, float b) { return detail::max(a, b); }
[[gnu::always_inline]] inline double f64Min(double a, double b) { return detail::min(a, b); }
[[gnu::always_inline]] inline double f64Max(double a, double b) { return detail::max(a, b); }

// ---------------------------------------------------------------------------------------------
// Conversions (core spec 4.3.4 "Conversions")
// ---------------------------------------------------------------------------------------------

/// Integer width changes (0xA7, 0xAC-0xAD): wrap keeps the low 32 bits; extend_i32_s/u sign-
/// or zero-extend.
[[gnu::always_inline]] inline uint32_t i32WrapI64(uint64_t a) { return static_cast<uint32_t>(a); }
[[gnu::always_inline]] inline uint64_t i64ExtendI32S(uint32_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a)));
}
[[gnu::always_inline]] inline uint64_t i64ExtendI32U(uint32_t a) { return a; }

/// Trapping float -> integer truncation (0xA8-0xAB, 0xAE-0xB1): rounds toward zero. A NaN sets
/// Trap::InvalidConversionToInteger, a value whose truncation is out of range (or an infinity)
/// sets Trap::IntegerOverflow; both return 0. E.g. i32.trunc_f32_s accepts exactly
/// -2147483904.0 < x < 2147483648.0.
[[gnu::always_inline]] inline uint32_t i32TruncF32S(float a, Trap &trap) {
  return static_cast<uint32_t>(detail::truncTrap<int32_t>(a, trap));
}
[[gnu::always_inline]] inline uint32_t i32TruncF32U(float a, Trap &trap) {
  return detail::truncTrap<uint32_t>(a, trap);
}
[[gnu::always_inline]] inline uint32_t i32TruncF64S(double a, Trap &trap) {
  return static_cast<uint32_t>(detail::truncTrap<int32_t>(a, trap));
}
[[gnu::always_inline]] inline uint32_t i32TruncF64U(double a, Trap &trap) {
  return detail::truncTrap<uint32_t>(a, trap);
}
[[gnu::always_inline]] inline uint64_t i64TruncF32S(float a, Trap &trap) {
  return static_cast<uint64_t>(detail::truncTrap<int64_t>(a, trap));
}
[[gnu::always_inline]] inline uint64_t i64TruncF32U(float a, Trap &trap) {
  return detail::truncTrap<uint64_t>(a, trap);
}
[[gnu::always_inline]] inline uint64_t i64TruncF64S(double a, Trap &trap) {
  return static_cast<uint64_t>(detail::truncTrap<int64_t>(a, trap));
}
[[gnu::always_inline]] inline uint64_t i64TruncF64U(double a, Trap &trap) {
  return detail::truncTrap<uint64_t>(a, trap);
}

/// Saturating float -> integer truncation (0xFC 0x00-0x07): NaN gives 0, values below or above
/// the range give its minimum or maximum. Never traps.
[[gnu::always_inline]] inline uint32_t i32TruncSatF32S(float a) {
  return static_cast<uint32_t>(detail::truncSat<int32_t>(a));
}
[[gnu::always_inline]] inline uint32_t i32TruncSatF32U(float a) {
  return detail::truncSat<uint32_t>(a);
}
[[gnu::always_inline]] inline uint32_t i32TruncSatF64S(double a) {
  return static_cast<uint32_t>(detail::truncSat<int32_t>(a));
}
[[gnu::always_inline]] inline uint32_t i32TruncSatF64U(double a) {
  return detail::truncSat<uint32_t>(a);
}
[[gnu::always_inline]] inline uint64_t i64TruncSatF32S(float a) {
  return static_cast<uint64_t>(detail::truncSat<int64_t>(a));
}
[[gnu::always_inline]] inline uint64_t i64TruncSatF32U(float a) {
  return detail::truncSat<uint64_t>(a);
}
[[gnu::always_inline]] inline uint64_t i64TruncSatF64S(double a) {
  return static_cast<uint64_t>(detail::truncSat<int64_t>(a));
}
[[gnu::always_inline]] inline uint64_t i64TruncSatF64U(double a) {
  return detail::truncSat<uint64_t>(a);
}

/// Integer -> float conversion (0xB2-0xB5, 0xB7-0xBA): correctly rounded to nearest even in
/// one step (a direct integer -> target conversion; going through double would round twice
/// for i64 -> f32).
[[gnu::always_inline]] inline float f32ConvertI32S(uint32_t a) {
  return static_cast<float>(static_cast<int32_t>(a));
}
[[gnu::always_inline]] inline float f32ConvertI32U(uint32_t a) { return static_cast<float>(a); }
[[gnu::always_inline]] inline float f32ConvertI64S(uint64_t a) {
  return static_cast<float>(static_cast<int64_t>(a));
}
[[gnu::always_inline]] inline float f32ConvertI64U(uint64_t a) { return static_cast<float>(a); }
[[gnu::always_inline]] inline double f64ConvertI32S(uint32_t a) {
  return static_cast<double>(static_cast<int32_t>(a));
}
[[gnu::always_inline]] inline double f64ConvertI32U(uint32_t a) { return static_cast<double>(a); }
[[gnu::always_inline]] inline double f64ConvertI64S(uint64_t a) {
  return static_cast<double>(static_cast<int64_t>(a));
}
[[gnu::always_inline]] inline double f64ConvertI64U(uint64_t a) { return static_cast<double>(a); }

/// Float width changes (0xB6, 0xBB): demote rounds to nearest even (overflowing to infinity),
/// promote is exact; a NaN operand gives a canonical NaN with the operand's sign.
[[gnu::always_inline]] inline float f32DemoteF64(double a) {
  return detail::convertFloat<float>(a);
}
[[gnu::always_inline]] inline double f64PromoteF32(float a) {
  return detail::convertFloat<double>(a);
}

/// Reinterpretations (0xBC-0xBF): the same bits seen as the other type.
[[gnu::always_inline]] inline uint32_t i32ReinterpretF32(float a) {
  return std::bit_cast<uint32_t>(a);
}
[[gnu::always_inline]] inline uint64_t i64ReinterpretF64(double a) {
  return std::bit_cast<uint64_t>(a);
}
[[gnu::always_inline]] inline float f32ReinterpretI32(uint32_t a) {
  return std::bit_cast<float>(a);
}
[[gnu::always_inline]] inline double f64ReinterpretI64(uint64_t a) {
  return std::bit_cast<double>(a);
}

/// Sign extension within a register (0xC0-0xC4): sign-extend the low 8, 16 or 32 bits.
[[gnu::always_inline]] inline uint32_t i32Extend8S(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(a)));
}
[[gnu::always_inline]] inline uint32_t i32Extend16S(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(a)));
}
[[gnu::always_inline]] inline uint64_t i64Extend8S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(a)));
}
[[gnu::always_inline]] inline uint64_t i64Extend16S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(a)));
}
[[gnu::always_inline]] inline uint64_t i64Extend32S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a)));
}

} // namespace runw::engine::interp::num
