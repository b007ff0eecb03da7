// SPDX-License-Identifier: Apache-2.0
// fd_readdir: the dirent stream, cookies across calls, truncated last entries, errors.
#include "wasi_fixture.h"

#include <map>
#include <set>
#include <sys/stat.h>

namespace runw::engine::wasi::test {
namespace {

namespace l = witx::layout;
using witx::Filetype;

constexpr uint32_t kBuf = 1024;
constexpr uint32_t kUsed = 512;

struct Dirent {
  uint64_t next = 0;
  uint64_t inode = 0;
  Filetype type = Filetype::Unknown;
  std::string name;
};

class FdReaddirTest : public WasiFixture {
protected:
  uint32_t addDir(const std::string &path) { return add(openHost(path, O_RDONLY | O_DIRECTORY)); }

  /// Parses the complete entries of one call's output; returns false when the buffer was full
  /// (the last entry cut off, or ending exactly at the end), as wasi-libc decides.
  bool parse(uint32_t used, uint32_t bufLen, std::vector<Dirent> &out) {
    uint32_t at = 0;
    while (at + l::kDirentSize <= used) {
      const uint32_t nameLength = load<uint32_t>(kBuf + at + l::kDirentNamlen);
      if (at + l::kDirentSize + nameLength > used) {
        break;
      }
      out.push_back(Dirent{load<uint64_t>(kBuf + at + l::kDirentNext),
                           load<uint64_t>(kBuf + at + l::kDirentIno),
                           static_cast<Filetype>(load<uint8_t>(kBuf + at + l::kDirentType)),
                           text(kBuf + at + l::kDirentSize, nameLength)});
      at += l::kDirentSize + nameLength;
    }
    return used < bufLen;
  }

  /// Reads the whole directory through a buffer of bufLen bytes, as wasi-libc's readdir does:
  /// resume at the d_next of the last complete entry.
  std::vector<Dirent> readAll(uint32_t fd, uint32_t bufLen, int *calls = nullptr) {
    std::vector<Dirent> all;
    uint64_t cookie = 0;
    for (int call = 1; call < 100000; ++call) {
      EXPECT_TRUE(fn::fdReaddir(state_, mem_, fd, kBuf, bufLen, cookie, kUsed));
      const uint32_t used = load<uint32_t>(kUsed);
      const size_t before = all.size();
      const bool done = parse(used, bufLen, all);
      if (calls != nullptr) {
        *calls = call;
      }
      if (done) {
        break;
      }
      EXPECT_GT(all.size(), before) << "buffer too small for one entry";
      cookie = all.back().next;
    }
    return all;
  }
};

TEST_F(FdReaddirTest, ListsDotEntriesAndTypes) {
  const std::string dir = tempDir();
  ASSERT_EQ(::mkdir((dir + "/sub").c_str(), 0755), 0);
  openHost(dir + "/file", O_WRONLY | O_CREAT);
  ASSERT_EQ(::symlink("file", (dir + "/link").c_str()), 0);
  const uint32_t fd = addDir(dir);
  std::map<std::string, Dirent> byName;
  for (Dirent &d : readAll(fd, 4096)) {
    byName[d.name] = d;
  }
  ASSERT_EQ(byName.size(), 5U);
  EXPECT_EQ(byName["."].type, Filetype::Directory);
  EXPECT_EQ(byName[".."].type, Filetype::Directory);
  EXPECT_EQ(byName["sub"].type, Filetype::Directory);
  EXPECT_EQ(byName["file"].type, Filetype::RegularFile);
  EXPECT_EQ(byName["link"].type, Filetype::SymbolicLink);
  struct stat info {};
  ASSERT_EQ(::lstat((dir + "/file").c_str(), &info), 0);
  EXPECT_EQ(byName["file"].inode, info.st_ino);
}

TEST_F(FdReaddirTest, ThousandEntriesThroughASmallBuffer) {
  const std::string dir = tempDir();
  std::set<std::string> expected = {".", ".."};
  for (int i = 0; i < 1000; ++i) {
    const std::string name = "entry-" + std::to_string(i);
    openHost(dir + "/" + name, O_WRONLY | O_CREAT);
    expected.insert(name);
  }
  const uint32_t fd = addDir(dir);
  int calls = 0;
  const std::vector<Dirent> all = readAll(fd, 100, &calls);
  EXPECT_GT(calls, 300);
  std::multiset<std::string> seen;
  for (const Dirent &d : all) {
    seen.insert(d.name);
  }
  EXPECT_EQ(seen.size(), expected.size());                              // no duplicates ...
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), expected); // ... none missing
  // d_next is the following entry's cookie, counting up from 1.
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].next, i + 1);
  }
}

