// SPDX-License-Identifier: Apache-2.0
// Tallies and the runner's report lines (per file, total, one per failure).
#include "spectest/runner.h"

#include <fmt/format.h>

namespace runw::spectest {

Tally &Tally::operator+=(const Tally &other) {
  passed += other.passed;
  failed += other.failed;
  skipped += other.skipped;
  return *this;
}

std::string formatTally(std::string_view label, const Tally &tally) {
  std::string out = label.empty() ? std::string() : fmt::format("{}: ", label);
  out += fmt::format("{} passed, {} failed", tally.passed, tally.failed);
  if (tally.skipped != 0) {
    out += fmt::format(", {} skipped", tally.skipped);
  }
  return out;
}

std::string formatFailure(const Failure &failure) {
  return fmt::format("{}:{}: {}: {}", failure.file, failure.line, failure.command, failure.message);
}

} // namespace runw::spectest
