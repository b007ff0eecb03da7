// SPDX-License-Identifier: Apache-2.0
// Sandbox: every escape attempt (`..`, absolute paths, symlinks out, chains, loops, a racing
// rename) through both resolvers, openat2 and the component walk, and the paths that must work.
#include "path_fixture.h"
#include "sandbox.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <stdio.h>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace runw::engine::wasi {
namespace {

using namespace pathtest;

/// root/
///   outside            "outside"
///   outdir/secret      "outside"
///   tree/              the directory paths are resolved beneath
///     inside           "inside"
///     dir/secret       "inside"
///     a/b/
///     a/tosecret  -> ../dir/secret
///     dirlink     -> dir
///     dirslash    -> ./dir/
///     etc         -> /etc
///     out         -> ../outside
///     outlink     -> ../outdir
///     c1 -> a/c2, a/c2 -> ../c3, c3 -> a/b/../../../outside   (a chain that ends outside)
///     l1 -> l2, l2 -> l1                                        (a loop)
///     dangling    -> created-by-link
///     danglingout -> ../created-outside
class SandboxTest : public ::testing::TestWithParam<bool> {
protected:
  void SetUp() override {
    ASSERT_FALSE(root_.path().empty());
    writeFile(root_ / "outside", "outside");
    makeDir(root_ / "outdir");
    writeFile(root_ / "outdir/secret", "outside");
    makeDir(root_ / "tree");
    writeFile(root_ / "tree/inside", "inside");
    makeDir(root_ / "tree/dir");
    writeFile(root_ / "tree/dir/secret", "inside");
    makeDir(root_ / "tree/a");
    makeDir(root_ / "tree/a/b");
    makeSymlink("../dir/secret", root_ / "tree/a/tosecret");
    makeSymlink("dir", root_ / "tree/dirlink");
    makeSymlink("./dir/", root_ / "tree/dirslash");
    makeSymlink("/etc", root_ / "tree/etc");
    makeSymlink("../outside", root_ / "tree/out");
    makeSymlink("../outdir", root_ / "tree/outlink");
    makeSymlink("a/c2", root_ / "tree/c1");
    makeSymlink("../c3", root_ / "tree/a/c2");
    makeSymlink("a/b/../../../outside", root_ / "tree/c3");
    makeSymlink("l2", root_ / "tree/l1");
    makeSymlink("l1", root_ / "tree/l2");
    makeSymlink("created-by-link", root_ / "tree/dangling");
    makeSymlink("../created-outside", root_ / "tree/danglingout");
    tree_ = openDir(root_ / "tree");
    ASSERT_TRUE(tree_);
  }

  /// Opens path read-only beneath tree and returns its content, or the errno.
  WasiResult<std::string> read(std::string_view path, bool follow = true) {
    auto fd = sandbox_.open(tree_.get(), path, O_RDONLY, 0, follow);
    if (!fd) {
      return std::unexpected(fd.error());
    }
    return readAll(fd->get());
  }

  Errno openError(std::string_view path, int flags = O_RDONLY, bool follow = true) {
    auto fd = sandbox_.open(tree_.get(), path, flags, 0644, follow);
    return fd ? Errno::Success : fd.error();
  }

  Errno parentError(std::string_view path) {
    auto at = sandbox_.parent(tree_.get(), path);
    return at ? Errno::Success : at.error();
  }