TEST_F(FdReaddirTest, LastEntryIsCutAtTheBufferEnd) {
  const std::string dir = tempDir();
  openHost(dir + "/a-long-file-name", O_WRONLY | O_CREAT);
  const uint32_t fd = addDir(dir);
  ASSERT_TRUE(fn::fdReaddir(state_, mem_, fd, kBuf, 4096, 0, kUsed));
  const uint32_t total = load<uint32_t>(kUsed);
  EXPECT_EQ(total, 3U * l::kDirentSize + 1U + 2U + 16U);
  const std::string full = text(kBuf, total);
  // Every shorter buffer gets exactly the prefix of the full stream that fits, and nothing
  // beyond it is touched.
  for (uint32_t length : {1U, 23U, 24U, 25U, 30U, 49U, 60U, total - 1}) {
    bytes_.assign(bytes_.size(), 0xAB);
    ASSERT_TRUE(fn::fdReaddir(state_, mem_, fd, kBuf, length, 0, kUsed));
    EXPECT_EQ(load<uint32_t>(kUsed), length);
    EXPECT_EQ(text(kBuf, length), full.substr(0, length)) << length;
    EXPECT_EQ(load<uint8_t>(kBuf + length), 0xAB);
  }
  // Resuming at cookie 1 gives the stream minus the first entry.
  const uint32_t firstSize = l::kDirentSize + static_cast<uint32_t>(full[l::kDirentNamlen]);
  ASSERT_TRUE(fn::fdReaddir(state_, mem_, fd, kBuf, 4096, 1, kUsed));
  EXPECT_EQ(text(kBuf, load<uint32_t>(kUsed)), full.substr(firstSize));
}

TEST_F(FdReaddirTest, CookiePastTheEndAndEmptyBuffer) {
  const std::string dir = tempDir();
  const uint32_t fd = addDir(dir);
  ASSERT_TRUE(fn::fdReaddir(state_, mem_, fd, kBuf, 4096, 0, kUsed));
  EXPECT_EQ(load<uint32_t>(kUsed), 2U * l::kDirentSize + 3U); // "." and ".."
  ASSERT_TRUE(fn::fdReaddir(state_, mem_, fd, kBuf, 4096, 2, kUsed));
  EXPECT_EQ(load<uint32_t>(kUsed), 0U);
  ASSERT_TRUE(fn::fdReaddir(state_, mem_, fd, kBuf, 4096, UINT64_MAX, kUsed));
  EXPECT_EQ(load<uint32_t>(kUsed), 0U);
  ASSERT_TRUE(fn::fdReaddir(state_, mem_, fd, kBuf, 0, 0, kUsed));
  EXPECT_EQ(load<uint32_t>(kUsed), 0U);
}

TEST_F(FdReaddirTest, RestartAtZeroSeesNewEntries) {
  const std::string dir = tempDir();
  const uint32_t fd = addDir(dir);
  EXPECT_EQ(readAll(fd, 4096).size(), 2U);
  openHost(dir + "/new", O_WRONLY | O_CREAT);
  EXPECT_EQ(readAll(fd, 4096).size(), 3U);
}

TEST_F(FdReaddirTest, Errors) {
  const std::string dir = tempDir();
  const uint32_t fd = addDir(dir);
  EXPECT_EQ(errnoOf(fn::fdReaddir(state_, mem_, fd, kMemorySize - 10, 11, 0, kUsed)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::fdReaddir(state_, mem_, fd, kBuf, 100, 0, kMemorySize - 3)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::fdReaddir(state_, mem_, fd + 1, kBuf, 100, 0, kUsed)), Errno::Badf);
  const uint32_t file = addFile("x");
  entry(file).rightsBase |= witx::rights::kFdReaddir;
  EXPECT_EQ(errnoOf(fn::fdReaddir(state_, mem_, file, kBuf, 100, 0, kUsed)), Errno::NotDir);
  entry(fd).rightsBase &= ~witx::rights::kFdReaddir;
  EXPECT_EQ(errnoOf(fn::fdReaddir(state_, mem_, fd, kBuf, 100, 0, kUsed)), Errno::NotCapable);
}

} // namespace
} // namespace runw::engine::wasi::test
