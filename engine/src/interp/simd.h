// SPDX-License-Identifier: Apache-2.0
// Pure lane-wise semantics of every non-memory WebAssembly 2.0 SIMD (v128) instruction.
//
// One function per 0xFD instruction of common/opcodes.def, named after the opcode enumerator
// with its first letter lowered (I8x16AddSatS -> i8x16AddSatS, V128Not -> v128Not). Operands
// come in stack order (the first popped operand is the last parameter); immediates (lane
// index, shuffle lanes) follow the operands. Validation guarantees lane indices are in range;
// they are still masked here so a bad index can never read outside the vector.
// Floating-point lanes follow the scalar numerics of core spec 4.3.3, integer lanes 4.3.2, and
// the vector operations 4.4.3. Lanes are accessed through std::bit_cast only.
#pragma once

#include "engine/types.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace runw::engine::interp::simd {

static_assert(std::endian::native == std::endian::little,
              "V128 lanes are little-endian; lane access by bit_cast needs a little-endian host");

namespace detail {

/// The lanes of a v128 viewed as 16 / sizeof(T) values of type T.
template <typename T> using Lanes = std::array<T, 16 / sizeof(T)>;

/// Unsigned integer type of the given byte width.
template <std::size_t N> struct UIntOfSize;
template <> struct UIntOfSize<1> { using Type = uint8_t; };
template <> struct UIntOfSize<2> { using Type = uint16_t; };
template <> struct UIntOfSize<4> { using Type = uint32_t; };
template <> struct UIntOfSize<8> { using Type = uint64_t; };
template <typename T> using UIntOf = typename UIntOfSize<sizeof(T)>::Type;

/// Reads v as lanes of T.
template <typename T> [[gnu::always_inline]] inline Lanes<T> get(V128 v) {
  return std::bit_cast<Lanes<T>>(v.bytes);
}

/// Packs lanes of T into a v128.
template <typename T> [[gnu::always_inline]] inline V128 put(const Lanes<T> &lanes) {
  return V128{std::bit_cast<std::array<uint8_t, 16>>(lanes)};
}

/// r[i] = f(a[i]).
template <typename T, typename F> [[gnu::always_inline]] inline V128 map1(V128 a, F f) {
  Lanes<T> x = get<T>(a);
  Lanes<T> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    r[i] = f(x[i]);
  }
  return put<T>(r);
}

/// r[i] = f(a[i], b[i]).
template <typename T, typename F> [[gnu::always_inline]] inline V128 map2(V128 a, V128 b, F f) {
  Lanes<T> x = get<T>(a);
  Lanes<T> y = get<T>(b);
  Lanes<T> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    r[i] = f(x[i], y[i]);
  }
  return put<T>(r);
}

/// r[i] = all ones if p(a[i], b[i]) else all zeros (core spec 4.4.3.5, vrelop).
template <typename T, typename P> [[gnu::always_inline]] inline V128 cmp(V128 a, V128 b, P p) {
  using M = UIntOf<T>;
  Lanes<T> x = get<T>(a);
  Lanes<T> y = get<T>(b);
  Lanes<M> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    r[i] = p(x[i], y[i]) ? std::numeric_limits<M>::max() : M{0};
  }
  return put<M>(r);
}

/// Integer lane x clamped to the range of Narrow (sat_s / sat_u of core spec 4.3.2).
template <typename Narrow, typename Wide> [[gnu::always_inline]] inline Narrow saturate(Wide x) {
  constexpr Wide kLo = static_cast<Wide>(std::numeric_limits<Narrow>::min());
  constexpr Wide kHi = static_cast<Wide>(std::numeric_limits<Narrow>::max());
  return static_cast<Narrow>(std::clamp(x, kLo, kHi));
}

/// Lane-wise add_sat / sub_sat: the exact result in int, then saturated to T.
template <typename T> [[gnu::always_inline]] inline V128 addSat(V128 a, V128 b) {
  return map2<T>(a, b, [](T x, T y) { return saturate<T>(int{x} + int{y}); });
}
template <typename T> [[gnu::always_inline]] inline V128 subSat(V128 a, V128 b) {
  return map2<T>(a, b, [](T x, T y) { return saturate<T>(int{x} - int{y}); });
}

/// Modular add, sub, mul and neg on unsigned lanes; the arithmetic is done in at least 32-bit
/// unsigned so that uint16 * uint16 cannot overflow a promoted int.
template <typename U> using Wider = std::conditional_t<(sizeof(U) < 4), uint32_t, U>;
template <typename U> [[gnu::always_inline]] inline V128 add(V128 a, V128 b) {
  return map2<U>(a, b, [](U x, U y) { return static_cast<U>(Wider<U>{x} + Wider<U>{y}); });
}
template <typename U> [[gnu::always_inline]] inline V128 sub(V128 a, V128 b) {
  return map2<U>(a, b, [](U x, U y) { return static_cast<U>(Wider<U>{x} - Wider<U>{y}); });
}
template <typename U> [[gnu::always_inline]] inline V128 mul(V128 a, V128 b) {
  return map2<U>(a, b, [](U x, U y) { return static_cast<U>(Wider<U>{x} * Wider<U>{y}); });
}
template <typename U> [[gnu::always_inline]] inline V128 neg(V128 a) {
  return map1<U>(a, [](U x) { return static_cast<U>(Wider<U>{0} - Wider<U>{x}); });
}

/// iabs: the two's complement magnitude; the most negative value maps to itself.
template <typename S> [[gnu::always_inline]] inline V128 abs(V128 a) {
  using U = UIntOf<S>;
  return map1<U>(a, [](U x) {
    return std::bit_cast<S>(x) < 0 ? static_cast<U>(Wider<U>{0} - Wider<U>{x}) : x;
  });
}

