// SPDX-License-Identifier: Apache-2.0
// The assert_return result matcher (core spec A.3 "Scripts", result patterns).
#include "spectest/matcher.h"

#include "support/strings.h"

#include <fmt/format.h>

namespace runw::spectest {

using engine::ValType;

namespace {

struct FloatMasks {
  uint64_t magnitude; // everything but the sign
  uint64_t canonical; // exponent all ones, only the quiet (top payload) bit set
};

FloatMasks masksOf(LaneType lane) {
  if (lane == LaneType::F32) {
    return {0x7fffffffULL, 0x7fc00000ULL};
  }
  return {0x7fffffffffffffffULL, 0x7ff8000000000000ULL};
}

bool isFloatLane(LaneType lane) { return lane == LaneType::F32 || lane == LaneType::F64; }

uint64_t laneMask(LaneType lane) {
  return laneBits(lane) == 64 ? ~uint64_t{0} : (uint64_t{1} << laneBits(lane)) - 1;
}

bool numberMatches(const WastValue &expected, const engine::Value &got) {
  if (expected.type == ValType::V128) {
    const std::vector<uint64_t> lanes = v128Lanes(got.v128(), expected.laneType);
    if (lanes.size() != expected.lanes.size()) {
      return false;
    }
    for (size_t i = 0; i < lanes.size(); ++i) {
      if (!laneMatches(expected.laneType, expected.lanes[i], lanes[i])) {
        return false;
      }
    }
    return true;
  }
  if (expected.lanes.size() != 1) {
    return false;
  }
  // Value keeps i32/f32 zero-extended in 64 bits; i64() reads all of them.
  return laneMatches(expected.laneType, expected.lanes[0], got.i64());
}

bool refMatches(const WastValue &expected, const engine::Value &got, ExternRefs &refs) {
  const engine::Ref ref = got.ref();
  if (expected.isNull) {
    return ref.ptr == nullptr;
  }
  // The script cannot name a function, so `ref.func` accepts any function reference.
  if (expected.type == ValType::FuncRef) {
    return ref.ptr != nullptr;
  }
  return ref == refs.get(expected.refId);
}

} // namespace

bool isCanonicalNan(LaneType lane, uint64_t bits) {
  if (!isFloatLane(lane)) {
    return false;
  }
  const FloatMasks masks = masksOf(lane);
  return (bits & masks.magnitude) == masks.canonical;
}

bool isArithmeticNan(LaneType lane, uint64_t bits) {
  if (!isFloatLane(lane)) {
    return false;
  }
  const FloatMasks masks = masksOf(lane);
  return (bits & masks.canonical) == masks.canonical;
}

bool laneMatches(LaneType lane, const LaneValue &expected, uint64_t gotBits) {
  switch (expected.nan) {
  case NanPattern::Canonical:
    return isCanonicalNan(lane, gotBits);
  case NanPattern::Arithmetic:
    return isArithmeticNan(lane, gotBits);
  case NanPattern::None:
    break;
  }
  // Floats compare bit for bit, so -0 differs from +0 and NaN payloads must agree.
  return (expected.bits & laneMask(lane)) == (gotBits & laneMask(lane));
}

bool matches(const WastValue &expected, const engine::Value &got, ExternRefs &refs) {
  if (expected.type != got.type()) {
    return false;
  }
  if (!expected.hasValue) {
    return true;
  }
  if (engine::isRefType(expected.type)) {
    return refMatches(expected, got, refs);
  }
  return numberMatches(expected, got);
}

Result<void> matchResults(std::span<const WastValue> expected, std::span<const engine::Value> got,
                          ExternRefs &refs) {
  bool ok = expected.size() == got.size();
  for (size_t i = 0; ok && i < expected.size(); ++i) {
    ok = matches(expected[i], got[i], refs);
  }
  if (ok) {
    return {};
  }
  std::vector<std::string> want;
  std::vector<std::string> have;
  for (const WastValue &value : expected) {
    want.push_back(describe(value));
  }
  for (size_t i = 0; i < got.size(); ++i) {
    // Show a v128 in the shape the script expects at that position, so lanes line up.
    const bool shaped = i < expected.size() && expected[i].type == ValType::V128;
    have.push_back(describe(got[i], refs, shaped ? expected[i].laneType : LaneType::I32));
  }
  return fail(ErrorCode::Invalid,
              fmt::format("expected {}, got {}", want.empty() ? "()" : join(want, " "),
                          have.empty() ? "()" : join(have, " ")));
}

} // namespace runw::spectest
