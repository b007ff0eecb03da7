// SPDX-License-Identifier: Apache-2.0
// runCli: global options, log setup, then the command's flags, argument count and handler.
#include "commands.h"

#include "support/strings.h"
#include "support/version.h"

#include <unistd.h>
#include <vector>

namespace runw::runtime::cli {
namespace {

Result<void> configureLog(const GlobalOptions &global, Logger &log) {
  log.setFormat(global.logFormat);
  log.setLevel(global.debug ? LogLevel::Debug : LogLevel::Info);
  if (!global.logPath.empty()) {
    TRY(log.openFile(global.logPath));
  }
  return {};
}

Result<int> printStdout(std::string_view text) {
  TRY(writeAll(STDOUT_FILENO, text).context("stdout"));
  return 0;
}

// runc's checkArgs wording (utils.go), which scripts may match.
Result<void> checkArgCount(const CommandSpec &command, size_t count) {
  const size_t min = command.minArgs;
  if (command.maxArgs == min && count != min) {
    return fail(ErrorCode::Invalid,
                strprintf("runw: \"{}\" requires exactly {} argument(s)", command.name, min));
  }
  if (count < min) {
    return fail(ErrorCode::Invalid,
                strprintf("runw: \"{}\" requires a minimum of {} argument(s)", command.name, min));
  }
  if (command.maxArgs && count > *command.maxArgs) {
    return fail(ErrorCode::Invalid, strprintf("runw: \"{}\" requires a maximum of {} argument(s)",
                                              command.name, *command.maxArgs));
  }
  return {};
}

Result<int> runCommand(const CommandSpec &command, std::span<const std::string> args,
                       const GlobalOptions &global, Logger &log) {
  if (command.handler == nullptr) {
    return fail(ErrorCode::Unsupported,
                strprintf("command '{}' is not implemented yet in runw", command.name));
  }
  std::vector<FlagSpec> flags(command.flags.begin(), command.flags.end());
  flags.push_back(kHelpFlag);
  const std::string context = strprintf("runw {}", command.name);
  const ParsedArgs parsed =
      TRY(parseFlags(flags, args, ParseOptions{command.stopAfterPositionals, context}));
  if (parsed.flags.isSet("help")) {
    return printStdout(commandUsage(command));
  }
  TRY(checkArgCount(command, parsed.positionals.size()));
  log.debug(strprintf("runw {}: command '{}', arguments [{}]", version::kRunw, command.name,
                      join(parsed.positionals, ", ")));
  CommandContext commandContext{global, parsed, log};
  return command.handler(commandContext);
}

} // namespace

Result<int> runCli(std::span<const std::string> args, Logger &log) {
  // Global options end at the first positional, the command name (runc grammar, 1.1).
  const ParsedArgs parsed = TRY(parseFlags(globalFlags(), args, ParseOptions{1, "runw"}));
  const GlobalOptions global = TRY(makeGlobalOptions(parsed.flags));
  TRY(configureLog(global, log));
  if (global.version) {
    return printStdout(versionText());
  }
  if (global.help || parsed.positionals.empty()) {
    return printStdout(globalUsage());
  }
  const std::string &name = parsed.positionals.front();
  const CommandSpec *command = findCommand(name);
  if (command == nullptr) {
    return fail(ErrorCode::Invalid,
                strprintf("unknown command '{}' (run 'runw --help' for the list)", name));
  }
  return runCommand(*command, std::span(parsed.positionals).subspan(1), global, log);
}

} // namespace runw::runtime::cli
