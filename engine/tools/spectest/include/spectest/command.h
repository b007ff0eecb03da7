// SPDX-License-Identifier: Apache-2.0
// The typed command list of a wast2json .json file (one command per script directive).
#pragma once

#include "spectest/value.h"

#include "support/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runw::spectest {

/// The script directives wast2json emits (core spec A.3 "Scripts").
enum class CommandKind : uint8_t {
  Module,
  Register,
  Action,
  AssertReturn,
  AssertTrap,
  AssertExhaustion,
  AssertInvalid,
  AssertMalformed,
  AssertUnlinkable,
  AssertUninstantiable,
};

/// The JSON "type" string of a command kind ("assert_return").
std::string_view commandKindName(CommandKind kind);

/// An action: call an export or read an exported global.
struct Action {
  enum class Kind : uint8_t { Invoke, Get };
  Kind kind = Kind::Invoke;
  /// The module named in the script (`$M`); nullopt means the most recent module.
  std::optional<std::string> module;
  std::string field;
  std::vector<WastValue> args;
};

/// How a module file of an assert_* command is encoded: a binary module, or text (from
/// `module quote`), which only exercises a text parser.
enum class ModuleType : uint8_t { Binary, Text };

/// One command with the fields its kind uses.
struct Command {
  CommandKind kind = CommandKind::Module;
  /// Line in the .wast file.
  uint32_t line = 0;
  /// Module, assert_invalid/malformed/unlinkable/uninstantiable: the module file's name,
  /// relative to the directory of the .json file.
  std::string filename;
  ModuleType moduleType = ModuleType::Binary;
  /// Module: its script name (`$M`), if any. Register: the module registered (nullopt: the
  /// most recent one).
  std::optional<std::string> name;
  /// Register: the import module name the exports become visible under.
  std::string as;
  /// Action, assert_return, assert_trap, assert_exhaustion.
  Action action;
  /// Assert_return: the expected results; action/assert_trap: type-only entries.
  std::vector<WastValue> expected;
  /// Assert_*: the expected failure text ("integer divide by zero", "type mismatch").
  std::string text;
};

/// A parsed .json file.
struct Script {
  std::string sourceFilename;
  std::vector<Command> commands;
};

/// Parses wast2json output. Also accepts the older `assert_return_canonical_nan` /
/// `assert_return_arithmetic_nan` commands, turned into assert_return with NaN patterns.
/// Errors name the command index and line.
Result<Script> parseScript(std::string_view jsonText);

/// One-line rendering of a command for failure reports:
/// `assert_return (invoke $M "add" (i32.const 1) (i32.const 2))`, `assert_invalid x.3.wasm`.
std::string describe(const Command &command);

/// True for commands that name a module file encoded as text: the runner skips those.
bool isTextModuleCommand(const Command &command);

} // namespace runw::spectest
