// SPDX-License-Identifier: Apache-2.0
// Bounded JSON text -> DOM parsing: size and depth limits, duplicate keys rejected.
#pragma once

#include "oci/json.h"
#include "support/result.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace runw::oci::detail {

/// Insertion-ordered DOM, so serialized documents keep a readable, stable member order.
using Json = nlohmann::ordered_json;

/// Parses text into a DOM, enforcing limits and rejecting duplicate object keys
/// (RFC 8259 leaves them undefined; runw refuses to guess which one wins).
Result<Json> parseDocument(std::string_view text, const ParseLimits &limits);

/// Writes a DOM as text; invalid UTF-8 in strings is replaced, never thrown.
std::string dumpDocument(const Json &json, const SerializeOptions &options);

} // namespace runw::oci::detail