  TempDir root_;
  UniqueFd tree_;
  Sandbox sandbox_{GetParam()};
};

TEST_P(SandboxTest, ForcedWalkNeverUsesOpenat2) {
  if (GetParam()) {
    EXPECT_FALSE(sandbox_.usesOpenat2());
  }
  EXPECT_EQ(read("inside").value_or("?"), "inside");
}

TEST_P(SandboxTest, DotDotEscapesAreNotCapable) {
  for (const char *path : {"..", "../outside", "a/../../outside", "a/b/../../..", "a/b/../../../",
                           "../tree/inside", "./../outside", "dir/../../outdir/secret"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(openError(path), Errno::NotCapable);
    EXPECT_EQ(openError(path, O_PATH, false), Errno::NotCapable);
  }
  for (const char *path : {"../outside", "a/../../outside", "a/b/../../..", "../x/y", "..",
                           "dir/../../outdir/secret"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(parentError(path), Errno::NotCapable);
  }
  EXPECT_FALSE(exists(root_ / "created-outside"));
  EXPECT_EQ(openError("../created-outside", O_CREAT | O_WRONLY), Errno::NotCapable);
  EXPECT_FALSE(exists(root_ / "created-outside"));
}

TEST_P(SandboxTest, AbsolutePathsAreNotCapable) {
  for (const char *path : {"/", "/etc/passwd", "//etc", "/tmp"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(openError(path), Errno::NotCapable);
    EXPECT_EQ(parentError(path), Errno::NotCapable);
  }
}

TEST_P(SandboxTest, EmptyPathIsNoEntAndOverlongIsNameTooLong) {
  EXPECT_EQ(openError(""), Errno::NoEnt);
  EXPECT_EQ(parentError(""), Errno::NoEnt);
  std::string deep;
  while (deep.size() < 5000) {
    deep += "./";
  }
  EXPECT_EQ(openError(deep + "inside"), Errno::NameTooLong);
  EXPECT_EQ(parentError(deep + "inside"), Errno::NameTooLong);
  EXPECT_EQ(read("./././dir/../inside").value_or("?"), "inside");
}

TEST_P(SandboxTest, SymlinkToEtcIsNotCapable) {
  EXPECT_EQ(openError("etc/passwd"), Errno::NotCapable);
  EXPECT_EQ(openError("etc", O_RDONLY | O_DIRECTORY), Errno::NotCapable);
  EXPECT_EQ(openError("etc/"), Errno::NotCapable);
  EXPECT_EQ(parentError("etc/passwd"), Errno::NotCapable);
  // Not following it opens the link itself, which is beneath the tree.
  auto link = sandbox_.open(tree_.get(), "etc", O_PATH, 0, false);
  ASSERT_TRUE(link.has_value());
  EXPECT_TRUE(S_ISLNK(fstatOf(link->get()).st_mode));
}

TEST_P(SandboxTest, SymlinkToDotDotOutsideIsNotCapable) {
  EXPECT_EQ(openError("out"), Errno::NotCapable);
  EXPECT_EQ(openError("outlink/secret"), Errno::NotCapable);
  EXPECT_EQ(parentError("outlink/secret"), Errno::NotCapable);
  // A final symlink that is not followed is ELOOP, as open(O_NOFOLLOW) gives.
  EXPECT_EQ(openError("out", O_RDONLY, false), Errno::Loop);
}

TEST_P(SandboxTest, ChainOfRelativeSymlinksEndingOutsideIsNotCapable) {
  EXPECT_EQ(openError("c1"), Errno::NotCapable);
  EXPECT_EQ(openError("a/c2"), Errno::NotCapable);
  EXPECT_EQ(openError("c3"), Errno::NotCapable);
}

TEST_P(SandboxTest, SymlinkLoopIsLoop) {
  EXPECT_EQ(openError("l1"), Errno::Loop);
  EXPECT_EQ(openError("l1/x"), Errno::Loop);
  EXPECT_EQ(parentError("l1/x"), Errno::Loop);
}

TEST_P(SandboxTest, SymlinksInsideTheTreeAreFollowed) {
  EXPECT_EQ(read("a/tosecret").value_or("?"), "inside");
  EXPECT_EQ(read("dirlink/secret").value_or("?"), "inside");
  EXPECT_EQ(read("dirslash/secret").value_or("?"), "inside");
  EXPECT_EQ(read("a/b/../tosecret").value_or("?"), "inside");
  auto at = sandbox_.parent(tree_.get(), "dirlink/secret");
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->name, "secret");
  EXPECT_EQ(fstatOf(at->parent.get()).st_ino, lstatOf(root_ / "tree/dir").st_ino);
}

TEST_P(SandboxTest, FinalSymlinkWithAndWithoutFollow) {
  EXPECT_EQ(read("a/tosecret", true).value_or("?"), "inside");
  EXPECT_EQ(openError("a/tosecret", O_RDONLY, false), Errno::Loop);
  auto link = sandbox_.open(tree_.get(), "a/tosecret", O_PATH, 0, false);
  ASSERT_TRUE(link.has_value());
  EXPECT_TRUE(S_ISLNK(fstatOf(link->get()).st_mode));
  auto target = sandbox_.open(tree_.get(), "a/tosecret", O_PATH, 0, true);
  ASSERT_TRUE(target.has_value());
  EXPECT_TRUE(S_ISREG(fstatOf(target->get()).st_mode));
  // Symlinks before the last component are always followed.
  auto viaLink = sandbox_.open(tree_.get(), "dirlink/secret", O_RDONLY, 0, false);
  ASSERT_TRUE(viaLink.has_value());
  EXPECT_EQ(readAll(viaLink->get()), "inside");
}

TEST_P(SandboxTest, TrailingSlashesNeedDirectories) {
  EXPECT_TRUE(sandbox_.open(tree_.get(), "dir/", O_RDONLY, 0, true).has_value());
  EXPECT_TRUE(sandbox_.open(tree_.get(), "dir///", O_RDONLY, 0, false).has_value());
  EXPECT_EQ(openError("inside/"), Errno::NotDir);
  EXPECT_EQ(openError("inside/", O_PATH, false), Errno::NotDir);
  // A trailing slash follows a final symlink even without follow (as the kernel does).
  auto dir = sandbox_.open(tree_.get(), "dirlink/", O_RDONLY, 0, false);
  ASSERT_TRUE(dir.has_value());
  EXPECT_EQ(fstatOf(dir->get()).st_ino, lstatOf(root_ / "tree/dir").st_ino);
  EXPECT_EQ(openError("a/tosecret/"), Errno::NotDir);
  EXPECT_EQ(openError("newfile/", O_CREAT | O_WRONLY), Errno::IsDir);
  EXPECT_FALSE(exists(root_ / "tree/newfile"));
  auto at = sandbox_.parent(tree_.get(), "a//b//");
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->name, "b");
  EXPECT_TRUE(at->trailingSlash);
  EXPECT_EQ(fstatOf(at->parent.get()).st_ino, lstatOf(root_ / "tree/a").st_ino);
}

TEST_P(SandboxTest, DotsAndRepeatedSlashes) {
  EXPECT_EQ(read("./dir/./secret").value_or("?"), "inside");
  EXPECT_EQ(read("dir//secret").value_or("?"), "inside");
  EXPECT_EQ(read("a/b/../../dir/secret").value_or("?"), "inside");
  const ino_t treeIno = lstatOf(root_.path() + "/tree").st_ino;
  for (const char *path : {".", "./", "a/..", "a/b/../..", "./."}) {
    SCOPED_TRACE(path);
    auto fd = sandbox_.open(tree_.get(), path, O_RDONLY | O_DIRECTORY, 0, false);
    ASSERT_TRUE(fd.has_value());
    EXPECT_EQ(fstatOf(fd->get()).st_ino, treeIno);
    auto at = sandbox_.parent(tree_.get(), path);
    ASSERT_TRUE(at.has_value());
    EXPECT_EQ(at->name, ".");
    EXPECT_EQ(fstatOf(at->parent.get()).st_ino, treeIno);
  }
  auto up = sandbox_.parent(tree_.get(), "a/b/..");
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->name, ".");
  EXPECT_EQ(fstatOf(up->parent.get()).st_ino, lstatOf(root_ / "tree/a").st_ino);
  EXPECT_EQ(openError("inside/.."), Errno::NotDir);
  EXPECT_EQ(openError(".", O_RDWR), Errno::IsDir);
}

TEST_P(SandboxTest, ParentOfSimpleNames) {
  auto at = sandbox_.parent(tree_.get(), "a/b/new");
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->name, "new");
  EXPECT_FALSE(at->trailingSlash);
  EXPECT_EQ(fstatOf(at->parent.get()).st_ino, lstatOf(root_ / "tree/a/b").st_ino);
  auto top = sandbox_.parent(tree_.get(), "inside");
  ASSERT_TRUE(top.has_value());
  EXPECT_EQ(top->name, "inside");
  EXPECT_EQ(fstatOf(top->parent.get()).st_ino, lstatOf(root_ / "tree").st_ino);
  // The last component is not resolved: a symlink pointing outside is just a name here.
  auto link = sandbox_.parent(tree_.get(), "etc");
  ASSERT_TRUE(link.has_value());
  EXPECT_EQ(link->name, "etc");
  EXPECT_EQ(parentError("missing/x"), Errno::NoEnt);
  EXPECT_EQ(parentError("inside/x"), Errno::NotDir);
}

