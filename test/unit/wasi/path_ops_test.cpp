// SPDX-License-Identifier: Apache-2.0
// The path_* functions called directly on a guest memory the test owns and a State with one
// preopen: success cases, rights, read-only preopens, bad pointers and flags, and escapes,
// through both resolvers.
#include "fd_table.h"
#include "functions.h"
#include "path_fixture.h"
#include "state.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace runw::engine::wasi {
namespace {

using namespace pathtest;
namespace rights = witx::rights;
namespace oflags = witx::oflags;
using witx::Filetype;

constexpr uint32_t kMemorySize = 64 * 1024;
/// A pointer just past the end of the memory.
constexpr uint32_t kBad = kMemorySize;
/// Where results (opened fd, bufused, filestat) are written.
constexpr uint32_t kOut = 64;
constexpr uint32_t kFollow = witx::lookupflags::kSymlinkFollow;
constexpr uint64_t kFileRw = rights::kFdRead | rights::kFdWrite | rights::kFdSeek;

Errno errnoOf(const WasiResult<void> &result) { return result ? Errno::Success : result.error(); }

/// root/outside, and root/tree (the preopen) with:
///   file "hello", sub/inner "inner", empty/, link -> file, sublink -> sub, out -> ../outside
class PathOpsTest : public ::testing::TestWithParam<bool> {
protected:
  void SetUp() override {
    ASSERT_FALSE(root_.path().empty());
    writeFile(root_ / "outside", "outside");
    makeDir(root_ / "tree");
    writeFile(tree("file"), "hello");
    makeDir(tree("sub"));
    writeFile(tree("sub/inner"), "inner");
    makeDir(tree("empty"));
    makeSymlink("file", tree("link"));
    makeSymlink("sub", tree("sublink"));
    makeSymlink("../outside", tree("out"));
    dir_ = addPreopen(root_ / "tree", false);
  }

  std::string tree(std::string_view relative) const {
    return root_ / ("tree/" + std::string(relative));
  }

  uint32_t addPreopen(const std::string &path, bool readOnly) {
    auto entry = entryForHostFd(openDir(path));
    EXPECT_TRUE(entry.has_value());
    entry->preopenPath = "/sandbox";
    entry->readOnly = readOnly;
    return *state_.fds.insert(std::move(*entry));
  }

  /// Copies text into guest memory and returns its address.
  uint32_t put(std::string_view text) {
    const uint32_t at = next_;
    std::memcpy(bytes_.data() + at, text.data(), text.size());
    next_ += static_cast<uint32_t>(text.size()) + 1;
    return at;
  }

  Errno open(uint32_t dir, std::string_view path, uint32_t of, uint64_t base,
             uint32_t dirflags = kFollow, uint64_t inheriting = 0, uint32_t fdflags = 0) {
    return errnoOf(fn::pathOpen(state_, m_, dir, dirflags, put(path), size(path), of, base,
                                inheriting, fdflags, kOut));
  }

  /// The fd path_open stored at kOut.
  uint32_t opened() const { return *m_.load<uint32_t>(kOut); }

  static uint32_t size(std::string_view text) { return static_cast<uint32_t>(text.size()); }

  Errno mkdir(uint32_t dir, std::string_view path) {
    return errnoOf(fn::pathCreateDirectory(state_, m_, dir, put(path), size(path)));
  }
  Errno unlink(uint32_t dir, std::string_view path) {
    return errnoOf(fn::pathUnlinkFile(state_, m_, dir, put(path), size(path)));
  }
  Errno rmdir(uint32_t dir, std::string_view path) {
    return errnoOf(fn::pathRemoveDirectory(state_, m_, dir, put(path), size(path)));
  }
  Errno rename(uint32_t from, std::string_view a, uint32_t to, std::string_view b) {
    return errnoOf(fn::pathRename(state_, m_, from, put(a), size(a), to, put(b), size(b)));
  }
  Errno symlink(std::string_view target, uint32_t dir, std::string_view path) {
    return errnoOf(
        fn::pathSymlink(state_, m_, put(target), size(target), dir, put(path), size(path)));
  }
  Errno link(uint32_t from, uint32_t flags, std::string_view a, uint32_t to, std::string_view b) {
    return errnoOf(fn::pathLink(state_, m_, from, flags, put(a), size(a), to, put(b), size(b)));
  }
  Errno stat(uint32_t dir, uint32_t flags, std::string_view path) {
    return errnoOf(fn::pathFilestatGet(state_, m_, dir, flags, put(path), size(path), kOut));
  }
  Errno setTimes(uint32_t dir, uint32_t flags, std::string_view path, uint64_t atim, uint64_t mtim,
                 uint32_t fst) {
    return errnoOf(
        fn::pathFilestatSetTimes(state_, m_, dir, flags, put(path), size(path), atim, mtim, fst));
  }

