// SPDX-License-Identifier: Apache-2.0
// `runw update`: new resource limits from --resources (a file or - for stdin) and flags.
#include "commands.h"
#include "runtime_options.h"

#include "oci/json.h"
#include "runtime/container.h"
#include "support/strings.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <optional>
#include <unistd.h>

namespace runw::runtime::cli {
namespace {

template <class T> T &ensure(std::optional<T> &value) {
  if (!value) {
    value.emplace();
  }
  return *value;
}

Result<std::string> readAllStdin() {
  std::string text;
  std::array<char, 4096> buffer{};
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return failErrno("reading stdin");
    }
    if (n == 0) {
      return text;
    }
    text.append(buffer.data(), static_cast<size_t>(n));
  }
}

Result<int64_t> int64Flag(std::string_view name, const std::string &text) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return fail(ErrorCode::Invalid, strprintf("invalid value \"{}\" for flag --{}", text, name));
  }
  return value;
}

// runc update's per-field flags, applied over --resources.
Result<void> applyFlags(const ParsedFlags &flags, oci::Resources &resources) {
  if (const auto v = flags.value("memory")) {
    ensure(resources.memory).limit = TRY(int64Flag("memory", *v));
  }
  if (const auto v = flags.value("memory-swap")) {
    ensure(resources.memory).swap = TRY(int64Flag("memory-swap", *v));
  }
  if (const auto v = flags.value("pids-limit")) {
    ensure(resources.pids).limit = TRY(int64Flag("pids-limit", *v));
  }
  if (const auto v = flags.value("cpu-quota")) {
    ensure(resources.cpu).quota = TRY(int64Flag("cpu-quota", *v));
  }
  if (const auto v = flags.value("cpu-period")) {
    ensure(resources.cpu).period = static_cast<uint64_t>(TRY(int64Flag("cpu-period", *v)));
  }
  if (const auto v = flags.value("cpu-share")) {
    ensure(resources.cpu).shares = static_cast<uint64_t>(TRY(int64Flag("cpu-share", *v)));
  }
  if (const auto v = flags.value("cpuset-cpus")) {
    ensure(resources.cpu).cpus = *v;
  }
  if (const auto v = flags.value("cpuset-mems")) {
    ensure(resources.cpu).mems = *v;
  }
  return {};
}

} // namespace

Result<int> cmdUpdate(CommandContext &context) {
  const ParsedFlags &flags = context.args.flags;
  oci::Resources resources;
  if (const auto source = flags.value("resources")) {
    const std::string text =
        *source == "-" ? TRY(readAllStdin()) : TRY(oci::readDocumentFile(*source));
    resources = TRY(oci::parseResources(text).context("--resources"));
  }
  TRY(applyFlags(flags, resources));
  TRY(updateContainer(runtimeOptions(context), context.args.positionals.front(), resources));
  return 0;
}

} // namespace runw::runtime::cli
