// SPDX-License-Identifier: Apache-2.0
#include "run_options.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace runw::wasmtool {

namespace {

std::vector<std::string_view> splitColons(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t colon = text.find(':'); colon != std::string_view::npos;
       colon = text.find(':', start)) {
    parts.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

Result<double> parseSeconds(std::string_view text) {
  const std::string owned(text);
  char *end = nullptr;
  errno = 0;
  const double value = std::strtod(owned.c_str(), &end);
  if (owned.empty() || errno != 0 || *end != '\0' || !std::isfinite(value) || value <= 0 ||
      value > 1e9) {
    return fail(ErrorCode::Invalid,
                fmt::format("--timeout: '{}' is not a positive number of seconds", text));
  }
  return value;
}

Result<std::string> parseEnvOption(std::string_view value) {
  if (value.empty() || value.front() == '=') {
    return fail(ErrorCode::Invalid, fmt::format("--env: '{}' needs a name: KEY=VALUE", value));
  }
  if (value.find('=') != std::string_view::npos) {
    return std::string(value);
  }
  const char *inherited = std::getenv(std::string(value).c_str());
  if (inherited == nullptr) {
    return fail(ErrorCode::NotFound,
                fmt::format("--env: {} is not set in runw-wasm's environment", value));
  }
  return fmt::format("{}={}", value, inherited);
}

/// Applies one option with its value to line.
Result<void> applyOption(std::string_view name, std::string_view value, RunCommandLine &line) {
  if (name == "--invoke") {
    line.invoke = std::string(value);
  } else if (name == "--dir") {
    line.dirs.push_back(TRY(parseDirOption(value)));
  } else if (name == "--env") {
    line.env.push_back(TRY(parseEnvOption(value)));
  } else if (name == "--max-memory") {
    line.maxMemoryBytes = TRY(parseByteSize(value));
  } else if (name == "--tcp-listen") {
    line.tcpListen.emplace_back(value);
  } else if (name == "--timeout") {
    line.timeoutSeconds = TRY(parseSeconds(value));
  } else {
    return fail(ErrorCode::Invalid, fmt::format("unknown option '{}'", name));
  }
  return {};
}

} // namespace

Result<engine::wasi::Preopen> parseDirOption(std::string_view value) {
  auto parts = splitColons(value);
  engine::wasi::Preopen preopen;
  if (parts.size() > 1 && parts.back() == "ro") {
    preopen.readOnly = true;
    parts.pop_back();
  }
  if (parts.size() > 2 || parts.front().empty() || (parts.size() == 2 && parts[1].empty())) {
    return fail(ErrorCode::Invalid,
                fmt::format("--dir: '{}' is not HOST[:GUEST][:ro] (host paths may not contain "
                            "':')",
                            value));
  }
  preopen.hostPath = std::string(parts[0]);
  preopen.guestPath = std::string(parts.size() == 2 ? parts[1] : parts[0]);
  return preopen;
}

Result<uint64_t> parseByteSize(std::string_view text) {
  uint64_t multiplier = 1;
  std::string digits(text);
  if (!digits.empty()) {
    switch (digits.back()) {
    case 'K':
    case 'k':
      multiplier = uint64_t{1} << 10;
      break;
    case 'M':
    case 'm':
      multiplier = uint64_t{1} << 20;
      break;
    case 'G':
    case 'g':
      multiplier = uint64_t{1} << 30;
      break;
    default:
      break;
    }
    if (multiplier != 1) {
      digits.pop_back();
    }
  }
  char *end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(digits.c_str(), &end, 10);
  // 4 GiB is the most a 32-bit memory can use; more is allowed and means "no cap".
  if (digits.empty() || digits.front() == '-' || errno != 0 || *end != '\0' ||
      value > (uint64_t{1} << 40) / multiplier) {
    return fail(ErrorCode::Invalid, fmt::format("'{}' is not a size in bytes (e.g. 64M)", text));
  }
  return static_cast<uint64_t>(value) * multiplier;
}

Result<RunCommandLine> parseRunCommandLine(std::span<const std::string_view> words) {
  RunCommandLine line;
  size_t i = 0;
  for (; i < words.size() && words[i].starts_with("--"); ++i) {
    const std::string_view word = words[i];
    if (word == "--") {
      ++i;
      break;
    }
    const size_t equals = word.find('=');
    if (equals != std::string_view::npos) {
      TRY(applyOption(word.substr(0, equals), word.substr(equals + 1), line));
      continue;
    }
    if (i + 1 >= words.size()) {
      return fail(ErrorCode::Invalid, fmt::format("option '{}' needs a value", word));
    }
    TRY(applyOption(word, words[i + 1], line));
    ++i;
  }
  if (i >= words.size()) {
    return fail(ErrorCode::Invalid, "run needs a module");
  }
  line.module = std::string(words[i]);
  line.moduleArgs.assign(words.begin() + static_cast<std::ptrdiff_t>(i) + 1, words.end());
  return line;
}

} // namespace runw::wasmtool
