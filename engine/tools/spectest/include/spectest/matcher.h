// SPDX-License-Identifier: Apache-2.0
// The assert_return result matcher: exact bits, NaN patterns, per-lane v128, references.
#pragma once

#include "spectest/value.h"

#include "engine/types.h"
#include "support/result.h"

#include <cstdint>
#include <span>
#include <string>

namespace runw::spectest {

/// True when the bits of a lane of that float shape are a canonical NaN: any sign, quiet
/// payload exactly 0x400000 (f32) / 0x8000000000000 (f64) (core spec 4.3.3 "canonical NaN").
bool isCanonicalNan(LaneType lane, uint64_t bits);

/// True when the bits are an arithmetic NaN: any sign, quiet bit set, any payload.
bool isArithmeticNan(LaneType lane, uint64_t bits);

/// True when one lane's bits satisfy the expectation (exact bits, or the NaN pattern).
bool laneMatches(LaneType lane, const LaneValue &expected, uint64_t gotBits);

/// True when a result satisfies one expected value. Types must agree; v128 compares lane by
/// lane in the expectation's shape; `ref.extern N` must be the Ref refs created for N; a
/// non-null funcref expectation (`ref.func`) accepts any non-null funcref. A type-only
/// expectation (hasValue false) checks the type alone.
bool matches(const WastValue &expected, const engine::Value &got, ExternRefs &refs);

/// Checks a whole result list; the error message reads "expected (i32.const 1), got
/// (i32.const 2)" or names the arity mismatch.
Result<void> matchResults(std::span<const WastValue> expected, std::span<const engine::Value> got,
                          ExternRefs &refs);

} // namespace runw::spectest
