// SPDX-License-Identifier: Apache-2.0
// FdTable and entryForHostFd: numbering, rights checks, close and renumber, host types.
#include "wasi_fixture.h"

#include <sys/socket.h>

namespace runw::engine::wasi::test {
namespace {

namespace rights = witx::rights;
using witx::Filetype;

class FdTableTest : public WasiFixture {};

TEST_F(FdTableTest, InsertTakesTheLowestFreeNumber) {
  auto [r, w] = makePipe();
  const uint32_t a = add(std::move(r));
  const uint32_t b = add(std::move(w));
  EXPECT_EQ(a, 0U);
  EXPECT_EQ(b, 1U);
  ASSERT_TRUE(state_.fds.close(a));
  auto [r2, w2] = makePipe();
  EXPECT_EQ(add(std::move(r2)), 0U);
  EXPECT_EQ(add(std::move(w2)), 2U);
  EXPECT_EQ(state_.fds.size(), 3U);
}

TEST_F(FdTableTest, GetChecksOpenAndRights) {
  auto [r, w] = makePipe();
  const uint32_t fd = add(std::move(r));
  EXPECT_TRUE(state_.fds.get(fd, rights::kFdRead));
  EXPECT_EQ(state_.fds.get(fd, rights::kFdSeek).error(), Errno::NotCapable);
  EXPECT_EQ(state_.fds.get(fd, rights::kFdRead | rights::kFdSeek).error(), Errno::NotCapable);
  EXPECT_EQ(state_.fds.get(fd + 1).error(), Errno::Badf);
  EXPECT_EQ(state_.fds.get(UINT32_MAX).error(), Errno::Badf);
  ASSERT_TRUE(state_.fds.close(fd));
  EXPECT_EQ(state_.fds.get(fd).error(), Errno::Badf);
  EXPECT_EQ(state_.fds.close(fd).error(), Errno::Badf);
}

TEST_F(FdTableTest, RenumberMovesAndClosesTheTarget) {
  auto [r, w] = makePipe();
  const int hostWrite = w.get();
  const uint32_t from = add(std::move(w));
  const uint32_t to = add(std::move(r));
  ASSERT_TRUE(state_.fds.renumber(from, to));
  EXPECT_EQ(state_.fds.get(from).error(), Errno::Badf);
  EXPECT_EQ(entry(to).host.get(), hostWrite);
  EXPECT_EQ(state_.fds.renumber(from, to).error(), Errno::Badf);
  EXPECT_EQ(state_.fds.renumber(to, 99).error(), Errno::Badf);
  EXPECT_TRUE(state_.fds.renumber(to, to));
}

TEST_F(FdTableTest, EntryTypesAndRightsFollowTheHostFile) {
  const std::string dir = tempDir();
  auto dirEntry = entryForHostFd(openHost(dir, O_RDONLY | O_DIRECTORY));
  ASSERT_TRUE(dirEntry);
  EXPECT_EQ(dirEntry->type, Filetype::Directory);
  EXPECT_EQ(dirEntry->rightsBase, rights::kDirectoryBase);
  EXPECT_EQ(dirEntry->rightsInheriting, rights::kDirectoryInheriting);

  auto fileEntry = entryForHostFd(openHost(dir + "/f", O_RDWR | O_CREAT));
  ASSERT_TRUE(fileEntry);
  EXPECT_EQ(fileEntry->type, Filetype::RegularFile);
  EXPECT_EQ(fileEntry->rightsBase, rights::kRegularFileBase);
  EXPECT_EQ(fileEntry->rightsInheriting, 0U);

  auto [r, w] = makePipe();
  auto pipeEntry = entryForHostFd(std::move(r));
  ASSERT_TRUE(pipeEntry);
  EXPECT_EQ(pipeEntry->type, Filetype::Unknown);
  EXPECT_EQ(pipeEntry->rightsBase & rights::kFdSeek, 0U);

  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair), 0);
  UniqueFd other(pair[1]);
  auto sockEntry = entryForHostFd(UniqueFd(pair[0]));
  ASSERT_TRUE(sockEntry);
  EXPECT_EQ(sockEntry->type, Filetype::SocketDgram);
  EXPECT_EQ(sockEntry->rightsBase, rights::kSocketBase);

  EXPECT_EQ(entryForHostFd(UniqueFd(-1)).error(), Errno::Badf);
}

} // namespace
} // namespace runw::engine::wasi::test