TEST_P(SandboxTest, CreatesBeneathAndThroughDanglingLinksInside) {
  auto fd = sandbox_.open(tree_.get(), "a/new", O_CREAT | O_WRONLY | O_EXCL, 0600, false);
  ASSERT_TRUE(fd.has_value());
  EXPECT_TRUE(exists(root_ / "tree/a/new"));
  auto viaLink = sandbox_.open(tree_.get(), "dangling", O_CREAT | O_WRONLY, 0600, true);
  ASSERT_TRUE(viaLink.has_value());
  EXPECT_TRUE(S_ISREG(lstatOf(root_ / "tree/created-by-link").st_mode));
  EXPECT_EQ(openError("danglingout", O_CREAT | O_WRONLY), Errno::NotCapable);
  EXPECT_FALSE(exists(root_ / "created-outside"));
  // O_EXCL never follows: the link itself exists.
  EXPECT_EQ(openError("danglingout", O_CREAT | O_EXCL | O_WRONLY), Errno::Exist);
  EXPECT_FALSE(exists(root_ / "created-outside"));
}

/// Open descriptors of this process.
size_t openDescriptors() {
  size_t count = 0;
  for ([[maybe_unused]] const auto &entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    ++count;
  }
  return count;
}

TEST_P(SandboxTest, ResolvingLeaksNoDescriptors) {
  const size_t before = openDescriptors();
  for (const char *path : {"a/b/../tosecret", "dirlink/secret", "c1", "l1/x", "outlink/secret",
                           "a/b/../../..", "missing/x", "inside/x", "dirslash/"}) {
    SCOPED_TRACE(path);
    (void)sandbox_.open(tree_.get(), path, O_RDONLY, 0, true);
    (void)sandbox_.open(tree_.get(), path, O_PATH, 0, false);
    (void)sandbox_.parent(tree_.get(), path);
  }
  EXPECT_EQ(openDescriptors(), before);
}

