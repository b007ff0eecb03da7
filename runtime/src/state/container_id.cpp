// SPDX-License-Identifier: Apache-2.0
// Container id validation (runc libcontainer validateID, plus a length bound).
#include "state/container_id.h"

#include "support/strings.h"

#include <string>

namespace runw::runtime::state {
namespace {

bool isIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '+' || c == '-' || c == '.';
}

// The id is echoed in the error; hostile ids may hold control bytes or invalid UTF-8, so
// everything outside printable ASCII is shown as \xNN and the whole is cut to a sane length.
std::string printableId(std::string_view id) {
  constexpr size_t kShown = 64;
  std::string out = "\"";
  for (size_t i = 0; i < id.size() && i < kShown; ++i) {
    const auto byte = static_cast<unsigned char>(id[i]);
    if (byte < 0x20 || byte >= 0x7f || byte == '"' || byte == '\\') {
      out += strprintf("\\x{:02x}", byte);
    } else {
      out += static_cast<char>(byte);
    }
  }
  out += '"';
  if (id.size() > kShown) {
    out += strprintf(" ({} bytes)", id.size());
  }
  return out;
}

} // namespace

Result<void> validateContainerId(std::string_view id) {
  if (id.empty()) {
    return fail(ErrorCode::Invalid, "container id cannot be empty");
  }
  const auto invalid = [&](std::string_view why) {
    return fail(ErrorCode::Invalid,
                strprintf("invalid container ID format: {}: {}", printableId(id), why));
  };
  if (id.size() > kMaxContainerIdLength) {
    return invalid(strprintf("longer than {} bytes", kMaxContainerIdLength));
  }
  for (const char c : id) {
    if (!isIdChar(c)) {
      return invalid("only A-Z a-z 0-9 _ + - . are allowed");
    }
  }
  // runc compares "/"+id with its cleaned form; with '/' already excluded only "." and ".."
  // differ, and both name a directory other than a new one under the root.
  if (id == "." || id == "..") {
    return invalid("not a file name");
  }
  return {};
}

} // namespace runw::runtime::state
