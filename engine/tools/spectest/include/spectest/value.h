// SPDX-License-Identifier: Apache-2.0
// Values as wast2json writes them (arguments and expected results) and their engine form.
#pragma once

#include "engine/types.h"
#include "support/result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runw::spectest {

/// Shape of a number: the scalar type itself, or a v128 literal's lane shape.
enum class LaneType : uint8_t { I8, I16, I32, I64, F32, F64 };

/// Width of one lane in bits (8 for I8 ... 64 for F64).
unsigned laneBits(LaneType lane);

/// Number of lanes of that shape in a v128 (16 for I8 ... 2 for I64/F64).
unsigned laneCount(LaneType lane);

/// Text name of a lane shape ("i8", "f32").
std::string_view laneTypeName(LaneType lane);

/// Parses "i8" ... "f64"; nullopt for anything else.
std::optional<LaneType> laneTypeFromName(std::string_view name);

/// The lanes of a v128 in that shape, lane 0 first, each zero-extended to 64 bits.
std::vector<uint64_t> v128Lanes(const engine::V128 &value, LaneType lane);

/// The NaN patterns of the spec's result syntax (core spec A.3 "Scripts": `nan:canonical`,
/// `nan:arithmetic`); None means the exact bits are expected.
enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

/// One number: exact bits (zero-extended to 64) or a NaN pattern.
struct LaneValue {
  uint64_t bits = 0;
  NanPattern nan = NanPattern::None;
  bool operator==(const LaneValue &) const = default;
};

/// A value from a wast2json command: an invoke argument or an expected result.
struct WastValue {
  engine::ValType type = engine::ValType::I32;
  /// False for the type-only entries wast2json writes where no value is checked ("action",
  /// "assert_trap" results).
  bool hasValue = true;
  /// Numbers: laneType is the scalar's own shape (I32 for i32) and lanes has one entry; v128
  /// literals carry their lane shape and laneCount(laneType) entries.
  LaneType laneType = LaneType::I32;
  std::vector<LaneValue> lanes;
  /// References: null, or the number N of `ref.extern N` / `ref.func N`.
  bool isNull = false;
  uint64_t refId = 0;
  bool operator==(const WastValue &) const = default;
};

/// Parses one wast2json value object given as JSON text, e.g. {"type":"i32","value":"7"}.
Result<WastValue> parseValue(std::string_view jsonText);

/// Parses one lane or scalar number of the given shape: a decimal bit pattern (wast2json writes
/// unsigned; a leading '-' wraps to the lane width), or for F32/F64 `nan:canonical` /
/// `nan:arithmetic`.
Result<LaneValue> parseLane(LaneType lane, std::string_view text);

/// The host references the runner hands out for `ref.extern N`: one stable, distinct, non-null
/// address per N, so a result can be compared with the reference passed in.
class ExternRefs {
public:
  /// The reference for N, created on first use.
  engine::Ref get(uint64_t id);
  /// The N a reference was created for; nullopt for null or foreign references.
  [[nodiscard]] std::optional<uint64_t> idOf(engine::Ref ref) const;

private:
  std::map<uint64_t, std::unique_ptr<uint64_t>> objects_;
};

/// Converts an argument to the engine's Value. Fails for values an argument cannot hold
/// (NaN patterns, type-only entries, non-null funcref: the runner has no function to name).
Result<engine::Value> toEngineValue(const WastValue &value, ExternRefs &refs);

/// Script-syntax rendering of an expectation: `(i32.const 7)`, `(f32.const nan:canonical)`,
/// `(v128.const i16x8 1 2 ...)`, `(ref.null extern)`, `(ref.extern 3)`.
std::string describe(const WastValue &value);

/// Rendering of an engine value in the same syntax; v128 lanes are shown in the shape given
/// (the expectation's, so both sides read alike). Floats show their bits too.
std::string describe(const engine::Value &value, const ExternRefs &refs,
                     LaneType v128Shape = LaneType::I32);

} // namespace runw::spectest
