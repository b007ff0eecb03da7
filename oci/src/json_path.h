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
  if (key.size() > kMaxShownKey) {
    return appendKey(path, std::string(key.substr(0, kMaxShownKey)) + "...");
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

} // namespace runw::oci::detail
