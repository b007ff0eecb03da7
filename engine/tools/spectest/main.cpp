// SPDX-License-Identifier: Apache-2.0
// runw-spectest: runs WebAssembly spec test scripts (.wast) against runw's engine.
#include "spectest/runner.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace {

using runw::spectest::Failure;
using runw::spectest::RunOptions;
using runw::spectest::Tally;

constexpr std::string_view kUsage =
    "usage: runw-spectest [--engine interp] [--wast2json PROGRAM] [--print] FILE.wast...\n"
    "\n"
    "Converts each script with wast2json (Debian package 'wabt') and runs its commands.\n"
    "Prints each failure as file:line, one line per file and a total; exits 1 if any failed.\n"
    "  --engine NAME       execution engine (only 'interp' so far)\n"
    "  --wast2json PROGRAM wast2json to run (default: wast2json from PATH)\n"
    "  --print             let the spectest print functions write to stdout\n";

struct Arguments {
  RunOptions options;
  std::vector<std::string> files;
};

// Returns the exit code to stop with, or -1 to go on running.
int parseArguments(int argc, char **argv, Arguments &out) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    const bool hasValue = i + 1 < args.size();
    if (arg == "-h" || arg == "--help") {
      fmt::print("{}", kUsage);
      return 0;
    }
    if ((arg == "--engine" || arg == "--wast2json") && hasValue) {
      (arg == "--engine" ? out.options.engine : out.options.wast2json) = std::string(args[++i]);
    } else if (arg == "--print") {
      out.options.printTo = stdout;
    } else if (arg.starts_with("-")) {
      fmt::print(stderr, "runw-spectest: unknown or incomplete option '{}'\n{}", arg, kUsage);
      return 2;
    } else {
      out.files.emplace_back(arg);
    }
  }
  if (out.files.empty()) {
    fmt::print(stderr, "runw-spectest: no .wast files given\n{}", kUsage);
    return 2;
  }
  if (out.options.engine != runw::spectest::kEngineInterp) {
    fmt::print(stderr, "runw-spectest: engine '{}' is not available (use '{}')\n",
               out.options.engine, runw::spectest::kEngineInterp);
    return 2;
  }
  return -1;
}

} // namespace

int main(int argc, char **argv) {
  Arguments arguments;
  if (const int code = parseArguments(argc, argv, arguments); code >= 0) {
    return code;
  }
  const auto printFailure = [](const Failure &failure) {
    fmt::print("{}\n", runw::spectest::formatFailure(failure));
  };
  Tally total;
  for (const std::string &file : arguments.files) {
    const auto tally = runw::spectest::runWastFile(file, arguments.options, printFailure);
    if (!tally) {
      // A script that does not convert counts as one failure, so the total cannot read clean.
      fmt::print("{}: error: {}\n", file, tally.error().describe());
      ++total.failed;
      continue;
    }
    const std::string label = std::filesystem::path(file).filename().string();
    fmt::print("{}\n", runw::spectest::formatTally(label, *tally));
    total += *tally;
  }
  fmt::print("{}\n", runw::spectest::formatTally("", total));
  static_cast<void>(std::fflush(stdout));
  return total.failed == 0 ? 0 : 1;
}
