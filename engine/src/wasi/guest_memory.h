// SPDX-License-Identifier: Apache-2.0
// GuestMemory: every access WASI makes to the module's linear memory, bounds-checked. A pointer
// or length that leaves the memory is Errno::Fault; nothing here reads or writes outside it.
#pragma once

#include "witx.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <expected>
#include <span>
#include <string_view>
#include <sys/uio.h>
#include <type_traits>
#include <vector>

namespace runw::engine::wasi {

using witx::Errno;

/// A value or a WASI errno: what every helper of a WASI call returns.
template <class T> using WasiResult = std::expected<T, Errno>;

/// Host iovecs built from a guest iovec array. Up to kInline live in place (no allocation on
/// the fd_read/fd_write path); longer arrays spill to the heap.
class HostIovecs {
public:
  static constexpr size_t kInline = 16;
  /// Most entries an array may have (Linux's IOV_MAX; longer is Errno::Inval).
  static constexpr uint32_t kMax = 1024;

  void push(void *base, size_t length) {
    const iovec entry{base, length};
    if (count_ < kInline) {
      inline_[count_] = entry;
    } else {
      if (count_ == kInline) {
        heap_.assign(inline_.begin(), inline_.end());
      }
      heap_.push_back(entry);
    }
    ++count_;
    total_ += length;
  }
  [[nodiscard]] const iovec *data() const {
    return count_ > kInline ? heap_.data() : inline_.data();
  }
  [[nodiscard]] int count() const { return static_cast<int>(count_); }
  /// Sum of the lengths.
  [[nodiscard]] uint64_t totalBytes() const { return total_; }

private:
  std::array<iovec, kInline> inline_{};
  std::vector<iovec> heap_;
  size_t count_ = 0;
  uint64_t total_ = 0;
};

/// The calling instance's memory 0, valid for the duration of one host call.
class GuestMemory {
public:
  explicit GuestMemory(std::span<uint8_t> bytes) : bytes_(bytes) {}

  /// True when [ptr, ptr + length) lies inside the memory.
  [[nodiscard]] bool contains(uint32_t ptr, uint64_t length) const {
    return uint64_t{ptr} + length <= bytes_.size();
  }

  /// Reads a little-endian integer at ptr (any alignment).
  template <class T> [[nodiscard]] WasiResult<T> load(uint32_t ptr) const {
    static_assert(std::is_integral_v<T> && std::endian::native == std::endian::little);
    if (!contains(ptr, sizeof(T))) {
      return std::unexpected(Errno::Fault);
    }
    T value;
    std::memcpy(&value, bytes_.data() + ptr, sizeof(T));
    return value;
  }

  /// Writes a little-endian integer at ptr (any alignment).
  template <class T> [[nodiscard]] WasiResult<void> store(uint32_t ptr, T value) {
    static_assert(std::is_integral_v<T> && std::endian::native == std::endian::little);
    if (!contains(ptr, sizeof(T))) {
      return std::unexpected(Errno::Fault);
    }
    std::memcpy(bytes_.data() + ptr, &value, sizeof(T));
    return {};
  }

  /// The guest bytes [ptr, ptr + length).
  [[nodiscard]] WasiResult<std::span<uint8_t>> bytes(uint32_t ptr, uint64_t length) const {
    if (!contains(ptr, length)) {
      return std::unexpected(Errno::Fault);
    }
    return bytes_.subspan(ptr, static_cast<size_t>(length));
  }

  /// A guest string (not NUL-terminated) of length bytes at ptr. An embedded NUL cannot name a
  /// host path, so it is Errno::Inval here rather than a silently shortened path.
  [[nodiscard]] WasiResult<std::string_view> path(uint32_t ptr, uint32_t length) const {
    auto view = bytes(ptr, length);
    if (!view) {
      return std::unexpected(view.error());
    }
    const std::string_view text(reinterpret_cast<const char *>(view->data()), view->size());
    if (text.find('\0') != std::string_view::npos) {
      return std::unexpected(Errno::Inval);
    }
    return text;
  }

  /// Host iovecs for the guest's (c)iovec array of count entries at ptr; every buffer is
  /// checked to lie inside the memory.
  [[nodiscard]] WasiResult<HostIovecs> iovecs(uint32_t ptr, uint32_t count) const {
    if (count > HostIovecs::kMax) {
      return std::unexpected(Errno::Inval);
    }
    if (!contains(ptr, uint64_t{count} * witx::layout::kIovecSize)) {
      return std::unexpected(Errno::Fault);
    }
    HostIovecs out;
    for (uint32_t i = 0; i < count; ++i) {
      const uint32_t entry = ptr + i * witx::layout::kIovecSize;
      const uint32_t buf = *load<uint32_t>(entry + witx::layout::kIovecBuf);
      const uint32_t length = *load<uint32_t>(entry + witx::layout::kIovecLen);
      if (!contains(buf, length)) {
        return std::unexpected(Errno::Fault);
      }
      out.push(bytes_.data() + buf, length);
    }
    return out;
  }

private:
  std::span<uint8_t> bytes_;
};

} // namespace runw::engine::wasi
