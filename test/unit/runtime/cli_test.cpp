// SPDX-License-Identifier: Apache-2.0
// The runw binary end to end: exit codes, stdout, stderr and the --log file, per interfaces.md 1.
#include "run_program.h"

#include "oci/features.h"
#include "oci/json.h"
#include "runtime/default_spec.h"
#include "runtime/features.h"
#include "support/version.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace runw::runtime {
namespace {

namespace fs = std::filesystem;
using testing::readFile;
using testing::runw;
using testing::TempDir;

// logrus TextFormatter shape of one error line on stderr.
const std::regex
    kTextErrorLine(R"(time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z" level=error msg=(.*)\n)");
const std::regex kRfc3339Nano(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z)");

// The message of the single text-format error line in stderr, or "" after a test failure.
std::string textErrorMessage(const std::string &stderrText) {
  std::smatch match;
  EXPECT_TRUE(std::regex_match(stderrText, match, kTextErrorLine)) << stderrText;
  return match.size() > 1 ? match[1].str() : std::string();
}

oci::Spec readSpec(const fs::path &path) {
  auto spec = oci::parseSpec(readFile(path));
  EXPECT_TRUE(spec.has_value()) << path << ": " << (spec ? "" : spec.error().describe());
  return spec.value_or(oci::Spec{});
}

TEST(RunwSpec, WritesTheDefaultSpecInTheWorkingDirectory) {
  TempDir dir;
  const auto result = runw({"spec"}, dir.path());
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "");
  const std::string text = readFile(dir.path() / "config.json");
  EXPECT_TRUE(text.starts_with("{\n\t\"ociVersion\": \"" + std::string(version::kRuntimeSpec)));
  EXPECT_EQ(readSpec(dir.path() / "config.json"), defaultSpec(isCgroup2UnifiedMode()));
}

TEST(RunwSpec, RefusesToOverwriteWithRuncWording) {
  TempDir dir;
  ASSERT_EQ(runw({"spec"}, dir.path()).exitCode, 0);
  { std::ofstream(dir.path() / "config.json") << "{\"mine\": true}"; }
  const auto result = runw({"spec"}, dir.path());
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(textErrorMessage(result.err), "\"File config.json exists. Remove it first\"");
  EXPECT_EQ(readFile(dir.path() / "config.json"), "{\"mine\": true}");
}

TEST(RunwSpec, NeverFollowsASymlinkNamedConfigJson) {
  TempDir dir;
  fs::create_symlink(dir.path() / "elsewhere.json", dir.path() / "config.json");
  const auto result = runw({"spec"}, dir.path());
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("File config.json exists. Remove it first"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir.path() / "elsewhere.json"));
}

TEST(RunwSpec, BundleFlagInEverySpelling) {
  for (const auto &flag : std::vector<std::vector<std::string>>{
           {"--bundle", "B"}, {"-b", "B"}, {"--bundle=B"}, {"-bundle", "B"}}) {
    TempDir dir;
    fs::create_directory(dir.path() / "B");
    std::vector<std::string> args{"spec"};
    args.insert(args.end(), flag.begin(), flag.end());
    const auto result = runw(args, dir.path());
    EXPECT_EQ(result.exitCode, 0) << flag.front() << ": " << result.err;
    EXPECT_TRUE(fs::exists(dir.path() / "B" / "config.json")) << flag.front();
    EXPECT_FALSE(fs::exists(dir.path() / "config.json")) << flag.front();
  }
}

TEST(RunwSpec, MissingBundleDirectoryIsNamed) {
  TempDir dir;
  const auto result = runw({"spec", "-b", "missing"}, dir.path());
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(textErrorMessage(result.err), "\"bundle missing: No such file or directory\"");
}

TEST(RunwSpec, RootlessDropsNetworkAndMapsTheCaller) {
  TempDir dir;
  const auto result = runw({"spec", "--rootless"}, dir.path());
  ASSERT_EQ(result.exitCode, 0) << result.err;
  const oci::Spec spec = readSpec(dir.path() / "config.json");
  ASSERT_TRUE(spec.linux.has_value());
  bool hasUser = false;
  for (const auto &ns : spec.linux->namespaces.value()) {
    EXPECT_NE(ns.type, oci::NamespaceType::Network);
    hasUser = hasUser || ns.type == oci::NamespaceType::User;
  }
  EXPECT_TRUE(hasUser);
  EXPECT_EQ(spec.linux->uidMappings,
            (std::vector<oci::IdMapping>{{0, static_cast<uint32_t>(::geteuid()), 1, {}}}));
  EXPECT_EQ(spec.linux->gidMappings,
            (std::vector<oci::IdMapping>{{0, static_cast<uint32_t>(::getegid()), 1, {}}}));
  EXPECT_FALSE(spec.linux->resources.has_value());
}

