// SPDX-License-Identifier: Apache-2.0
// Decoder and Encoder: the two visitors that turn OCI structs into JSON and back.
//
// Each struct has one `fields(Io &io, T &value)` function listing its members once; the same
// list drives decoding (with type, range and required-field checks that name the JSON path)
// and encoding, so the two directions cannot drift apart and round trips stay lossless.
#pragma once

#include "json_document.h"
#include "json_path.h"

#include "oci/extensions.h"
#include "support/result.h"

#include <fmt/format.h>

#include <cmath>
#include <concepts>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace runw::oci::detail {

/// Short JSON type name for "expected X, got Y" messages.
const char *jsonTypeName(const Json &json);

/// The first error seen while decoding a document; later checks are skipped.
struct DecodeStatus {
  std::optional<Error> error;

  bool failed() const { return error.has_value(); }
  /// Records `path: message` unless an earlier error is already recorded; returns false.
  bool fail(const JsonPath &path, const std::string &message) {
    if (!error) {
      const std::string where = path.str();
      error = Error{ErrorCode::Invalid, 0, fmt::format("{}: {}", where, message), {}};
    }
    return false;
  }
  bool expected(const JsonPath &path, const char *what, const Json &got) {
    return fail(path, fmt::format("expected {}, got {}", what, jsonTypeName(got)));
  }
};

class Decoder;
class Encoder;

/// A struct whose members are listed by fields(Decoder&, T&).
template <class T>
concept Described = requires(Decoder &decoder, T &value) {
  fields(decoder, value);
};

/// An integer type other than bool.
template <class T>
concept Integer = std::integral<T> && !std::same_as<T, bool>;

/// Enumerations spelled as JSON strings specialise this with a name table.
template <class E> struct EnumNames;

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires {
  EnumNames<E>::kNames;
};

// ---- declarations first, so each overload can reach every other one ----------------------

bool decodeValue(const Json &json, const JsonPath &path, bool &out, DecodeStatus &status);
bool decodeValue(const Json &json, const JsonPath &path, std::string &out, DecodeStatus &status);
template <Integer I>
bool decodeValue(const Json &json, const JsonPath &path, I &out, DecodeStatus &status);
template <NamedEnum E>
bool decodeValue(const Json &json, const JsonPath &path, E &out, DecodeStatus &status);
template <class T>
bool decodeValue(const Json &json, const JsonPath &path, std::vector<T> &out, DecodeStatus &status);
template <class T>
bool decodeValue(const Json &json, const JsonPath &path, std::map<std::string, T> &out,
                 DecodeStatus &status);
template <Described T>
bool decodeValue(const Json &json, const JsonPath &path, T &out, DecodeStatus &status);

inline Json encodeValue(bool value);
inline Json encodeValue(const std::string &value);
template <Integer I> Json encodeValue(I value);
template <NamedEnum E> Json encodeValue(E value);
template <class T> Json encodeValue(const std::vector<T> &values);
template <class T> Json encodeValue(const std::map<std::string, T> &values);
template <Described T> Json encodeValue(const T &value);

// ---- decoding of single values ------------------------------------------------------------

/// Integers must be written as JSON integers (like Go's encoding/json, 1.0 and 1e3 are not
/// integers) and must fit the field's type.
template <Integer I>
bool decodeValue(const Json &json, const JsonPath &path, I &out, DecodeStatus &status) {
  constexpr const char *kTypeName = std::is_signed_v<I> ? (sizeof(I) == 8   ? "int64"
                                                           : sizeof(I) == 4 ? "int32"
                                                                            : "int16")
                                                        : (sizeof(I) == 8   ? "uint64"
                                                           : sizeof(I) == 4 ? "uint32"
                                                                            : "uint16");
  if (json.is_number_unsigned()) {
    const auto value = json.get<uint64_t>();
    if (value > static_cast<uint64_t>(std::numeric_limits<I>::max())) {
      return status.fail(path, fmt::format("{} is out of range for {}", value, kTypeName));
    }
    out = static_cast<I>(value);
    return true;
  }
  if (json.is_number_integer()) {
    const auto value = json.get<int64_t>();
    if (value < static_cast<int64_t>(std::numeric_limits<I>::min()) ||
        (value > 0 &&
         static_cast<uint64_t>(value) > static_cast<uint64_t>(std::numeric_limits<I>::max()))) {
      return status.fail(path, fmt::format("{} is out of range for {}", value, kTypeName));
    }
    out = static_cast<I>(value);
    return true;
  }
  if (json.is_number_float()) {
    const double value = json.get<double>();
    if (std::isfinite(value) && std::trunc(value) == value) {
      return status.fail(path, fmt::format("{} is out of range for {}", json.dump(), kTypeName));
    }
    return status.fail(path, fmt::format("expected integer, got {}", json.dump()));
  }
  return status.expected(path, "integer", json);
}

template <NamedEnum E>
bool decodeValue(const Json &json, const JsonPath &path, E &out, DecodeStatus &status) {
  if (!json.is_string()) {
    return status.expected(path, "string", json);
  }
  const auto &text = json.get_ref<const std::string &>();
  for (const auto &[value, name] : EnumNames<E>::kNames) {
    if (text == name) {
      out = value;
      return true;
    }
  }
  std::vector<std::string> names;
  for (const auto &entry : EnumNames<E>::kNames) {
    names.emplace_back(entry.second);
  }
  return status.fail(path, fmt::format("unknown value \"{}\" (expected one of: {})",
                                       text.substr(0, 80), fmt::join(names, ", ")));
}

