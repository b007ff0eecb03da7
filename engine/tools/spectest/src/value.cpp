// SPDX-License-Identifier: Apache-2.0
// Lane shapes, number parsing, externref identities, engine conversion and value rendering.
#include "spectest/value.h"

#include "support/strings.h"

#include <fmt/format.h>

#include <array>
#include <bit>
#include <charconv>
#include <cstring>

namespace runw::spectest {

using engine::ValType;

namespace {

struct LaneInfo {
  LaneType lane;
  std::string_view name;
  unsigned bits;
};

constexpr std::array<LaneInfo, 6> kLanes{{
    {LaneType::I8, "i8", 8},
    {LaneType::I16, "i16", 16},
    {LaneType::I32, "i32", 32},
    {LaneType::I64, "i64", 64},
    {LaneType::F32, "f32", 32},
    {LaneType::F64, "f64", 64},
}};

const LaneInfo &info(LaneType lane) { return kLanes[static_cast<size_t>(lane)]; }

bool isFloatLane(LaneType lane) { return lane == LaneType::F32 || lane == LaneType::F64; }

uint64_t laneMask(LaneType lane) {
  const unsigned bits = laneBits(lane);
  return bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
}

// The numbers of a float lane read best as the float they encode, with the exact bits beside
// it so NaN payloads and signed zeros stay visible.
std::string formatLane(LaneType lane, const LaneValue &value) {
  if (value.nan == NanPattern::Canonical) {
    return "nan:canonical";
  }
  if (value.nan == NanPattern::Arithmetic) {
    return "nan:arithmetic";
  }
  if (lane == LaneType::F32) {
    const auto bits = static_cast<uint32_t>(value.bits);
    return fmt::format("{} [0x{:08x}]", std::bit_cast<float>(bits), bits);
  }
  if (lane == LaneType::F64) {
    return fmt::format("{} [0x{:016x}]", std::bit_cast<double>(value.bits), value.bits);
  }
  return fmt::format("{}", value.bits & laneMask(lane));
}

std::string formatRef(ValType type, bool isNull, std::string_view id) {
  const bool func = type == ValType::FuncRef;
  if (isNull) {
    return func ? "(ref.null func)" : "(ref.null extern)";
  }
  if (id.empty()) {
    return func ? "(ref.func)" : "(ref.extern)";
  }
  return fmt::format("({} {})", func ? "ref.func" : "ref.extern", id);
}

std::string formatNumbers(ValType type, LaneType lane, const std::vector<LaneValue> &lanes) {
  if (type != ValType::V128) {
    return fmt::format("({}.const {})", engine::valTypeName(type),
                       lanes.empty() ? std::string() : formatLane(lane, lanes.front()));
  }
  std::vector<std::string> parts;
  parts.reserve(lanes.size());
  for (const LaneValue &value : lanes) {
    parts.push_back(formatLane(lane, value));
  }
  return fmt::format("(v128.const {}x{} {})", laneTypeName(lane), laneCount(lane),
                     join(parts, " "));
}

std::vector<LaneValue> splitV128(const engine::V128 &v, LaneType lane) {
  std::vector<LaneValue> lanes;
  for (const uint64_t bits : v128Lanes(v, lane)) {
    lanes.push_back(LaneValue{bits});
  }
  return lanes;
}

} // namespace

unsigned laneBits(LaneType lane) { return info(lane).bits; }

unsigned laneCount(LaneType lane) { return 128 / laneBits(lane); }

std::string_view laneTypeName(LaneType lane) { return info(lane).name; }

std::vector<uint64_t> v128Lanes(const engine::V128 &value, LaneType lane) {
  const unsigned bytes = laneBits(lane) / 8;
  std::vector<uint64_t> lanes(laneCount(lane));
  for (unsigned i = 0; i < lanes.size(); ++i) {
    // Lanes are little-endian (core spec 4.2.2), as is every host runw supports.
    std::memcpy(&lanes[i], value.bytes.data() + i * bytes, bytes);
  }
  return lanes;
}

std::optional<LaneType> laneTypeFromName(std::string_view name) {
  for (const LaneInfo &entry : kLanes) {
    if (entry.name == name) {
      return entry.lane;
    }
  }
  return std::nullopt;
}

Result<LaneValue> parseLane(LaneType lane, std::string_view text) {
  if (isFloatLane(lane) && text == "nan:canonical") {
    return LaneValue{0, NanPattern::Canonical};
  }
  if (isFloatLane(lane) && text == "nan:arithmetic") {
    return LaneValue{0, NanPattern::Arithmetic};
  }
  const bool negative = !text.empty() && text.front() == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  uint64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return fail(ErrorCode::Invalid, fmt::format("bad {} value \"{}\" (want a decimal bit pattern)",
                                                laneTypeName(lane), text));
  }
  const uint64_t bits = negative ? (~magnitude + 1) & laneMask(lane) : magnitude;
  if (!negative && (bits & ~laneMask(lane)) != 0) {
    return fail(ErrorCode::Invalid,
                fmt::format("{} value \"{}\" does not fit the lane", laneTypeName(lane), text));
  }
  return LaneValue{bits, NanPattern::None};
}

