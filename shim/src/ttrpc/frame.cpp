// SPDX-License-Identifier: Apache-2.0
// Frame header encoding and decoding (containerd/ttrpc PROTOCOL.md "Message Frame").
#include "ttrpc/frame.h"

#include <fmt/format.h>

namespace runw::shim::ttrpc {
namespace {

void putBigEndian32(std::uint8_t *out, std::uint32_t value) {
  out[0] = static_cast<std::uint8_t>(value >> 24U);
  out[1] = static_cast<std::uint8_t>(value >> 16U);
  out[2] = static_cast<std::uint8_t>(value >> 8U);
  out[3] = static_cast<std::uint8_t>(value);
}

std::uint32_t getBigEndian32(const std::uint8_t *in) {
  return (std::uint32_t{in[0]} << 24U) | (std::uint32_t{in[1]} << 16U) |
         (std::uint32_t{in[2]} << 8U) | std::uint32_t{in[3]};
}

} // namespace

std::array<std::uint8_t, kHeaderSize> encodeHeader(const FrameHeader &header) {
  std::array<std::uint8_t, kHeaderSize> bytes{};
  putBigEndian32(bytes.data(), header.length);
  putBigEndian32(bytes.data() + 4, header.streamId);
  bytes[8] = header.type;
  bytes[9] = header.flags;
  return bytes;
}

FrameHeader decodeHeader(std::span<const std::uint8_t, kHeaderSize> bytes) {
  return FrameHeader{getBigEndian32(bytes.data()), getBigEndian32(bytes.data() + 4), bytes[8],
                     bytes[9]};
}

Result<std::string> encodeFrame(std::uint32_t streamId, MessageType type, std::uint8_t flags,
                                std::string_view data) {
  if (data.size() > kMaxMessageLength) {
    // The sender refuses too, so a peer never has to discard our frames (ttrpc channel.send).
    return fail(ErrorCode::Limit,
                fmt::format("message length {} exceeds maximum message size of {}", data.size(),
                            kMaxMessageLength));
  }
  auto header = encodeHeader(
      FrameHeader{static_cast<std::uint32_t>(data.size()), streamId, rawType(type), flags});
  std::string frame;
  frame.reserve(kHeaderSize + data.size());
  frame.append(reinterpret_cast<const char *>(header.data()), header.size());
  frame.append(data);
  return frame;
}

} // namespace runw::shim::ttrpc
