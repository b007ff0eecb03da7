// SPDX-License-Identifier: Apache-2.0
// `runw events [--stats] [--interval 5s] ID`: stats and OOM events as JSON lines on stdout.
#include "commands.h"
#include "runtime_options.h"

#include "runtime/container.h"
#include "support/strings.h"

#include <charconv>
#include <unistd.h>

namespace runw::runtime::cli {
namespace {

// Go durations as runc's --interval takes them: "5s", "500ms", "1m", "2s500ms" is not needed.
Result<int> parseIntervalMs(std::string_view text) {
  struct Unit {
    std::string_view suffix;
    int ms;
  };
  for (const Unit unit : {Unit{"ms", 1}, Unit{"s", 1000}, Unit{"m", 60000}}) {
    if (text.ends_with(unit.suffix)) {
      const std::string_view number = text.substr(0, text.size() - unit.suffix.size());
      int value = 0;
      const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
      if (ec == std::errc() && end == number.data() + number.size() && value > 0) {
        return value * unit.ms;
      }
      break;
    }
  }
  return fail(ErrorCode::Invalid,
              strprintf("invalid --interval \"{}\" (want e.g. 5s, 500ms)", text));
}

Result<void> printLine(std::string_view json) {
  TRY(writeAll(STDOUT_FILENO, strprintf("{}\n", json)).context("stdout"));
  return {};
}

} // namespace

Result<int> cmdEvents(CommandContext &context) {
  const RuntimeOptions options = runtimeOptions(context);
  const std::string &id = context.args.positionals.front();
  if (context.args.flags.isSet("stats")) {
    TRY(printLine(TRY(containerStatsEvent(options, id))));
    return 0;
  }
  const int intervalMs = TRY(parseIntervalMs(context.args.flags.value("interval").value_or("5s")));
  TRY(watchContainerEvents(options, id, intervalMs, printLine));
  return 0;
}

} // namespace runw::runtime::cli
