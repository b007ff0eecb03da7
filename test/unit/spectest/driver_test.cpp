// SPDX-License-Identifier: Apache-2.0
// The wast2json driver: temporary directories, a missing wast2json, a real conversion.
#include "spectest/driver.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace runw::spectest {
namespace {

namespace fs = std::filesystem;

bool wast2jsonInstalled() {
  // NOLINTNEXTLINE(cert-env33-c,concurrency-mt-unsafe): a test probing PATH
  return std::system("command -v wast2json >/dev/null 2>&1") == 0;
}

TEST(TempDir, CreatedPrivateAndRemovedWithContents) {
  fs::path path;
  {
    auto dir = TempDir::create("runw-spectest-test-");
    ASSERT_TRUE(dir) << dir.error().describe();
    path = dir->path();
    EXPECT_TRUE(fs::is_directory(path));
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_all);
    fs::create_directory(path / "sub");
    std::ofstream(path / "sub" / "file") << "x";
    TempDir moved = std::move(*dir);
    EXPECT_TRUE(dir->path().empty());
    EXPECT_EQ(moved.path(), path);
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(ConvertWast, MissingProgramNamesThePackage) {
  auto dir = TempDir::create("runw-spectest-test-");
  ASSERT_TRUE(dir);
  const fs::path wast = dir->path() / "a.wast";
  std::ofstream(wast) << "(module)\n";
  const auto converted = convertWast(wast, "runw-no-such-wast2json");
  ASSERT_FALSE(converted);
  EXPECT_EQ(converted.error().code, ErrorCode::NotFound);
  EXPECT_NE(converted.error().message.find("runw-no-such-wast2json"), std::string::npos);
  EXPECT_NE(converted.error().message.find("'wabt'"), std::string::npos);
}

TEST(ConvertWast, MissingInputFile) {
  const auto converted = convertWast("/nonexistent/runw/x.wast");
  ASSERT_FALSE(converted);
  EXPECT_EQ(converted.error().code, ErrorCode::NotFound);
}

TEST(ConvertWast, ConvertsAndParsesAScript) {
  if (!wast2jsonInstalled()) {
    GTEST_SKIP() << "wast2json is not installed (Debian package 'wabt')";
  }
  auto dir = TempDir::create("runw-spectest-test-");
  ASSERT_TRUE(dir);
  const fs::path wast = dir->path() / "tiny.wast";
  std::ofstream(wast) << R"((module $M
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "nan") (result f32) f32.const nan)
  (func (export "div") (param i32) (result i32) i32.const 1 local.get 0 i32.div_u)
  (func (export "v") (result v128) v128.const i16x8 1 2 3 4 5 6 7 -1))
(register "m" $M)
(assert_return (invoke "add" (i32.const 1) (i32.const -1)) (i32.const 0))
(assert_return (invoke $M "nan") (f32.const nan:canonical))
(assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
(assert_return (invoke "v") (v128.const i16x8 1 2 3 4 5 6 7 -1))
(assert_malformed (module quote "(func") "unexpected end")
(assert_invalid (module (func (result i32))) "type mismatch")
)";

  fs::path tempPath;
  {
    const auto converted = convertWast(wast);
    ASSERT_TRUE(converted) << converted.error().describe();
    tempPath = converted->dir.path();
    EXPECT_NE(tempPath, dir->path());
    const auto &c = converted->script.commands;
    ASSERT_EQ(c.size(), 8U);
    EXPECT_EQ(c[0].kind, CommandKind::Module);
    EXPECT_EQ(c[0].name, "$M");
    EXPECT_EQ(c[0].line, 1U);
    EXPECT_EQ(c[1].kind, CommandKind::Register);
    EXPECT_EQ(c[1].as, "m");
    EXPECT_EQ(c[2].line, 7U);
    EXPECT_EQ(c[2].action.args.at(1).lanes.at(0).bits, 0xffffffffU);
    EXPECT_EQ(c[3].expected.at(0).lanes.at(0).nan, NanPattern::Canonical);
    EXPECT_EQ(c[4].kind, CommandKind::AssertTrap);
    EXPECT_EQ(c[4].text, "integer divide by zero");
    EXPECT_EQ(c[5].expected.at(0).laneType, LaneType::I16);
    EXPECT_EQ(c[5].expected.at(0).lanes.at(7).bits, 0xffffU);
    EXPECT_EQ(c[6].kind, CommandKind::AssertMalformed);
    EXPECT_TRUE(isTextModuleCommand(c[6]));
    EXPECT_EQ(c[7].kind, CommandKind::AssertInvalid);
    EXPECT_FALSE(isTextModuleCommand(c[7]));

    const auto bytes = readModuleFile(*converted, c[0].filename);
    ASSERT_TRUE(bytes) << bytes.error().describe();
    ASSERT_GE(bytes->size(), 8U);
    EXPECT_EQ((*bytes)[1], 'a'); // "\0asm"
    EXPECT_FALSE(readModuleFile(*converted, "../tiny.wast"));
  }
  EXPECT_FALSE(fs::exists(tempPath));
}

TEST(ConvertWast, ReportsWast2JsonErrors) {
  if (!wast2jsonInstalled()) {
    GTEST_SKIP() << "wast2json is not installed (Debian package 'wabt')";
  }
  auto dir = TempDir::create("runw-spectest-test-");
  ASSERT_TRUE(dir);
  const fs::path wast = dir->path() / "broken.wast";
  std::ofstream(wast) << "(module (func (export \"f\") (result i32) i32.const))\n";
  const auto converted = convertWast(wast);
  ASSERT_FALSE(converted);
  EXPECT_EQ(converted.error().code, ErrorCode::Invalid);
  EXPECT_NE(converted.error().message.find("broken.wast"), std::string::npos);
  EXPECT_NE(converted.error().message.find("exit 1"), std::string::npos);
}

} // namespace
} // namespace runw::spectest
