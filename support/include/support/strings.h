// SPDX-License-Identifier: Apache-2.0
// Small string helpers shared by every module.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace runw {

/// fmt::format under the project's name, for code that must not depend on fmt directly.
template <class... Args> std::string strprintf(fmt::format_string<Args...> format, Args &&...args) {
  return fmt::format(format, std::forward<Args>(args)...);
}

/// Splits on every occurrence of sep; "a,,b" gives {"a", "", "b"}. The parts view text, so
/// text must outlive them.
inline std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t pos = text.find(sep); pos != std::string_view::npos; pos = text.find(sep, start)) {
    parts.push_back(text.substr(start, pos - start));
    start = pos + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

/// Splitting a temporary string would return views into memory freed at the end of the
/// statement (a range-for over split(f()) included): refused at compile time.
std::vector<std::string_view> split(std::string &&text, char sep) = delete;

/// Joins parts with sep between them.
template <class Range> std::string join(const Range &parts, std::string_view sep) {
  std::string out;
  bool first = true;
  for (const auto &part : parts) {
    if (!first) {
      out += sep;
    }
    out += part;
    first = false;
  }
  return out;
}

} // namespace runw