/// Lane-wise min / max for a signed or unsigned lane type T.
template <typename T> [[gnu::always_inline]] inline V128 min(V128 a, V128 b) {
  return map2<T>(a, b, [](T x, T y) { return y < x ? y : x; });
}
template <typename T> [[gnu::always_inline]] inline V128 max(V128 a, V128 b) {
  return map2<T>(a, b, [](T x, T y) { return x < y ? y : x; });
}

/// iavgr_u: (x + y + 1) / 2 without overflow.
template <typename U> [[gnu::always_inline]] inline V128 avgr(V128 a, V128 b) {
  return map2<U>(a, b,
                 [](U x, U y) { return static_cast<U>((uint32_t{x} + uint32_t{y} + 1) / 2); });
}

/// Shifts take the count modulo the lane width in bits (core spec 4.4.3.8).
template <typename U> [[gnu::always_inline]] inline V128 shl(V128 a, uint32_t count) {
  const uint32_t s = count % (sizeof(U) * 8);
  return map1<U>(a, [s](U x) { return static_cast<U>(Wider<U>{x} << s); });
}
template <typename S> [[gnu::always_inline]] inline V128 shrS(V128 a, uint32_t count) {
  const uint32_t s = count % (sizeof(S) * 8);
  // >> on a negative signed value is an arithmetic shift since C++20.
  return map1<S>(a, [s](S x) { return static_cast<S>(x >> s); });
}
template <typename U> [[gnu::always_inline]] inline V128 shrU(V128 a, uint32_t count) {
  const uint32_t s = count % (sizeof(U) * 8);
  return map1<U>(a, [s](U x) { return static_cast<U>(x >> s); });
}

/// all_true: 1 if every lane is non-zero.
template <typename U> [[gnu::always_inline]] inline uint32_t allTrue(V128 a) {
  Lanes<U> x = get<U>(a);
  return std::all_of(x.begin(), x.end(), [](U v) { return v != 0; }) ? 1U : 0U;
}

/// bitmask: bit i of the result is the top bit of lane i.
template <typename U> [[gnu::always_inline]] inline uint32_t bitmask(V128 a) {
  Lanes<U> x = get<U>(a);
  uint32_t r = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    r |= static_cast<uint32_t>(x[i] >> (sizeof(U) * 8 - 1)) << i;
  }
  return r;
}

/// splat / extract_lane / replace_lane.
template <typename T> [[gnu::always_inline]] inline V128 splat(T x) {
  Lanes<T> r;
  r.fill(x);
  return put<T>(r);
}
template <typename T> [[gnu::always_inline]] inline T extract(V128 a, uint8_t lane) {
  return get<T>(a)[lane % (16 / sizeof(T))];
}
template <typename T> [[gnu::always_inline]] inline V128 replace(V128 a, uint8_t lane, T x) {
  Lanes<T> r = get<T>(a);
  r[lane % (16 / sizeof(T))] = x;
  return put<T>(r);
}

/// narrow: lanes of a then lanes of b, each saturated to the half-width type Narrow.
template <typename Narrow, typename Wide>
[[gnu::always_inline]] inline V128 narrow(V128 a, V128 b) {
  Lanes<Wide> x = get<Wide>(a);
  Lanes<Wide> y = get<Wide>(b);
  Lanes<Narrow> r{};
  for (std::size_t i = 0; i < x.size(); ++i) {
    r[i] = saturate<Narrow>(x[i]);
    r[i + x.size()] = saturate<Narrow>(y[i]);
  }
  return put<Narrow>(r);
}

/// extend: the low (offset 0) or high (offset N/2) half of the Narrow lanes, widened.
template <typename Wide, typename Narrow, std::size_t Offset>
[[gnu::always_inline]] inline V128 extend(V128 a) {
  Lanes<Narrow> x = get<Narrow>(a);
  Lanes<Wide> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    r[i] = static_cast<Wide>(x[i + Offset]);
  }
  return put<Wide>(r);
}

/// extmul: widen half of each operand, then multiply in Wide (which cannot overflow, except
/// int64 * int64 of two int32 values, which fits).
template <typename Wide, typename Narrow, std::size_t Offset>
[[gnu::always_inline]] inline V128 extmul(V128 a, V128 b) {
  Lanes<Narrow> x = get<Narrow>(a);
  Lanes<Narrow> y = get<Narrow>(b);
  Lanes<Wide> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    // Multiply in 64 bits: int16 * int16 would be done in int, and uint16 * uint16 may not fit.
    using P = std::conditional_t<std::is_signed_v<Wide>, int64_t, uint64_t>;
    r[i] = static_cast<Wide>(static_cast<P>(x[i + Offset]) * static_cast<P>(y[i + Offset]));
  }
  return put<Wide>(r);
}

/// extadd_pairwise: r[i] = widen(a[2i]) + widen(a[2i+1]); cannot overflow.
template <typename Wide, typename Narrow>
[[gnu::always_inline]] inline V128 extaddPairwise(V128 a) {
  Lanes<Narrow> x = get<Narrow>(a);
  Lanes<Wide> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    r[i] = static_cast<Wide>(static_cast<Wide>(x[2 * i]) + static_cast<Wide>(x[2 * i + 1]));
  }
  return put<Wide>(r);
}

