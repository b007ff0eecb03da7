// SPDX-License-Identifier: Apache-2.0
// Channel: whole ttrpc frames over one connected stream socket; reads by one thread, writes by
// many.
#pragma once

#include "ttrpc/frame.h"

#include "support/result.h"
#include "support/unique_fd.h"

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace runw::shim::ttrpc {

/// A received frame: its header and its data (empty when the header announced too much).
struct Frame {
  FrameHeader header;
  std::string data;
};

/// What Channel::recv found.
enum class RecvKind {
  Frame,     ///< a whole frame
  Eof,       ///< the peer closed the connection between frames
  Oversized, ///< header.length > kMaxMessageLength; its data was not read, the stream is lost
};

/// Channel::recv's value: the kind and, for Frame and Oversized, the frame (header only if
/// Oversized).
struct Received {
  RecvKind kind = RecvKind::Eof;
  Frame frame;
};

/// Owns a connected socket and moves whole frames over it.
class Channel {
public:
  /// Takes a connected SOCK_STREAM socket.
  explicit Channel(UniqueFd fd);

  /// Reads one frame. Fails (Invalid) when the peer closes mid-frame, (Io) on a read error.
  /// Not thread-safe: one reader per channel.
  Result<Received> recv();

  /// Writes one frame whole; concurrent senders never interleave. Fails (Limit) for data over
  /// kMaxMessageLength, (Io) when the peer is gone. Never raises SIGPIPE.
  Result<void> send(std::uint32_t streamId, MessageType type, std::uint8_t flags,
                    std::string_view data);

  /// Shuts the socket down both ways, waking any blocked recv or send; safe from any thread.
  void shutdown();

  /// The socket, still owned by the channel.
  [[nodiscard]] int fd() const { return fd_.get(); }

private:
  UniqueFd fd_;
  std::mutex writeMutex_;
};

} // namespace runw::shim::ttrpc
