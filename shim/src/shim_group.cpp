// SPDX-License-Identifier: Apache-2.0
// Which shim serves a container: one shim per pod, as containerd's runc shim and runwasi do.
#include "shim_group.h"

#include <nlohmann/json.hpp>

#include <array>
#include <fstream>
#include <string_view>

namespace runw::shim {

namespace {

constexpr std::array<std::string_view, 2> kGroupAnnotations = {"io.kubernetes.cri.sandbox-id",
                                                               "io.containerd.runc.v2.group"};

} // namespace

std::string groupingKey(const std::string &bundle, const std::string &id) {
  std::ifstream config(bundle + "/config.json");
  // A bundle without a readable config.json gets its own shim; Create reports the real error.
  const nlohmann::json spec = nlohmann::json::parse(config, nullptr, /*allow_exceptions=*/false);
  if (!spec.is_object() || !spec.contains("annotations") || !spec["annotations"].is_object()) {
    return id;
  }
  const nlohmann::json &annotations = spec["annotations"];
  for (std::string_view key : kGroupAnnotations) {
    auto it = annotations.find(key);
    if (it != annotations.end() && it->is_string() && !it->get<std::string>().empty()) {
      return it->get<std::string>();
    }
  }
  return id;
}

} // namespace runw::shim
