// SPDX-License-Identifier: Apache-2.0
// Extensions: JSON members the model does not know, kept so round trips lose nothing.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace runw::oci {

/// Members of a JSON object that the typed model does not name. The runtime-spec says
/// unknown properties MUST be ignored, not rejected (config.md, "Extensibility"); runw
/// keeps them verbatim (key, compact JSON text) in document order so that
/// parse -> serialize writes them back unchanged.
struct Extensions {
  std::vector<std::pair<std::string, std::string>> members;

  bool operator==(const Extensions &) const = default;
  /// True when the object had no unknown members.
  [[nodiscard]] bool empty() const { return members.empty(); }
};

} // namespace runw::oci
