// SPDX-License-Identifier: Apache-2.0
// ConsoleSocket: the --console-socket runw sends a terminal process's pty master to.
#include "console_socket.h"

#include "ttrpc/unix_socket.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace runw::shim {
namespace {

using Clock = std::chrono::steady_clock;

// Waits until fd is readable (or hung up); false when the deadline passed first.
Result<bool> waitReadable(int fd, Clock::time_point deadline) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd entry{fd, POLLIN, 0};
    int ready = ::poll(&entry, 1, static_cast<int>(std::max<long>(0, left.count())));
    if (ready > 0) {
      return true;
    }
    if (ready == 0) {
      return false;
    }
    if (errno != EINTR) {
      return failErrno("poll on the console socket");
    }
  }
}

// The fds of one SCM_RIGHTS message; the sender's data (runc sends the name "/dev/ptmx") is
// not needed.
Result<std::vector<UniqueFd>> receiveFds(int connection) {
  std::array<char, 256> data{};
  iovec vec{data.data(), data.size()};
  // Room for a few fds, so a peer sending more than one cannot make us lose the first.
  alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(int) * 4)> control{};
  msghdr message{};
  message.msg_iov = &vec;
  message.msg_iovlen = 1;
  message.msg_control = control.data();
  message.msg_controllen = control.size();
  ssize_t got = 0;
  do {
    got = ::recvmsg(connection, &message, MSG_CMSG_CLOEXEC);
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    return failErrno("receiving the pty master");
  }
  std::vector<UniqueFd> fds;
  for (cmsghdr *header = CMSG_FIRSTHDR(&message); header != nullptr;
       header = CMSG_NXTHDR(&message, header)) {
    if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) {
      continue;
    }
    std::size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (std::size_t i = 0; i < count; ++i) {
      int fd = -1;
      std::memcpy(&fd, CMSG_DATA(header) + i * sizeof(int), sizeof fd);
      fds.emplace_back(fd);
    }
  }
  return fds;
}

} // namespace

ConsoleSocket::ConsoleSocket(std::string dir, std::string path, UniqueFd listener)
    : dir_(std::move(dir)), path_(std::move(path)), listener_(std::move(listener)) {}

ConsoleSocket::ConsoleSocket(ConsoleSocket &&other) noexcept
    : dir_(std::exchange(other.dir_, {})), path_(std::exchange(other.path_, {})),
      listener_(std::move(other.listener_)) {}

ConsoleSocket::~ConsoleSocket() {
  listener_.reset();
  if (!path_.empty()) {
    (void)::unlink(path_.c_str());
  }
  if (!dir_.empty()) {
    (void)::rmdir(dir_.c_str());
  }
}

Result<ConsoleSocket> ConsoleSocket::create() {
  // /tmp, not the bundle: a bundle path can be too long for sun_path (108 bytes). mkdtemp's
  // 0700 directory keeps other users from connecting first.
  std::string dir = "/tmp/runw-console-XXXXXX";
  if (::mkdtemp(dir.data()) == nullptr) {
    return failErrno("creating a directory for the console socket");
  }
  std::string path = dir + "/console.sock";
  auto listener = ttrpc::listenUnix(path, 1);
  if (!listener.has_value()) {
    (void)::rmdir(dir.c_str());
    return std::unexpected(std::move(listener).error());
  }
  return ConsoleSocket(std::move(dir), std::move(path), std::move(*listener));
}

Result<UniqueFd> ConsoleSocket::receiveMaster(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  if (!TRY(waitReadable(listener_.get(), deadline))) {
    return fail(ErrorCode::Io, "runw did not connect to the console socket " + path_);
  }
  UniqueFd connection(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (!connection) {
    return failErrno("accepting on the console socket");
  }
  if (!TRY(waitReadable(connection.get(), deadline))) {
    return fail(ErrorCode::Io, "no pty master arrived on the console socket " + path_);
  }
  std::vector<UniqueFd> fds = TRY(receiveFds(connection.get()));
  if (fds.size() != 1) {
    return fail(ErrorCode::Io, "expected one pty master on the console socket, got " +
                                   std::to_string(fds.size()) + " fds");
  }
  UniqueFd master = std::move(fds.front());
  if (::isatty(master.get()) == 0) {
    return fail(ErrorCode::Invalid, "the fd received on the console socket is not a terminal");
  }
  int flags = ::fcntl(master.get(), F_GETFL);
  if (flags < 0 || ::fcntl(master.get(), F_SETFL, flags | O_NONBLOCK) != 0) {
    return failErrno("making the pty master non-blocking");
  }
  return master;
}

} // namespace runw::shim
