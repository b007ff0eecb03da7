// SPDX-License-Identifier: Apache-2.0
// Parsing wast2json's command list into typed commands.
#include "spectest/command.h"

#include <gtest/gtest.h>

namespace runw::spectest {
namespace {

using engine::ValType;

// One command of every kind, as wabt 1.0.32's wast2json writes them.
constexpr const char *kScript = R"({"source_filename": "demo.wast",
 "commands": [
  {"type": "module", "line": 1, "filename": "demo.0.wasm"},
  {"type": "module", "line": 5, "name": "$M", "filename": "demo.1.wasm"},
  {"type": "register", "line": 6, "name": "$M", "as": "m"},
  {"type": "register", "line": 7, "as": "last"},
  {"type": "action", "line": 8, "action": {"type": "invoke", "field": "run", "args": []},
   "expected": [{"type": "i32"}]},
  {"type": "assert_return", "line": 9, "action": {"type": "invoke", "module": "$M",
   "field": "add", "args": [{"type": "i32", "value": "1"}, {"type": "i32", "value": "2"}]},
   "expected": [{"type": "i32", "value": "3"}]},
  {"type": "assert_return", "line": 10, "action": {"type": "get", "field": "g"},
   "expected": [{"type": "f32", "value": "nan:canonical"}]},
  {"type": "assert_trap", "line": 11, "action": {"type": "invoke", "field": "div",
   "args": [{"type": "i32", "value": "0"}]}, "text": "integer divide by zero",
   "expected": [{"type": "i32"}]},
  {"type": "assert_exhaustion", "line": 12, "action": {"type": "invoke", "field": "loop",
   "args": []}, "text": "call stack exhausted", "expected": []},
  {"type": "assert_invalid", "line": 13, "filename": "demo.2.wasm", "text": "type mismatch",
   "module_type": "binary"},
  {"type": "assert_malformed", "line": 14, "filename": "demo.3.wat",
   "text": "unknown operator", "module_type": "text"},
  {"type": "assert_unlinkable", "line": 15, "filename": "demo.4.wasm",
   "text": "unknown import", "module_type": "binary"},
  {"type": "assert_uninstantiable", "line": 16, "filename": "demo.5.wasm",
   "text": "unreachable", "module_type": "binary"}]}
)";

TEST(ParseScript, EveryCommandKind) {
  const auto script = parseScript(kScript);
  ASSERT_TRUE(script) << script.error().describe();
  EXPECT_EQ(script->sourceFilename, "demo.wast");
  const auto &c = script->commands;
  ASSERT_EQ(c.size(), 13U);

  EXPECT_EQ(c[0].kind, CommandKind::Module);
  EXPECT_EQ(c[0].line, 1U);
  EXPECT_EQ(c[0].filename, "demo.0.wasm");
  EXPECT_EQ(c[0].name, std::nullopt);
  EXPECT_EQ(c[0].moduleType, ModuleType::Binary);
  EXPECT_EQ(c[1].name, "$M");

  EXPECT_EQ(c[2].kind, CommandKind::Register);
  EXPECT_EQ(c[2].name, "$M");
  EXPECT_EQ(c[2].as, "m");
  EXPECT_EQ(c[3].name, std::nullopt);
  EXPECT_EQ(c[3].as, "last");

  EXPECT_EQ(c[4].kind, CommandKind::Action);
  EXPECT_EQ(c[4].action.field, "run");
  ASSERT_EQ(c[4].expected.size(), 1U);
  EXPECT_FALSE(c[4].expected[0].hasValue);

  EXPECT_EQ(c[5].kind, CommandKind::AssertReturn);
  EXPECT_EQ(c[5].line, 9U);
  EXPECT_EQ(c[5].action.kind, Action::Kind::Invoke);
  EXPECT_EQ(c[5].action.module, "$M");
  ASSERT_EQ(c[5].action.args.size(), 2U);
  EXPECT_EQ(c[5].action.args[1].lanes[0].bits, 2U);
  ASSERT_EQ(c[5].expected.size(), 1U);
  EXPECT_EQ(c[5].expected[0].lanes[0].bits, 3U);

  EXPECT_EQ(c[6].action.kind, Action::Kind::Get);
  EXPECT_EQ(c[6].action.field, "g");
  EXPECT_EQ(c[6].expected[0].lanes[0].nan, NanPattern::Canonical);

  EXPECT_EQ(c[7].kind, CommandKind::AssertTrap);
  EXPECT_EQ(c[7].text, "integer divide by zero");
  EXPECT_EQ(c[8].kind, CommandKind::AssertExhaustion);
  EXPECT_EQ(c[8].text, "call stack exhausted");
  EXPECT_TRUE(c[8].expected.empty());

  EXPECT_EQ(c[9].kind, CommandKind::AssertInvalid);
  EXPECT_EQ(c[9].text, "type mismatch");
  EXPECT_EQ(c[10].kind, CommandKind::AssertMalformed);
  EXPECT_EQ(c[10].moduleType, ModuleType::Text);
  EXPECT_EQ(c[11].kind, CommandKind::AssertUnlinkable);
  EXPECT_EQ(c[12].kind, CommandKind::AssertUninstantiable);
  EXPECT_EQ(c[12].filename, "demo.5.wasm");
}