/// fmin / fmax (core spec 4.3.3): NaN if either operand is NaN, and -0 < +0.
template <typename F> [[gnu::always_inline]] inline F fmin(F x, F y) {
  if (std::isnan(x) || std::isnan(y)) {
    return x + y; // a quiet NaN built from an input NaN: an arithmetic NaN as the spec allows
  }
  if (x == y) {
    // Equal values differ at most in the sign of zero; -0 wins, so OR the sign bits.
    return std::bit_cast<F>(std::bit_cast<UIntOf<F>>(x) | std::bit_cast<UIntOf<F>>(y));
  }
  return x < y ? x : y;
}
template <typename F> [[gnu::always_inline]] inline F fmax(F x, F y) {
  if (std::isnan(x) || std::isnan(y)) {
    return x + y;
  }
  if (x == y) {
    return std::bit_cast<F>(std::bit_cast<UIntOf<F>>(x) & std::bit_cast<UIntOf<F>>(y));
  }
  return x < y ? y : x;
}

/// fabs / fneg are bit operations on the sign, keeping NaN payloads (core spec 4.3.3).
template <typename F> [[gnu::always_inline]] inline V128 fabs(V128 a) {
  using U = UIntOf<F>;
  constexpr U kMag = std::numeric_limits<U>::max() >> 1;
  return map1<U>(a, [](U x) { return static_cast<U>(x & kMag); });
}
template <typename F> [[gnu::always_inline]] inline V128 fneg(V128 a) {
  using U = UIntOf<F>;
  constexpr U kSign = static_cast<U>(~(std::numeric_limits<U>::max() >> 1));
  return map1<U>(a, [](U x) { return static_cast<U>(x ^ kSign); });
}

/// Rounding to an integral value; a NaN input gives a quiet NaN (x + x quiets a signalling one).
template <typename F, typename R> [[gnu::always_inline]] inline V128 fround(V128 a, R round) {
  return map1<F>(a, [round](F x) { return std::isnan(x) ? x + x : round(x); });
}

/// trunc_sat: truncation toward zero, NaN -> 0, out-of-range values saturate (core spec 4.3.3).
template <typename I, typename F> [[gnu::always_inline]] inline I truncSat(F x) {
  // 2^31 and 2^32 are exact in both float and double.
  constexpr F kHi = std::is_signed_v<I> ? F(2147483648.0) : F(4294967296.0);
  constexpr F kLo = std::is_signed_v<I> ? F(-2147483648.0) : F(0.0);
  if (std::isnan(x)) {
    return 0;
  }
  if (x >= kHi) {
    return std::numeric_limits<I>::max();
  }
  if (x <= kLo) {
    return std::numeric_limits<I>::min();
  }
  return static_cast<I>(x); // |trunc(x)| is in range here, so the conversion is defined
}

/// Reads a little-endian uint64 as a v128 whose low half holds it and high half is zero.
[[gnu::always_inline]] inline V128 low64(uint64_t x) {
  return put<uint64_t>(Lanes<uint64_t>{x, 0});
}

} // namespace detail

/// \name Constants, splat, lanes (core spec 4.4.3.1-4.4.3.3)
/// splat takes the operand value (an i32 operand is truncated for i8x16 / i16x8). Extract
/// returns the wasm result value: i8/i16 lanes sign- (S) or zero- (U) extended to i32.
/// replace_lane takes the vector, the lane immediate, then the scalar (i32 truncated).
/// @{
[[gnu::always_inline]] inline V128 i8x16Splat(uint32_t x) {
  return detail::splat<uint8_t>(static_cast<uint8_t>(x));
}
[[gnu::always_inline]] inline V128 i16x8Splat(uint32_t x) {
  return detail::splat<uint16_t>(static_cast<uint16_t>(x));
}
[[gnu::always_inline]] inline V128 i32x4Splat(uint32_t x) { return detail::splat<uint32_t>(x); }
[[gnu::always_inline]] inline V128 i64x2Splat(uint64_t x) { return detail::splat<uint64_t>(x); }
[[gnu::always_inline]] inline V128 f32x4Splat(float x) { return detail::splat<float>(x); }
[[gnu::always_inline]] inline V128 f64x2Splat(double x) { return detail::splat<double>(x); }

[[gnu::always_inline]] inline uint32_t i8x16ExtractLaneS(V128 a, uint8_t lane) {
  return static_cast<uint32_t>(int32_t{detail::extract<int8_t>(a, lane)});
}
[[gnu::always_inline]] inline uint32_t i8x16ExtractLaneU(V128 a, uint8_t lane) {
  return detail::extract<uint8_t>(a, lane);
}
[[gnu::always_inline]] inline uint32_t i16x8ExtractLaneS(V128 a, uint8_t lane) {
  return static_cast<uint32_t>(int32_t{detail::extract<int16_t>(a, lane)});
}
[[gnu::always_inline]] inline uint32_t i16x8ExtractLaneU(V128 a, uint8_t lane) {
  return detail::extract<uint16_t>(a, lane);
}
[[gnu::always_inline]] inline uint32_t i32x4ExtractLane(V128 a, uint8_t lane) {
  return detail::extract<uint32_t>(a, lane);
}
[[gnu::always_inline]] inline uint64_t i64x2ExtractLane(V128 a, uint8_t lane) {
  return detail::extract<uint64_t>(a, lane);
}
[[gnu::always_inline]] inline float f32x4ExtractLane(V128 a, uint8_t lane) {
  return detail::extract<float>(a, lane);
}
[[gnu::always_inline]] inline double f64x2ExtractLane(V128 a, uint8_t lane) {
  return detail::extract<double>(a, lane);
}

