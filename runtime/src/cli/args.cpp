// SPDX-License-Identifier: Apache-2.0
// parseFlags: one pass over argv against a flag table; errors name the offending flag.
#include "args.h"

#include "support/strings.h"

#include <utility>

namespace runw::runtime::cli {
namespace {

const FlagSpec *findFlag(std::span<const FlagSpec> table, std::string_view name) {
  for (const auto &spec : table) {
    if (spec.name == name || (!spec.alias.empty() && spec.alias == name)) {
      return &spec;
    }
  }
  return nullptr;
}

// Parses the flag at args[index] (it starts with '-' and is longer than "-") and, for a
// Value flag written without '=', the argument after it; advances index past what it used.
Result<void> parseOneFlag(std::span<const FlagSpec> table, std::span<const std::string> args,
                          size_t &index, const ParseOptions &options, ParsedFlags &out) {
  const std::string_view arg = args[index++];
  const std::string_view dashes = arg.substr(0, arg[1] == '-' ? 2 : 1);
  std::string_view body = arg.substr(dashes.size());
  // Go's flag package rejects "---x" and "-=x" the same way.
  if (body.empty() || body.front() == '-' || body.front() == '=') {
    return fail(ErrorCode::Invalid, strprintf("{}: bad flag syntax: {}", options.context, arg));
  }
  std::optional<std::string_view> inlineValue;
  if (const auto eq = body.find('='); eq != std::string_view::npos) {
    inlineValue = body.substr(eq + 1);
    body = body.substr(0, eq);
  }
  const FlagSpec *spec = findFlag(table, body);
  if (spec == nullptr) {
    return fail(ErrorCode::Invalid,
                strprintf("{}: unknown flag '{}{}'", options.context, dashes, body));
  }
  if (spec->kind == FlagKind::Bool) {
    const auto value = inlineValue ? parseBool(*inlineValue) : std::optional<bool>(true);
    if (!value) {
      return fail(ErrorCode::Invalid, strprintf("{}: invalid boolean value '{}' for flag '{}{}'",
                                                options.context, *inlineValue, dashes, body));
    }
    out.add(spec->name, *value ? "true" : "false");
    return {};
  }
  if (inlineValue) {
    out.add(spec->name, std::string(*inlineValue));
    return {};
  }
  if (index >= args.size()) {
    return fail(ErrorCode::Invalid,
                strprintf("{}: flag needs an argument: '{}{}'", options.context, dashes, body));
  }
  out.add(spec->name, args[index++]);
  return {};
}

} // namespace

bool ParsedFlags::has(std::string_view name) const { return values_.contains(name); }

bool ParsedFlags::isSet(std::string_view name) const {
  const auto found = values_.find(name);
  return found != values_.end() && found->second.back() == "true";
}

std::optional<std::string> ParsedFlags::value(std::string_view name) const {
  const auto found = values_.find(name);
  if (found == values_.end()) {
    return std::nullopt;
  }
  return found->second.back();
}

std::vector<std::string> ParsedFlags::values(std::string_view name) const {
  const auto found = values_.find(name);
  return found == values_.end() ? std::vector<std::string>{} : found->second;
}

void ParsedFlags::add(std::string_view name, std::string value) {
  auto found = values_.find(name);
  if (found == values_.end()) {
    found = values_.emplace(std::string(name), std::vector<std::string>{}).first;
  }
  found->second.push_back(std::move(value));
}

Result<ParsedArgs> parseFlags(std::span<const FlagSpec> table, std::span<const std::string> args,
                              const ParseOptions &options) {
  ParsedArgs out;
  bool flagsDone = options.stopAfterPositionals == size_t{0};
  size_t index = 0;
  while (index < args.size()) {
    const std::string &arg = args[index];
    if (!flagsDone && arg == "--") {
      flagsDone = true;
      ++index;
      continue;
    }
    if (flagsDone || arg.size() < 2 || arg.front() != '-') {
      out.positionals.push_back(arg);
      ++index;
      if (options.stopAfterPositionals && out.positionals.size() >= *options.stopAfterPositionals) {
        flagsDone = true;
      }
      continue;
    }
    TRY(parseOneFlag(table, args, index, options, out.flags));
  }
  return out;
}

std::optional<bool> parseBool(std::string_view text) {
  for (std::string_view yes : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (text == yes) {
      return true;
    }
  }
  for (std::string_view no : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (text == no) {
      return false;
    }
  }
  return std::nullopt;
}

} // namespace runw::runtime::cli