  TempDir root_;
  WasiContext::State state_{GetParam()};
  std::vector<uint8_t> bytes_ = std::vector<uint8_t>(kMemorySize);
  GuestMemory m_{bytes_};
  uint32_t next_ = 1024;
  uint32_t dir_ = 0;
};

TEST_P(PathOpsTest, OpenCreatesAFileWithTheRightsAskedForAndTheFileAllows) {
  ASSERT_EQ(open(dir_, "new", oflags::kCreat | oflags::kExcl, kFileRw | rights::kFdReaddir),
            Errno::Success);
  const uint32_t fd = opened();
  EXPECT_NE(fd, dir_);
  auto entry = state_.fds.get(fd);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ((*entry)->type, Filetype::RegularFile);
  EXPECT_EQ((*entry)->rightsBase, kFileRw);
  EXPECT_EQ((*entry)->rightsInheriting, 0U);
  EXPECT_FALSE((*entry)->readOnly);
  EXPECT_FALSE((*entry)->preopenPath.has_value());
  ASSERT_EQ(::write((*entry)->host.get(), "xy", 2), 2);
  EXPECT_EQ(lstatOf(tree("new")).st_size, 2);
  EXPECT_EQ(
      lstatOf(tree("new")).st_mode & 0777, 0666U & ~[] {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        return mask;
      }());
  EXPECT_EQ(open(dir_, "new", oflags::kCreat | oflags::kExcl, kFileRw), Errno::Exist);
}

TEST_P(PathOpsTest, OpenReadsTruncatesAndAppends) {
  ASSERT_EQ(open(dir_, "sub/inner", 0, rights::kFdRead), Errno::Success);
  EXPECT_EQ(readAll((*state_.fds.get(opened()))->host.get()), "inner");
  ASSERT_EQ(
      open(dir_, "file", oflags::kTrunc, rights::kFdWrite, kFollow, 0, witx::fdflags::kAppend),
      Errno::Success);
  const int host = (*state_.fds.get(opened()))->host.get();
  EXPECT_EQ(lstatOf(tree("file")).st_size, 0);
  EXPECT_NE(::fcntl(host, F_GETFL) & O_APPEND, 0);
  EXPECT_EQ(::fcntl(host, F_GETFL) & O_ACCMODE, O_WRONLY);
}

TEST_P(PathOpsTest, OpenDirectoryInheritsWhatBothAllow) {
  const uint64_t inheriting = rights::kFdRead | rights::kPathOpen | rights::kSockAccept;
  ASSERT_EQ(open(dir_, "sub", oflags::kDirectory, rights::kPathOpen | rights::kFdReaddir, kFollow,
                 inheriting),
            Errno::Success);
  auto entry = state_.fds.get(opened());
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ((*entry)->type, Filetype::Directory);
  EXPECT_EQ((*entry)->rightsBase, rights::kPathOpen | rights::kFdReaddir);
  EXPECT_EQ((*entry)->rightsInheriting, rights::kFdRead | rights::kPathOpen);
  // Paths resolve beneath the new descriptor, and `..` out of it is an escape.
  const uint32_t sub = opened();
  EXPECT_EQ(open(sub, "inner", 0, 0), Errno::Success);
  EXPECT_EQ(open(sub, "../file", 0, 0), Errno::NotCapable);
  EXPECT_EQ(open(dir_, "file", oflags::kDirectory, 0), Errno::NotDir);
}

TEST_P(PathOpsTest, OpenFollowsAFinalSymlinkOnlyWhenAsked) {
  EXPECT_EQ(open(dir_, "link", 0, rights::kFdRead, kFollow), Errno::Success);
  EXPECT_EQ(readAll((*state_.fds.get(opened()))->host.get()), "hello");
  EXPECT_EQ(open(dir_, "link", 0, rights::kFdRead, 0), Errno::Loop);
  EXPECT_EQ(open(dir_, "out", 0, rights::kFdRead, kFollow), Errno::NotCapable);
  EXPECT_EQ(open(dir_, "../outside", 0, rights::kFdRead), Errno::NotCapable);
  EXPECT_EQ(open(dir_, "/etc/passwd", 0, rights::kFdRead), Errno::NotCapable);
}

TEST_P(PathOpsTest, OpenRejectsBadFlags) {
  EXPECT_EQ(open(dir_, "file", 1U << 4, 0), Errno::Inval);
  EXPECT_EQ(open(dir_, "file", 0, 0, 1U << 1), Errno::Inval);
  EXPECT_EQ(open(dir_, "file", 0, 0, kFollow, 0, 1U << 5), Errno::Inval);
  EXPECT_EQ(open(dir_, "newdir", oflags::kDirectory | oflags::kCreat, 0), Errno::Inval);
  EXPECT_FALSE(exists(tree("newdir")));
}

TEST_P(PathOpsTest, OpenChecksRights) {
  EXPECT_EQ(open(dir_, "file", 0, rights::kSockAccept), Errno::NotCapable);
  FdEntry &dir = **state_.fds.get(dir_);
  dir.rightsBase &= ~(rights::kPathCreateFile | rights::kPathFilestatSetSize);
  EXPECT_EQ(open(dir_, "new", oflags::kCreat, rights::kFdWrite), Errno::NotCapable);
  EXPECT_EQ(open(dir_, "file", oflags::kTrunc, rights::kFdWrite), Errno::NotCapable);
  EXPECT_FALSE(exists(tree("new")));
  EXPECT_EQ(lstatOf(tree("file")).st_size, 5);
  dir.rightsBase &= ~rights::kPathOpen;
  EXPECT_EQ(open(dir_, "file", 0, rights::kFdRead), Errno::NotCapable);
}

TEST_P(PathOpsTest, OpenNeedsAnOpenDirectory) {
  ASSERT_EQ(open(dir_, "file", 0, rights::kFdRead), Errno::Success);
  EXPECT_EQ(open(opened(), "x", 0, 0), Errno::NotDir);
  EXPECT_EQ(open(99, "file", 0, 0), Errno::Badf);
  EXPECT_EQ(open(dir_, "sub", 0, rights::kFdWrite), Errno::IsDir);
  EXPECT_EQ(open(dir_, "missing", 0, 0), Errno::NoEnt);
}

TEST_P(PathOpsTest, OpenFaultsOnBadPointersAndRejectsNul) {
  EXPECT_EQ(errnoOf(fn::pathOpen(state_, m_, dir_, 0, kBad - 2, 4, 0, 0, 0, 0, kOut)),
            Errno::Fault);
  const uint32_t name = put("created");
  EXPECT_EQ(errnoOf(fn::pathOpen(state_, m_, dir_, 0, name, 7, oflags::kCreat, 0, 0, 0, kBad - 3)),
            Errno::Fault);
  EXPECT_FALSE(exists(tree("created")));
  const std::string withNul("fi\0le", 5);
  EXPECT_EQ(open(dir_, withNul, 0, 0), Errno::Inval);
}

TEST_P(PathOpsTest, ReadOnlyPreopenRefusesEveryMutation) {
  const uint32_t ro = addPreopen(root_ / "tree", true);
  EXPECT_EQ(open(ro, "new", oflags::kCreat, rights::kFdRead), Errno::Rofs);
  EXPECT_EQ(open(ro, "file", oflags::kTrunc, rights::kFdRead), Errno::Rofs);
  for (const uint64_t write :
       {rights::kFdWrite, rights::kFdDatasync, rights::kFdAllocate, rights::kFdFilestatSetSize}) {
    EXPECT_EQ(open(ro, "file", 0, rights::kFdRead | write), Errno::Rofs);
  }
  EXPECT_EQ(mkdir(ro, "d"), Errno::Rofs);
  EXPECT_EQ(unlink(ro, "file"), Errno::Rofs);
  EXPECT_EQ(rmdir(ro, "empty"), Errno::Rofs);
  EXPECT_EQ(rename(ro, "file", ro, "moved"), Errno::Rofs);
  EXPECT_EQ(rename(dir_, "file", ro, "moved"), Errno::Rofs);
  EXPECT_EQ(symlink("file", ro, "l2"), Errno::Rofs);
  EXPECT_EQ(link(ro, 0, "file", ro, "hard"), Errno::Rofs);
  EXPECT_EQ(link(dir_, 0, "file", ro, "hard"), Errno::Rofs);
  EXPECT_EQ(setTimes(ro, 0, "file", 0, 0, witx::fstflags::kMtimNow), Errno::Rofs);
  EXPECT_TRUE(exists(tree("file")));
  EXPECT_TRUE(exists(tree("empty")));
  EXPECT_FALSE(exists(tree("new")) || exists(tree("d")) || exists(tree("moved")) ||
               exists(tree("l2")) || exists(tree("hard")));
  // Reading works, and what is opened beneath is read-only too.
  ASSERT_EQ(open(ro, "sub", oflags::kDirectory, rights::kPathOpen | rights::kPathCreateDirectory,
                 kFollow, rights::kDirectoryBase),
            Errno::Success);
  const uint32_t sub = opened();
  EXPECT_TRUE((*state_.fds.get(sub))->readOnly);
  EXPECT_EQ(mkdir(sub, "d"), Errno::Rofs);
  EXPECT_EQ(stat(ro, 0, "file"), Errno::Success);
}

TEST_P(PathOpsTest, CreateDirectory) {
  EXPECT_EQ(mkdir(dir_, "made"), Errno::Success);
  EXPECT_TRUE(S_ISDIR(lstatOf(tree("made")).st_mode));
  EXPECT_EQ(mkdir(dir_, "sublink/made2/"), Errno::Success);
  EXPECT_TRUE(S_ISDIR(lstatOf(tree("sub/made2")).st_mode));
  EXPECT_EQ(mkdir(dir_, "made"), Errno::Exist);
  EXPECT_EQ(mkdir(dir_, "."), Errno::Exist);
  EXPECT_EQ(mkdir(dir_, "missing/made"), Errno::NoEnt);
  EXPECT_EQ(mkdir(dir_, "../escaped"), Errno::NotCapable);
  EXPECT_EQ(mkdir(dir_, "out/x"), Errno::NotCapable);
  EXPECT_FALSE(exists(root_ / "escaped"));
  EXPECT_EQ(errnoOf(fn::pathCreateDirectory(state_, m_, dir_, kBad, 1)), Errno::Fault);
  (*state_.fds.get(dir_))->rightsBase &= ~rights::kPathCreateDirectory;
  EXPECT_EQ(mkdir(dir_, "made3"), Errno::NotCapable);
}

TEST_P(PathOpsTest, FilestatGet) {
  namespace l = witx::layout;
  ASSERT_EQ(stat(dir_, 0, "file"), Errno::Success);
  EXPECT_EQ(*m_.load<uint8_t>(kOut + l::kFilestatFiletype), uint8_t(Filetype::RegularFile));
  EXPECT_EQ(*m_.load<uint64_t>(kOut + l::kFilestatSizeField), 5U);
  EXPECT_EQ(*m_.load<uint64_t>(kOut + l::kFilestatIno), lstatOf(tree("file")).st_ino);
  ASSERT_EQ(stat(dir_, 0, "link"), Errno::Success);
  EXPECT_EQ(*m_.load<uint8_t>(kOut + l::kFilestatFiletype), uint8_t(Filetype::SymbolicLink));
  ASSERT_EQ(stat(dir_, kFollow, "link"), Errno::Success);
  EXPECT_EQ(*m_.load<uint8_t>(kOut + l::kFilestatFiletype), uint8_t(Filetype::RegularFile));
  ASSERT_EQ(stat(dir_, 0, "sublink/"), Errno::Success);
  EXPECT_EQ(*m_.load<uint8_t>(kOut + l::kFilestatFiletype), uint8_t(Filetype::Directory));
  EXPECT_EQ(stat(dir_, 0, "out"), Errno::Success);
  EXPECT_EQ(stat(dir_, kFollow, "out"), Errno::NotCapable);
  EXPECT_EQ(stat(dir_, 0, "missing"), Errno::NoEnt);
  EXPECT_EQ(stat(dir_, 2, "file"), Errno::Inval);
  EXPECT_EQ(errnoOf(fn::pathFilestatGet(state_, m_, dir_, 0, put("file"), 4, kBad - 8)),
            Errno::Fault);
  (*state_.fds.get(dir_))->rightsBase &= ~rights::kPathFilestatGet;
  EXPECT_EQ(stat(dir_, 0, "file"), Errno::NotCapable);
}

TEST_P(PathOpsTest, FilestatSetTimes) {
  namespace f = witx::fstflags;
  const uint64_t when = 1'000'000'000ULL * 1'600'000'000ULL + 123;
  ASSERT_EQ(setTimes(dir_, kFollow, "link", when, when, f::kAtim | f::kMtim), Errno::Success);
  EXPECT_EQ(lstatOf(tree("file")).st_mtim.tv_sec, 1'600'000'000);
  EXPECT_EQ(lstatOf(tree("file")).st_mtim.tv_nsec, 123);
  EXPECT_EQ(lstatOf(tree("file")).st_atim.tv_sec, 1'600'000'000);
  ASSERT_EQ(setTimes(dir_, 0, "link", 0, when + 1'000'000'000ULL, f::kMtim), Errno::Success);
  EXPECT_EQ(lstatOf(tree("link")).st_mtim.tv_sec, 1'600'000'001);
  EXPECT_EQ(lstatOf(tree("file")).st_mtim.tv_sec, 1'600'000'000);
  EXPECT_EQ(setTimes(dir_, 0, "sub/", 0, when, f::kMtim), Errno::Success);
  EXPECT_EQ(lstatOf(tree("sub")).st_mtim.tv_sec, 1'600'000'000);
  EXPECT_EQ(setTimes(dir_, 0, "file", 0, 0, f::kMtim | f::kMtimNow), Errno::Inval);
  EXPECT_EQ(setTimes(dir_, 0, "file", 0, 0, 1U << 4), Errno::Inval);
  EXPECT_EQ(setTimes(dir_, kFollow, "out", 0, 0, f::kMtimNow), Errno::NotCapable);
  EXPECT_EQ(setTimes(dir_, 0, "../outside", 0, 0, f::kMtimNow), Errno::NotCapable);
  EXPECT_EQ(errnoOf(fn::pathFilestatSetTimes(state_, m_, dir_, 0, kBad, 2, 0, 0, f::kMtimNow)),
            Errno::Fault);
  (*state_.fds.get(dir_))->rightsBase &= ~rights::kPathFilestatSetTimes;
  EXPECT_EQ(setTimes(dir_, 0, "file", 0, 0, f::kMtimNow), Errno::NotCapable);
}

TEST_P(PathOpsTest, LinkWithAndWithoutFollow) {
  ASSERT_EQ(link(dir_, 0, "file", dir_, "sub/hard"), Errno::Success);
  EXPECT_EQ(lstatOf(tree("sub/hard")).st_ino, lstatOf(tree("file")).st_ino);
  EXPECT_EQ(lstatOf(tree("file")).st_nlink, 2U);
  ASSERT_EQ(link(dir_, kFollow, "link", dir_, "followed"), Errno::Success);
  EXPECT_EQ(lstatOf(tree("followed")).st_ino, lstatOf(tree("file")).st_ino);
  ASSERT_EQ(link(dir_, 0, "link", dir_, "linkcopy"), Errno::Success);
  EXPECT_TRUE(S_ISLNK(lstatOf(tree("linkcopy")).st_mode));
  EXPECT_EQ(link(dir_, 0, "file", dir_, "sub/hard"), Errno::Exist);
  EXPECT_EQ(link(dir_, kFollow, "out", dir_, "escaped"), Errno::NotCapable);
  EXPECT_EQ(link(dir_, 0, "../outside", dir_, "escaped"), Errno::NotCapable);
  EXPECT_EQ(link(dir_, 0, "file", dir_, "../escaped"), Errno::NotCapable);
  EXPECT_FALSE(exists(tree("escaped")) || exists(root_ / "escaped"));
  EXPECT_EQ(link(dir_, 0, "sub", dir_, "subhard"), Errno::Perm);
  EXPECT_EQ(link(dir_, 2, "file", dir_, "x"), Errno::Inval);
  EXPECT_EQ(errnoOf(fn::pathLink(state_, m_, dir_, 0, put("file"), 4, dir_, kBad, 1)),
            Errno::Fault);
  (*state_.fds.get(dir_))->rightsBase &= ~rights::kPathLinkTarget;
  EXPECT_EQ(link(dir_, 0, "file", dir_, "x"), Errno::NotCapable);
  EXPECT_FALSE(exists(tree("x")));
}

TEST_P(PathOpsTest, ReadlinkTruncatesSilently) {
  makeSymlink("a-rather-long-target", tree("long"));
  const uint32_t buf = 4096;
  auto readlink = [&](std::string_view path, uint32_t length) {
    return errnoOf(fn::pathReadlink(state_, m_, dir_, put(path), size(path), buf, length, kOut));
  };
  ASSERT_EQ(readlink("long", 100), Errno::Success);
  EXPECT_EQ(*m_.load<uint32_t>(kOut), 20U);
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(bytes_.data() + buf), 20),
            "a-rather-long-target");
  ASSERT_EQ(readlink("out", 3), Errno::Success);
  EXPECT_EQ(*m_.load<uint32_t>(kOut), 3U);
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(bytes_.data() + buf), 3), "../");
  EXPECT_EQ(bytes_[buf + 3], 'a');
  ASSERT_EQ(readlink("long", 0), Errno::Success);
  EXPECT_EQ(*m_.load<uint32_t>(kOut), 0U);
  EXPECT_EQ(readlink("file", 100), Errno::Inval);
  EXPECT_EQ(readlink("missing", 100), Errno::NoEnt);
  EXPECT_EQ(readlink("../tree/link", 100), Errno::NotCapable);
  EXPECT_EQ(errnoOf(fn::pathReadlink(state_, m_, dir_, put("long"), 4, kBad - 4, 10, kOut)),
            Errno::Fault);
  EXPECT_EQ(errnoOf(fn::pathReadlink(state_, m_, dir_, put("long"), 4, buf, 10, kBad)),
            Errno::Fault);
  (*state_.fds.get(dir_))->rightsBase &= ~rights::kPathReadlink;
  EXPECT_EQ(readlink("long", 100), Errno::NotCapable);
}

TEST_P(PathOpsTest, RemoveDirectory) {
  EXPECT_EQ(rmdir(dir_, "file"), Errno::NotDir);
  EXPECT_EQ(rmdir(dir_, "sublink"), Errno::NotDir);
  EXPECT_EQ(rmdir(dir_, "sub"), Errno::NotEmpty);
  EXPECT_EQ(rmdir(dir_, "."), Errno::Inval);
  EXPECT_EQ(rmdir(dir_, ".."), Errno::NotCapable);
  EXPECT_EQ(rmdir(dir_, "empty/"), Errno::Success);
  EXPECT_FALSE(exists(tree("empty")));
  EXPECT_EQ(rmdir(dir_, "empty"), Errno::NoEnt);
  EXPECT_EQ(errnoOf(fn::pathRemoveDirectory(state_, m_, dir_, kBad - 1, 2)), Errno::Fault);
  (*state_.fds.get(dir_))->rightsBase &= ~rights::kPathRemoveDirectory;
  EXPECT_EQ(rmdir(dir_, "sub"), Errno::NotCapable);
}

TEST_P(PathOpsTest, RenameWithinAndBetweenDirectories) {
  ASSERT_EQ(rename(dir_, "file", dir_, "renamed"), Errno::Success);
  EXPECT_TRUE(exists(tree("renamed")));
  EXPECT_FALSE(exists(tree("file")));
  ASSERT_EQ(open(dir_, "sub", oflags::kDirectory, rights::kDirectoryBase, kFollow,
                 rights::kDirectoryInheriting),
            Errno::Success);
  const uint32_t sub = opened();
  ASSERT_EQ(rename(dir_, "renamed", sub, "moved"), Errno::Success);
  EXPECT_TRUE(exists(tree("sub/moved")));
  EXPECT_EQ(rename(sub, "moved/", dir_, "x"), Errno::NotDir);
  EXPECT_EQ(rename(dir_, "empty/", dir_, "empty2/"), Errno::Success);
  EXPECT_TRUE(exists(tree("empty2")));
  EXPECT_EQ(rename(dir_, "missing", dir_, "x"), Errno::NoEnt);
  EXPECT_EQ(rename(sub, "moved", sub, "../../stolen"), Errno::NotCapable);
  EXPECT_EQ(rename(dir_, "out/x", dir_, "y"), Errno::NotCapable);
  EXPECT_FALSE(exists(root_ / "stolen"));
  EXPECT_EQ(errnoOf(fn::pathRename(state_, m_, dir_, put("sub"), 3, dir_, kBad, 1)), Errno::Fault);
  (*state_.fds.get(sub))->rightsBase &= ~rights::kPathRenameTarget;
  EXPECT_EQ(rename(dir_, "link", sub, "link"), Errno::NotCapable);
  EXPECT_TRUE(exists(tree("link")));
}

TEST_P(PathOpsTest, SymlinkStoresTheTargetVerbatimAndNeverFollowsItOutside) {
  ASSERT_EQ(symlink("/etc/passwd", dir_, "abs"), Errno::Success);
  std::array<char, 64> target{};
  ASSERT_EQ(::readlink(tree("abs").c_str(), target.data(), target.size()), 11);
  EXPECT_EQ(std::string(target.data(), 11), "/etc/passwd");
  EXPECT_EQ(open(dir_, "abs", 0, rights::kFdRead), Errno::NotCapable);
  ASSERT_EQ(symlink("../../outside", dir_, "sub/up"), Errno::Success);
  EXPECT_EQ(open(dir_, "sub/up", 0, rights::kFdRead), Errno::NotCapable);
  ASSERT_EQ(symlink("../file", dir_, "sub/fine"), Errno::Success);
  EXPECT_EQ(open(dir_, "sub/fine", 0, rights::kFdRead), Errno::Success);
  EXPECT_EQ(symlink("x", dir_, "abs"), Errno::Exist);
  EXPECT_EQ(symlink("x", dir_, "newslash/"), Errno::NoEnt);
  EXPECT_EQ(symlink("x", dir_, "../escaped"), Errno::NotCapable);
  EXPECT_FALSE(exists(root_ / "escaped"));
  EXPECT_EQ(errnoOf(fn::pathSymlink(state_, m_, kBad, 1, dir_, put("y"), 1)), Errno::Fault);
  (*state_.fds.get(dir_))->rightsBase &= ~rights::kPathSymlink;
  EXPECT_EQ(symlink("x", dir_, "z"), Errno::NotCapable);
}

TEST_P(PathOpsTest, UnlinkFile) {
  EXPECT_EQ(unlink(dir_, "sub"), Errno::IsDir);
  EXPECT_EQ(unlink(dir_, "sub/"), Errno::IsDir);
  EXPECT_EQ(unlink(dir_, "file/"), Errno::NotDir);
  EXPECT_EQ(unlink(dir_, "sublink"), Errno::Success);
  EXPECT_TRUE(exists(tree("sub/inner")));
  EXPECT_EQ(unlink(dir_, "file"), Errno::Success);
  EXPECT_FALSE(exists(tree("file")));
  EXPECT_EQ(unlink(dir_, "file"), Errno::NoEnt);
  EXPECT_EQ(unlink(dir_, "../outside"), Errno::NotCapable);
  EXPECT_TRUE(exists(root_ / "outside"));
  EXPECT_EQ(errnoOf(fn::pathUnlinkFile(state_, m_, dir_, kBad, 1)), Errno::Fault);
  (*state_.fds.get(dir_))->rightsBase &= ~rights::kPathUnlinkFile;
  EXPECT_EQ(unlink(dir_, "sub/inner"), Errno::NotCapable);
}

INSTANTIATE_TEST_SUITE_P(Resolvers, PathOpsTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool> &param) {
                           return param.param ? "ComponentWalk" : "Openat2";
                         });

} // namespace
} // namespace runw::engine::wasi
