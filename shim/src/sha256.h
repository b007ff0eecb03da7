// SPDX-License-Identifier: Apache-2.0
// SHA-256 (FIPS 180-4) of a string, for the shim socket name containerd derives from it.
#pragma once

#include <string>
#include <string_view>

namespace runw::shim {

/// The lowercase hex SHA-256 digest of data.
std::string sha256Hex(std::string_view data);

} // namespace runw::shim
