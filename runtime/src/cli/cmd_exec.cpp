// SPDX-License-Identifier: Apache-2.0
// `runw exec`: a process from --process FILE, or from the container's process plus flags.
#include "commands.h"
#include "runtime_options.h"

#include "oci/json.h"
#include "runtime/container.h"
#include "support/strings.h"

#include <charconv>

namespace runw::runtime::cli {
namespace {

Result<uint32_t> parseId(std::string_view text, std::string_view what) {
  uint32_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return fail(ErrorCode::Invalid, strprintf("parsing {} \"{}\": invalid number", what, text));
  }
  return value;
}

// --user uid[:gid]
Result<void> applyUser(oci::Process &process, std::string_view user) {
  const size_t colon = user.find(':');
  process.user.uid = TRY(parseId(user.substr(0, colon), "uid"));
  if (colon != std::string_view::npos) {
    process.user.gid = TRY(parseId(user.substr(colon + 1), "gid"));
  }
  return {};
}

void addCaps(std::optional<std::vector<std::string>> &set, const std::vector<std::string> &caps) {
  if (!set) {
    set.emplace();
  }
  set->insert(set->end(), caps.begin(), caps.end());
}

// runc's getProcess: the container's process with the command line's changes.
Result<oci::Process> processFromFlags(CommandContext &context) {
  const ParsedFlags &flags = context.args.flags;
  const std::vector<std::string> &args = context.args.positionals;
  if (args.size() < 2) {
    return fail(ErrorCode::Invalid, "exec: no command given (use `exec ID CMD...` or --process)");
  }
  oci::Process process = TRY(containerProcess(runtimeOptions(context), args.front()));
  process.args = std::vector<std::string>(args.begin() + 1, args.end());
  process.terminal = flags.isSet("tty");
  if (const auto cwd = flags.value("cwd")) {
    process.cwd = *cwd;
  }
  std::vector<std::string> env = process.env.value_or(std::vector<std::string>{});
  for (const std::string &entry : flags.values("env")) {
    env.push_back(entry);
  }
  process.env = env;
  if (const auto user = flags.value("user")) {
    TRY(applyUser(process, *user));
  }
  for (const std::string &gid : flags.values("additional-gids")) {
    process.user.additionalGids.emplace().push_back(TRY(parseId(gid, "additional gid")));
  }
  if (const std::vector<std::string> caps = flags.values("cap"); !caps.empty()) {
    if (!process.capabilities) {
      process.capabilities.emplace();
    }
    oci::Capabilities &sets = *process.capabilities;
    addCaps(sets.bounding, caps);
    addCaps(sets.effective, caps);
    addCaps(sets.permitted, caps);
  }
  if (flags.isSet("no-new-privs")) {
    process.noNewPrivileges = true;
  }
  return process;
}

Result<oci::Process> processFromFile(const std::string &path) {
  const std::string text = TRY(oci::readDocumentFile(path).context("reading the process file"));
  return TRY(oci::parseProcess(text).context(path));
}

} // namespace

Result<int> cmdExec(CommandContext &context) {
  const ParsedFlags &flags = context.args.flags;
  ExecOptions exec;
  exec.id = context.args.positionals.front();
  const std::optional<std::string> processFile = flags.value("process");
  exec.process = processFile ? TRY(processFromFile(*processFile)) : TRY(processFromFlags(context));
  exec.pidFile = flags.value("pid-file").value_or("");
  exec.consoleSocket = flags.value("console-socket").value_or("");
  exec.detach = flags.isSet("detach");
  exec.preserveFds = TRY(intFlag(flags, "preserve-fds", 0));
  Result<int> status = execInContainer(runtimeOptions(context), exec);
  if (!status) {
    // runc: exec itself failing exits 255, so callers can tell it from the command's status.
    context.log.reportError(status.error().describe());
    return 255;
  }
  return *status;
}

} // namespace runw::runtime::cli
