// SPDX-License-Identifier: Apache-2.0
// `runw-wasm run --invoke NAME`: calls one export of a module without imports and prints its
// results.
#include "invoke.h"

#include "module_file.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

namespace runw::wasmtool {

namespace {

std::optional<engine::Value> parseArgument(engine::ValType type, std::string_view text) {
  using engine::ValType;
  using engine::Value;
  const std::string owned(text);
  char *end = nullptr;
  errno = 0;
  switch (type) {
  case ValType::I32:
  case ValType::I64: {
    const bool negative = owned.starts_with('-');
    const uint64_t bits = negative ? static_cast<uint64_t>(std::strtoll(owned.c_str(), &end, 0))
                                   : std::strtoull(owned.c_str(), &end, 0);
    if (errno != 0 || end == owned.c_str() || *end != '\0') {
      return std::nullopt;
    }
    return type == ValType::I32 ? Value::i32(static_cast<uint32_t>(bits)) : Value::i64(bits);
  }
  case ValType::F32: {
    const float value = std::strtof(owned.c_str(), &end);
    return end == owned.c_str() || *end != '\0' ? std::nullopt : std::optional(Value::f32(value));
  }
  case ValType::F64: {
    const double value = std::strtod(owned.c_str(), &end);
    return end == owned.c_str() || *end != '\0' ? std::nullopt : std::optional(Value::f64(value));
  }
  default:
    return std::nullopt;
  }
}

std::string formatValue(const engine::Value &value) {
  using engine::ValType;
  switch (value.type()) {
  case ValType::I32:
    return fmt::format("{}", static_cast<int32_t>(value.i32()));
  case ValType::I64:
    return fmt::format("{}", static_cast<int64_t>(value.i64()));
  case ValType::F32:
    return fmt::format("{}", value.f32());
  case ValType::F64:
    return fmt::format("{}", value.f64());
  case ValType::V128: {
    const auto v = value.v128();
    return fmt::format("0x{:02x}", fmt::join(v.bytes.rbegin(), v.bytes.rend(), ""));
  }
  default:
    return value.ref().ptr == nullptr ? "null" : "ref";
  }
}

// Finds the export's signature so the command-line arguments can be typed.
std::optional<engine::FuncType> exportType(const engine::ValidatedModule &module,
                                           std::string_view name) {
  for (const auto &exported : module.exportedFunctions()) {
    if (exported.name == name) {
      return exported.type;
    }
  }
  return std::nullopt;
}

} // namespace

int invokeExport(const std::string &path, std::string_view name,
                 std::span<const std::string_view> rawArgs) {
  auto module = loadValidated(path);
  if (!module) {
    return kErrorExit;
  }
  const auto type = exportType(*module, name);
  if (!type) {
    fmt::print(stderr, "runw-wasm: {}: no exported function named '{}'\n", path, name);
    return kErrorExit;
  }
  if (rawArgs.size() != type->params.size()) {
    fmt::print(stderr, "runw-wasm: '{}' takes {} arguments, got {}\n", name, type->params.size(),
               rawArgs.size());
    return kErrorExit;
  }
  std::vector<engine::Value> args;
  for (size_t i = 0; i < rawArgs.size(); ++i) {
    auto value = parseArgument(type->params[i], rawArgs[i]);
    if (!value) {
      fmt::print(stderr, "runw-wasm: argument {} ('{}') is not a valid {}\n", i + 1, rawArgs[i],
                 engine::valTypeName(type->params[i]));
      return kErrorExit;
    }
    args.push_back(*value);
  }
  engine::Store store;
  engine::Linker linker;
  auto instance = engine::instantiate(store, *module, linker);
  if (!instance) {
    fmt::print(stderr, "runw-wasm: {}: {}\n", path, instance.error().describe());
    return instance.error().code == ErrorCode::Trap ? kTrapExit : kErrorExit;
  }
  auto results = instance->invoke(name, args);
  if (!results) {
    fmt::print(stderr, "runw-wasm: {}: {}\n",
               results.error().code == ErrorCode::Trap ? "trap" : "error",
               results.error().describe());
    return results.error().code == ErrorCode::Trap ? kTrapExit : kErrorExit;
  }
  for (const auto &result : *results) {
    fmt::print("{}\n", formatValue(result));
  }
  return 0;
}

} // namespace runw::wasmtool
