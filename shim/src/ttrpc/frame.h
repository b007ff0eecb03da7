// SPDX-License-Identifier: Apache-2.0
// ttrpc framing: the 10-byte big-endian frame header, message types, flags and the size cap.
#pragma once

#include "support/result.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace runw::shim::ttrpc {

/// Bytes in a frame header: length (4), stream id (4), type (1), flags (1).
inline constexpr std::size_t kHeaderSize = 10;
/// Largest data length a frame may carry (containerd/ttrpc channel.go messageLengthMax).
inline constexpr std::uint32_t kMaxMessageLength = 4U << 20U;

/// Frame types (ttrpc PROTOCOL.md "Message Types"); other values are kept raw in FrameHeader.
enum class MessageType : std::uint8_t {
  Request = 0x01,  ///< opens a stream
  Response = 0x02, ///< final message of a stream
  Data = 0x03,     ///< stream data (streaming RPCs only)
};

/// Request and Data flag: the sender will send nothing more on this stream.
inline constexpr std::uint8_t kFlagRemoteClosed = 0x01;
/// Request flag: the sender will send Data frames after the Request.
inline constexpr std::uint8_t kFlagRemoteOpen = 0x02;
/// Data flag: the frame carries no data.
inline constexpr std::uint8_t kFlagNoData = 0x04;

/// A decoded frame header. type stays a raw byte: unknown types must survive decoding.
struct FrameHeader {
  std::uint32_t length = 0;   ///< data bytes after the header
  std::uint32_t streamId = 0; ///< odd for client-initiated streams
  std::uint8_t type = 0;      ///< a MessageType value, or anything a peer sent
  std::uint8_t flags = 0;     ///< type-specific flags

  friend bool operator==(const FrameHeader &, const FrameHeader &) = default;
};

/// The raw byte of a message type, for comparing with FrameHeader::type.
constexpr std::uint8_t rawType(MessageType type) { return static_cast<std::uint8_t>(type); }

/// Serializes a header into its 10 wire bytes.
std::array<std::uint8_t, kHeaderSize> encodeHeader(const FrameHeader &header);

/// Parses 10 wire bytes; every byte pattern is a header (limits are checked by the reader).
FrameHeader decodeHeader(std::span<const std::uint8_t, kHeaderSize> bytes);

/// Header plus data as one buffer; fails (Limit) when data exceeds kMaxMessageLength.
Result<std::string> encodeFrame(std::uint32_t streamId, MessageType type, std::uint8_t flags,
                                std::string_view data);

} // namespace runw::shim::ttrpc
