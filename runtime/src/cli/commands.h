// SPDX-License-Identifier: Apache-2.0
// The runw command table: global options, every runc subcommand, and their handlers.
#pragma once

#include "args.h"
#include "log.h"

#include "support/result.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace runw::runtime::cli {

/// --rootless: whether cgroup permission errors are ignored.
enum class RootlessMode { Auto, True, False };

/// The global options, validated (runw [global-opts] <command> ...).
struct GlobalOptions {
  std::string root = "/run/runw";             ///< --root: per-container state, absolute
  std::string logPath;                        ///< --log: empty means stderr
  LogFormat logFormat = LogFormat::Text;      ///< --log-format
  bool debug = false;                         ///< --debug: log at debug level
  bool systemdCgroup = false;                 ///< --systemd-cgroup: slice:prefix:name paths
  RootlessMode rootless = RootlessMode::Auto; ///< --rootless
  bool help = false;                          ///< --help/-h
  bool version = false;                       ///< --version/-v
};

/// Everything a command handler gets.
struct CommandContext {
  const GlobalOptions &global; ///< validated global options
  const ParsedArgs &args;      ///< the command's own flags and positionals
  Logger &log;                 ///< the configured log sink
};

/// A command handler: the process exit status on success (0 for all but run/exec later).
using CommandHandler = Result<int> (*)(CommandContext &context);

/// One runw subcommand.
struct CommandSpec {
  std::string_view name;           ///< e.g. "spec"
  std::string_view alias;          ///< e.g. "h" for help; may be empty
  std::string_view argsUsage;      ///< e.g. "<container-id>"
  std::string_view summary;        ///< runc's one-line usage text
  std::span<const FlagSpec> flags; ///< the command's flags; --help/-h is always added
  size_t minArgs = 0;              ///< fewest positional arguments
  std::optional<size_t> maxArgs;   ///< most positional arguments; nullopt: no upper bound
  std::optional<size_t> stopAfterPositionals; ///< see ParseOptions
  CommandHandler handler = nullptr;           ///< nullptr: not implemented yet
};

/// --help/-h, which every command accepts (urfave/cli adds it to each of runc's commands).
inline constexpr FlagSpec kHelpFlag{"help", "h", FlagKind::Bool, "", "show help"};

/// Every command, in help order (runc's order).
std::span<const CommandSpec> commandTable();
/// The command called name (or alias), or nullptr.
const CommandSpec *findCommand(std::string_view name);
/// The global option table.
std::span<const FlagSpec> globalFlags();
/// Turns parsed global flags into GlobalOptions; rejects bad --log-format, --rootless and
/// --root values with runc's wording.
Result<GlobalOptions> makeGlobalOptions(const ParsedFlags &flags);

/// Parses argv[1..], configures log, and runs the command. Returns the exit status; the
/// error, if any, is for main() to report.
Result<int> runCli(std::span<const std::string> args, Logger &log);

/// `runw spec`.
Result<int> cmdSpec(CommandContext &context);
/// `runw features`.
Result<int> cmdFeatures(CommandContext &context);
/// The lifecycle commands (cmd_lifecycle.cpp, cmd_query.cpp, cmd_exec.cpp, cmd_update.cpp).
Result<int> cmdCreate(CommandContext &context);
Result<int> cmdStart(CommandContext &context);
Result<int> cmdRun(CommandContext &context);
Result<int> cmdDelete(CommandContext &context);
Result<int> cmdKill(CommandContext &context);
Result<int> cmdPause(CommandContext &context);
Result<int> cmdResume(CommandContext &context);
Result<int> cmdState(CommandContext &context);
Result<int> cmdList(CommandContext &context);
Result<int> cmdPs(CommandContext &context);
Result<int> cmdExec(CommandContext &context);
Result<int> cmdUpdate(CommandContext &context);
Result<int> cmdEvents(CommandContext &context);
/// `runw help [command]`.
Result<int> cmdHelp(CommandContext &context);

/// The text of `runw --help`.
std::string globalUsage();
/// The text of `runw help <command>`.
std::string commandUsage(const CommandSpec &command);
/// The text of `runw --version`.
std::string versionText();

} // namespace runw::runtime::cli
