// SPDX-License-Identifier: Apache-2.0
// ContainerRecord <-> state.json; the only runtime file that sees nlohmann, called no-throw.
#include "state/record.h"

#include "support/strings.h"

#include <nlohmann/json.hpp>

#include <array>
#include <limits>
#include <utility>

namespace runw::runtime::state {
namespace {

using Json = nlohmann::ordered_json;

// Keys of state.json. The file is runw's private format, so they can differ from runc's.
constexpr const char *kVersionKey = "runwStateVersion";

constexpr std::array<std::pair<oci::ContainerStatus, const char *>, 5> kStatusNames{{
    {oci::ContainerStatus::Creating, "creating"},
    {oci::ContainerStatus::Created, "created"},
    {oci::ContainerStatus::Running, "running"},
    {oci::ContainerStatus::Stopped, "stopped"},
    {oci::ContainerStatus::Paused, "paused"},
}};

std::string dump(const Json &json, int indent) {
  // replace: a non-UTF-8 path must not throw (no exceptions cross module boundaries).
  return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// Typed, no-throw member access: every read checks the type before get<>().
class Reader {
public:
  explicit Reader(const Json &object) : object_(object) {}

  Result<const Json *> member(const char *key, bool required) const {
    const auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
      if (required) {
        return fail(ErrorCode::Invalid, strprintf("{}: missing", key));
      }
      return nullptr;
    }
    return &*it;
  }

  Result<void> string(const char *key, std::string &out, bool required = false) const {
    const Json *value = TRY(member(key, required));
    if (value == nullptr) {
      return {};
    }
    if (!value->is_string()) {
      return typeError(key, "string");
    }
    out = value->get_ref<const std::string &>();
    return {};
  }

  Result<void> boolean(const char *key, bool &out) const {
    const Json *value = TRY(member(key, false));
    if (value == nullptr) {
      return {};
    }
    if (!value->is_boolean()) {
      return typeError(key, "boolean");
    }
    out = value->get<bool>();
    return {};
  }

  template <class T> Result<void> unsignedNumber(const char *key, T &out) const {
    const Json *value = TRY(member(key, false));
    if (value == nullptr) {
      return {};
    }
    if (!value->is_number_unsigned() ||
        value->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<T>::max())) {
      return typeError(key, "unsigned integer in range");
    }
    out = static_cast<T>(value->get<uint64_t>());
    return {};
  }

  static std::unexpected<Error> typeError(const char *key, const char *expected) {
    return fail(ErrorCode::Invalid, strprintf("{}: expected {}", key, expected));
  }

private:
  const Json &object_;
};

Result<oci::ContainerStatus> parseStatus(const Reader &reader) {
  std::string name;
  TRY(reader.string("status", name, true));
  for (const auto &[status, text] : kStatusNames) {
    if (name == text) {
      return status;
    }
  }
  return fail(ErrorCode::Invalid, strprintf("status: unknown value \"{}\"", name));
}

Result<void> parseAnnotations(const Reader &reader, oci::StringMap &out) {
  const Json *value = TRY(reader.member("annotations", false));
  if (value == nullptr) {
    return {};
  }
  if (!value->is_object()) {
    return Reader::typeError("annotations", "object");
  }
  for (const auto &[key, item] : value->items()) {
    if (!item.is_string()) {
      return Reader::typeError("annotations", "object of strings");
    }
    out.emplace(key, item.get_ref<const std::string &>());
  }
  return {};
}

Result<void> parseNamespaces(const Reader &reader, std::vector<NamespacePath> &out) {
  const Json *value = TRY(reader.member("namespaces", false));
  if (value == nullptr) {
    return {};
  }
  if (!value->is_array()) {
    return Reader::typeError("namespaces", "array");
  }
  for (const Json &item : *value) {
    if (!item.is_object()) {
      return Reader::typeError("namespaces[]", "object");
    }
    const Reader entry(item);
    NamespacePath ns;
    TRY(std::move(entry.string("type", ns.type, true)).context("namespaces[]"));
    TRY(std::move(entry.string("path", ns.path, true)).context("namespaces[]"));
    out.push_back(std::move(ns));
  }
  return {};
}

Result<void> parseStringList(const Reader &reader, const char *key, std::vector<std::string> &out) {
  const Json *value = TRY(reader.member(key, false));
  if (value == nullptr) {
    return {};
  }
  if (!value->is_array()) {
    return Reader::typeError(key, "array");
  }
  for (const Json &item : *value) {
    if (!item.is_string()) {
      return Reader::typeError(key, "array of strings");
    }
    out.push_back(item.get<std::string>());
  }
  return {};
}

Result<void> parseConfig(const Reader &reader, std::string &out) {
  const Json *value = TRY(reader.member("config", false));
  if (value == nullptr) {
    return {};
  }
  if (!value->is_object()) {
    return Reader::typeError("config", "object");
  }
  out = dump(*value, -1);
  return {};
}

Result<void> parseFields(const Reader &reader, ContainerRecord &record) {
  TRY(reader.string("id", record.id, true));
  TRY(reader.string("ociVersion", record.ociVersion));
  record.status = TRY(parseStatus(reader));
  uint32_t pid = 0;
  TRY(reader.unsignedNumber("initPid", pid));
  if (pid > static_cast<uint32_t>(std::numeric_limits<int32_t>::max())) {
    return Reader::typeError("initPid", "pid");
  }
  record.initPid = static_cast<int32_t>(pid);
  TRY(reader.unsignedNumber("initStartTime", record.initStartTime));
  TRY(reader.string("bundle", record.bundle, true));
  TRY(reader.string("rootfs", record.rootfs));
  TRY(reader.string("created", record.created));
  TRY(reader.unsignedNumber("ownerUid", record.ownerUid));
  TRY(parseAnnotations(reader, record.annotations));
  TRY(reader.string("cgroupPath", record.cgroupPath));
  TRY(reader.boolean("systemdCgroup", record.systemdCgroup));
  TRY(parseStringList(reader, "cgroupDirs", record.cgroupDirs));
  TRY(reader.boolean("rootless", record.rootless));
  TRY(reader.boolean("wasm", record.wasm));
  TRY(parseNamespaces(reader, record.namespaces));
  TRY(parseConfig(reader, record.configJson));
  return {};
}

const char *statusName(oci::ContainerStatus status) {
  for (const auto &[value, text] : kStatusNames) {
    if (value == status) {
      return text;
    }
  }
  return "stopped";
}

} // namespace

