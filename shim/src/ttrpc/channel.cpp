// SPDX-License-Identifier: Apache-2.0
// Channel: blocking frame reads and serialized frame writes on a stream socket.
#include "ttrpc/channel.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace runw::shim::ttrpc {
namespace {

constexpr std::size_t kReadChunk = std::size_t{64} * 1024;

/// Reads exactly size bytes; returns how many arrived before EOF (less than size only at EOF).
Result<std::size_t> readFull(int fd, char *out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    ssize_t got = ::read(fd, out + done, size - done);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      // A reset peer is a disconnect, not a failure of ours.
      if (errno == ECONNRESET) {
        break;
      }
      return failErrno("reading ttrpc frame");
    }
    if (got == 0) {
      break;
    }
    done += static_cast<std::size_t>(got);
  }
  return done;
}

Result<void> writeFull(int fd, std::string_view data) {
  while (!data.empty()) {
    // MSG_NOSIGNAL: a vanished peer must give EPIPE, not kill the shim.
    ssize_t put = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (put < 0) {
      if (errno == EINTR) {
        continue;
      }
      return failErrno("writing ttrpc frame");
    }
    data.remove_prefix(static_cast<std::size_t>(put));
  }
  return {};
}

} // namespace

Channel::Channel(UniqueFd fd) : fd_(std::move(fd)) {}

Result<Received> Channel::recv() {
  std::array<std::uint8_t, kHeaderSize> raw{};
  auto got = TRY(readFull(fd_.get(), reinterpret_cast<char *>(raw.data()), raw.size()));
  if (got == 0) {
    return Received{};
  }
  if (got < raw.size()) {
    return fail(ErrorCode::Invalid,
                fmt::format("truncated ttrpc frame header: {} of {} bytes", got, kHeaderSize));
  }
  Received received{RecvKind::Frame, Frame{decodeHeader(raw), {}}};
  const auto length = received.frame.header.length;
  if (length > kMaxMessageLength) {
    received.kind = RecvKind::Oversized;
    return received;
  }
  auto &data = received.frame.data;
  // Grow with what actually arrives, so a peer announcing 4 MiB and sending nothing costs little.
  while (data.size() < length) {
    const std::size_t start = data.size();
    data.resize(start + std::min<std::size_t>(length - start, kReadChunk));
    got = TRY(readFull(fd_.get(), data.data() + start, data.size() - start));
    if (start + got < data.size()) {
      return fail(ErrorCode::Invalid,
                  fmt::format("truncated ttrpc frame: {} of {} data bytes", start + got, length));
    }
  }
  return received;
}

Result<void> Channel::send(std::uint32_t streamId, MessageType type, std::uint8_t flags,
                           std::string_view data) {
  auto frame = TRY(encodeFrame(streamId, type, flags, data));
  std::lock_guard lock(writeMutex_);
  return writeFull(fd_.get(), frame);
}

void Channel::shutdown() {
  // Only shutdown(2), never close: another thread may still be inside read or send on the fd.
  (void)::shutdown(fd_.get(), SHUT_RDWR);
}

} // namespace runw::shim::ttrpc
