// SPDX-License-Identifier: Apache-2.0
// ByteReader: bounds-checked reading of the binary format's primitives (core spec 5.1, 5.2).
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>

namespace runw::engine {

/// Why a primitive could not be read. The texts are the reference interpreter's, which the
/// spec tests' assert_malformed expects.
enum class ReadError : uint8_t {
  None,
  UnexpectedEnd,   ///< "unexpected end"
  IntegerTooLong,  ///< "integer representation too long"
  IntegerTooLarge, ///< "integer too large"
};

/// Spec-test text of a read error.
constexpr std::string_view readErrorText(ReadError error) {
  switch (error) {
  case ReadError::None:
    return "";
  case ReadError::UnexpectedEnd:
    return "unexpected end";
  case ReadError::IntegerTooLong:
    return "integer representation too long";
  case ReadError::IntegerTooLarge:
    return "integer too large";
  }
  return "";
}

/// Reads primitives from a byte range. Every read checks bounds; on failure it records the
/// first error and the offset where it happened, and returns 0, so callers can check once
/// after a group of reads. The reader never reads outside its span.
class ByteReader {
public:
  /// Reads bytes; base is the offset of bytes[0] within the whole module (for messages).
  explicit ByteReader(std::span<const uint8_t> bytes, size_t base = 0)
      : bytes_(bytes), base_(base) {}

  /// True while no read has failed.
  [[nodiscard]] bool ok() const { return error_ == ReadError::None; }
  [[nodiscard]] ReadError error() const { return error_; }
  /// Module offset of the failed read, or of the next byte while ok().
  [[nodiscard]] size_t errorOffset() const { return ok() ? offset() : errorOffset_; }
  /// Module offset of the next byte.
  [[nodiscard]] size_t offset() const { return base_ + pos_; }
  /// Bytes left.
  [[nodiscard]] size_t remaining() const { return bytes_.size() - pos_; }
  [[nodiscard]] bool atEnd() const { return pos_ == bytes_.size(); }

  /// One byte.
  uint8_t u8() {
    if (!ok() || pos_ >= bytes_.size()) {
      return fail(ReadError::UnexpectedEnd), 0;
    }
    return bytes_[pos_++];
  }

  /// n raw bytes; an empty span (and an error) when fewer remain.
  std::span<const uint8_t> bytes(size_t n) {
    if (!ok() || n > remaining()) {
      fail(ReadError::UnexpectedEnd);
      return {};
    }
    auto out = bytes_.subspan(pos_, n);
    pos_ += n;
    return out;
  }

  /// Little-endian fixed-width value (f32/f64 bit patterns, v128 bytes).
  template <class T> T fixed() {
    static_assert(std::is_trivially_copyable_v<T>);
    T out{};
    auto raw = bytes(sizeof(T));
    if (!raw.empty()) {
      std::memcpy(&out, raw.data(), sizeof(T));
    }
    return out;
  }

  uint32_t u32() { return static_cast<uint32_t>(unsignedLeb(32)); }
  uint64_t u64() { return unsignedLeb(64); }
  int32_t s32() { return static_cast<int32_t>(signedLeb(32)); }
  int64_t s64() { return signedLeb(64); }
  /// The 33-bit signed integer of block types (core spec 5.4.1).
  int64_t s33() { return signedLeb(33); }

  /// Marks the reader failed (used by callers for their own checks at this position).
  void fail(ReadError error) {
    if (ok()) {
      error_ = error;
      errorOffset_ = offset();
    }
  }

private:
  // LEB128 with the spec's limits: at most ceil(N/7) bytes, and unused bits of the last
  // byte must be zero (unsigned) or a sign extension (signed) (core spec 5.2.2).
  uint64_t unsignedLeb(unsigned bits) {
    uint64_t result = 0;
    const unsigned maxBytes = (bits + 6) / 7;
    for (unsigned i = 0; i < maxBytes; ++i) {
      const uint8_t byte = u8();
      if (!ok()) {
        return 0;
      }
      const unsigned shift = 7 * i;
      if (i == maxBytes - 1) {
        const unsigned usedBits = bits - shift;
        if ((byte & 0x80) != 0) {
          return fail(ReadError::IntegerTooLong), 0;
        }
        if (usedBits < 7 && (byte >> usedBits) != 0) {
          return fail(ReadError::IntegerTooLarge), 0;
        }
      }
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        return result;
      }
    }
    return result;
  }

  int64_t signedLeb(unsigned bits) {
    uint64_t result = 0;
    const unsigned maxBytes = (bits + 6) / 7;
    for (unsigned i = 0; i < maxBytes; ++i) {
      const uint8_t byte = u8();
      if (!ok()) {
        return 0;
      }
      const unsigned shift = 7 * i;
      if (i == maxBytes - 1) {
        if ((byte & 0x80) != 0) {
          return fail(ReadError::IntegerTooLong), 0;
        }
        // The bits above the value's width, including the sign bit of this byte, must all
        // equal the value's sign bit.
        const unsigned usedBits = bits - shift; // value bits in this byte, 1..7
        if (usedBits < 7) {
          const uint8_t high = static_cast<uint8_t>(byte >> (usedBits - 1)) & 0x7F;
          const uint8_t allOnes = static_cast<uint8_t>(0x7F >> (usedBits - 1));
          if (high != 0 && high != allOnes) {
            return fail(ReadError::IntegerTooLarge), 0;
          }
        }
      }
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        const unsigned width = shift + 7;
        if (width < 64 && (byte & 0x40) != 0) {
          result |= ~uint64_t{0} << width; // sign-extend
        }
        return static_cast<int64_t>(result);
      }
    }
    return static_cast<int64_t>(result);
  }

  std::span<const uint8_t> bytes_;
  size_t base_;
  size_t pos_ = 0;
  ReadError error_ = ReadError::None;
  size_t errorOffset_ = 0;
};

} // namespace runw::engine
