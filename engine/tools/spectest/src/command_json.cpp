// SPDX-License-Identifier: Apache-2.0
// wast2json JSON -> typed commands and values; the only file of the runner that sees nlohmann.
#include "spectest/command.h"
#include "spectest/value.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <limits>
#include <utility>

namespace runw::spectest {

using engine::ValType;
using Json = nlohmann::json;

namespace {

// nlohmann is used without exceptions: every access checks the type first.
const Json *member(const Json &object, const char *key) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

Result<std::string> stringField(const Json &object, const char *key) {
  const Json *value = member(object, key);
  if (value == nullptr || !value->is_string()) {
    return fail(ErrorCode::Invalid, fmt::format("missing string \"{}\"", key));
  }
  return value->get_ref<const std::string &>();
}

std::optional<std::string> optionalString(const Json &object, const char *key) {
  const Json *value = member(object, key);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return value->get_ref<const std::string &>();
}

std::optional<ValType> valTypeFromName(std::string_view name) {
  for (const ValType type : {ValType::I32, ValType::I64, ValType::F32, ValType::F64, ValType::V128,
                             ValType::FuncRef, ValType::ExternRef}) {
    if (engine::valTypeName(type) == name) {
      return type;
    }
  }
  return std::nullopt;
}

Result<void> parseRefValue(const Json &value, WastValue &out) {
  if (!value.is_string()) {
    return fail(ErrorCode::Invalid, "reference \"value\" must be a string");
  }
  const auto &text = value.get_ref<const std::string &>();
  if (text == "null") {
    out.isNull = true;
    return {};
  }
  // A reference number is any u64; parse it as an i64 lane.
  const LaneValue id = TRY(parseLane(LaneType::I64, text));
  out.refId = id.bits;
  return {};
}

Result<void> parseV128Value(const Json &object, const Json &value, WastValue &out) {
  const std::string shape = TRY(stringField(object, "lane_type"));
  const auto lane = laneTypeFromName(shape);
  if (!lane) {
    return fail(ErrorCode::Invalid, fmt::format("unknown lane_type \"{}\"", shape));
  }
  if (!value.is_array() || value.size() != laneCount(*lane)) {
    return fail(ErrorCode::Invalid, fmt::format("v128 {} \"value\" must be an array of {} lanes",
                                                shape, laneCount(*lane)));
  }
  out.laneType = *lane;
  for (const Json &entry : value) {
    if (!entry.is_string()) {
      return fail(ErrorCode::Invalid, "v128 lanes must be strings");
    }
    out.lanes.push_back(TRY(parseLane(*lane, entry.get_ref<const std::string &>())));
  }
  return {};
}

LaneType scalarLane(ValType type) {
  switch (type) {
  case ValType::I64:
    return LaneType::I64;
  case ValType::F32:
    return LaneType::F32;
  case ValType::F64:
    return LaneType::F64;
  default:
    return LaneType::I32;
  }
}

Result<WastValue> valueFromJson(const Json &object) {
  const std::string typeName = TRY(stringField(object, "type"));
  const auto type = valTypeFromName(typeName);
  if (!type) {
    return fail(ErrorCode::Invalid, fmt::format("unknown value type \"{}\"", typeName));
  }
  WastValue out;
  out.type = *type;
  out.laneType = scalarLane(*type);
  const Json *value = member(object, "value");
  if (value == nullptr) {
    out.hasValue = false;
    return out;
  }
  if (engine::isRefType(*type)) {
    TRY(parseRefValue(*value, out));
  } else if (*type == ValType::V128) {
    TRY(parseV128Value(object, *value, out));
  } else if (value->is_string()) {
    out.lanes.push_back(TRY(parseLane(out.laneType, value->get_ref<const std::string &>())));
  } else {
    return fail(ErrorCode::Invalid, fmt::format("{} \"value\" must be a string", typeName));
  }
  return out;
}

Result<std::vector<WastValue>> valueList(const Json &object, const char *key) {
  const Json *list = member(object, key);
  if (list == nullptr || !list->is_array()) {
    return fail(ErrorCode::Invalid, fmt::format("missing array \"{}\"", key));
  }
  std::vector<WastValue> values;
  for (size_t i = 0; i < list->size(); ++i) {
    values.push_back(TRY(valueFromJson((*list)[i]).context(fmt::format("{}[{}]", key, i))));
  }
  return values;
}

Result<Action> actionFromJson(const Json &command) {
  const Json *object = member(command, "action");
  if (object == nullptr || !object->is_object()) {
    return fail(ErrorCode::Invalid, "missing object \"action\"");
  }
  Action action;
  const std::string kind = TRY(stringField(*object, "type"));
  if (kind == "invoke") {
    action.kind = Action::Kind::Invoke;
    action.args = TRY(valueList(*object, "args"));
  } else if (kind == "get") {
    action.kind = Action::Kind::Get;
  } else {
    return fail(ErrorCode::Invalid, fmt::format("unknown action type \"{}\"", kind));
  }
  action.module = optionalString(*object, "module");
  action.field = TRY(stringField(*object, "field"));
  return action;
}

struct KindName {
  CommandKind kind;
  std::string_view name;
};

constexpr std::array<KindName, 10> kKinds{{
    {CommandKind::Module, "module"},
    {CommandKind::Register, "register"},
    {CommandKind::Action, "action"},
    {CommandKind::AssertReturn, "assert_return"},
    {CommandKind::AssertTrap, "assert_trap"},
    {CommandKind::AssertExhaustion, "assert_exhaustion"},
    {CommandKind::AssertInvalid, "assert_invalid"},
    {CommandKind::AssertMalformed, "assert_malformed"},
    {CommandKind::AssertUnlinkable, "assert_unlinkable"},
    {CommandKind::AssertUninstantiable, "assert_uninstantiable"},
}};

// Older wabt releases wrote NaN expectations as separate commands with type-only results.
Result<CommandKind> kindFromName(std::string_view name, NanPattern &legacyNan) {
  legacyNan = NanPattern::None;
  if (name == "assert_return_canonical_nan" || name == "assert_return_arithmetic_nan") {
    legacyNan =
        name == "assert_return_canonical_nan" ? NanPattern::Canonical : NanPattern::Arithmetic;
    return CommandKind::AssertReturn;
  }
  for (const KindName &entry : kKinds) {
    if (entry.name == name) {
      return entry.kind;
    }
  }
  return fail(ErrorCode::Invalid, fmt::format("unknown command type \"{}\"", name));
}

Result<void> applyLegacyNan(std::vector<WastValue> &expected, NanPattern nan) {
  for (WastValue &value : expected) {
    if (value.type != ValType::F32 && value.type != ValType::F64) {
      return fail(ErrorCode::Invalid, "a NaN assertion on a non-float result");
    }
    value.hasValue = true;
    value.lanes = {LaneValue{0, nan}};
  }
  return {};
}

Result<void> moduleFields(const Json &object, Command &command, bool withText) {
  command.filename = TRY(stringField(object, "filename"));
  const auto moduleType = optionalString(object, "module_type");
  if (moduleType && *moduleType != "binary" && *moduleType != "text") {
    return fail(ErrorCode::Invalid, fmt::format("unknown module_type \"{}\"", *moduleType));
  }
  command.moduleType = moduleType == "text" ? ModuleType::Text : ModuleType::Binary;
  if (withText) {
    command.text = TRY(stringField(object, "text"));
  }
  return {};
}

Result<void> kindFields(const Json &object, Command &command, NanPattern legacyNan) {
  switch (command.kind) {
  case CommandKind::Module:
    command.name = optionalString(object, "name");
    return moduleFields(object, command, false);
  case CommandKind::Register:
    command.name = optionalString(object, "name");
    command.as = TRY(stringField(object, "as"));
    return {};
  case CommandKind::Action:
  case CommandKind::AssertReturn:
  case CommandKind::AssertTrap:
  case CommandKind::AssertExhaustion:
    command.action = TRY(actionFromJson(object));
    command.expected = TRY(valueList(object, "expected"));
    if (command.kind == CommandKind::AssertTrap || command.kind == CommandKind::AssertExhaustion) {
      command.text = TRY(stringField(object, "text"));
    }
    if (legacyNan != NanPattern::None) {
      return applyLegacyNan(command.expected, legacyNan);
    }
    return {};
  default:
    return moduleFields(object, command, true);
  }
}

Result<Command> commandFromJson(const Json &object) {
  NanPattern legacyNan = NanPattern::None;
  Command command;
  const std::string type = TRY(stringField(object, "type"));
  command.kind = TRY(kindFromName(type, legacyNan));
  const Json *line = member(object, "line");
  if (line == nullptr || !line->is_number_unsigned() ||
      line->get<uint64_t>() > std::numeric_limits<uint32_t>::max()) {
    return fail(ErrorCode::Invalid, "missing line number");
  }
  command.line = static_cast<uint32_t>(line->get<uint64_t>());
  TRY(kindFields(object, command, legacyNan).context(fmt::format("line {}", command.line)));
  return command;
}

Result<Json> parseJson(std::string_view text) {
  Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded()) {
    return fail(ErrorCode::Invalid, "not valid JSON");
  }
  return json;
}

} // namespace

std::string_view commandKindName(CommandKind kind) {
  return kKinds[static_cast<size_t>(kind)].name;
}

Result<WastValue> parseValue(std::string_view jsonText) {
  const Json json = TRY(parseJson(jsonText));
  return valueFromJson(json);
}

Result<Script> parseScript(std::string_view jsonText) {
  const Json json = TRY(parseJson(jsonText).context("wast2json output"));
  Script script;
  script.sourceFilename = optionalString(json, "source_filename").value_or("");
  const Json *commands = member(json, "commands");
  if (commands == nullptr || !commands->is_array()) {
    return fail(ErrorCode::Invalid, "wast2json output: missing array \"commands\"");
  }
  for (size_t i = 0; i < commands->size(); ++i) {
    script.commands.push_back(
        TRY(commandFromJson((*commands)[i]).context(fmt::format("command {}", i))));
  }
  return script;
}

} // namespace runw::spectest