TEST(ParseScript, OnlyTextModulesAreSkippable) {
  const auto script = parseScript(kScript);
  ASSERT_TRUE(script);
  for (const Command &command : script->commands) {
    EXPECT_EQ(isTextModuleCommand(command), command.line == 14) << command.line;
  }
}

TEST(ParseScript, LegacyNanCommands) {
  const auto script = parseScript(R"({"commands": [
    {"type": "assert_return_arithmetic_nan", "line": 3,
     "action": {"type": "invoke", "field": "f", "args": []}, "expected": [{"type": "f64"}]}]})");
  ASSERT_TRUE(script) << script.error().describe();
  const Command &command = script->commands.at(0);
  EXPECT_EQ(command.kind, CommandKind::AssertReturn);
  ASSERT_EQ(command.expected.size(), 1U);
  EXPECT_TRUE(command.expected[0].hasValue);
  EXPECT_EQ(command.expected[0].lanes.at(0).nan, NanPattern::Arithmetic);
}

TEST(ParseScript, ErrorsNameCommandAndLine) {
  const auto missing = parseScript(R"({"commands": [
    {"type": "module", "line": 1, "filename": "a.wasm"},
    {"type": "assert_trap", "line": 7, "action": {"type": "invoke", "field": "f", "args": []},
     "expected": []}]})");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().describe(), "command 1: line 7: missing string \"text\"");

  const auto badValue = parseScript(R"({"commands": [
    {"type": "assert_return", "line": 4, "action": {"type": "invoke", "field": "f",
     "args": [{"type": "i32", "value": "x"}]}, "expected": []}]})");
  ASSERT_FALSE(badValue);
  EXPECT_NE(badValue.error().describe().find("line 4"), std::string::npos);
  EXPECT_NE(badValue.error().describe().find("args[0]"), std::string::npos);
}

TEST(ParseScript, RejectsMalformedDocuments) {
  EXPECT_FALSE(parseScript(""));
  EXPECT_FALSE(parseScript("[]"));
  EXPECT_FALSE(parseScript(R"({"commands": {}})"));
  EXPECT_FALSE(parseScript(R"({"commands": [{"type": "assert_nothing", "line": 1}]})"));
  EXPECT_FALSE(parseScript(R"({"commands": [{"type": "module", "filename": "a.wasm"}]})"));
  EXPECT_FALSE(parseScript(R"({"commands": [{"type": "module", "line": -1, "filename": "a"}]})"));
  EXPECT_FALSE(parseScript(R"({"commands": [{"type": "action", "line": 1,
    "action": {"type": "call", "field": "f"}, "expected": []}]})"));
  EXPECT_FALSE(parseScript(R"({"commands": [{"type": "assert_invalid", "line": 1,
    "filename": "a.wasm", "text": "x", "module_type": "quoted"}]})"));
  const auto empty = parseScript(R"({"commands": []})");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->commands.empty());
}

TEST(DescribeCommand, ReadsLikeTheScript) {
  const auto script = parseScript(kScript);
  ASSERT_TRUE(script);
  const auto &c = script->commands;
  EXPECT_EQ(describe(c[1]), "module $M demo.1.wasm");
  EXPECT_EQ(describe(c[3]), "register \"last\" (last module)");
  EXPECT_EQ(describe(c[5]), "assert_return (invoke $M \"add\" (i32.const 1) (i32.const 2))");
  EXPECT_EQ(describe(c[6]), "assert_return (get \"g\")");
  EXPECT_EQ(describe(c[9]), "assert_invalid demo.2.wasm");
  EXPECT_EQ(commandKindName(CommandKind::AssertUninstantiable), "assert_uninstantiable");
}

TEST(DescribeCommand, EscapesNames) {
  const auto script = parseScript(R"({"commands": [{"type": "action", "line": 1,
    "action": {"type": "invoke", "field": "a\u0000\u0022b\u005c\u000aé", "args": []},
    "expected": []}]})");
  ASSERT_TRUE(script) << script.error().describe();
  EXPECT_EQ(describe(script->commands.at(0)), R"(action (invoke "a\00\22b\5c\0aé"))");
}

} // namespace
} // namespace runw::spectest
