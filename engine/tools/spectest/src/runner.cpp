// SPDX-License-Identifier: Apache-2.0
// The command loop: runs a converted script's commands through engine load, validate,
// instantiate and invoke, in one Store with the spectest module linked.
#include "spectest/runner.h"

#include "spectest/host_module.h"
#include "spectest/matcher.h"

#include "engine/engine.h"
#include "support/strings.h"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <optional>

namespace runw::spectest {

namespace {

struct LoadedInstance {
  engine::Instance instance;
  std::vector<engine::ExportDesc> exports;
};

std::string describeValues(std::span<const engine::Value> values, const ExternRefs &refs) {
  std::vector<std::string> parts;
  for (const engine::Value &value : values) {
    parts.push_back(describe(value, refs));
  }
  return parts.empty() ? "()" : join(parts, " ");
}

// The engine's message must contain the script's text. The reference interpreter checks for a
// prefix, as it may add detail after the text ("uninitialized element 2"); runw may also put
// an offset or import name before it.
bool messageMatches(const Error &error, std::string_view text) {
  return error.message.find(text) != std::string::npos;
}

class ScriptRunner {
public:
  ScriptRunner(const ConvertedScript &converted, const RunOptions &options)
      : converted_(converted), options_(options) {}

  Result<void> setUp() { return defineSpectestModule(store_, linker_, options_.printTo); }

  Result<void> run(const Command &command) {
    switch (command.kind) {
    case CommandKind::Module:
      return runModule(command);
    case CommandKind::Register:
      return runRegister(command);
    case CommandKind::Action:
    case CommandKind::AssertReturn:
      return runAssertReturn(command);
    case CommandKind::AssertTrap:
    case CommandKind::AssertExhaustion:
      return runAssertTrap(command);
    default:
      return runAssertModule(command);
    }
  }

private:
  Result<void> runModule(const Command &command);
  Result<void> runRegister(const Command &command);
  Result<void> runAssertReturn(const Command &command);
  Result<void> runAssertTrap(const Command &command);
  Result<void> runAssertModule(const Command &command);
  Result<std::vector<engine::Value>> perform(const Action &action);
  Result<LoadedInstance *> instanceFor(const std::optional<std::string> &name);

