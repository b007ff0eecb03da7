// SPDX-License-Identifier: Apache-2.0
// `runw create|start|run|delete|kill`: the lifecycle commands, thin over runtime/container.h.
#include "commands.h"
#include "runtime_options.h"

#include "runtime/container.h"

namespace runw::runtime::cli {
namespace {

CreateOptions createOptions(CommandContext &context, Result<int> &preserveFds) {
  const ParsedFlags &flags = context.args.flags;
  CreateOptions create;
  create.id = context.args.positionals.front();
  create.bundle = flags.value("bundle").value_or("");
  create.pidFile = flags.value("pid-file").value_or("");
  create.consoleSocket = flags.value("console-socket").value_or("");
  create.noPivot = flags.isSet("no-pivot");
  create.noNewKeyring = flags.isSet("no-new-keyring");
  preserveFds = intFlag(flags, "preserve-fds", 0);
  create.preserveFds = preserveFds.value_or(0);
  return create;
}

} // namespace

Result<int> cmdCreate(CommandContext &context) {
  Result<int> preserveFds = 0;
  const CreateOptions create = createOptions(context, preserveFds);
  TRY(preserveFds);
  TRY(createContainer(runtimeOptions(context), create));
  return 0;
}

Result<int> cmdStart(CommandContext &context) {
  TRY(startContainer(runtimeOptions(context), context.args.positionals.front()));
  return 0;
}

Result<int> cmdRun(CommandContext &context) {
  Result<int> preserveFds = 0;
  RunOptions run;
  run.create = createOptions(context, preserveFds);
  TRY(preserveFds);
  run.detach = context.args.flags.isSet("detach");
  run.keep = context.args.flags.isSet("keep");
  return runContainer(runtimeOptions(context), run);
}

Result<int> cmdDelete(CommandContext &context) {
  const RuntimeOptions options = runtimeOptions(context);
  const std::string &id = context.args.positionals.front();
  const bool force = context.args.flags.isSet("force");
  Result<void> deleted = deleteContainer(options, id, force);
  // runc: `delete --force` of a container that does not exist succeeds.
  if (!deleted && !(force && deleted.error().code == ErrorCode::NotFound)) {
    return std::unexpected(deleted.error());
  }
  return 0;
}

Result<int> cmdKill(CommandContext &context) {
  const std::vector<std::string> &args = context.args.positionals;
  const int sig = TRY(parseSignal(args.size() > 1 ? args[1] : "SIGTERM"));
  TRY(killContainer(runtimeOptions(context), args.front(), sig, context.args.flags.isSet("all")));
  return 0;
}

Result<int> cmdPause(CommandContext &context) {
  TRY(pauseContainer(runtimeOptions(context), context.args.positionals.front()));
  return 0;
}

Result<int> cmdResume(CommandContext &context) {
  TRY(resumeContainer(runtimeOptions(context), context.args.positionals.front()));
  return 0;
}

} // namespace runw::runtime::cli
