// SPDX-License-Identifier: Apache-2.0
// Non-template parts of the Decoder/Encoder visitors.
#include "codec.h"

#include <algorithm>

namespace runw::oci::detail {

const char *jsonTypeName(const Json &json) {
  switch (json.type()) {
  case Json::value_t::null:
    return "null";
  case Json::value_t::boolean:
    return "boolean";
  case Json::value_t::string:
    return "string";
  case Json::value_t::array:
    return "array";
  case Json::value_t::object:
    return "object";
  case Json::value_t::number_integer:
  case Json::value_t::number_unsigned:
  case Json::value_t::number_float:
    return "number";
  default:
    return "binary";
  }
}

bool decodeValue(const Json &json, const JsonPath &path, bool &out, DecodeStatus &status) {
  if (!json.is_boolean()) {
    return status.expected(path, "boolean", json);
  }
  out = json.get<bool>();
  return true;
}

bool decodeValue(const Json &json, const JsonPath &path, std::string &out, DecodeStatus &status) {
  if (!json.is_string()) {
    return status.expected(path, "string", json);
  }
  out = json.get_ref<const std::string &>();
  return true;
}

void Decoder::extensions(Extensions &out) {
  out.members.clear();
  if (status_.failed()) {
    return;
  }
  for (const auto &[key, value] : object_.items()) {
    if (std::find(consumed_.begin(), consumed_.end(), key) == consumed_.end()) {
      out.members.emplace_back(key, dumpDocument(value, {}));
    }
  }
}

void Encoder::extensions(const Extensions &extensions) {
  for (const auto &[key, text] : extensions.members) {
    // The text came from our own dump of a parsed value, so it parses; a hand-made
    // Extensions with broken text is written as a string rather than lost.
    Json value = Json::parse(text, nullptr, false);
    object_[key] = value.is_discarded() ? Json(text) : std::move(value);
  }
}

} // namespace runw::oci::detail