/// Swaps tree/dir and a symlink to outside (rename(2) exchanging the two names) while the
/// main thread keeps opening dir/secret: no interleaving may reach the outside file.
void raceSwaps(const std::string &root, const std::string &linkTarget, const Sandbox &sandbox) {
  const std::string tree = root + "/tree";
  const std::string swap = tree + "/swap";
  makeSymlink(linkTarget, swap);
  UniqueFd treeFd = openDir(tree);
  ASSERT_TRUE(treeFd);
  std::atomic<bool> stop{false};
  std::atomic<int> swaps{0};
  std::thread swapper([&] {
    while (!stop.load()) {
      if (::renameat2(AT_FDCWD, swap.c_str(), AT_FDCWD, (tree + "/dir").c_str(), RENAME_EXCHANGE) ==
          0) {
        swaps.fetch_add(1);
      }
    }
  });
  int inside = 0;
  int refused = 0;
  int attempts = 0;
  const auto start = std::chrono::steady_clock::now();
  while (attempts < 3000 ||
         std::chrono::steady_clock::now() - start < std::chrono::milliseconds(200)) {
    ++attempts;
    auto fd = sandbox.open(treeFd.get(), "dir/secret", O_RDONLY, 0, true);
    if (fd) {
      const std::string content = readAll(fd->get());
      EXPECT_EQ(content, "inside");
      inside += content == "inside" ? 1 : 0;
    } else {
      ++refused;
    }
    auto at = sandbox.parent(treeFd.get(), "dir/secret");
    if (at) {
      EXPECT_NE(fstatOf(at->parent.get()).st_ino, lstatOf(root + "/outdir").st_ino);
    }
  }
  stop.store(true);
  swapper.join();
  SCOPED_TRACE(::testing::Message() << "swaps " << swaps.load() << " inside " << inside
                                    << " refused " << refused << " of " << attempts);
  EXPECT_GT(swaps.load(), 0);
  EXPECT_GT(refused, 0);
  EXPECT_EQ(inside + refused, attempts);
}