  const ConvertedScript &converted_;
  const RunOptions &options_;
  // Declared before the Store so every module outlives the instances made from it.
  std::vector<engine::ValidatedModule> modules_;
  engine::Store store_;
  engine::Linker linker_;
  ExternRefs refs_;
  std::map<std::string, LoadedInstance, std::less<>> named_;
  std::optional<LoadedInstance> current_;
};

Result<void> ScriptRunner::runModule(const Command &command) {
  // A module that fails leaves no current module, so later actions fail visibly instead of
  // running against an older module.
  current_.reset();
  const auto bytes = TRY(readModuleFile(converted_, command.filename));
  engine::Module module = TRY(engine::load(bytes).context("load"));
  modules_.push_back(TRY(engine::validate(std::move(module)).context("validate")));
  const engine::ValidatedModule &validated = modules_.back();
  const engine::Instance instance =
      TRY(engine::instantiate(store_, validated, linker_).context("instantiate"));
  current_ = LoadedInstance{instance, validated.exports()};
  if (command.name) {
    named_.insert_or_assign(*command.name, *current_);
  }
  return {};
}

Result<void> ScriptRunner::runRegister(const Command &command) {
  const LoadedInstance *loaded = TRY(instanceFor(command.name));
  for (const engine::ExportDesc &desc : loaded->exports) {
    const auto object = loaded->instance.exported(desc.name);
    if (!object) {
      return fail(ErrorCode::Internal,
                  fmt::format("export \"{}\" is listed but not found", desc.name));
    }
    linker_.define(command.as, desc.name, *object);
  }
  return {};
}

Result<LoadedInstance *> ScriptRunner::instanceFor(const std::optional<std::string> &name) {
  if (!name) {
    if (!current_) {
      return fail(ErrorCode::NotFound, "no module instantiated");
    }
    return &*current_;
  }
  const auto it = named_.find(*name);
  if (it == named_.end()) {
    return fail(ErrorCode::NotFound, fmt::format("no module named {}", *name));
  }
  return &it->second;
}

Result<std::vector<engine::Value>> ScriptRunner::perform(const Action &action) {
  LoadedInstance *loaded = TRY(instanceFor(action.module));
  if (action.kind == Action::Kind::Get) {
    const engine::Value value = TRY(loaded->instance.globalValue(action.field));
    return std::vector<engine::Value>{value};
  }
  std::vector<engine::Value> args;
  for (const WastValue &arg : action.args) {
    args.push_back(TRY(toEngineValue(arg, refs_).context("argument")));
  }
  return loaded->instance.invoke(action.field, args);
}

Result<void> ScriptRunner::runAssertReturn(const Command &command) {
  const auto results = perform(command.action);
  if (!results) {
    return fail(ErrorCode::Invalid,
                fmt::format("expected results, got error: {}", results.error().describe()));
  }
  return matchResults(command.expected, *results, refs_);
}

Result<void> ScriptRunner::runAssertTrap(const Command &command) {
  const auto results = perform(command.action);
  if (results) {
    return fail(ErrorCode::Invalid, fmt::format("expected trap \"{}\", got {}", command.text,
                                                describeValues(*results, refs_)));
  }
  if (results.error().code != ErrorCode::Trap || !messageMatches(results.error(), command.text)) {
    return fail(ErrorCode::Invalid, fmt::format("expected trap \"{}\", got error: {}", command.text,
                                                results.error().describe()));
  }
  return {};
}

// assert_malformed must fail in load (or in the validator's instruction decoding, see below),
// assert_invalid in validate, assert_unlinkable in instantiate with a link error,
// assert_uninstantiable in instantiate with a trap.
Result<void> ScriptRunner::runAssertModule(const Command &command) {
  const CommandKind kind = command.kind;
  const std::string want =
      fmt::format("expected {} \"{}\"", commandKindName(kind).substr(7), command.text);
  const auto bytes = TRY(readModuleFile(converted_, command.filename));
  auto module = engine::load(bytes);
  if (!module) {
    if (kind == CommandKind::AssertMalformed) {
      return {};
    }
    return fail(ErrorCode::Invalid,
                fmt::format("{}, got load error: {}", want, module.error().describe()));
  }
  auto validated = engine::validate(std::move(*module));
  if (kind == CommandKind::AssertMalformed) {
    // runw's validator decodes the instructions (the loader keeps bodies as byte ranges), so
    // a malformed instruction is found there; its message then carries the script's text.
    if (!validated && messageMatches(validated.error(), command.text)) {
      return {};
    }
    return fail(
        ErrorCode::Invalid,
        fmt::format("{}, got a module that loads and {}", want,
                    validated ? "validates" : "fails validation: " + validated.error().describe()));
  }
  if (!validated) {
    if (kind == CommandKind::AssertInvalid) {
      return {};
    }
    return fail(ErrorCode::Invalid,
                fmt::format("{}, got validation error: {}", want, validated.error().describe()));
  }
  if (kind == CommandKind::AssertInvalid) {
    return fail(ErrorCode::Invalid, fmt::format("{}, got a valid module", want));
  }
  modules_.push_back(std::move(*validated));
  const auto instance = engine::instantiate(store_, modules_.back(), linker_);
  if (instance) {
    return fail(ErrorCode::Invalid, fmt::format("{}, got an instance", want));
  }
  const bool wantTrap = kind == CommandKind::AssertUninstantiable;
  if ((instance.error().code == ErrorCode::Trap) != wantTrap ||
      !messageMatches(instance.error(), command.text)) {
    return fail(ErrorCode::Invalid,
                fmt::format("{}, got instantiation error: {}", want, instance.error().describe()));
  }
  return {};
}

} // namespace

Tally runScript(const ConvertedScript &converted, std::string_view fileLabel,
                const RunOptions &options, const FailureSink &onFailure) {
  Tally tally;
  ScriptRunner runner(converted, options);
  if (const auto setUp = runner.setUp(); !setUp) {
    onFailure(Failure{std::string(fileLabel), 0, "spectest module", setUp.error().describe()});
    ++tally.failed;
    return tally;
  }
  for (const Command &command : converted.script.commands) {
    if (isTextModuleCommand(command)) {
      ++tally.skipped;
      continue;
    }
    if (const auto result = runner.run(command); result) {
      ++tally.passed;
    } else {
      ++tally.failed;
      onFailure(Failure{std::string(fileLabel), command.line, describe(command),
                        result.error().describe()});
    }
  }
  return tally;
}

Result<Tally> runWastFile(const std::filesystem::path &wastFile, const RunOptions &options,
                          const FailureSink &onFailure) {
  if (options.engine != kEngineInterp) {
    return fail(ErrorCode::Unsupported, fmt::format("engine \"{}\" is not available (use {})",
                                                    options.engine, kEngineInterp));
  }
  const ConvertedScript converted = TRY(convertWast(wastFile, options.wast2json));
  return runScript(converted, wastFile.filename().string(), options, onFailure);
}

} // namespace runw::spectest
