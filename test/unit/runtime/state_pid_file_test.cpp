// SPDX-License-Identifier: Apache-2.0
// The --pid-file: digits only, no newline, replaced atomically, never through a symlink.
#include "state/pid_file.h"
#include "state_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace runw::runtime::state {
namespace {

using testing::TempDir;

std::string readAll(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(StatePidFile, WritesDecimalDigitsWithoutNewline) {
  TempDir tmp;
  const std::string path = tmp.sub("init.pid");
  ASSERT_TRUE(writePidFile(path, 12345));
  EXPECT_EQ(readAll(path), "12345");
  const auto pid = readPidFile(path);
  ASSERT_TRUE(pid);
  EXPECT_EQ(*pid, 12345);
  // Only the pid file: the ".init.pid" temporary was renamed away.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(StatePidFile, ReplacesAnOldFileAndAStaleTemporary) {
  TempDir tmp;
  const std::string path = tmp.sub("init.pid");
  std::ofstream(path) << "999999\n";
  std::ofstream(tmp.sub(".init.pid")) << "junk";
  ASSERT_TRUE(writePidFile(path, 42));
  EXPECT_EQ(readAll(path), "42");
  EXPECT_FALSE(std::filesystem::exists(tmp.sub(".init.pid")));
}

TEST(StatePidFile, ReplacesASymlinkInsteadOfWritingThroughIt) {
  TempDir tmp;
  const std::string target = tmp.sub("target");
  std::ofstream(target) << "original";
  const std::string path = tmp.sub("init.pid");
  ASSERT_EQ(::symlink(target.c_str(), path.c_str()), 0);
  ASSERT_EQ(::symlink(target.c_str(), tmp.sub(".init.pid").c_str()), 0);
  ASSERT_TRUE(writePidFile(path, 7));
  EXPECT_EQ(readAll(target), "original");
  EXPECT_FALSE(std::filesystem::is_symlink(path));
  EXPECT_EQ(readAll(path), "7");
}

TEST(StatePidFile, RejectsBadInput) {
  TempDir tmp;
  EXPECT_FALSE(writePidFile(tmp.sub("p"), 0));
  EXPECT_FALSE(writePidFile(tmp.sub("p"), -5));
  EXPECT_FALSE(writePidFile(tmp.sub("missing-dir/p"), 5));
  EXPECT_FALSE(writePidFile(tmp.path() + "/", 5));
  for (const char *content : {"", "abc", "12a", "-3", "0", "1 2"}) {
    std::ofstream(tmp.sub("bad")) << content;
    EXPECT_FALSE(readPidFile(tmp.sub("bad"))) << content;
  }
  std::ofstream(tmp.sub("nl")) << "31\n";
  const auto withNewline = readPidFile(tmp.sub("nl"));
  ASSERT_TRUE(withNewline);
  EXPECT_EQ(*withNewline, 31);
}

} // namespace
} // namespace runw::runtime::state
