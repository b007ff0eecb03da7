// SPDX-License-Identifier: Apache-2.0
// Building validation errors: `offset 0x2a: <spec text>`.
#pragma once

#include "support/result.h"

#include <fmt/format.h>

#include <cstdint>
#include <string_view>

namespace runw::engine::validator {

/// A validation failure at a module offset, with the reference interpreter's text.
inline std::unexpected<Error> invalidAt(uint32_t offset, std::string_view text) {
  return fail(ErrorCode::Invalid, fmt::format("offset {:#x}: {}", offset, text));
}

} // namespace runw::engine::validator