TEST_P(SandboxTest, RacingRenameOfRelativeSymlinkNeverEscapes) {
  raceSwaps(root_.path(), "../outdir", sandbox_);
}

TEST_P(SandboxTest, RacingRenameOfAbsoluteSymlinkNeverEscapes) {
  raceSwaps(root_.path(), root_ / "outdir", sandbox_);
}

/// What one resolution gave: the errno, or the inode reached and the name (for parent()).
std::string outcome(const WasiResult<UniqueFd> &fd) {
  return fd ? "ino " + std::to_string(fstatOf(fd->get()).st_ino)
            : "errno " + std::to_string(static_cast<int>(fd.error()));
}

std::string outcome(const WasiResult<ParentAndName> &at) {
  return at ? "ino " + std::to_string(fstatOf(at->parent.get()).st_ino) + " " + at->name +
                  (at->trailingSlash ? "/" : "")
            : "errno " + std::to_string(static_cast<int>(at.error()));
}

TEST_P(SandboxTest, BothResolversGiveTheSameAnswers) {
  const Sandbox walk(true);
  for (const char *path : {"inside",
                           "inside/",
                           "inside/.",
                           "dir",
                           "dir/",
                           "dir/.",
                           "dir/..",
                           "./dir//secret",
                           "a/b",
                           "a/b/..",
                           "a/tosecret",
                           "a/tosecret/",
                           "dirlink",
                           "dirlink/",
                           "dirlink/.",
                           "dirlink/..",
                           "dirslash",
                           "dirslash/secret",
                           "etc",
                           "etc/",
                           "out",
                           "outlink",
                           "outlink/",
                           "c1",
                           "c3",
                           "l1",
                           "l1/",
                           "dangling",
                           "danglingout",
                           "missing",
                           "missing/",
                           "a/missing/x",
                           "..",
                           "a/../..",
                           ".",
                           "./",
                           "dir/secret/x",
                           "a/b/../tosecret"}) {
    SCOPED_TRACE(path);
    for (const int flags : {O_RDONLY, O_PATH, O_RDONLY | O_DIRECTORY, O_PATH | O_DIRECTORY}) {
      for (const bool follow : {false, true}) {
        EXPECT_EQ(outcome(sandbox_.open(tree_.get(), path, flags, 0, follow)),
                  outcome(walk.open(tree_.get(), path, flags, 0, follow)))
            << "flags " << flags << " follow " << follow;
      }
    }
    EXPECT_EQ(outcome(sandbox_.parent(tree_.get(), path)), outcome(walk.parent(tree_.get(), path)));
  }
}

INSTANTIATE_TEST_SUITE_P(Resolvers, SandboxTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool> &param) {
                           return param.param ? "ComponentWalk" : "Openat2";
                         });

} // namespace
} // namespace runw::engine::wasi
