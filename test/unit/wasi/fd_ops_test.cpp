// SPDX-License-Identifier: Apache-2.0
// fd_* calls: reads and writes through iovecs, offsets, fdstat/filestat, rights and errors.
#include "wasi_fixture.h"

#include <csignal>

namespace runw::engine::wasi::test {
namespace {

namespace rights = witx::rights;
namespace fdflags = witx::fdflags;
namespace l = witx::layout;
using witx::Filetype;

constexpr uint32_t kIovs = 0;    // iovec array
constexpr uint32_t kCount = 512; // u32/u64 results
constexpr uint32_t kData = 1024; // data buffers
constexpr uint32_t kStat = 4096; // fdstat / filestat

class FdOpsTest : public WasiFixture {
protected:
  /// fd_write of text from kData through one iovec; the byte count, or the errno.
  WasiResult<uint32_t> write(uint32_t fd, std::string_view data) {
    putBytes(kData, data);
    putIovec(kIovs, kData, static_cast<uint32_t>(data.size()));
    auto r = fn::fdWrite(state_, mem_, fd, kIovs, 1, kCount);
    if (!r) {
      return std::unexpected(r.error());
    }
    return load<uint32_t>(kCount);
  }
  /// fd_read of up to length bytes into kData.
  WasiResult<std::string> read(uint32_t fd, uint32_t length) {
    putIovec(kIovs, kData, length);
    auto r = fn::fdRead(state_, mem_, fd, kIovs, 1, kCount);
    if (!r) {
      return std::unexpected(r.error());
    }
    return text(kData, load<uint32_t>(kCount));
  }
  static std::string hostRead(int fd, size_t length) {
    std::string out(length, '\0');
    const ssize_t got = ::read(fd, out.data(), length);
    out.resize(got > 0 ? static_cast<size_t>(got) : 0);
    return out;
  }
};

TEST_F(FdOpsTest, WriteAndReadThroughAPipe) {
  auto [r, w] = makePipe();
  const uint32_t in = add(std::move(r));
  const uint32_t out = add(std::move(w));
  ASSERT_EQ(write(out, "hello").value(), 5U);
  EXPECT_EQ(read(in, 100).value(), "hello");
}

TEST_F(FdOpsTest, ScatterGatherAcrossSeveralIovecs) {
  auto [r, w] = makePipe();
  const uint32_t in = add(std::move(r));
  const uint32_t out = add(std::move(w));
  putBytes(kData, "abc");
  putBytes(kData + 100, "defgh");
  putIovec(kIovs, kData, 3);
  putIovec(kIovs + 8, kData + 100, 0);
  putIovec(kIovs + 16, kData + 100, 5);
  ASSERT_TRUE(fn::fdWrite(state_, mem_, out, kIovs, 3, kCount));
  EXPECT_EQ(load<uint32_t>(kCount), 8U);
  putIovec(kIovs, kData + 200, 2);
  putIovec(kIovs + 8, kData + 300, 10);
  ASSERT_TRUE(fn::fdRead(state_, mem_, in, kIovs, 2, kCount));
  EXPECT_EQ(load<uint32_t>(kCount), 8U);
  EXPECT_EQ(text(kData + 200, 2), "ab");
  EXPECT_EQ(text(kData + 300, 6), "cdefgh");
}

TEST_F(FdOpsTest, ReadWriteFaults) {
  auto [r, w] = makePipe();
  const int hostWrite = w.get();
  const uint32_t in = add(std::move(r));
  const uint32_t out = add(std::move(w));
  // A buffer straddling the end of memory.
  putIovec(kIovs, kMemorySize - 2, 3);
  EXPECT_EQ(errnoOf(fn::fdWrite(state_, mem_, out, kIovs, 1, kCount)), Errno::Fault);
  // The iovec array itself at the very end.
  EXPECT_EQ(errnoOf(fn::fdWrite(state_, mem_, out, kMemorySize - 4, 1, kCount)), Errno::Fault);
  // A count pointer out of bounds is found before any data moves.
  ASSERT_EQ(::write(hostWrite, "xy", 2), 2);
  putIovec(kIovs, kData, 10);
  EXPECT_EQ(errnoOf(fn::fdRead(state_, mem_, in, kIovs, 1, kMemorySize - 3)), Errno::Fault);
  EXPECT_EQ(read(in, 10).value(), "xy");
  // A buffer ending exactly at the end of memory is fine.
  ASSERT_EQ(::write(hostWrite, "z", 1), 1);
  putIovec(kIovs, kMemorySize - 1, 1);
  ASSERT_TRUE(fn::fdRead(state_, mem_, in, kIovs, 1, kCount));
  EXPECT_EQ(load<uint8_t>(kMemorySize - 1), 'z');
  EXPECT_EQ(errnoOf(fn::fdRead(state_, mem_, in, kIovs, HostIovecs::kMax + 1, kCount)),
            Errno::Inval);
}

TEST_F(FdOpsTest, RightsAndClosedFds) {
  auto [r, w] = makePipe();
  const uint32_t in = add(std::move(r));
  const uint32_t out = add(std::move(w));
  EXPECT_EQ(read(out + 5, 1).error(), Errno::Badf);
  ASSERT_TRUE(fn::fdFdstatSetRights(state_, mem_, out, rights::kFdRead, 0));
  EXPECT_EQ(write(out, "x").error(), Errno::NotCapable);
  ASSERT_TRUE(fn::fdClose(state_, mem_, in));
  EXPECT_EQ(read(in, 1).error(), Errno::Badf);
  EXPECT_EQ(errnoOf(fn::fdClose(state_, mem_, in)), Errno::Badf);
}

TEST_F(FdOpsTest, WriteToABrokenPipeIsPipe) {
  auto [r, w] = makePipe();
  const uint32_t out = add(std::move(w));
  r.reset();
  // gtest's runner (and runw) must not die of SIGPIPE: ignore it for this write.
  struct sigaction ignore {};
  struct sigaction old {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &old);
  EXPECT_EQ(write(out, "x").error(), Errno::Pipe);
  ::sigaction(SIGPIPE, &old, nullptr);
}

TEST_F(FdOpsTest, SeekTellPreadPwrite) {
  const uint32_t fd = addFile("0123456789");
  ASSERT_TRUE(fn::fdSeek(state_, mem_, fd, 4, 0, kCount));
  EXPECT_EQ(load<uint64_t>(kCount), 4U);
  EXPECT_EQ(read(fd, 3).value(), "456");
  ASSERT_TRUE(fn::fdTell(state_, mem_, fd, kCount));
  EXPECT_EQ(load<uint64_t>(kCount), 7U);
  ASSERT_TRUE(fn::fdSeek(state_, mem_, fd, static_cast<uint64_t>(-2), 1, kCount));
  EXPECT_EQ(load<uint64_t>(kCount), 5U);
  ASSERT_TRUE(fn::fdSeek(state_, mem_, fd, static_cast<uint64_t>(-1), 2, kCount));
  EXPECT_EQ(load<uint64_t>(kCount), 9U);
  EXPECT_EQ(errnoOf(fn::fdSeek(state_, mem_, fd, static_cast<uint64_t>(-100), 1, kCount)),
            Errno::Inval);
  EXPECT_EQ(errnoOf(fn::fdSeek(state_, mem_, fd, 0, 3, kCount)), Errno::Inval);
  EXPECT_EQ(errnoOf(fn::fdSeek(state_, mem_, fd, 0, 0, kMemorySize - 4)), Errno::Fault);

  // pread/pwrite leave the offset alone.
  putIovec(kIovs, kData, 4);
  ASSERT_TRUE(fn::fdPread(state_, mem_, fd, kIovs, 1, 2, kCount));
  EXPECT_EQ(text(kData, load<uint32_t>(kCount)), "2345");
  putBytes(kData, "AB");
  putIovec(kIovs, kData, 2);
  ASSERT_TRUE(fn::fdPwrite(state_, mem_, fd, kIovs, 1, 0, kCount));
  EXPECT_EQ(load<uint32_t>(kCount), 2U);
  ASSERT_TRUE(fn::fdTell(state_, mem_, fd, kCount));
  EXPECT_EQ(load<uint64_t>(kCount), 9U);
  putIovec(kIovs, kData, 10);
  ASSERT_TRUE(fn::fdPread(state_, mem_, fd, kIovs, 1, 0, kCount));
  EXPECT_EQ(text(kData, load<uint32_t>(kCount)), "AB23456789");
  EXPECT_EQ(errnoOf(fn::fdPread(state_, mem_, fd, kIovs, 1, UINT64_MAX, kCount)), Errno::Inval);
}

TEST_F(FdOpsTest, TellOnlyRightAllowsCurZero) {
  const uint32_t fd = addFile("abc");
  ASSERT_TRUE(fn::fdFdstatSetRights(state_, mem_, fd, rights::kFdTell | rights::kFdRead, 0));
  ASSERT_TRUE(fn::fdSeek(state_, mem_, fd, 0, 1, kCount));
  EXPECT_EQ(load<uint64_t>(kCount), 0U);
  EXPECT_EQ(errnoOf(fn::fdSeek(state_, mem_, fd, 1, 1, kCount)), Errno::NotCapable);
  EXPECT_EQ(errnoOf(fn::fdSeek(state_, mem_, fd, 0, 0, kCount)), Errno::NotCapable);
  putIovec(kIovs, kData, 1);
  EXPECT_EQ(errnoOf(fn::fdPread(state_, mem_, fd, kIovs, 1, 0, kCount)), Errno::NotCapable);
}

TEST_F(FdOpsTest, PipesCannotSeek) {
  auto [r, w] = makePipe();
  const uint32_t in = add(std::move(r));
  EXPECT_EQ(errnoOf(fn::fdSeek(state_, mem_, in, 0, 0, kCount)), Errno::NotCapable);
  EXPECT_EQ(errnoOf(fn::fdTell(state_, mem_, in, kCount)), Errno::NotCapable);
  // With the rights forced on, the host's answer comes through: Spipe.
  entry(in).rightsBase |= rights::kFdSeek | rights::kFdTell;
  EXPECT_EQ(errnoOf(fn::fdSeek(state_, mem_, in, 0, 1, kCount)), Errno::Spipe);
  putIovec(kIovs, kData, 1);
  EXPECT_EQ(errnoOf(fn::fdPread(state_, mem_, in, kIovs, 1, 0, kCount)), Errno::Spipe);
}

TEST_F(FdOpsTest, PwriteOnAppendFileWritesAtTheOffset) {
  const uint32_t fd = addFile("0123456789", O_APPEND);
  putBytes(kData, "XY");
  putIovec(kIovs, kData, 2);
  const auto r = fn::fdPwrite(state_, mem_, fd, kIovs, 1, 3, kCount);
  if (!r) {
    // Kernels before 6.9 lack RWF_NOAPPEND.
    EXPECT_EQ(r.error(), Errno::NotSup);
    return;
  }
  EXPECT_EQ(::pread(entry(fd).host.get(), bytes_.data() + kData, 20, 0), 10);
  EXPECT_EQ(text(kData, 10), "012XY56789");
  // A plain write still appends.
  ASSERT_EQ(write(fd, "!").value(), 1U);
  EXPECT_EQ(::pread(entry(fd).host.get(), bytes_.data() + kData, 20, 0), 11);
  EXPECT_EQ(text(kData, 11), "012XY56789!");
}

TEST_F(FdOpsTest, FdstatReportsTypeFlagsAndRights) {
  const uint32_t fd = addFile("x", O_APPEND);
  bytes_.assign(bytes_.size(), 0xEE);
  ASSERT_TRUE(fn::fdFdstatGet(state_, mem_, fd, kStat));
  EXPECT_EQ(load<uint8_t>(kStat + l::kFdstatFiletype), static_cast<uint8_t>(Filetype::RegularFile));
  EXPECT_EQ(load<uint8_t>(kStat + 1), 0U); // padding is zeroed
  EXPECT_EQ(load<uint16_t>(kStat + l::kFdstatFlags), fdflags::kAppend);
  EXPECT_EQ(load<uint64_t>(kStat + l::kFdstatRightsBase), rights::kRegularFileBase);
  EXPECT_EQ(load<uint64_t>(kStat + l::kFdstatRightsInheriting), 0U);
  EXPECT_EQ(errnoOf(fn::fdFdstatGet(state_, mem_, fd, kMemorySize - 23)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::fdFdstatGet(state_, mem_, fd + 1, kStat)), Errno::Badf);
}

TEST_F(FdOpsTest, FdstatSetFlags) {
  auto [r, w] = makePipe();
  const uint32_t in = add(std::move(r));
  ASSERT_TRUE(fn::fdFdstatSetFlags(state_, mem_, in, fdflags::kNonblock));
  EXPECT_NE(::fcntl(entry(in).host.get(), F_GETFL) & O_NONBLOCK, 0);
  ASSERT_TRUE(fn::fdFdstatGet(state_, mem_, in, kStat));
  EXPECT_EQ(load<uint16_t>(kStat + l::kFdstatFlags), fdflags::kNonblock);
  // Non-blocking: an empty pipe is Again instead of a hang.
  EXPECT_EQ(read(in, 1).error(), Errno::Again);
  ASSERT_TRUE(fn::fdFdstatSetFlags(state_, mem_, in, 0));
  EXPECT_EQ(::fcntl(entry(in).host.get(), F_GETFL) & O_NONBLOCK, 0);
  EXPECT_EQ(errnoOf(fn::fdFdstatSetFlags(state_, mem_, in, fdflags::kSync)), Errno::NotSup);
  EXPECT_EQ(errnoOf(fn::fdFdstatSetFlags(state_, mem_, in, 0x20)), Errno::Inval);
  EXPECT_EQ(errnoOf(fn::fdFdstatSetFlags(state_, mem_, in, 0x10000)), Errno::Inval);
  entry(in).rightsBase &= ~rights::kFdFdstatSetFlags;
  EXPECT_EQ(errnoOf(fn::fdFdstatSetFlags(state_, mem_, in, 0)), Errno::NotCapable);
}

TEST_F(FdOpsTest, SetRightsOnlyDrops) {
  const uint32_t fd = addFile("x");
  EXPECT_EQ(errnoOf(fn::fdFdstatSetRights(state_, mem_, fd, rights::kAll, 0)), Errno::NotCapable);
  EXPECT_EQ(errnoOf(fn::fdFdstatSetRights(state_, mem_, fd, rights::kFdRead, 1)),
            Errno::NotCapable);
  ASSERT_TRUE(fn::fdFdstatSetRights(state_, mem_, fd, rights::kFdRead | rights::kFdSeek, 0));
  EXPECT_EQ(entry(fd).rightsBase, rights::kFdRead | rights::kFdSeek);
  EXPECT_EQ(errnoOf(fn::fdFdstatSetRights(state_, mem_, fd, rights::kFdWrite, 0)),
            Errno::NotCapable);
}

TEST_F(FdOpsTest, FilestatAndSetSize) {
  const uint32_t fd = addFile("hello");
  ASSERT_TRUE(fn::fdFilestatGet(state_, mem_, fd, kStat));
  struct stat info {};
  ASSERT_EQ(::fstat(entry(fd).host.get(), &info), 0);
  EXPECT_EQ(load<uint64_t>(kStat + l::kFilestatIno), info.st_ino);
  EXPECT_EQ(load<uint8_t>(kStat + l::kFilestatFiletype),
            static_cast<uint8_t>(Filetype::RegularFile));
  EXPECT_EQ(load<uint64_t>(kStat + l::kFilestatSizeField), 5U);
  EXPECT_EQ(load<uint64_t>(kStat + l::kFilestatNlink), 1U);
  ASSERT_TRUE(fn::fdFilestatSetSize(state_, mem_, fd, 2));
  ASSERT_TRUE(fn::fdFilestatGet(state_, mem_, fd, kStat));
  EXPECT_EQ(load<uint64_t>(kStat + l::kFilestatSizeField), 2U);
  EXPECT_EQ(errnoOf(fn::fdFilestatSetSize(state_, mem_, fd, UINT64_MAX)), Errno::Inval);
  EXPECT_EQ(errnoOf(fn::fdFilestatGet(state_, mem_, fd, kMemorySize - 63)), Errno::Fault);
}

TEST_F(FdOpsTest, FilestatSetTimes) {
  namespace fst = witx::fstflags;
  const uint32_t fd = addFile("x");
  const uint64_t atim = 1'000'000'000ULL * 1000 + 5;
  const uint64_t mtim = 1'000'000'000ULL * 2000 + 7;
  ASSERT_TRUE(fn::fdFilestatSetTimes(state_, mem_, fd, atim, mtim, fst::kAtim | fst::kMtim));
  ASSERT_TRUE(fn::fdFilestatGet(state_, mem_, fd, kStat));
  EXPECT_EQ(load<uint64_t>(kStat + l::kFilestatAtim), atim);
  EXPECT_EQ(load<uint64_t>(kStat + l::kFilestatMtim), mtim);
  // Only mtime to now: atime stays.
  ASSERT_TRUE(fn::fdFilestatSetTimes(state_, mem_, fd, 0, 0, fst::kMtimNow));
  ASSERT_TRUE(fn::fdFilestatGet(state_, mem_, fd, kStat));
  EXPECT_EQ(load<uint64_t>(kStat + l::kFilestatAtim), atim);
  EXPECT_GT(load<uint64_t>(kStat + l::kFilestatMtim), mtim);
  EXPECT_EQ(errnoOf(fn::fdFilestatSetTimes(state_, mem_, fd, 0, 0, fst::kAtim | fst::kAtimNow)),
            Errno::Inval);
  EXPECT_EQ(errnoOf(fn::fdFilestatSetTimes(state_, mem_, fd, 0, 0, 0x10)), Errno::Inval);
  EXPECT_EQ(errnoOf(fn::fdFilestatSetTimes(state_, mem_, fd, 0, 0, 0x10001)), Errno::Inval);
}

TEST_F(FdOpsTest, ReadOnlyEntriesRefuseMutation) {
  const uint32_t fd = addFile("hello");
  entry(fd).readOnly = true;
  EXPECT_EQ(errnoOf(fn::fdFilestatSetSize(state_, mem_, fd, 0)), Errno::Rofs);
  EXPECT_EQ(errnoOf(fn::fdFilestatSetTimes(state_, mem_, fd, 0, 0, witx::fstflags::kMtimNow)),
            Errno::Rofs);
  EXPECT_EQ(errnoOf(fn::fdAllocate(state_, mem_, fd, 0, 100)), Errno::Rofs);
  EXPECT_EQ(write(fd, "x").error(), Errno::Rofs);
  putIovec(kIovs, kData, 1);
  EXPECT_EQ(errnoOf(fn::fdPwrite(state_, mem_, fd, kIovs, 1, 0, kCount)), Errno::Rofs);
  EXPECT_EQ(read(fd, 5).value(), "hello"); // reading is still fine
  struct stat info {};
  ASSERT_EQ(::fstat(entry(fd).host.get(), &info), 0);
  EXPECT_EQ(info.st_size, 5);
}

TEST_F(FdOpsTest, AdviseAllocateSync) {
  const uint32_t fd = addFile("abc");
  EXPECT_TRUE(fn::fdAdvise(state_, mem_, fd, 0, 0, static_cast<uint32_t>(witx::Advice::Random)));
  EXPECT_TRUE(fn::fdAdvise(state_, mem_, fd, 0, 3, static_cast<uint32_t>(witx::Advice::NoReuse)));
  EXPECT_EQ(errnoOf(fn::fdAdvise(state_, mem_, fd, 0, 0, 6)), Errno::Inval);
  ASSERT_TRUE(fn::fdAllocate(state_, mem_, fd, 0, 4096));
  struct stat info {};
  ASSERT_EQ(::fstat(entry(fd).host.get(), &info), 0);
  EXPECT_EQ(info.st_size, 4096);
  EXPECT_EQ(errnoOf(fn::fdAllocate(state_, mem_, fd, 0, 0)), Errno::Inval);
  EXPECT_TRUE(fn::fdSync(state_, mem_, fd));
  EXPECT_TRUE(fn::fdDatasync(state_, mem_, fd));
  auto [r, w] = makePipe();
  const uint32_t in = add(std::move(r));
  EXPECT_EQ(errnoOf(fn::fdAllocate(state_, mem_, in, 0, 1)), Errno::NotCapable);
  EXPECT_EQ(errnoOf(fn::fdSync(state_, mem_, in)), Errno::NotCapable);
  EXPECT_EQ(errnoOf(fn::fdDatasync(state_, mem_, in)), Errno::NotCapable);
}

TEST_F(FdOpsTest, PrestatOfPreopens) {
  const std::string dir = tempDir();
  FdEntry preopen = *entryForHostFd(openHost(dir, O_RDONLY | O_DIRECTORY));
  preopen.preopenPath = "/sandbox";
  const uint32_t fd = addEntry(std::move(preopen));
  bytes_.assign(bytes_.size(), 0xEE);
  ASSERT_TRUE(fn::fdPrestatGet(state_, mem_, fd, kStat));
  EXPECT_EQ(load<uint8_t>(kStat + l::kPrestatTag), witx::kPreopenTypeDir);
  EXPECT_EQ(load<uint32_t>(kStat + l::kPrestatNameLen), 8U);
  ASSERT_TRUE(fn::fdPrestatDirName(state_, mem_, fd, kData, 8));
  EXPECT_EQ(text(kData, 9), "/sandbox\xEE"); // no NUL written
  ASSERT_TRUE(fn::fdPrestatDirName(state_, mem_, fd, kMemorySize - 8, 100));
  EXPECT_EQ(text(kMemorySize - 8, 8), "/sandbox");
  EXPECT_EQ(errnoOf(fn::fdPrestatDirName(state_, mem_, fd, kData, 7)), Errno::NameTooLong);
  EXPECT_EQ(errnoOf(fn::fdPrestatDirName(state_, mem_, fd, kMemorySize - 7, 8)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::fdPrestatGet(state_, mem_, fd, kMemorySize - 7)), Errno::Fault);

  const uint32_t file = addFile("x");
  EXPECT_EQ(errnoOf(fn::fdPrestatGet(state_, mem_, file, kStat)), Errno::Badf);
  EXPECT_EQ(errnoOf(fn::fdPrestatDirName(state_, mem_, file, kData, 8)), Errno::Badf);
  // A preopen may be closed, after which it is no longer one.
  ASSERT_TRUE(fn::fdClose(state_, mem_, fd));
  EXPECT_EQ(errnoOf(fn::fdPrestatGet(state_, mem_, fd, kStat)), Errno::Badf);
}

TEST_F(FdOpsTest, Renumber) {
  auto [r, w] = makePipe();
  const uint32_t in = add(std::move(r));
  const uint32_t out = add(std::move(w));
  const uint32_t file = addFile("x");
  ASSERT_TRUE(fn::fdRenumber(state_, mem_, out, file));
  EXPECT_EQ(errnoOf(fn::fdClose(state_, mem_, out)), Errno::Badf);
  ASSERT_EQ(write(file, "moved").value(), 5U);
  EXPECT_EQ(read(in, 10).value(), "moved");
  EXPECT_EQ(errnoOf(fn::fdRenumber(state_, mem_, out, in)), Errno::Badf);
  EXPECT_EQ(errnoOf(fn::fdRenumber(state_, mem_, in, 1000)), Errno::Badf);
}

} // namespace
} // namespace runw::engine::wasi::test