[[gnu::always_inline]] inline V128 i8x16ReplaceLane(V128 a, uint8_t lane, uint32_t x) {
  return detail::replace<uint8_t>(a, lane, static_cast<uint8_t>(x));
}
[[gnu::always_inline]] inline V128 i16x8ReplaceLane(V128 a, uint8_t lane, uint32_t x) {
  return detail::replace<uint16_t>(a, lane, static_cast<uint16_t>(x));
}
[[gnu::always_inline]] inline V128 i32x4ReplaceLane(V128 a, uint8_t lane, uint32_t x) {
  return detail::replace<uint32_t>(a, lane, x);
}
[[gnu::always_inline]] inline V128 i64x2ReplaceLane(V128 a, uint8_t lane, uint64_t x) {
  return detail::replace<uint64_t>(a, lane, x);
}
[[gnu::always_inline]] inline V128 f32x4ReplaceLane(V128 a, uint8_t lane, float x) {
  return detail::replace<float>(a, lane, x);
}
[[gnu::always_inline]] inline V128 f64x2ReplaceLane(V128 a, uint8_t lane, double x) {
  return detail::replace<double>(a, lane, x);
}
/// @}

/// \name Shuffle and swizzle (core spec 4.4.3.4)
/// shuffle picks lane l of a if l < 16, else lane l - 16 of b; validation bounds l < 32.
/// swizzle picks lane s[i] of a, or 0 if s[i] >= 16.
/// @{
[[gnu::always_inline]] inline V128 i8x16Shuffle(V128 a, V128 b,
                                                const std::array<uint8_t, 16> &lanes) {
  V128 r;
  for (std::size_t i = 0; i < 16; ++i) {
    const uint8_t l = lanes[i] & 31;
    r.bytes[i] = l < 16 ? a.bytes[l] : b.bytes[l - 16];
  }
  return r;
}
[[gnu::always_inline]] inline V128 i8x16Swizzle(V128 a, V128 s) {
  V128 r;
  for (std::size_t i = 0; i < 16; ++i) {
    r.bytes[i] = s.bytes[i] < 16 ? a.bytes[s.bytes[i]] : uint8_t{0};
  }
  return r;
}
/// @}

/// \name Bitwise (core spec 4.4.3.6): andnot is a & ~b; bitselect(a, b, c) takes a's bits
/// where c is 1 and b's where c is 0. any_true is 1 if any bit is set.
/// @{
[[gnu::always_inline]] inline V128 v128Not(V128 a) {
  return detail::map1<uint64_t>(a, [](uint64_t x) { return ~x; });
}
[[gnu::always_inline]] inline V128 v128And(V128 a, V128 b) {
  return detail::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x & y; });
}
[[gnu::always_inline]] inline V128 v128Andnot(V128 a, V128 b) {
  return detail::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x & ~y; });
}
[[gnu::always_inline]] inline V128 v128Or(V128 a, V128 b) {
  return detail::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x | y; });
}
[[gnu::always_inline]] inline V128 v128Xor(V128 a, V128 b) {
  return detail::map2<uint64_t>(a, b, [](uint64_t x, uint64_t y) { return x ^ y; });
}
[[gnu::always_inline]] inline V128 v128Bitselect(V128 a, V128 b, V128 c) {
  return v128Or(v128And(a, c), v128Andnot(b, c));
}
[[gnu::always_inline]] inline uint32_t v128AnyTrue(V128 a) {
  auto x = detail::get<uint64_t>(a);
  return (x[0] | x[1]) != 0 ? 1U : 0U;
}
/// @}

/// \name Integer comparisons (core spec 4.4.3.5): all-ones lanes where true, zero where false.
/// Defines {i8x16,i16x8,i32x4,i64x2}{Eq,Ne,LtS,GtS,LeS,GeS} and
/// {i8x16,i16x8,i32x4}{LtU,GtU,LeU,GeU}.
/// @{
#define RUNW_SIMD_ICMP(shape, S, U)                                                                \
  [[gnu::always_inline]] inline V128 shape##Eq(V128 a, V128 b) {                                   \
    return detail::cmp<U>(a, b, [](U x, U y) { return x == y; });                                  \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Ne(V128 a, V128 b) {                                   \
    return detail::cmp<U>(a, b, [](U x, U y) { return x != y; });                                  \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##LtS(V128 a, V128 b) {                                  \
    return detail::cmp<S>(a, b, [](S x, S y) { return x < y; });                                   \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##GtS(V128 a, V128 b) {                                  \
    return detail::cmp<S>(a, b, [](S x, S y) { return x > y; });                                   \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##LeS(V128 a, V128 b) {                                  \
    return detail::cmp<S>(a, b, [](S x, S y) { return x <= y; });                                  \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##GeS(V128 a, V128 b) {                                  \
    return detail::cmp<S>(a, b, [](S x, S y) { return x >= y; });                                  \
  }
#define RUNW_SIMD_ICMP_U(shape, U)                                                                 \
  [[gnu::always_inline]] inline V128 shape##LtU(V128 a, V128 b) {                                  \
    return detail::cmp<U>(a, b, [](U x, U y) { return x < y; });                                   \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##GtU(V128 a, V128 b) {                                  \
    return detail::cmp<U>(a, b, [](U x, U y) { return x > y; });                                   \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##LeU(V128 a, V128 b) {                                  \
    return detail::cmp<U>(a, b, [](U x, U y) { return x <= y; });                                  \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##GeU(V128 a, V128 b) {                                  \
    return detail::cmp<U>(a, b, [](U x, U y) { return x >= y; });                                  \
  }
