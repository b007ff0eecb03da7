// SPDX-License-Identifier: Apache-2.0
// ConsoleSocket: receiving a pty master the way runw (and runc) send it, timeouts, cleanup.
#include "console_socket.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace runw::shim {
namespace {

using namespace std::chrono_literals;

UniqueFd connectTo(const std::string &path) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.data(), path.size());
  EXPECT_EQ(::connect(fd.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address), 0);
  return fd;
}

// As runw's console.cpp does: the data "/dev/ptmx" and one SCM_RIGHTS fd.
void sendFd(int socket, int fd) {
  std::string_view name = "/dev/ptmx";
  iovec data{const_cast<char *>(name.data()), name.size()};
  alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(int))> control{};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control.data();
  message.msg_controllen = control.size();
  cmsghdr *header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
  EXPECT_EQ(::sendmsg(socket, &message, 0), static_cast<ssize_t>(name.size()));
}

bool exists(const std::string &path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

TEST(ConsoleSocket, ReceivesThePtyMasterNonBlocking) {
  auto socket = ConsoleSocket::create();
  ASSERT_TRUE(socket.has_value()) << socket.error().describe();
  ASSERT_TRUE(exists(socket->path()));
  UniqueFd master(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
  ASSERT_TRUE(master);
  // runw connects, then sends from the container process a little later.
  UniqueFd client = connectTo(socket->path());
  std::thread sender([&] {
    std::this_thread::sleep_for(50ms);
    sendFd(client.get(), master.get());
  });
  auto received = socket->receiveMaster(5s);
  sender.join();
  ASSERT_TRUE(received.has_value()) << received.error().describe();
  EXPECT_EQ(::isatty(received->get()), 1);
  int flags = ::fcntl(received->get(), F_GETFL);
  EXPECT_NE(flags & O_NONBLOCK, 0);
  EXPECT_NE(::fcntl(received->get(), F_GETFD) & FD_CLOEXEC, 0);
}

TEST(ConsoleSocket, FailsWhenNobodyConnects) {
  auto socket = ConsoleSocket::create();
  ASSERT_TRUE(socket.has_value());
  auto received = socket->receiveMaster(100ms);
  ASSERT_FALSE(received.has_value());
  EXPECT_NE(received.error().describe().find("did not connect"), std::string::npos);
}

TEST(ConsoleSocket, FailsWhenThePeerClosesWithoutSending) {
  auto socket = ConsoleSocket::create();
  ASSERT_TRUE(socket.has_value());
  connectTo(socket->path()).reset();
  auto received = socket->receiveMaster(1s);
  ASSERT_FALSE(received.has_value());
}

TEST(ConsoleSocket, RejectsAnFdThatIsNotATerminal) {
  auto socket = ConsoleSocket::create();
  ASSERT_TRUE(socket.has_value());
  UniqueFd client = connectTo(socket->path());
  UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
  sendFd(client.get(), null.get());
  auto received = socket->receiveMaster(1s);
  ASSERT_FALSE(received.has_value());
  EXPECT_EQ(received.error().code, ErrorCode::Invalid);
}

TEST(ConsoleSocket, RemovesItsDirectory) {
  std::string path;
  {
    auto socket = ConsoleSocket::create();
    ASSERT_TRUE(socket.has_value());
    path = socket->path();
  }
  EXPECT_FALSE(exists(path));
  EXPECT_FALSE(exists(path.substr(0, path.rfind('/'))));
}

} // namespace
} // namespace runw::shim