template <class T>
bool decodeValue(const Json &json, const JsonPath &path, std::vector<T> &out,
                 DecodeStatus &status) {
  if (!json.is_array()) {
    return status.expected(path, "array", json);
  }
  out.clear();
  out.reserve(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    if (!decodeValue(json[i], JsonPath(path, i), out.emplace_back(), status)) {
      return false;
    }
  }
  return true;
}

template <class T>
bool decodeValue(const Json &json, const JsonPath &path, std::map<std::string, T> &out,
                 DecodeStatus &status) {
  if (!json.is_object()) {
    return status.expected(path, "object", json);
  }
  out.clear();
  for (const auto &[key, value] : json.items()) {
    if (!decodeValue(value, JsonPath(path, key), out[key], status)) {
      return false;
    }
  }
  return true;
}

template <Described T>
bool decodeValue(const Json &json, const JsonPath &path, T &out, DecodeStatus &status);

// ---- the two visitors -------------------------------------------------------------------

/// Reads the members of one JSON object into a struct.
class Decoder {
public:
  Decoder(const Json &object, const JsonPath &path, DecodeStatus &status)
      : object_(object), path_(path), status_(status) {}

  /// A member that must be present (and not null).
  template <class T> void required(const char *key, T &out) {
    if (status_.failed()) {
      return;
    }
    consumed_.push_back(key);
    const auto found = object_.find(key);
    if (found == object_.end()) {
      status_.fail(JsonPath(path_, key), "missing required field");
      return;
    }
    decodeValue(*found, JsonPath(path_, key), out, status_);
  }

  /// A member that may be absent; null counts as absent, as in Go's encoding/json.
  template <class T> void optional(const char *key, std::optional<T> &out) {
    if (status_.failed()) {
      return;
    }
    consumed_.push_back(key);
    const auto found = object_.find(key);
    if (found == object_.end() || found->is_null()) {
      out.reset();
      return;
    }
    decodeValue(*found, JsonPath(path_, key), out.emplace(), status_);
  }

  /// Keeps every member not named by required()/optional(); call it last.
  void extensions(Extensions &out);

private:
  const Json &object_;
  const JsonPath &path_;
  DecodeStatus &status_;
  std::vector<std::string_view> consumed_;
};

template <Described T>
bool decodeValue(const Json &json, const JsonPath &path, T &out, DecodeStatus &status) {
  if (!json.is_object()) {
    return status.expected(path, "object", json);
  }
  Decoder decoder(json, path, status);
  fields(decoder, out);
  return !status.failed();
}

// ---- encoding of single values ------------------------------------------------------------

inline Json encodeValue(bool value) { return Json(value); }
inline Json encodeValue(const std::string &value) { return Json(value); }
template <Integer I> Json encodeValue(I value) { return Json(value); }

template <NamedEnum E> Json encodeValue(E value) {
  for (const auto &[known, name] : EnumNames<E>::kNames) {
    if (known == value) {
      return Json(name);
    }
  }
  return Json(nullptr);
}

template <class T> Json encodeValue(const std::vector<T> &values) {
  Json out = Json::array();
  for (const auto &value : values) {
    out.push_back(encodeValue(value));
  }
  return out;
}

template <class T> Json encodeValue(const std::map<std::string, T> &values) {
  Json out = Json::object();
  for (const auto &[key, value] : values) {
    out[key] = encodeValue(value);
  }
  return out;
}

template <Described T> Json encodeValue(const T &value);

/// Writes the members of a struct into one JSON object, in the order fields() lists them.
class Encoder {
public:
  explicit Encoder(Json &object) : object_(object) {}

  template <class T> void required(const char *key, const T &value) {
    object_[key] = encodeValue(value);
  }
  template <class T> void optional(const char *key, const std::optional<T> &value) {
    if (value) {
      object_[key] = encodeValue(*value);
    }
  }
  /// Writes back the members the model did not know.
  void extensions(const Extensions &extensions);

private:
  Json &object_;
};

template <Described T> Json encodeValue(const T &value) {
  Json out = Json::object();
  Encoder encoder(out);
  // fields() takes a mutable reference so one function serves both visitors; the Encoder
  // only reads through it.
  fields(encoder, const_cast<T &>(value)); // NOLINT(cppcoreguidelines-pro-type-const-cast)
  return out;
}

/// Parses text with limits and decodes the root object into T.
template <Described T> Result<T> decodeDocument(std::string_view text, const ParseLimits &limits) {
  Json json = TRY(parseDocument(text, limits));
  T out{};
  DecodeStatus status;
  decodeValue(json, JsonPath(), out, status);
  if (status.error) {
    return std::unexpected<Error>(std::move(*status.error));
  }
  return out;
}

/// Encodes T and writes it as text.
template <Described T> std::string encodeDocument(const T &value, const SerializeOptions &options) {
  return dumpDocument(encodeValue(value), options);
}

} // namespace runw::oci::detail
