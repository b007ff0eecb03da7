// SPDX-License-Identifier: Apache-2.0
// Test helpers for ttrpc: socket pairs with receive timeouts, raw frames, a served Registry.
#pragma once

#include "ttrpc/channel.h"
#include "ttrpc/frame.h"
#include "ttrpc/message.h"
#include "ttrpc/server.h"

#include "support/unique_fd.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <utility>

namespace runw::shim::ttrpc::test {

/// How long a test waits for something that should happen at once.
inline constexpr std::chrono::seconds kPatience{5};

/// Makes reads on fd give up after kPatience, so a broken test fails instead of hanging.
inline void setReceiveTimeout(int fd) {
  timeval tv{static_cast<time_t>(kPatience.count()), 0};
  ASSERT_EQ(::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
}

/// Both ends of a connected unix stream socket pair.
struct SocketPair {
  UniqueFd left;
  UniqueFd right;
};

/// A connected pair. Only the right end (the test's raw side) gets a receive timeout: the left
/// end goes to a Server or Client, which must be able to wait as long as it likes.
inline SocketPair makeSocketPair() {
  int fds[2] = {-1, -1};
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  SocketPair pair{UniqueFd(fds[0]), UniqueFd(fds[1])};
  setReceiveTimeout(pair.right.get());
  return pair;
}

/// Writes all of bytes, ignoring a peer that has gone (the tests check that separately).
inline void writeRaw(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t put = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (put < 0 && errno == EINTR) {
      continue;
    }
    if (put <= 0) {
      return;
    }
    bytes.remove_prefix(static_cast<std::size_t>(put));
  }
}

/// A header as raw bytes.
inline std::string rawHeader(std::uint32_t length, std::uint32_t streamId, std::uint8_t type,
                             std::uint8_t flags = 0) {
  auto bytes = encodeHeader(FrameHeader{length, streamId, type, flags});
  return {reinterpret_cast<const char *>(bytes.data()), bytes.size()};
}

/// A whole Request frame for service/method with payload.
inline std::string requestFrame(std::uint32_t streamId, std::string service, std::string method,
                                std::string payload = {}) {
  auto data =
      encodeRequest(Request{std::move(service), std::move(method), std::move(payload), 0, {}});
  return rawHeader(static_cast<std::uint32_t>(data.size()), streamId,
                   rawType(MessageType::Request)) +
         data;
}

/// Reads one frame from a raw peer; fails the test on EOF, timeout or garbage.
inline std::optional<Frame> readFrame(Channel &channel) {
  auto received = channel.recv();
  EXPECT_TRUE(received.has_value()) << (received ? "" : received.error().describe());
  if (!received.has_value() || received->kind != RecvKind::Frame) {
    ADD_FAILURE() << "no frame";
    return std::nullopt;
  }
  return std::move(received->frame);
}

/// Reads one Response frame and decodes it.
inline std::optional<std::pair<FrameHeader, Response>> readResponse(Channel &channel) {
  auto frame = readFrame(channel);
  if (!frame.has_value()) {
    return std::nullopt;
  }
  EXPECT_EQ(frame->header.type, rawType(MessageType::Response));
  auto response = decodeResponse(frame->data);
  EXPECT_TRUE(response.has_value());
  if (!response.has_value()) {
    return std::nullopt;
  }
  return std::make_pair(frame->header, std::move(*response));
}

/// True when the peer of fd closed its side within kPatience (reads hit EOF or a reset).
inline bool peerClosed(int fd) {
  auto deadline = std::chrono::steady_clock::now() + kPatience;
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) {
      continue;
    }
    ssize_t got = ::recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT);
    if (got == 0 || (got < 0 && errno == ECONNRESET)) {
      return true;
    }
  }
  return false;
}

/// A fresh directory for sockets, removed with the object.
class TempDir {
public:
  TempDir() {
    std::string pattern = "/tmp/runw-ttrpc-XXXXXX";
    char *made = ::mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path &path() const { return path_; }

private:
  std::filesystem::path path_;
};

} // namespace runw::shim::ttrpc::test
