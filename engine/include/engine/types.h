// SPDX-License-Identifier: Apache-2.0
// Public WebAssembly types: value types, external kinds, function/table/memory/global types,
// and the typed Value passed across the embedding API (core spec 2.3, 5.3).
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace runw::engine {

/// A value type; the enumerator values are the binary encodings (core spec 5.3.1-5.3.3).
enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

/// Decodes a value type byte; nullopt for any other byte.
constexpr std::optional<ValType> valTypeFromByte(uint8_t byte) {
  switch (byte) {
  case 0x7F:
  case 0x7E:
  case 0x7D:
  case 0x7C:
  case 0x7B:
  case 0x70:
  case 0x6F:
    return static_cast<ValType>(byte);
  default:
    return std::nullopt;
  }
}

/// True for funcref and externref.
constexpr bool isRefType(ValType type) {
  return type == ValType::FuncRef || type == ValType::ExternRef;
}

/// Text-format name ("i32", "funcref").
constexpr std::string_view valTypeName(ValType type) {
  switch (type) {
  case ValType::I32:
    return "i32";
  case ValType::I64:
    return "i64";
  case ValType::F32:
    return "f32";
  case ValType::F64:
    return "f64";
  case ValType::V128:
    return "v128";
  case ValType::FuncRef:
    return "funcref";
  case ValType::ExternRef:
    return "externref";
  }
  return "?";
}

/// Kind of an import or export (core spec 5.5.5, 5.5.10); values are the binary encodings.
enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };

/// Function signature (core spec 2.3.5).
struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType &) const = default;
};

/// Size bounds of a table or memory, in elements or 64 KiB pages (core spec 2.3.7).
struct Limits {
  uint32_t min = 0;
  std::optional<uint32_t> max;
  bool operator==(const Limits &) const = default;
};

/// Table type: element reference type and limits.
struct TableType {
  ValType elemType = ValType::FuncRef;
  Limits limits;
  bool operator==(const TableType &) const = default;
};

/// Memory type: limits in 64 KiB pages.
struct MemoryType {
  Limits limits;
  bool operator==(const MemoryType &) const = default;
};

/// Global type: value type and mutability.
struct GlobalType {
  ValType type = ValType::I32;
  bool isMutable = false;
  bool operator==(const GlobalType &) const = default;
};

/// 128-bit SIMD value, little-endian lane order.
struct V128 {
  std::array<uint8_t, 16> bytes{};
  bool operator==(const V128 &) const = default;
};

/// A reference: a function (funcref) or an opaque host value (externref); null when ptr is
/// nullptr.
struct Ref {
  const void *ptr = nullptr;
  bool operator==(const Ref &) const = default;
};

/// A typed value. Floats are stored as bit patterns so NaN payloads survive unchanged.
class Value {
public:
  Value() = default;
  static Value i32(uint32_t v) { return Value(ValType::I32, v, 0); }
  static Value i64(uint64_t v) { return Value(ValType::I64, v, 0); }
  static Value f32Bits(uint32_t bits) { return Value(ValType::F32, bits, 0); }
  static Value f64Bits(uint64_t bits) { return Value(ValType::F64, bits, 0); }
  static Value f32(float v) { return f32Bits(std::bit_cast<uint32_t>(v)); }
  static Value f64(double v) { return f64Bits(std::bit_cast<uint64_t>(v)); }
  static Value v128(const V128 &v) {
    auto halves = std::bit_cast<std::array<uint64_t, 2>>(v.bytes);
    return Value(ValType::V128, halves[0], halves[1]);
  }
  /// A funcref or externref (type must be a reference type).
  static Value ref(ValType type, Ref r) {
    return Value(type, std::bit_cast<uint64_t>(reinterpret_cast<uintptr_t>(r.ptr)), 0);
  }

  [[nodiscard]] ValType type() const { return type_; }
  [[nodiscard]] uint32_t i32() const { return static_cast<uint32_t>(lo_); }
  [[nodiscard]] uint64_t i64() const { return lo_; }
  [[nodiscard]] uint32_t f32Bits() const { return static_cast<uint32_t>(lo_); }
  [[nodiscard]] uint64_t f64Bits() const { return lo_; }
  [[nodiscard]] float f32() const { return std::bit_cast<float>(f32Bits()); }
  [[nodiscard]] double f64() const { return std::bit_cast<double>(f64Bits()); }
  [[nodiscard]] V128 v128() const {
    return V128{std::bit_cast<std::array<uint8_t, 16>>(std::array<uint64_t, 2>{lo_, hi_})};
  }
  [[nodiscard]] Ref ref() const {
    return Ref{reinterpret_cast<const void *>(static_cast<uintptr_t>(lo_))};
  }
  /// Bitwise equality, type included (NaNs compare by payload).
  bool operator==(const Value &) const = default;

private:
  Value(ValType type, uint64_t lo, uint64_t hi) : type_(type), lo_(lo), hi_(hi) {}
  ValType type_ = ValType::I32;
  uint64_t lo_ = 0;
  uint64_t hi_ = 0;
};

} // namespace runw::engine