engine::Ref ExternRefs::get(uint64_t id) {
  auto &object = objects_[id];
  if (!object) {
    object = std::make_unique<uint64_t>(id);
  }
  return engine::Ref{object.get()};
}

std::optional<uint64_t> ExternRefs::idOf(engine::Ref ref) const {
  for (const auto &[id, object] : objects_) {
    if (object.get() == ref.ptr) {
      return id;
    }
  }
  return std::nullopt;
}

Result<engine::Value> toEngineValue(const WastValue &value, ExternRefs &refs) {
  if (!value.hasValue) {
    return fail(ErrorCode::Invalid, "argument has a type but no value");
  }
  if (engine::isRefType(value.type)) {
    if (value.isNull) {
      return engine::Value::ref(value.type, engine::Ref{});
    }
    if (value.type == ValType::FuncRef) {
      return fail(ErrorCode::Unsupported, "a non-null funcref argument names no function");
    }
    return engine::Value::ref(value.type, refs.get(value.refId));
  }
  for (const LaneValue &lane : value.lanes) {
    if (lane.nan != NanPattern::None) {
      return fail(ErrorCode::Invalid, "a NaN pattern is not an argument value");
    }
  }
  if (value.lanes.size() != (value.type == ValType::V128 ? laneCount(value.laneType) : 1U)) {
    return fail(ErrorCode::Invalid, "wrong number of lanes");
  }
  switch (value.type) {
  case ValType::I32:
    return engine::Value::i32(static_cast<uint32_t>(value.lanes[0].bits));
  case ValType::I64:
    return engine::Value::i64(value.lanes[0].bits);
  case ValType::F32:
    return engine::Value::f32Bits(static_cast<uint32_t>(value.lanes[0].bits));
  case ValType::F64:
    return engine::Value::f64Bits(value.lanes[0].bits);
  default:
    break;
  }
  engine::V128 v;
  const unsigned bytes = laneBits(value.laneType) / 8;
  for (unsigned i = 0; i < value.lanes.size(); ++i) {
    std::memcpy(v.bytes.data() + i * bytes, &value.lanes[i].bits, bytes);
  }
  return engine::Value::v128(v);
}

std::string describe(const WastValue &value) {
  if (!value.hasValue) {
    return fmt::format("({} any)", engine::valTypeName(value.type));
  }
  if (engine::isRefType(value.type)) {
    return formatRef(value.type, value.isNull,
                     value.type == ValType::FuncRef ? "" : fmt::format("{}", value.refId));
  }
  return formatNumbers(value.type, value.laneType, value.lanes);
}

std::string describe(const engine::Value &value, const ExternRefs &refs, LaneType v128Shape) {
  switch (value.type()) {
  case ValType::I32:
    return formatNumbers(ValType::I32, LaneType::I32, {LaneValue{value.i32()}});
  case ValType::I64:
    return formatNumbers(ValType::I64, LaneType::I64, {LaneValue{value.i64()}});
  case ValType::F32:
    return formatNumbers(ValType::F32, LaneType::F32, {LaneValue{value.f32Bits()}});
  case ValType::F64:
    return formatNumbers(ValType::F64, LaneType::F64, {LaneValue{value.f64Bits()}});
  case ValType::V128:
    return formatNumbers(ValType::V128, v128Shape, splitV128(value.v128(), v128Shape));
  case ValType::FuncRef:
    return formatRef(ValType::FuncRef, value.ref().ptr == nullptr, "");
  case ValType::ExternRef: {
    const auto id = refs.idOf(value.ref());
    return formatRef(ValType::ExternRef, value.ref().ptr == nullptr,
                     id ? fmt::format("{}", *id) : fmt::format("{}", value.ref().ptr));
  }
  }
  return "(?)";
}

} // namespace runw::spectest
