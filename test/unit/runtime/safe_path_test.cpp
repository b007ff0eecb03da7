// SPDX-License-Identifier: Apache-2.0
// Unit tests of path handling beneath a rootfs: lexical cleaning and openat2 RESOLVE_IN_ROOT.
#include "linux/safe_path.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <linux/openat2.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::runtime::fs {
namespace {

TEST(CleanContainerPath, Rules) {
  EXPECT_EQ(cleanContainerPath("/"), "/");
  EXPECT_EQ(cleanContainerPath(""), "/");
  EXPECT_EQ(cleanContainerPath("x"), "/x");
  EXPECT_EQ(cleanContainerPath("/a/b/"), "/a/b");
  EXPECT_EQ(cleanContainerPath("//a///b"), "/a/b");
  EXPECT_EQ(cleanContainerPath("/a/./b/."), "/a/b");
  EXPECT_EQ(cleanContainerPath("/a/../../b//c/."), "/b/c");
  EXPECT_EQ(cleanContainerPath("/../../../etc"), "/etc");
  EXPECT_EQ(cleanContainerPath("../etc/passwd"), "/etc/passwd");
  EXPECT_EQ(cleanContainerPath("/a/b/../.."), "/");
  EXPECT_EQ(cleanContainerPath("/..."), "/...");
}

TEST(JoinUnderRoot, NeverLeavesRootLexically) {
  EXPECT_EQ(joinUnderRoot("/r", "/a/../b"), "/r/b");
  EXPECT_EQ(joinUnderRoot("/r/", "../../etc"), "/r/etc");
  EXPECT_EQ(joinUnderRoot("/r", "/"), "/r");
  EXPECT_EQ(joinUnderRoot("/", "/x"), "/x");
  EXPECT_EQ(procFdPath(7), "/proc/self/fd/7");
}

/// A temporary rootfs with a symlink to the host's /etc and one to "../../..".
class SafePathTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string templ = (std::filesystem::temp_directory_path() / "runw-safe-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    root_ = templ;
    std::filesystem::create_directory(root_ + "/etc");
    std::filesystem::create_directory_symlink("/etc", root_ + "/etc-link");
    std::filesystem::create_directory_symlink("../../..", root_ + "/up");
    rootFd_.reset(::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(rootFd_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::string root_;
  UniqueFd rootFd_;
};

TEST_F(SafePathTest, AbsoluteSymlinkResolvesInsideRoot) {
  // The host has /etc/passwd; the rootfs's /etc is empty, so following etc-link inside the
  // root must not find it.
  ASSERT_EQ(::access("/etc/passwd", F_OK), 0);
  auto fd = openInRoot(rootFd_.get(), "/etc-link/passwd", O_PATH);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().sysErrno, ENOENT);
  auto dots = openInRoot(rootFd_.get(), "/up/etc/passwd", O_PATH);
  ASSERT_FALSE(dots);
  EXPECT_EQ(dots.error().sysErrno, ENOENT);
}

TEST_F(SafePathTest, NoSymlinksFlagRefusesSymlinks) {
  auto fd = openInRoot(rootFd_.get(), "/etc-link", O_PATH, RESOLVE_NO_SYMLINKS);
  ASSERT_FALSE(fd);
  EXPECT_EQ(fd.error().sysErrno, ELOOP);
}

TEST_F(SafePathTest, MkdirAllThroughSymlinkStaysInRoot) {
  auto fd = mkdirAllInRoot(rootFd_.get(), "/etc-link/runw-test-dir/sub", 0755);
  ASSERT_TRUE(fd) << fd.error().describe();
  EXPECT_TRUE(std::filesystem::is_directory(root_ + "/etc/runw-test-dir/sub"));
  EXPECT_FALSE(std::filesystem::exists("/etc/runw-test-dir"));
  auto up = mkdirAllInRoot(rootFd_.get(), "/up/newdir", 0755);
  ASSERT_TRUE(up) << up.error().describe();
  EXPECT_TRUE(std::filesystem::is_directory(root_ + "/newdir"));
  EXPECT_TRUE(checkFdUnderRoot(fd->get(), root_).has_value());
}

TEST_F(SafePathTest, CreateFileThroughSymlinkStaysInRoot) {
  auto fd = createFileInRoot(rootFd_.get(), "/etc-link/runw-test-file", 0644);
  ASSERT_TRUE(fd) << fd.error().describe();
  EXPECT_TRUE(std::filesystem::is_regular_file(root_ + "/etc/runw-test-file"));
  EXPECT_FALSE(std::filesystem::exists("/etc/runw-test-file"));
  // Creating again finds the existing file.
  EXPECT_TRUE(createFileInRoot(rootFd_.get(), "/etc/runw-test-file", 0644).has_value());
}

TEST_F(SafePathTest, CheckFdUnderRootRejectsOutside) {
  UniqueFd outside(::open("/etc", O_PATH | O_CLOEXEC));
  ASSERT_TRUE(outside);
  auto checked = checkFdUnderRoot(outside.get(), root_);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::Invalid);
  // A sibling whose name only starts with the root's name is outside too.
  std::filesystem::create_directory(root_ + "-sibling");
  UniqueFd sibling(::open((root_ + "-sibling").c_str(), O_PATH | O_CLOEXEC));
  EXPECT_FALSE(checkFdUnderRoot(sibling.get(), root_));
  std::filesystem::remove(root_ + "-sibling");
}

} // namespace
} // namespace runw::runtime::fs
