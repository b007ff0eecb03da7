// SPDX-License-Identifier: Apache-2.0
// runw-wasm: run, compile or validate a WebAssembly module outside any container.
#include "engine/engine.h"
#include "support/unique_fd.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr const char *kUsage =
    "usage: runw-wasm validate MODULE.wasm\n"
    "       runw-wasm run --invoke NAME MODULE.wasm [ARG...]   call an export, print results\n"
    "       runw-wasm run MODULE.wasm [ARGS...]   WASI programs (not implemented yet)\n"
    "       runw-wasm compile MODULE.wasm          AOT (not implemented yet)\n";

// Exit status when the module traps (as wasmtime: 128 + SIGABRT).
constexpr int kTrapExit = 134;

// Modules are read whole; 1 GiB is far beyond any real module and keeps a mistaken path
// (a disk image, /dev/zero) from eating memory.
constexpr size_t kMaxModuleBytes = size_t{1} << 30;

runw::Result<std::vector<uint8_t>> readModule(const std::string &path) {
  runw::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    return runw::failErrno(fmt::format("cannot open {}", path));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return runw::fail(runw::ErrorCode::Invalid, fmt::format("{} is not a regular file", path));
  }
  if (static_cast<uint64_t>(info.st_size) > kMaxModuleBytes) {
    return runw::fail(runw::ErrorCode::Limit, fmt::format("{} is larger than 1 GiB", path));
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(info.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return runw::failErrno(fmt::format("cannot read {}", path), got == 0 ? EIO : errno);
    }
    done += static_cast<size_t>(got);
  }
  return bytes;
}

// Reads, decodes and validates a module, printing a one-line error on failure.
std::optional<runw::engine::ValidatedModule> loadValidated(const std::string &path) {
  auto bytes = readModule(path);
  if (!bytes) {
    fmt::print(stderr, "runw-wasm: {}\n", bytes.error().describe());
    return std::nullopt;
  }
  auto module = runw::engine::load(*bytes);
  if (!module) {
    fmt::print(stderr, "runw-wasm: {}: malformed module: {}\n", path, module.error().describe());
    return std::nullopt;
  }
  auto validated = runw::engine::validate(std::move(*module));
  if (!validated) {
    fmt::print(stderr, "runw-wasm: {}: invalid module: {}\n", path, validated.error().describe());
    return std::nullopt;
  }
  return std::move(*validated);
}

int validateCommand(const std::string &path) {
  if (!loadValidated(path)) {
    return 1;
  }
  fmt::print("{}: valid\n", path);
  return 0;
}

std::optional<runw::engine::Value> parseArgument(runw::engine::ValType type,
                                                 std::string_view text) {
  using runw::engine::ValType;
  using runw::engine::Value;
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

std::string formatValue(const runw::engine::Value &value) {
  using runw::engine::ValType;
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
std::optional<runw::engine::FuncType> exportType(const runw::engine::ValidatedModule &module,
                                                 std::string_view name) {
  for (const auto &exported : module.exportedFunctions()) {
    if (exported.name == name) {
      return exported.type;
    }
  }
  return std::nullopt;
}

int invoke(const std::string &path, std::string_view name,
           std::span<const std::string_view> rawArgs) {
  auto module = loadValidated(path);
  if (!module) {
    return 1;
  }
  const auto type = exportType(*module, name);
  if (!type) {
    fmt::print(stderr, "runw-wasm: {}: no exported function named '{}'\n", path, name);
    return 1;
  }
  if (rawArgs.size() != type->params.size()) {
    fmt::print(stderr, "runw-wasm: '{}' takes {} arguments, got {}\n", name, type->params.size(),
               rawArgs.size());
    return 1;
  }
  std::vector<runw::engine::Value> args;
  for (size_t i = 0; i < rawArgs.size(); ++i) {
    auto value = parseArgument(type->params[i], rawArgs[i]);
    if (!value) {
      fmt::print(stderr, "runw-wasm: argument {} ('{}') is not a valid {}\n", i + 1, rawArgs[i],
                 runw::engine::valTypeName(type->params[i]));
      return 1;
    }
    args.push_back(*value);
  }
  runw::engine::Store store;
  runw::engine::Linker linker;
  auto instance = runw::engine::instantiate(store, *module, linker);
  if (!instance) {
    fmt::print(stderr, "runw-wasm: {}: {}\n", path, instance.error().describe());
    return instance.error().code == runw::ErrorCode::Trap ? kTrapExit : 1;
  }
  auto results = instance->invoke(name, args);
  if (!results) {
    fmt::print(stderr, "runw-wasm: {}: {}\n",
               results.error().code == runw::ErrorCode::Trap ? "trap" : "error",
               results.error().describe());
    return results.error().code == runw::ErrorCode::Trap ? kTrapExit : 1;
  }
  for (const auto &result : *results) {
    fmt::print("{}\n", formatValue(result));
  }
  return 0;
}

int runCommand(std::span<const std::string_view> args) {
  std::optional<std::string_view> invokeName;
  size_t i = 0;
  for (; i < args.size() && args[i].starts_with("--"); ++i) {
    if (args[i] == "--invoke" && i + 1 < args.size()) {
      invokeName = args[++i];
    } else {
      fmt::print(stderr, "runw-wasm: unknown or incomplete option '{}'\n", args[i]);
      return 1;
    }
  }
  if (i >= args.size()) {
    fmt::print(stderr, "runw-wasm: run needs a module\n{}", kUsage);
    return 1;
  }
  const std::string path(args[i]);
  if (!invokeName) {
    fmt::print(stderr, "runw-wasm: running WASI programs is not implemented yet; use --invoke\n");
    return 1;
  }
  return invoke(path, *invokeName, args.subspan(i + 1));
}

} // namespace

int main(int argc, char **argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 1 : 0;
  }
  if (args[0] == "--version") {
    fmt::print("runw-wasm {} (WebAssembly {})\n", runw::engine::version(),
               runw::engine::targetWasmVersion());
    return 0;
  }
  if (args[0] == "validate") {
    if (args.size() != 2) {
      fmt::print(stderr, "runw-wasm: validate takes exactly one module\n");
      return 1;
    }
    return validateCommand(std::string(args[1]));
  }
  if (args[0] == "run") {
    return runCommand(std::span<const std::string_view>(args).subspan(1));
  }
  if (args[0] == "compile") {
    fmt::print(stderr,
               "runw-wasm: 'compile' is not implemented yet (the AOT compiler is to come)\n");
    return 1;
  }
  fmt::print(stderr, "runw-wasm: unknown command '{}'\n{}", args[0], kUsage);
  return 1;
}
