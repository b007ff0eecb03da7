// SPDX-License-Identifier: Apache-2.0
// JSON paths for error messages: process.args[0], linux.sysctl["net.ipv4.ip_forward"].
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace runw::oci::detail {

/// True when key can be written after a dot without ambiguity.
inline bool isPlainKey(std::string_view key) {
  if (key.empty()) {
    return false;
  }
  for (const char c : key) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && c != '_') {
      return false;
    }
  }
  return true;
}

/// path + ".key", or path + "[\"key\"]" when the key has dots or other punctuation.
inline std::string appendKey(const std::string &path, std::string_view key) {
  // A hostile multi-megabyte key must not turn into a multi-megabyte error line.
  constexpr size_t kMaxShownKey = 80;
  std::string shortened;
  if (key.size() > kMaxShownKey) {
    shortened = std::string(key.substr(0, kMaxShownKey)) + "...";
    key = shortened;
  }
  if (!isPlainKey(key)) {
    std::string quoted;
    for (const char c : key) {
      if (c == '"' || c == '\\') {
        quoted += '\\';
      }
      // Control characters would break the one-line error; show them as '?'.
      quoted += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    }
    return fmt::format("{}[\"{}\"]", path, quoted);
  }
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

/// path + "[index]".
inline std::string appendIndex(const std::string &path, size_t index) {
  return fmt::format("{}[{}]", path, index);
}

/// A position in a JSON document, as a chain of stack nodes from the root. Decoding passes
/// these down for free and only turns one into text when an error must name it.
class JsonPath {
public:
  /// The document root.
  JsonPath() = default;
  /// Member `key` of the object at parent.
  JsonPath(const JsonPath &parent, std::string_view key) : parent_(&parent), key_(key) {}
  /// Element `index` of the array at parent.
  JsonPath(const JsonPath &parent, size_t index)
      : parent_(&parent), index_(index), isIndex_(true) {}

  /// "process.args[0]"; "(document)" for the root.
  [[nodiscard]] std::string str() const {
    std::string out = build();
    return out.empty() ? std::string("(document)") : out;
  }

private:
  [[nodiscard]] std::string build() const {
    if (parent_ == nullptr) {
      return {};
    }
    std::string prefix = parent_->build();
    return isIndex_ ? appendIndex(prefix, index_) : appendKey(prefix, key_);
  }

  const JsonPath *parent_ = nullptr;
  std::string_view key_;
  size_t index_ = 0;
  bool isIndex_ = false;
};

} // namespace runw::oci::detail
