// SPDX-License-Identifier: Apache-2.0
// `runw help`, `runw --help`, `runw <command> --help` and `runw --version` texts.
#include "commands.h"

#include "engine/engine.h"
#include "support/strings.h"
#include "support/version.h"

#include <algorithm>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace runw::runtime::cli {
namespace {

constexpr std::string_view kNotImplemented = " (not implemented yet)";

// "--bundle DIR, -b DIR" as urfave/cli lays out a flag.
std::string flagLabel(const FlagSpec &flag) {
  const std::string value =
      flag.kind == FlagKind::Bool ? std::string() : strprintf(" {}", flag.valueName);
  std::string label = strprintf("--{}{}", flag.name, value);
  if (!flag.alias.empty()) {
    label += strprintf(", -{}{}", flag.alias, value);
  }
  return label;
}

// Two aligned columns, indented by three spaces like runc's help.
std::string columns(const std::vector<std::pair<std::string, std::string>> &rows) {
  size_t width = 0;
  for (const auto &row : rows) {
    width = std::max(width, row.first.size());
  }
  std::string out;
  for (const auto &[left, right] : rows) {
    out += strprintf("   {:<{}}  {}\n", left, width, right);
  }
  return out;
}

std::string flagColumns(std::span<const FlagSpec> flags) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto &flag : flags) {
    rows.emplace_back(flagLabel(flag), std::string(flag.help));
  }
  return columns(rows);
}

} // namespace

std::string globalUsage() {
  std::vector<std::pair<std::string, std::string>> commands;
  for (const auto &command : commandTable()) {
    const std::string name = command.alias.empty()
                                 ? std::string(command.name)
                                 : strprintf("{}, {}", command.name, command.alias);
    commands.emplace_back(
        name, strprintf("{}{}", command.summary, command.handler ? "" : kNotImplemented));
  }
  return strprintf("NAME:\n   runw - OCI container runtime that runs WebAssembly\n\n"
                   "runw follows the runc command line: containerd, CRI-O and podman drive it\n"
                   "the way they drive runc.\n\n"
                   "USAGE:\n   runw [global options] command [command options] [arguments...]\n\n"
                   "VERSION:\n   {}\n\nCOMMANDS:\n{}\nGLOBAL OPTIONS:\n{}",
                   version::kRunw, columns(commands), flagColumns(globalFlags()));
}

std::string commandUsage(const CommandSpec &command) {
  const std::string args = command.argsUsage.empty() ? "" : strprintf(" {}", command.argsUsage);
  std::string out = strprintf(
      "NAME:\n   runw {} - {}{}\n\nUSAGE:\n   runw {} [command options]{}\n", command.name,
      command.summary, command.handler ? "" : kNotImplemented, command.name, args);
  std::vector<FlagSpec> flags(command.flags.begin(), command.flags.end());
  flags.push_back(kHelpFlag);
  out += strprintf("\nOPTIONS:\n{}", flagColumns(flags));
  return out;
}

std::string versionText() {
  // go-runc (containerd) parses the lines starting "runc version ", "commit: " and "spec: ";
  // keep those prefixes and order, with runw in place of runc.
  return strprintf("runw version {}\ncommit: {}\nspec: {}\nengine: runw-engine {} (WebAssembly "
                   "{})\n",
                   version::kRunw, version::kCommit, version::kRuntimeSpec, engine::version(),
                   engine::targetWasmVersion());
}

Result<int> cmdHelp(CommandContext &context) {
  std::string text;
  if (context.args.positionals.empty()) {
    text = globalUsage();
  } else {
    const std::string &name = context.args.positionals.front();
    const CommandSpec *command = findCommand(name);
    if (command == nullptr) {
      return fail(ErrorCode::Invalid, strprintf("no help topic for '{}'", name));
    }
    text = commandUsage(*command);
  }
  TRY(writeAll(STDOUT_FILENO, text).context("stdout"));
  return 0;
}

} // namespace runw::runtime::cli
