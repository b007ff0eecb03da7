// SPDX-License-Identifier: Apache-2.0
// Rendering commands for failure reports, and which commands the runner skips.
#include "spectest/command.h"

#include <fmt/format.h>

namespace runw::spectest {

namespace {

// A name as a text-format string literal: control characters, quotes and backslashes become
// \hh escapes (core spec 6.3.3), so names.wast's odd export names print as one clean line.
std::string quoted(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '"' || c == '\\') {
      out += fmt::format("\\{:02x}", byte);
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string describeAction(const Action &action) {
  std::string out = action.kind == Action::Kind::Invoke ? "(invoke" : "(get";
  if (action.module) {
    out += ' ';
    out += *action.module;
  }
  out += ' ';
  out += quoted(action.field);
  for (const WastValue &arg : action.args) {
    out += ' ';
    out += describe(arg);
  }
  out += ')';
  return out;
}

} // namespace

std::string describe(const Command &command) {
  const std::string_view kind = commandKindName(command.kind);
  switch (command.kind) {
  case CommandKind::Module:
    return command.name ? fmt::format("module {} {}", *command.name, command.filename)
                        : fmt::format("module {}", command.filename);
  case CommandKind::Register:
    return fmt::format("register {} {}", quoted(command.as),
                       command.name.value_or("(last module)"));
  case CommandKind::Action:
  case CommandKind::AssertReturn:
  case CommandKind::AssertTrap:
  case CommandKind::AssertExhaustion:
    return fmt::format("{} {}", kind, describeAction(command.action));
  default:
    return fmt::format("{} {}", kind, command.filename);
  }
}

bool isTextModuleCommand(const Command &command) {
  switch (command.kind) {
  case CommandKind::Module:
  case CommandKind::AssertInvalid:
  case CommandKind::AssertMalformed:
  case CommandKind::AssertUnlinkable:
  case CommandKind::AssertUninstantiable:
    return command.moduleType == ModuleType::Text;
  default:
    return false;
  }
}

} // namespace runw::spectest
