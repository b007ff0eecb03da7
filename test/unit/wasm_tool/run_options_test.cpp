// SPDX-License-Identifier: Apache-2.0
// `runw-wasm run` options: what belongs to runw-wasm, what to the module, and clear errors.
#include "run_options.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace runw::wasmtool {
namespace {

Result<RunCommandLine> parse(std::vector<std::string_view> words) {
  return parseRunCommandLine(words);
}

TEST(RunOptions, OptionsBeforeTheModuleArgumentsAfter) {
  auto line =
      parse({"--dir", "/tmp:/data:ro", "--env=A=1", "--timeout", "1.5", "m.wasm", "--dir", "x"});
  ASSERT_TRUE(line.has_value()) << line.error().describe();
  EXPECT_EQ(line->module, "m.wasm");
  ASSERT_EQ(line->moduleArgs.size(), 2U);
  EXPECT_EQ(line->moduleArgs[0], "--dir");
  ASSERT_EQ(line->dirs.size(), 1U);
  EXPECT_EQ(line->dirs[0].hostPath, "/tmp");
  EXPECT_EQ(line->dirs[0].guestPath, "/data");
  EXPECT_TRUE(line->dirs[0].readOnly);
  ASSERT_EQ(line->env.size(), 1U);
  EXPECT_EQ(line->env[0], "A=1");
  ASSERT_TRUE(line->timeoutSeconds.has_value());
  EXPECT_DOUBLE_EQ(*line->timeoutSeconds, 1.5);
}

TEST(RunOptions, DirForms) {
  auto same = parseDirOption("data");
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->hostPath, "data");
  EXPECT_EQ(same->guestPath, "data");
  EXPECT_FALSE(same->readOnly);
  auto readOnly = parseDirOption("data:ro");
  ASSERT_TRUE(readOnly.has_value());
  EXPECT_EQ(readOnly->guestPath, "data");
  EXPECT_TRUE(readOnly->readOnly);
  for (const std::string_view bad : {"", ":x", "a:", "a:b:c", "a:b:c:ro"}) {
    EXPECT_FALSE(parseDirOption(bad).has_value()) << bad;
  }
}

TEST(RunOptions, EnvWithoutValueCopiesTheHostVariable) {
  ASSERT_EQ(::setenv("RUNW_TEST_VARIABLE", "from host", 1), 0);
  auto line = parse({"--env", "RUNW_TEST_VARIABLE", "m.wasm"});
  ASSERT_TRUE(line.has_value()) << line.error().describe();
  EXPECT_EQ(line->env.at(0), "RUNW_TEST_VARIABLE=from host");
  EXPECT_FALSE(parse({"--env", "RUNW_TEST_UNSET_VARIABLE_X", "m.wasm"}).has_value());
  EXPECT_FALSE(parse({"--env", "=x", "m.wasm"}).has_value());
}

TEST(RunOptions, ByteSizes) {
  EXPECT_EQ(parseByteSize("65536").value(), 65536U);
  EXPECT_EQ(parseByteSize("64K").value(), 65536U);
  EXPECT_EQ(parseByteSize("2M").value(), 2U << 20);
  EXPECT_EQ(parseByteSize("1g").value(), 1U << 30);
  for (const std::string_view bad : {"", "M", "-1", "1.5M", "12Q", "99999999999999999999"}) {
    EXPECT_FALSE(parseByteSize(bad).has_value()) << bad;
  }
}

TEST(RunOptions, Errors) {
  EXPECT_FALSE(parse({}).has_value());
  EXPECT_FALSE(parse({"--dir"}).has_value());
  EXPECT_FALSE(parse({"--dir", "x"}).has_value()); // no module after the option
  EXPECT_FALSE(parse({"--bogus", "1", "m.wasm"}).has_value());
  EXPECT_FALSE(parse({"--timeout", "0", "m.wasm"}).has_value());
  EXPECT_FALSE(parse({"--timeout", "soon", "m.wasm"}).has_value());
  const auto error = parse({"--frobnicate=1", "m.wasm"}).error();
  EXPECT_NE(error.describe().find("--frobnicate"), std::string::npos);
}

TEST(RunOptions, DoubleDashEndsOptions) {
  auto line = parse({"--", "--weird-name.wasm", "a"});
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->module, "--weird-name.wasm");
  EXPECT_EQ(line->moduleArgs.size(), 1U);
}

TEST(RunOptions, InvokeIsKept) {
  auto line = parse({"--invoke", "fib", "m.wasm", "30"});
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->invoke.value_or(""), "fib");
  EXPECT_EQ(line->moduleArgs.at(0), "30");
}

} // namespace
} // namespace runw::wasmtool