std::string serializeRecord(const ContainerRecord &record) {
  Json json = Json::object();
  json[kVersionKey] = kRecordFormatVersion;
  json["id"] = record.id;
  json["ociVersion"] = record.ociVersion;
  json["status"] = statusName(record.status);
  json["initPid"] = record.initPid;
  json["initStartTime"] = record.initStartTime;
  json["bundle"] = record.bundle;
  json["rootfs"] = record.rootfs;
  json["created"] = record.created;
  json["ownerUid"] = record.ownerUid;
  json["annotations"] = Json::object();
  for (const auto &[key, value] : record.annotations) {
    json["annotations"][key] = value;
  }
  json["cgroupPath"] = record.cgroupPath;
  json["systemdCgroup"] = record.systemdCgroup;
  json["cgroupDirs"] = record.cgroupDirs;
  json["rootless"] = record.rootless;
  json["wasm"] = record.wasm;
  json["namespaces"] = Json::array();
  for (const NamespacePath &ns : record.namespaces) {
    json["namespaces"].push_back(Json{{"type", ns.type}, {"path", ns.path}});
  }
  if (!record.configJson.empty()) {
    // Stored as a nested object so state.json stays readable; text that does not parse is
    // dropped rather than written as a string that would not round-trip.
    Json config = Json::parse(record.configJson, nullptr, false);
    if (config.is_object()) {
      json["config"] = std::move(config);
    }
  }
  return dump(json, 2) + "\n";
}

Result<ContainerRecord> parseRecord(std::string_view text) {
  const Json json = Json::parse(text.begin(), text.end(), nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return fail(ErrorCode::Invalid, "state.json: not a JSON object");
  }
  const Reader reader(json);
  int version = 0;
  TRY(std::move(reader.unsignedNumber(kVersionKey, version)).context("state.json"));
  if (version < 1 || version > kRecordFormatVersion) {
    return fail(ErrorCode::Unsupported,
                strprintf("state.json: layout version {} (this runw reads 1 to {})", version,
                          kRecordFormatVersion));
  }
  ContainerRecord record;
  TRY(std::move(parseFields(reader, record)).context("state.json"));
  return record;
}

oci::State toOciState(const ContainerRecord &record, oci::ContainerStatus status) {
  oci::State state;
  state.ociVersion = record.ociVersion;
  state.id = record.id;
  state.status = status;
  state.pid = status == oci::ContainerStatus::Stopped ? 0 : record.initPid;
  state.bundle = record.bundle;
  if (!record.annotations.empty()) {
    state.annotations = record.annotations;
  }
  // runc's `state` also prints rootfs, created and owner; the OCI model keeps them as
  // extension members (compact JSON text).
  state.extensions.members.emplace_back("rootfs", dump(Json(record.rootfs), -1));
  state.extensions.members.emplace_back("created", dump(Json(record.created), -1));
  state.extensions.members.emplace_back("owner", dump(Json(""), -1));
  return state;
}

} // namespace runw::runtime::state
