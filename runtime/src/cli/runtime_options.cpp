// SPDX-License-Identifier: Apache-2.0
// RuntimeOptions from the CLI context, and the signal and integer parsers commands share.
#include "runtime_options.h"

#include "support/strings.h"

#include <array>
#include <charconv>
#include <csignal>
#include <utility>

namespace runw::runtime::cli {
namespace {

constexpr std::array<std::pair<std::string_view, int>, 31> kSignals{{
    {"ABRT", SIGABRT},   {"ALRM", SIGALRM}, {"BUS", SIGBUS},   {"CHLD", SIGCHLD},
    {"CONT", SIGCONT},   {"FPE", SIGFPE},   {"HUP", SIGHUP},   {"ILL", SIGILL},
    {"INT", SIGINT},     {"IO", SIGIO},     {"IOT", SIGIOT},   {"KILL", SIGKILL},
    {"PIPE", SIGPIPE},   {"PROF", SIGPROF}, {"PWR", SIGPWR},   {"QUIT", SIGQUIT},
    {"SEGV", SIGSEGV},   {"STOP", SIGSTOP}, {"SYS", SIGSYS},   {"TERM", SIGTERM},
    {"TRAP", SIGTRAP},   {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU},
    {"URG", SIGURG},     {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"VTALRM", SIGVTALRM},
    {"WINCH", SIGWINCH}, {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ},
}};

std::optional<int> parseInt(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

} // namespace

RuntimeOptions runtimeOptions(CommandContext &context) {
  RuntimeOptions options;
  options.root = context.global.root;
  options.systemdCgroup = context.global.systemdCgroup;
  Logger *log = &context.log;
  options.warn = [log](std::string_view text) { log->log(LogLevel::Warning, text); };
  options.debug = [log](std::string_view text) { log->debug(text); };
  return options;
}

Result<int> parseSignal(std::string_view text) {
  if (const std::optional<int> number = parseInt(text)) {
    if (*number <= 0 || *number >= NSIG) {
      return fail(ErrorCode::Invalid, strprintf("invalid signal number: {}", text));
    }
    return *number;
  }
  std::string name(text);
  for (char &c : name) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  std::string_view bare = name;
  if (bare.starts_with("SIG")) {
    bare.remove_prefix(3);
  }
  for (const auto &[signalName, number] : kSignals) {
    if (signalName == bare) {
      return number;
    }
  }
  return fail(ErrorCode::Invalid, strprintf("unknown signal \"{}\"", text));
}

Result<int> intFlag(const ParsedFlags &flags, std::string_view name, int fallback) {
  const std::optional<std::string> text = flags.value(name);
  if (!text) {
    return fallback;
  }
  const std::optional<int> value = parseInt(*text);
  if (!value || *value < 0) {
    return fail(ErrorCode::Invalid, strprintf("invalid value \"{}\" for flag --{}", *text, name));
  }
  return *value;
}

} // namespace runw::runtime::cli
