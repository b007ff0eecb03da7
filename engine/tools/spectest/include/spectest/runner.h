// SPDX-License-Identifier: Apache-2.0
// Running a converted script against the engine, and the runner's tallies and report lines.
#pragma once

#include "spectest/driver.h"

#include "support/result.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace runw::spectest {

/// Command counts of one file or of a whole run.
struct Tally {
  uint64_t passed = 0;
  uint64_t failed = 0;
  /// Commands whose module is in the text format (`module quote`): they test a text parser,
  /// which runw does not have.
  uint64_t skipped = 0;
  Tally &operator+=(const Tally &other);
  bool operator==(const Tally &) const = default;
};

/// "address.wast: 260 passed, 0 failed" (label empty: no prefix); ", 3 skipped" is appended
/// when any command was skipped.
std::string formatTally(std::string_view label, const Tally &tally);

/// One failed command.
struct Failure {
  std::string file;    ///< the .wast file as given
  uint32_t line = 0;   ///< its line
  std::string command; ///< describe(command)
  std::string message; ///< expected vs got
};

/// "file.wast:12: assert_return (invoke \"f\"): expected (i32.const 1), got (i32.const 2)".
std::string formatFailure(const Failure &failure);

/// The execution engines --engine accepts.
inline constexpr std::string_view kEngineInterp = "interp";

/// How to run scripts.
struct RunOptions {
  /// Execution engine ("interp").
  std::string engine = std::string(kEngineInterp);
  /// The wast2json program (a name looked up in PATH, or a path).
  std::string wast2json = "wast2json";
  /// Where the spectest print functions write; null discards their output.
  std::FILE *printTo = nullptr;
};

/// Receives each failure as it happens.
using FailureSink = std::function<void(const Failure &)>;

/// Runs every command of a converted script in a fresh Store with the spectest module
/// linked. Each command passes, fails (reported to onFailure, labelled with fileLabel) or is
/// skipped. Needs the engine pipeline (load, validate, instantiate, invoke).
Tally runScript(const ConvertedScript &converted, std::string_view fileLabel,
                const RunOptions &options, const FailureSink &onFailure);

/// Converts a .wast file with wast2json and runs it; a conversion failure is an error.
Result<Tally> runWastFile(const std::filesystem::path &wastFile, const RunOptions &options,
                          const FailureSink &onFailure);

} // namespace runw::spectest