TEST(RunwSpec, ExtraArgumentsAreRejectedBeforeWriting) {
  TempDir dir;
  const auto result = runw({"spec", "extra"}, dir.path());
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(textErrorMessage(result.err), R"x("runw: \"spec\" requires exactly 0 argument(s)")x");
  EXPECT_FALSE(fs::exists(dir.path() / "config.json"));
}

TEST(RunwFeatures, PrintsAnHonestFeaturesDocument) {
  const auto result = runw({"features"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_TRUE(result.out.starts_with("{\n    \"ociVersionMin\": ")) << result.out.substr(0, 40);
  EXPECT_TRUE(result.out.ends_with("}\n"));
  auto features = oci::parseFeatures(result.out);
  ASSERT_TRUE(features.has_value()) << features.error().describe();
  EXPECT_EQ(*features, supportedFeatures());
  EXPECT_EQ(features->linux.value().namespaces.value().size(), 8U);
  EXPECT_EQ(features->linux->seccomp.value().enabled, true);
  EXPECT_EQ(features->linux->apparmor.value().enabled, false);
  EXPECT_EQ(features->annotations.value().at("run.oci.runw.version"), version::kRunw);
}

TEST(RunwFeatures, TakesNoArguments) {
  const auto result = runw({"features", "x"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("requires exactly 0 argument(s)"), std::string::npos) << result.err;
}

TEST(RunwCli, UnknownCommandIsOneLineNamingIt) {
  const auto result = runw({"no-such-command"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(textErrorMessage(result.err),
            "\"unknown command 'no-such-command' (run 'runw --help' for the list)\"");
}

TEST(RunwCli, UnknownFlagIsOneLineNamingIt) {
  const auto global = runw({"--bogus", "spec"});
  EXPECT_EQ(global.exitCode, 1);
  EXPECT_EQ(textErrorMessage(global.err), "\"runw: unknown flag '--bogus'\"");
  TempDir dir;
  const auto command = runw({"spec", "-bogus=1"}, dir.path());
  EXPECT_EQ(command.exitCode, 1);
  EXPECT_EQ(textErrorMessage(command.err), "\"runw spec: unknown flag '-bogus'\"");
  EXPECT_FALSE(fs::exists(dir.path() / "config.json"));
}

TEST(RunwCli, MissingFlagValueIsAnError) {
  const auto result = runw({"--root"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(textErrorMessage(result.err), "\"runw: flag needs an argument: '--root'\"");
  const auto bundle = runw({"spec", "--bundle"});
  EXPECT_EQ(bundle.exitCode, 1);
  EXPECT_EQ(textErrorMessage(bundle.err), "\"runw spec: flag needs an argument: '--bundle'\"");
}

TEST(RunwCli, BadGlobalValuesAreErrors) {
  EXPECT_EQ(textErrorMessage(runw({"--log-format", "xml", "spec"}).err),
            "\"invalid log-format: xml\"");
  EXPECT_EQ(textErrorMessage(runw({"--root=/", "state", "x"}).err),
            "\"Option --root argument should not be set to /\"");
  EXPECT_EQ(runw({"--rootless=sometimes", "features"}).exitCode, 1);
}

TEST(RunwCli, CommandsWithoutAnImplementationSaySo) {
  for (const char *name : {"checkpoint", "restore"}) {
    const auto result = runw({"--root=/tmp/runw-test-root", name, "--bundle", "/b", "x"});
    EXPECT_EQ(result.exitCode, 1) << name;
    EXPECT_EQ(result.out, "") << name;
    EXPECT_EQ(textErrorMessage(result.err),
              "\"command '" + std::string(name) + "' is not implemented yet in runw\"");
  }
}

TEST(RunwCli, LifecycleCommandsRefuseHostileIdsAndUnknownContainers) {
  for (const char *id : {"../../etc/x", "a/b", ".", "..", "x y"}) {
    const auto result = runw({"--root=/tmp/runw-test-root", "create", "--bundle", "/b", id});
    EXPECT_EQ(result.exitCode, 1) << id;
    EXPECT_NE(result.err.find("invalid container ID"), std::string::npos) << id << result.err;
  }
  const auto empty = runw({"--root=/tmp/runw-test-root", "create", "--bundle", "/b", ""});
  EXPECT_EQ(empty.exitCode, 1);
  EXPECT_NE(empty.err.find("container id cannot be empty"), std::string::npos) << empty.err;
  for (const char *name : {"state", "start", "kill", "delete", "pause", "resume", "ps", "events"}) {
    const auto result = runw({"--root=/tmp/runw-test-root", name, "no-such-container"});
    EXPECT_EQ(result.exitCode, 1) << name;
    EXPECT_NE(result.err.find("container does not exist"), std::string::npos) << name << result.err;
  }
  // runc: delete --force of a container that does not exist succeeds.
  EXPECT_EQ(runw({"--root=/tmp/runw-test-root", "delete", "-f", "no-such-container"}).exitCode, 0);
}

TEST(RunwCli, VersionLinesParseLikeGoRunc) {
  const std::string expected = "runw version " + std::string(version::kRunw) +
                               "\ncommit: " + version::kCommit +
                               "\nspec: " + version::kRuntimeSpec + "\nengine: runw-engine ";
  for (const char *flag : {"--version", "-v", "-version", "--v"}) {
    const auto result = runw({flag});
    EXPECT_EQ(result.exitCode, 0) << flag;
    EXPECT_EQ(result.err, "") << flag;
    EXPECT_TRUE(result.out.starts_with(expected)) << flag << ":\n" << result.out;
    EXPECT_TRUE(std::regex_search(result.out, std::regex(R"(\(WebAssembly [0-9.]+\)\n$)")))
        << result.out;
  }
  EXPECT_EQ(runw({"version"}).exitCode, 1); // like runc, `version` is not a command
}

TEST(RunwCli, HelpListsEveryCommand) {
  for (const auto &args : std::vector<std::vector<std::string>>{
           {}, {"--help"}, {"-h"}, {"help"}, {"h"}, {"--help", "spec"}}) {
    const auto result = runw(args);
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_EQ(result.err, "");
    for (const char *name :
         {"create", "spec", "features", "checkpoint", "--root", "--log-format"}) {
      EXPECT_NE(result.out.find(name), std::string::npos) << name;
    }
    EXPECT_NE(result.out.find("checkpoint a running container (not implemented yet)"),
              std::string::npos);
    EXPECT_EQ(result.out.find("create a container (not implemented yet)"), std::string::npos);
  }
}

TEST(RunwCli, CommandHelp) {
  for (const auto &args : std::vector<std::vector<std::string>>{
           {"spec", "--help"}, {"spec", "-h"}, {"help", "spec"}}) {
    const auto result = runw(args);
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_NE(result.out.find("runw spec - create a new specification file"), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("--bundle DIR, -b DIR"), std::string::npos) << result.out;
  }
  const auto unknown = runw({"help", "nope"});
  EXPECT_EQ(unknown.exitCode, 1);
  EXPECT_EQ(textErrorMessage(unknown.err), "\"no help topic for 'nope'\"");
}

TEST(RunwLog, JsonLogFileGetsTheErrorAndStderrTheBareMessage) {
  TempDir dir;
  ASSERT_EQ(runw({"spec"}, dir.path()).exitCode, 0);
  const fs::path log = dir.path() / "log.json";
  for (int round = 1; round <= 2; ++round) {
    const auto result = runw({"--log", log.string(), "--log-format=json", "spec"}, dir.path());
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(result.err, "File config.json exists. Remove it first\n");
  }
  // Two runs appended one line each; containerd decodes the file as a stream of values.
  const std::string text = readFile(log);
  std::vector<nlohmann::json> lines;
  for (size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    const auto json = nlohmann::json::parse(text.substr(start, end - start), nullptr, false);
    ASSERT_TRUE(json.is_object()) << text;
    lines.push_back(json);
  }
  ASSERT_EQ(lines.size(), 2u) << text;
  for (const auto &line : lines) {
    EXPECT_EQ(line.size(), 3u);
    EXPECT_EQ(line.at("level"), "error");
    EXPECT_EQ(line.at("msg"), "File config.json exists. Remove it first");
    EXPECT_TRUE(std::regex_match(line.at("time").get<std::string>(), kRfc3339Nano));
  }
  struct stat info {};
  ASSERT_EQ(::stat(log.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777 & ~0022u, 0644u & ~0022u);
}

TEST(RunwLog, DebugLinesGoToTheLogOnlyWithDebug) {
  TempDir dir;
  const fs::path log = dir.path() / "log.json";
  ASSERT_EQ(runw({"--log", log.string(), "--log-format", "json", "spec"}, dir.path()).exitCode, 0);
  EXPECT_EQ(readFile(log), "");
  fs::remove(dir.path() / "config.json");
  const auto result =
      runw({"--debug", "--log", log.string(), "--log-format", "json", "spec"}, dir.path());
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.err, "");
  const std::string text = readFile(log);
  ASSERT_FALSE(text.empty());
  for (size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    const auto line = nlohmann::json::parse(text.substr(start, end - start), nullptr, false);
    ASSERT_TRUE(line.is_object()) << text;
    EXPECT_EQ(line.at("level"), "debug");
  }
}

TEST(RunwLog, UnopenableLogFileIsReportedOnStderr) {
  const auto result = runw({"--log", "/nonexistent-dir/log.json", "features"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(textErrorMessage(result.err),
            "\"open log file /nonexistent-dir/log.json: No such file or directory\"");
}

} // namespace
} // namespace runw::runtime
