// SPDX-License-Identifier: Apache-2.0
// The runner's report lines: per file, total, one per failure.
#include "spectest/runner.h"

#include <gtest/gtest.h>

namespace runw::spectest {
namespace {

TEST(Report, TallyLines) {
  EXPECT_EQ(formatTally("address.wast", Tally{260, 0, 0}), "address.wast: 260 passed, 0 failed");
  EXPECT_EQ(formatTally("", Tally{5, 2, 0}), "5 passed, 2 failed");
  EXPECT_EQ(formatTally("", Tally{5, 0, 3}), "5 passed, 0 failed, 3 skipped");
}

TEST(Report, TalliesAdd) {
  Tally total{1, 2, 3};
  total += Tally{10, 20, 30};
  EXPECT_EQ(total, (Tally{11, 22, 33}));
}

TEST(Report, FailureLine) {
  const Failure failure{"i32.wast", 42, "assert_return (invoke \"add\" (i32.const 1))",
                        "expected (i32.const 2), got (i32.const 3)"};
  EXPECT_EQ(formatFailure(failure), "i32.wast:42: assert_return (invoke \"add\" (i32.const 1)): "
                                    "expected (i32.const 2), got (i32.const 3)");
}

TEST(Report, OnlyInterpIsOffered) { EXPECT_EQ(kEngineInterp, "interp"); }

} // namespace
} // namespace runw::spectest
