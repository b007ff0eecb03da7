// SPDX-License-Identifier: Apache-2.0
// The CLI flag parser: every accepted spelling, stop rules, and errors that name the flag.
#include "cli/args.h"
#include "cli/commands.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace runw::runtime::cli {
namespace {

constexpr std::array kTable{
    FlagSpec{"bundle", "b", FlagKind::Value, "DIR", ""},
    FlagSpec{"detach", "d", FlagKind::Bool, "", ""},
    FlagSpec{"env", "e", FlagKind::List, "KEY=VALUE", ""},
    FlagSpec{"no-subreaper", "", FlagKind::Bool, "", ""},
    FlagSpec{"resources", "r", FlagKind::Value, "FILE", ""},
};

Result<ParsedArgs> parse(std::vector<std::string> args,
                         std::optional<size_t> stopAfter = std::nullopt) {
  return parseFlags(kTable, args, ParseOptions{stopAfter, "runw test"});
}

std::string errorOf(std::vector<std::string> args, std::optional<size_t> stopAfter = std::nullopt) {
  auto parsed = parse(std::move(args), stopAfter);
  EXPECT_FALSE(parsed.has_value());
  return parsed ? std::string() : parsed.error().describe();
}

TEST(ParseFlags, ValueFlagInEverySpelling) {
  for (const auto &args : std::vector<std::vector<std::string>>{{"--bundle", "/b"},
                                                                {"--bundle=/b"},
                                                                {"-bundle", "/b"},
                                                                {"-bundle=/b"},
                                                                {"-b", "/b"},
                                                                {"-b=/b"},
                                                                {"--b", "/b"}}) {
    SCOPED_TRACE(args.front());
    auto parsed = parse(args);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
    EXPECT_EQ(parsed->flags.value("bundle"), "/b");
    EXPECT_TRUE(parsed->positionals.empty());
  }
}

TEST(ParseFlags, ValueMayBeEmptyContainEqualsOrStartWithDash) {
  auto parsed = parse({"--bundle=", "-r", "-", "--env=A=B=C"});
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  EXPECT_EQ(parsed->flags.value("bundle"), "");
  // `update --resources -` reads stdin: the value is "-", as Go's flag package takes it.
  EXPECT_EQ(parsed->flags.value("resources"), "-");
  EXPECT_EQ(parsed->flags.values("env"), (std::vector<std::string>{"A=B=C"}));
}

TEST(ParseFlags, LastValueWinsAndListsKeepEveryValue) {
  auto parsed = parse({"-b", "one", "--bundle=two", "-e", "A=1", "--env", "B=2"});
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  EXPECT_EQ(parsed->flags.value("bundle"), "two");
  EXPECT_EQ(parsed->flags.values("env"), (std::vector<std::string>{"A=1", "B=2"}));
  EXPECT_FALSE(parsed->flags.value("resources").has_value());
  EXPECT_TRUE(parsed->flags.values("missing").empty());
}

TEST(ParseFlags, BoolFlagsNeverConsumeTheNextArgument) {
  auto parsed = parse({"-d", "true", "-no-subreaper"});
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  EXPECT_TRUE(parsed->flags.isSet("detach"));
  EXPECT_TRUE(parsed->flags.isSet("no-subreaper"));
  EXPECT_EQ(parsed->positionals, (std::vector<std::string>{"true"}));
}

TEST(ParseFlags, BoolFlagsTakeGoBooleanSpellingsAfterEquals) {
  for (const char *yes : {"1", "t", "T", "TRUE", "true", "True"}) {
    auto parsed = parse({std::string("--detach=") + yes});
    ASSERT_TRUE(parsed.has_value()) << yes;
    EXPECT_TRUE(parsed->flags.isSet("detach")) << yes;
  }
  for (const char *no : {"0", "f", "F", "FALSE", "false", "False"}) {
    auto parsed = parse({"-d", std::string("-d=") + no});
    ASSERT_TRUE(parsed.has_value()) << no;
    EXPECT_TRUE(parsed->flags.has("detach"));
    EXPECT_FALSE(parsed->flags.isSet("detach")) << no;
  }
  EXPECT_FALSE(parse({}).value().flags.isSet("detach"));
}

TEST(ParseFlags, FlagsAndPositionalsInterleaveByDefault) {
  // runc (urfave/cli) accepts `delete ID --force`.
  auto parsed = parse({"id1", "-d", "9", "--bundle", "/b"});
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  EXPECT_EQ(parsed->positionals, (std::vector<std::string>{"id1", "9"}));
  EXPECT_TRUE(parsed->flags.isSet("detach"));
  EXPECT_EQ(parsed->flags.value("bundle"), "/b");
}

TEST(ParseFlags, StopAfterPositionalsKeepsTheRestVerbatim) {
  // Global options stop at the command; exec stops at the container id.
  auto parsed = parse({"-d", "exec", "-b", "x", "--", "--bogus"}, 1);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  EXPECT_TRUE(parsed->flags.isSet("detach"));
  EXPECT_FALSE(parsed->flags.has("bundle"));
  EXPECT_EQ(parsed->positionals, (std::vector<std::string>{"exec", "-b", "x", "--", "--bogus"}));
}

TEST(ParseFlags, DoubleDashEndsFlagsAndSingleDashIsPositional) {
  auto parsed = parse({"-", "--", "-d", "--bundle=x"});
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  EXPECT_FALSE(parsed->flags.has("detach"));
  EXPECT_EQ(parsed->positionals, (std::vector<std::string>{"-", "-d", "--bundle=x"}));
}

TEST(ParseFlags, UnknownFlagIsNamedAsTyped) {
  EXPECT_EQ(errorOf({"--bogus"}), "runw test: unknown flag '--bogus'");
  EXPECT_EQ(errorOf({"-x=1"}), "runw test: unknown flag '-x'");
  EXPECT_EQ(errorOf({"id", "--nope"}), "runw test: unknown flag '--nope'");
}

TEST(ParseFlags, MissingValueIsAnError) {
  EXPECT_EQ(errorOf({"--bundle"}), "runw test: flag needs an argument: '--bundle'");
  EXPECT_EQ(errorOf({"id", "-b"}), "runw test: flag needs an argument: '-b'");
}

TEST(ParseFlags, BadBooleanAndBadSyntaxAreErrors) {
  EXPECT_EQ(errorOf({"--detach=yes"}),
            "runw test: invalid boolean value 'yes' for flag '--detach'");
  EXPECT_EQ(errorOf({"---detach"}), "runw test: bad flag syntax: ---detach");
  EXPECT_EQ(errorOf({"-=x"}), "runw test: bad flag syntax: -=x");
}

TEST(GlobalOptions, DefaultsMatchTheInterface) {
  auto parsed =
      parseFlags(globalFlags(), std::vector<std::string>{"state", "x"}, ParseOptions{1, "runw"});
  ASSERT_TRUE(parsed.has_value());
  auto global = makeGlobalOptions(parsed->flags);
  ASSERT_TRUE(global.has_value()) << global.error().describe();
  EXPECT_EQ(global->root, "/run/runw");
  EXPECT_EQ(global->logPath, "");
  EXPECT_EQ(global->logFormat, LogFormat::Text);
  EXPECT_EQ(global->rootless, RootlessMode::Auto);
  EXPECT_FALSE(global->debug);
  EXPECT_FALSE(global->systemdCgroup);
}

TEST(GlobalOptions, WhatContainerdAndConmonPass) {
  const std::vector<std::string> args{"--root=/run/containerd/runc/k8s.io/",
                                      "--log",
                                      "/b/log.json",
                                      "-log-format",
                                      "json",
                                      "--debug",
                                      "--systemd-cgroup",
                                      "--rootless=false",
                                      "create"};
  auto parsed = parseFlags(globalFlags(), args, ParseOptions{1, "runw"});
  ASSERT_TRUE(parsed.has_value()) << parsed.error().describe();
  auto global = makeGlobalOptions(parsed->flags);
  ASSERT_TRUE(global.has_value()) << global.error().describe();
  EXPECT_EQ(global->root, "/run/containerd/runc/k8s.io");
  EXPECT_EQ(global->logPath, "/b/log.json");
  EXPECT_EQ(global->logFormat, LogFormat::Json);
  EXPECT_TRUE(global->debug);
  EXPECT_TRUE(global->systemdCgroup);
  EXPECT_EQ(global->rootless, RootlessMode::False);
  EXPECT_EQ(parsed->positionals, (std::vector<std::string>{"create"}));
}

TEST(GlobalOptions, RootIsMadeAbsoluteAndCleaned) {
  ParsedFlags flags;
  flags.add("root", "/a/./b//c/../d");
  EXPECT_EQ(makeGlobalOptions(flags).value().root, "/a/b/d");
  ParsedFlags relative;
  relative.add("root", "state");
  const std::string root = makeGlobalOptions(relative).value().root;
  EXPECT_TRUE(root.starts_with('/'));
  EXPECT_TRUE(root.ends_with("/state"));
}

TEST(GlobalOptions, BadValuesUseRuncWording) {
  const auto errorFor = [](const char *flag, const char *value) {
    ParsedFlags flags;
    flags.add(flag, value);
    auto global = makeGlobalOptions(flags);
    return global ? std::string() : global.error().describe();
  };
  EXPECT_EQ(errorFor("root", "/.."), "Option --root argument should not be set to /");
  EXPECT_EQ(errorFor("log-format", "xml"), "invalid log-format: xml");
  EXPECT_EQ(errorFor("rootless", "maybe"),
            "invalid --rootless value 'maybe' (want true, false or auto)");
}

TEST(CommandTable, EveryRuncCommandIsKnownAndOnlyImplementedOnesHaveHandlers) {
  for (const char *name : {"checkpoint", "restore"}) {
    const CommandSpec *command = findCommand(name);
    ASSERT_NE(command, nullptr) << name;
    EXPECT_EQ(command->handler, nullptr) << name << " gained a handler: update this test";
  }
  for (const char *name :
       {"create", "delete", "events", "exec", "kill", "list", "pause", "ps", "resume", "run",
        "start", "state", "update", "spec", "features", "help", "h"}) {
    const CommandSpec *command = findCommand(name);
    ASSERT_NE(command, nullptr) << name;
    EXPECT_NE(command->handler, nullptr) << name;
  }
  EXPECT_EQ(findCommand("version"), nullptr);
  EXPECT_EQ(findCommand(""), nullptr);
}

} // namespace
} // namespace runw::runtime::cli