RUNW_SIMD_ICMP(i8x16, int8_t, uint8_t)
RUNW_SIMD_ICMP_U(i8x16, uint8_t)
RUNW_SIMD_ICMP(i16x8, int16_t, uint16_t)
RUNW_SIMD_ICMP_U(i16x8, uint16_t)
RUNW_SIMD_ICMP(i32x4, int32_t, uint32_t)
RUNW_SIMD_ICMP_U(i32x4, uint32_t)
// i64x2 has no unsigned orderings in WebAssembly 2.0.
RUNW_SIMD_ICMP(i64x2, int64_t, uint64_t)
#undef RUNW_SIMD_ICMP
#undef RUNW_SIMD_ICMP_U
/// @}

/// \name Float comparisons (core spec 4.3.3 feq..fge): IEEE ordered, so any NaN operand makes
/// every relation false except ne. Defines {f32x4,f64x2}{Eq,Ne,Lt,Gt,Le,Ge}.
/// @{
#define RUNW_SIMD_FCMP(shape, F)                                                                   \
  [[gnu::always_inline]] inline V128 shape##Eq(V128 a, V128 b) {                                   \
    return detail::cmp<F>(a, b, [](F x, F y) { return x == y; });                                  \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Ne(V128 a, V128 b) {                                   \
    return detail::cmp<F>(a, b, [](F x, F y) { return x != y; });                                  \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Lt(V128 a, V128 b) {                                   \
    return detail::cmp<F>(a, b, [](F x, F y) { return x < y; });                                   \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Gt(V128 a, V128 b) {                                   \
    return detail::cmp<F>(a, b, [](F x, F y) { return x > y; });                                   \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Le(V128 a, V128 b) {                                   \
    return detail::cmp<F>(a, b, [](F x, F y) { return x <= y; });                                  \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Ge(V128 a, V128 b) {                                   \
    return detail::cmp<F>(a, b, [](F x, F y) { return x >= y; });                                  \
  }
RUNW_SIMD_FCMP(f32x4, float)
RUNW_SIMD_FCMP(f64x2, double)
#undef RUNW_SIMD_FCMP
/// @}

/// \name Integer lane arithmetic common to all shapes (core spec 4.3.2): abs, neg, add, sub,
/// shl, shr_s, shr_u (count modulo the lane width), all_true, bitmask. Defines
/// {i8x16,i16x8,i32x4,i64x2}{Abs,Neg,Add,Sub,Shl,ShrS,ShrU,AllTrue,Bitmask}.
/// @{
#define RUNW_SIMD_IARITH(shape, S, U)                                                              \
  [[gnu::always_inline]] inline V128 shape##Abs(V128 a) { return detail::abs<S>(a); }              \
  [[gnu::always_inline]] inline V128 shape##Neg(V128 a) { return detail::neg<U>(a); }              \
  [[gnu::always_inline]] inline V128 shape##Add(V128 a, V128 b) { return detail::add<U>(a, b); }   \
  [[gnu::always_inline]] inline V128 shape##Sub(V128 a, V128 b) { return detail::sub<U>(a, b); }   \
  [[gnu::always_inline]] inline V128 shape##Shl(V128 a, uint32_t count) {                          \
    return detail::shl<U>(a, count);                                                               \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##ShrS(V128 a, uint32_t count) {                         \
    return detail::shrS<S>(a, count);                                                              \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##ShrU(V128 a, uint32_t count) {                         \
    return detail::shrU<U>(a, count);                                                              \
  }                                                                                                \
  [[gnu::always_inline]] inline uint32_t shape##AllTrue(V128 a) { return detail::allTrue<U>(a); }  \
  [[gnu::always_inline]] inline uint32_t shape##Bitmask(V128 a) { return detail::bitmask<U>(a); }
RUNW_SIMD_IARITH(i8x16, int8_t, uint8_t)
RUNW_SIMD_IARITH(i16x8, int16_t, uint16_t)
RUNW_SIMD_IARITH(i32x4, int32_t, uint32_t)
RUNW_SIMD_IARITH(i64x2, int64_t, uint64_t)
#undef RUNW_SIMD_IARITH
/// @}

/// \name Integer min / max: {i8x16,i16x8,i32x4}{MinS,MinU,MaxS,MaxU}.
/// @{
#define RUNW_SIMD_IMINMAX(shape, S, U)                                                             \
  [[gnu::always_inline]] inline V128 shape##MinS(V128 a, V128 b) { return detail::min<S>(a, b); }  \
  [[gnu::always_inline]] inline V128 shape##MinU(V128 a, V128 b) { return detail::min<U>(a, b); }  \
  [[gnu::always_inline]] inline V128 shape##MaxS(V128 a, V128 b) { return detail::max<S>(a, b); }  \
  [[gnu::always_inline]] inline V128 shape##MaxU(V128 a, V128 b) { return detail::max<U>(a, b); }
RUNW_SIMD_IMINMAX(i8x16, int8_t, uint8_t)
RUNW_SIMD_IMINMAX(i16x8, int16_t, uint16_t)
RUNW_SIMD_IMINMAX(i32x4, int32_t, uint32_t)
#undef RUNW_SIMD_IMINMAX
/// @}

/// \name Saturating arithmetic and rounding average (i8x16, i16x8).
/// @{
[[gnu::always_inline]] inline V128 i8x16AddSatS(V128 a, V128 b) {
  return detail::addSat<int8_t>(a, b);
}
[[gnu::always_inline]] inline V128 i8x16AddSatU(V128 a, V128 b) {
  return detail::addSat<uint8_t>(a, b);
}
[[gnu::always_inline]] inline V128 i8x16SubSatS(V128 a, V128 b) {
  return detail::subSat<int8_t>(a, b);
}
[[gnu::always_inline]] inline V128 i8x16SubSatU(V128 a, V128 b) {
  return detail::subSat<uint8_t>(a, b);
}
[[gnu::always_inline]] inline V128 i16x8AddSatS(V128 a, V128 b) {
  return detail::addSat<int16_t>(a, b);
}
[[gnu::always_inline]] inline V128 i16x8AddSatU(V128 a, V128 b) {
  return detail::addSat<uint16_t>(a, b);
}
[[gnu::always_inline]] inline V128 i16x8SubSatS(V128 a, V128 b) {
  return detail::subSat<int16_t>(a, b);
}
[[gnu::always_inline]] inline V128 i16x8SubSatU(V128 a, V128 b) {
  return detail::subSat<uint16_t>(a, b);
}
[[gnu::always_inline]] inline V128 i8x16AvgrU(V128 a, V128 b) {
  return detail::avgr<uint8_t>(a, b);
}
[[gnu::always_inline]] inline V128 i16x8AvgrU(V128 a, V128 b) {
  return detail::avgr<uint16_t>(a, b);
}
/// @}

/// \name Multiplication: mul (modular), q15mulr_sat_s, dot, extmul.
/// @{
[[gnu::always_inline]] inline V128 i16x8Mul(V128 a, V128 b) { return detail::mul<uint16_t>(a, b); }
[[gnu::always_inline]] inline V128 i32x4Mul(V128 a, V128 b) { return detail::mul<uint32_t>(a, b); }
[[gnu::always_inline]] inline V128 i64x2Mul(V128 a, V128 b) { return detail::mul<uint64_t>(a, b); }

/// sat_s((x * y + 2^14) >> 15): only -2^15 * -2^15 saturates.
[[gnu::always_inline]] inline V128 i16x8Q15mulrSatS(V128 a, V128 b) {
  return detail::map2<int16_t>(a, b, [](int16_t x, int16_t y) {
    return detail::saturate<int16_t>((int32_t{x} * int32_t{y} + 0x4000) >> 15);
  });
}

/// r[i] = a[2i] * b[2i] + a[2i+1] * b[2i+1] modulo 2^32 (only -2^15 squared twice wraps).
[[gnu::always_inline]] inline V128 i32x4DotI16x8S(V128 a, V128 b) {
  auto x = detail::get<int16_t>(a);
  auto y = detail::get<int16_t>(b);
  detail::Lanes<uint32_t> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    const int64_t sum = int64_t{x[2 * i]} * y[2 * i] + int64_t{x[2 * i + 1]} * y[2 * i + 1];
    r[i] = static_cast<uint32_t>(sum);
  }
  return detail::put<uint32_t>(r);
}

[[gnu::always_inline]] inline V128 i16x8ExtmulLowI8x16S(V128 a, V128 b) {
  return detail::extmul<int16_t, int8_t, 0>(a, b);
}
[[gnu::always_inline]] inline V128 i16x8ExtmulHighI8x16S(V128 a, V128 b) {
  return detail::extmul<int16_t, int8_t, 8>(a, b);
}
[[gnu::always_inline]] inline V128 i16x8ExtmulLowI8x16U(V128 a, V128 b) {
  return detail::extmul<uint16_t, uint8_t, 0>(a, b);
}
[[gnu::always_inline]] inline V128 i16x8ExtmulHighI8x16U(V128 a, V128 b) {
  return detail::extmul<uint16_t, uint8_t, 8>(a, b);
}
[[gnu::always_inline]] inline V128 i32x4ExtmulLowI16x8S(V128 a, V128 b) {
  return detail::extmul<int32_t, int16_t, 0>(a, b);
}
[[gnu::always_inline]] inline V128 i32x4ExtmulHighI16x8S(V128 a, V128 b) {
  return detail::extmul<int32_t, int16_t, 4>(a, b);
}
[[gnu::always_inline]] inline V128 i32x4ExtmulLowI16x8U(V128 a, V128 b) {
  return detail::extmul<uint32_t, uint16_t, 0>(a, b);
}
[[gnu::always_inline]] inline V128 i32x4ExtmulHighI16x8U(V128 a, V128 b) {
  return detail::extmul<uint32_t, uint16_t, 4>(a, b);
}
[[gnu::always_inline]] inline V128 i64x2ExtmulLowI32x4S(V128 a, V128 b) {
  return detail::extmul<int64_t, int32_t, 0>(a, b);
}
[[gnu::always_inline]] inline V128 i64x2ExtmulHighI32x4S(V128 a, V128 b) {
  return detail::extmul<int64_t, int32_t, 2>(a, b);
}
[[gnu::always_inline]] inline V128 i64x2ExtmulLowI32x4U(V128 a, V128 b) {
  return detail::extmul<uint64_t, uint32_t, 0>(a, b);
}
[[gnu::always_inline]] inline V128 i64x2ExtmulHighI32x4U(V128 a, V128 b) {
  return detail::extmul<uint64_t, uint32_t, 2>(a, b);
}
/// @}

/// \name i8x16.popcnt and extadd_pairwise.
/// @{
[[gnu::always_inline]] inline V128 i8x16Popcnt(V128 a) {
  return detail::map1<uint8_t>(a, [](uint8_t x) { return static_cast<uint8_t>(std::popcount(x)); });
}
[[gnu::always_inline]] inline V128 i16x8ExtaddPairwiseI8x16S(V128 a) {
  return detail::extaddPairwise<int16_t, int8_t>(a);
}
[[gnu::always_inline]] inline V128 i16x8ExtaddPairwiseI8x16U(V128 a) {
  return detail::extaddPairwise<uint16_t, uint8_t>(a);
}
[[gnu::always_inline]] inline V128 i32x4ExtaddPairwiseI16x8S(V128 a) {
  return detail::extaddPairwise<int32_t, int16_t>(a);
}
[[gnu::always_inline]] inline V128 i32x4ExtaddPairwiseI16x8U(V128 a) {
  return detail::extaddPairwise<uint32_t, uint16_t>(a);
}
/// @}

/// \name Narrowing (signed input lanes, saturated to the signed / unsigned half width;
/// lanes of the first operand first) and extension (low / high half, sign / zero extended).
/// @{
[[gnu::always_inline]] inline V128 i8x16NarrowI16x8S(V128 a, V128 b) {
  return detail::narrow<int8_t, int16_t>(a, b);
}
[[gnu::always_inline]] inline V128 i8x16NarrowI16x8U(V128 a, V128 b) {
  return detail::narrow<uint8_t, int16_t>(a, b);
}
[[gnu::always_inline]] inline V128 i16x8NarrowI32x4S(V128 a, V128 b) {
  return detail::narrow<int16_t, int32_t>(a, b);
}
[[gnu::always_inline]] inline V128 i16x8NarrowI32x4U(V128 a, V128 b) {
  return detail::narrow<uint16_t, int32_t>(a, b);
}

[[gnu::always_inline]] inline V128 i16x8ExtendLowI8x16S(V128 a) {
  return detail::extend<int16_t, int8_t, 0>(a);
}
[[gnu::always_inline]] inline V128 i16x8ExtendHighI8x16S(V128 a) {
  return detail::extend<int16_t, int8_t, 8>(a);
}
[[gnu::always_inline]] inline V128 i16x8ExtendLowI8x16U(V128 a) {
  return detail::extend<uint16_t, uint8_t, 0>(a);
}
[[gnu::always_inline]] inline V128 i16x8ExtendHighI8x16U(V128 a) {
  return detail::extend<uint16_t, uint8_t, 8>(a);
}
[[gnu::always_inline]] inline V128 i32x4ExtendLowI16x8S(V128 a) {
  return detail::extend<int32_t, int16_t, 0>(a);
}
[[gnu::always_inline]] inline V128 i32x4ExtendHighI16x8S(V128 a) {
  return detail::extend<int32_t, int16_t, 4>(a);
}
[[gnu::always_inline]] inline V128 i32x4ExtendLowI16x8U(V128 a) {
  return detail::extend<uint32_t, uint16_t, 0>(a);
}
[[gnu::always_inline]] inline V128 i32x4ExtendHighI16x8U(V128 a) {
  return detail::extend<uint32_t, uint16_t, 4>(a);
}
[[gnu::always_inline]] inline V128 i64x2ExtendLowI32x4S(V128 a) {
  return detail::extend<int64_t, int32_t, 0>(a);
}
[[gnu::always_inline]] inline V128 i64x2ExtendHighI32x4S(V128 a) {
  return detail::extend<int64_t, int32_t, 2>(a);
}
[[gnu::always_inline]] inline V128 i64x2ExtendLowI32x4U(V128 a) {
  return detail::extend<uint64_t, uint32_t, 0>(a);
}
[[gnu::always_inline]] inline V128 i64x2ExtendHighI32x4U(V128 a) {
  return detail::extend<uint64_t, uint32_t, 2>(a);
}
/// @}

/// \name Float lane arithmetic (core spec 4.3.3). add..sqrt use the host's IEEE 754
/// operations, whose NaN results are NaNs the spec accepts. min/max propagate NaN and order
/// -0 < +0; pmin is b < a ? b : a and pmax is a < b ? b : a. nearest rounds ties to even.
/// Defines {f32x4,f64x2}{Abs,Neg,Sqrt,Ceil,Floor,Trunc,Nearest,Add,Sub,Mul,Div,Min,Max,Pmin,Pmax}.
/// @{
#define RUNW_SIMD_FARITH(shape, F)                                                                 \
  [[gnu::always_inline]] inline V128 shape##Abs(V128 a) { return detail::fabs<F>(a); }             \
  [[gnu::always_inline]] inline V128 shape##Neg(V128 a) { return detail::fneg<F>(a); }             \
  [[gnu::always_inline]] inline V128 shape##Sqrt(V128 a) {                                         \
    return detail::map1<F>(a, [](F x) { return std::sqrt(x); });                                   \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Ceil(V128 a) {                                         \
    return detail::fround<F>(a, [](F x) { return std::ceil(x); });                                 \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Floor(V128 a) {                                        \
    return detail::fround<F>(a, [](F x) { return std::floor(x); });                                \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Trunc(V128 a) {                                        \
    return detail::fround<F>(a, [](F x) { return std::trunc(x); });                                \
  }                                                                                                \
  /* nearbyint honours the current rounding mode, which is never changed from to-nearest. */       \
  [[gnu::always_inline]] inline V128 shape##Nearest(V128 a) {                                      \
    return detail::fround<F>(a, [](F x) { return std::nearbyint(x); });                            \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Add(V128 a, V128 b) {                                  \
    return detail::map2<F>(a, b, [](F x, F y) { return x + y; });                                  \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Sub(V128 a, V128 b) {                                  \
    return detail::map2<F>(a, b, [](F x, F y) { return x - y; });                                  \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Mul(V128 a, V128 b) {                                  \
    return detail::map2<F>(a, b, [](F x, F y) { return x * y; });                                  \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Div(V128 a, V128 b) {                                  \
    return detail::map2<F>(a, b, [](F x, F y) { return x / y; });                                  \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Min(V128 a, V128 b) {                                  \
    return detail::map2<F>(a, b, [](F x, F y) { return detail::fmin(x, y); });                     \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Max(V128 a, V128 b) {                                  \
    return detail::map2<F>(a, b, [](F x, F y) { return detail::fmax(x, y); });                     \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Pmin(V128 a, V128 b) {                                 \
    return detail::map2<F>(a, b, [](F x, F y) { return y < x ? y : x; });                          \
  }                                                                                                \
  [[gnu::always_inline]] inline V128 shape##Pmax(V128 a, V128 b) {                                 \
    return detail::map2<F>(a, b, [](F x, F y) { return x < y ? y : x; });                          \
  }
RUNW_SIMD_FARITH(f32x4, float)
RUNW_SIMD_FARITH(f64x2, double)
#undef RUNW_SIMD_FARITH
/// @}

/// \name Conversions (core spec 4.3.4). trunc_sat truncates toward zero, maps NaN to 0 and
/// saturates; the _zero forms fill the upper two i32 lanes with 0. convert rounds to nearest
/// (i32 -> f32 is correctly rounded by the host conversion). demote fills the upper two f32
/// lanes with 0; promote and convert_low read the low two lanes.
/// @{
[[gnu::always_inline]] inline V128 i32x4TruncSatF32x4S(V128 a) {
  auto x = detail::get<float>(a);
  detail::Lanes<int32_t> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    r[i] = detail::truncSat<int32_t>(x[i]);
  }
  return detail::put<int32_t>(r);
}
[[gnu::always_inline]] inline V128 i32x4TruncSatF32x4U(V128 a) {
  auto x = detail::get<float>(a);
  detail::Lanes<uint32_t> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    r[i] = detail::truncSat<uint32_t>(x[i]);
  }
  return detail::put<uint32_t>(r);
}
[[gnu::always_inline]] inline V128 i32x4TruncSatF64x2SZero(V128 a) {
  auto x = detail::get<double>(a);
  return detail::put<int32_t>(
      {detail::truncSat<int32_t>(x[0]), detail::truncSat<int32_t>(x[1]), 0, 0});
}
[[gnu::always_inline]] inline V128 i32x4TruncSatF64x2UZero(V128 a) {
  auto x = detail::get<double>(a);
  return detail::put<uint32_t>(
      {detail::truncSat<uint32_t>(x[0]), detail::truncSat<uint32_t>(x[1]), 0, 0});
}
[[gnu::always_inline]] inline V128 f32x4ConvertI32x4S(V128 a) {
  auto x = detail::get<int32_t>(a);
  detail::Lanes<float> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    r[i] = static_cast<float>(x[i]);
  }
  return detail::put<float>(r);
}
[[gnu::always_inline]] inline V128 f32x4ConvertI32x4U(V128 a) {
  auto x = detail::get<uint32_t>(a);
  detail::Lanes<float> r{};
  for (std::size_t i = 0; i < r.size(); ++i) {
    r[i] = static_cast<float>(x[i]);
  }
  return detail::put<float>(r);
}
[[gnu::always_inline]] inline V128 f64x2ConvertLowI32x4S(V128 a) {
  auto x = detail::get<int32_t>(a);
  return detail::put<double>({static_cast<double>(x[0]), static_cast<double>(x[1])});
}
[[gnu::always_inline]] inline V128 f64x2ConvertLowI32x4U(V128 a) {
  auto x = detail::get<uint32_t>(a);
  return detail::put<double>({static_cast<double>(x[0]), static_cast<double>(x[1])});
}
[[gnu::always_inline]] inline V128 f32x4DemoteF64x2Zero(V128 a) {
  auto x = detail::get<double>(a);
  return detail::put<float>({static_cast<float>(x[0]), static_cast<float>(x[1]), 0.0F, 0.0F});
}
[[gnu::always_inline]] inline V128 f64x2PromoteLowF32x4(V128 a) {
  auto x = detail::get<float>(a);
  return detail::put<double>({static_cast<double>(x[0]), static_cast<double>(x[1])});
}
/// @}

/// \name Lane helpers for the memory instructions (the interpreter does the access and bounds
/// check). v128.loadMxN_s/u widen the 64 bits read; load32_zero / load64_zero zero-extend.
/// load*_splat use the splat functions, load*_lane the replace-lane functions, and
/// store*_lane the extract-lane functions (i8/i16: the _u form, truncated).
/// @{
[[gnu::always_inline]] inline V128 v128Load8x8S(uint64_t bits) {
  return i16x8ExtendLowI8x16S(detail::low64(bits));
}
[[gnu::always_inline]] inline V128 v128Load8x8U(uint64_t bits) {
  return i16x8ExtendLowI8x16U(detail::low64(bits));
}
[[gnu::always_inline]] inline V128 v128Load16x4S(uint64_t bits) {
  return i32x4ExtendLowI16x8S(detail::low64(bits));
}
[[gnu::always_inline]] inline V128 v128Load16x4U(uint64_t bits) {
  return i32x4ExtendLowI16x8U(detail::low64(bits));
}
[[gnu::always_inline]] inline V128 v128Load32x2S(uint64_t bits) {
  return i64x2ExtendLowI32x4S(detail::low64(bits));
}
[[gnu::always_inline]] inline V128 v128Load32x2U(uint64_t bits) {
  return i64x2ExtendLowI32x4U(detail::low64(bits));
}
[[gnu::always_inline]] inline V128 v128Load32Zero(uint32_t bits) { return detail::low64(bits); }
[[gnu::always_inline]] inline V128 v128Load64Zero(uint64_t bits) { return detail::low64(bits); }
/// @}

} // namespace runw::engine::interp::simd
