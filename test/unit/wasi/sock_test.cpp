// SPDX-License-Identifier: Apache-2.0
// sock_*: send/recv over socketpairs, accept on a loopback listener, shutdown, errors.
#include "wasi_fixture.h"

#include <netinet/in.h>
#include <sys/socket.h>

namespace runw::engine::wasi::test {
namespace {

constexpr uint32_t kIovs = 0;
constexpr uint32_t kLen = 512;
constexpr uint32_t kFlags = 520;
constexpr uint32_t kData = 1024;

class SockTest : public WasiFixture {
protected:
  /// A connected pair: {guest fd, host end}.
  std::pair<uint32_t, UniqueFd> pair(int type = SOCK_STREAM) {
    int ends[2] = {-1, -1};
    EXPECT_EQ(::socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, ends), 0);
    return {add(UniqueFd(ends[0])), UniqueFd(ends[1])};
  }
  R send(uint32_t fd, std::string_view data, uint32_t flags = 0) {
    putBytes(kData, data);
    putIovec(kIovs, kData, static_cast<uint32_t>(data.size()));
    return fn::sockSend(state_, mem_, fd, kIovs, 1, flags, kLen);
  }
  R recv(uint32_t fd, uint32_t length, uint32_t flags = 0) {
    putIovec(kIovs, kData, length);
    return fn::sockRecv(state_, mem_, fd, kIovs, 1, flags, kLen, kFlags);
  }
};

TEST_F(SockTest, SendAndReceive) {
  auto [fd, peer] = pair();
  ASSERT_TRUE(send(fd, "ping"));
  EXPECT_EQ(load<uint32_t>(kLen), 4U);
  char buffer[16] = {};
  ASSERT_EQ(::read(peer.get(), buffer, sizeof(buffer)), 4);
  EXPECT_EQ(std::string(buffer, 4), "ping");
  ASSERT_EQ(::write(peer.get(), "pong!", 5), 5);
  ASSERT_TRUE(recv(fd, 3, witx::kRecvPeek));
  EXPECT_EQ(load<uint32_t>(kLen), 3U);
  EXPECT_EQ(text(kData, 3), "pon");
  ASSERT_TRUE(recv(fd, 100));
  EXPECT_EQ(load<uint32_t>(kLen), 5U); // the peek left the data there
  EXPECT_EQ(text(kData, 5), "pong!");
  EXPECT_EQ(load<uint16_t>(kFlags), 0U);
}

TEST_F(SockTest, WaitallAndTruncatedDatagrams) {
  auto [fd, peer] = pair(SOCK_DGRAM);
  ASSERT_EQ(::write(peer.get(), "0123456789", 10), 10);
  ASSERT_TRUE(recv(fd, 4));
  EXPECT_EQ(load<uint32_t>(kLen), 4U);
  EXPECT_EQ(load<uint16_t>(kFlags), witx::kRecvDataTruncated);
  auto [stream, streamPeer] = pair();
  ASSERT_EQ(::write(streamPeer.get(), "abcdef", 6), 6);
  ASSERT_TRUE(recv(stream, 6, witx::kRecvWaitall));
  EXPECT_EQ(load<uint32_t>(kLen), 6U);
  EXPECT_EQ(load<uint16_t>(kFlags), 0U);
}

TEST_F(SockTest, ClosedPeerIsPipeNotSigpipe) {
  auto [fd, peer] = pair();
  peer.reset();
  // No SIGPIPE handler is installed: without MSG_NOSIGNAL this would kill the test runner.
  EXPECT_EQ(errnoOf(send(fd, "x")), Errno::Pipe);
  ASSERT_TRUE(recv(fd, 10));
  EXPECT_EQ(load<uint32_t>(kLen), 0U); // end of stream
}

TEST_F(SockTest, Shutdown) {
  auto [fd, peer] = pair();
  ASSERT_TRUE(fn::sockShutdown(state_, mem_, fd, witx::kShutWr));
  char buffer[4];
  EXPECT_EQ(::read(peer.get(), buffer, sizeof(buffer)), 0); // the peer sees EOF
  EXPECT_EQ(errnoOf(send(fd, "x")), Errno::Pipe);
  ASSERT_TRUE(fn::sockShutdown(state_, mem_, fd, witx::kShutRd | witx::kShutWr));
  EXPECT_EQ(errnoOf(fn::sockShutdown(state_, mem_, fd, 0)), Errno::Inval);
  EXPECT_EQ(errnoOf(fn::sockShutdown(state_, mem_, fd, 4)), Errno::Inval);
  entry(fd).rightsBase &= ~witx::rights::kSockShutdown;
  EXPECT_EQ(errnoOf(fn::sockShutdown(state_, mem_, fd, witx::kShutRd)), Errno::NotCapable);
}

TEST_F(SockTest, NonSocketsAndBadArguments) {
  auto [r, w] = makePipe();
  const uint32_t pipeFd = add(std::move(r));
  EXPECT_EQ(errnoOf(recv(pipeFd, 1)), Errno::NotSock);
  EXPECT_EQ(errnoOf(fn::sockShutdown(state_, mem_, pipeFd, witx::kShutRd)), Errno::NotSock);
  EXPECT_EQ(errnoOf(fn::sockAccept(state_, mem_, pipeFd, 0, kLen)), Errno::NotSock);
  EXPECT_EQ(errnoOf(recv(999, 1)), Errno::Badf);
  auto [fd, peer] = pair();
  EXPECT_EQ(errnoOf(recv(fd, 1, 4)), Errno::Inval);
  EXPECT_EQ(errnoOf(send(fd, "x", 1)), Errno::Inval);
  putIovec(kIovs, kMemorySize - 1, 2);
  EXPECT_EQ(errnoOf(fn::sockSend(state_, mem_, fd, kIovs, 1, 0, kLen)), Errno::Fault);
  EXPECT_EQ(errnoOf(fn::sockRecv(state_, mem_, fd, kIovs, 1, 0, kLen, kFlags)), Errno::Fault);
  putIovec(kIovs, kData, 1);
  EXPECT_EQ(errnoOf(fn::sockRecv(state_, mem_, fd, kIovs, 1, 0, kLen, kMemorySize - 1)),
            Errno::Fault);
  EXPECT_EQ(errnoOf(fn::sockSend(state_, mem_, fd, kIovs, 1, 0, kMemorySize)), Errno::Fault);
  entry(fd).rightsBase &= ~witx::rights::kFdRead;
  EXPECT_EQ(errnoOf(recv(fd, 1)), Errno::NotCapable);
}

class AcceptTest : public SockTest {
protected:
  /// A loopback TCP listener on an ephemeral port, added as a guest fd.
  uint32_t listener(bool nonblocking) {
    UniqueFd host(
        ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0));
    EXPECT_TRUE(host);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(host.get(), reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    EXPECT_EQ(::listen(host.get(), 4), 0);
    socklen_t length = sizeof(address);
    EXPECT_EQ(::getsockname(host.get(), reinterpret_cast<sockaddr *>(&address), &length), 0);
    port_ = address.sin_port;
    return add(std::move(host));
  }
  UniqueFd connectClient() const {
    UniqueFd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = port_;
    EXPECT_EQ(::connect(client.get(), reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    return client;
  }
  in_port_t port_ = 0;
};

TEST_F(AcceptTest, AcceptsAConnection) {
  const uint32_t listen = listener(false);
  UniqueFd client = connectClient();
  ASSERT_TRUE(fn::sockAccept(state_, mem_, listen, witx::fdflags::kNonblock, kLen));
  const uint32_t accepted = load<uint32_t>(kLen);
  EXPECT_NE(accepted, listen);
  EXPECT_EQ(entry(accepted).type, witx::Filetype::SocketStream);
  EXPECT_EQ(entry(accepted).rightsBase, witx::rights::kSocketBase);
  EXPECT_NE(::fcntl(entry(accepted).host.get(), F_GETFL) & O_NONBLOCK, 0);
  EXPECT_NE(::fcntl(entry(accepted).host.get(), F_GETFD) & FD_CLOEXEC, 0);
  ASSERT_EQ(::write(client.get(), "hi", 2), 2);
  ASSERT_TRUE(recv(accepted, 10, witx::kRecvWaitall));
  EXPECT_EQ(text(kData, load<uint32_t>(kLen)), "hi");
  ASSERT_TRUE(send(accepted, "yo"));
  char buffer[2];
  ASSERT_EQ(::read(client.get(), buffer, 2), 2);
  EXPECT_EQ(std::string(buffer, 2), "yo");
}

TEST_F(AcceptTest, NothingPendingOnANonblockingListenerIsAgain) {
  const uint32_t listen = listener(true);
  EXPECT_EQ(errnoOf(fn::sockAccept(state_, mem_, listen, 0, kLen)), Errno::Again);
  EXPECT_EQ(errnoOf(fn::sockAccept(state_, mem_, listen, 1, kLen)), Errno::Inval);
  // A bad result pointer is found before the connection is taken off the queue.
  UniqueFd client = connectClient();
  EXPECT_EQ(errnoOf(fn::sockAccept(state_, mem_, listen, 0, kMemorySize - 2)), Errno::Fault);
  EXPECT_TRUE(fn::sockAccept(state_, mem_, listen, 0, kLen));
  entry(listen).rightsBase &= ~witx::rights::kSockAccept;
  EXPECT_EQ(errnoOf(fn::sockAccept(state_, mem_, listen, 0, kLen)), Errno::NotCapable);
}

} // namespace
} // namespace runw::engine::wasi::test
