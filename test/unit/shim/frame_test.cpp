// SPDX-License-Identifier: Apache-2.0
// ttrpc frame headers against exact bytes (containerd/ttrpc PROTOCOL.md "Message Frame").
#include "ttrpc/frame.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>

namespace runw::shim::ttrpc {
namespace {

using Bytes = std::array<std::uint8_t, kHeaderSize>;

TEST(Frame, ConstantsMatchTtrpc) {
  EXPECT_EQ(kHeaderSize, 10U);
  EXPECT_EQ(kMaxMessageLength, 4194304U); // 4 << 20, channel.go messageLengthMax
  EXPECT_EQ(rawType(MessageType::Request), 1);
  EXPECT_EQ(rawType(MessageType::Response), 2);
  EXPECT_EQ(rawType(MessageType::Data), 3);
  EXPECT_EQ(kFlagRemoteClosed, 1);
  EXPECT_EQ(kFlagRemoteOpen, 2);
  EXPECT_EQ(kFlagNoData, 4);
}

TEST(Frame, EncodesHeaderBigEndian) {
  Bytes expected{
      0x00, 0x00, 0x01, 0x02, // length 258
      0x00, 0x00, 0x00, 0x03, // stream id 3
      0x01,                   // type: request
      0x00,                   // flags
  };
  EXPECT_EQ(encodeHeader(FrameHeader{258, 3, 1, 0}), expected);
}

TEST(Frame, EncodesEveryByteOfLargeValues) {
  Bytes expected{
      0x00, 0x40, 0x00, 0x00, // length 4 MiB: byte 0 stays zero below the cap
      0xfe, 0xdc, 0xba, 0x99, // stream id 0xfedcba99
      0x03,                   // type: data
      0x05,                   // flags: remote closed | no data
  };
  EXPECT_EQ(encodeHeader(FrameHeader{kMaxMessageLength, 0xfedcba99U, 3, 5}), expected);
}

TEST(Frame, DecodesHeader) {
  Bytes bytes{
      0x12, 0x34, 0x56, 0x78, // length (over the cap: decoding does not judge)
      0x80, 0x00, 0x00, 0x01, // stream id
      0x7f,                   // an unknown type survives decoding
      0xff,                   // flags
  };
  EXPECT_EQ(decodeHeader(bytes), (FrameHeader{0x12345678U, 0x80000001U, 0x7f, 0xff}));
}

TEST(Frame, RoundTripsHeaders) {
  for (FrameHeader header : {FrameHeader{0, 1, 1, 0}, FrameHeader{kMaxMessageLength, 7, 2, 0},
                             FrameHeader{0xffffffffU, 0xffffffffU, 0xff, 0xff}}) {
    EXPECT_EQ(decodeHeader(encodeHeader(header)), header);
  }
}

TEST(Frame, EncodesWholeFrame) {
  auto frame = encodeFrame(5, MessageType::Response, 0, "ab");
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(*frame, std::string("\x00\x00\x00\x02" // length 2
                                "\x00\x00\x00\x05" // stream 5
                                "\x02"             // response
                                "\x00"             // flags
                                "ab",
                                12));
}

TEST(Frame, EncodesEmptyFrame) {
  auto frame = encodeFrame(1, MessageType::Request, kFlagRemoteClosed, "");
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(*frame, std::string("\x00\x00\x00\x00\x00\x00\x00\x01\x01\x01", 10));
}

TEST(Frame, AcceptsExactlyTheCap) {
  std::string data(kMaxMessageLength, 'x');
  auto frame = encodeFrame(1, MessageType::Request, 0, data);
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->size(), kHeaderSize + kMaxMessageLength);
}

TEST(Frame, RefusesOversizedData) {
  std::string data(kMaxMessageLength + 1, 'x');
  auto frame = encodeFrame(1, MessageType::Request, 0, data);
  ASSERT_FALSE(frame.has_value());
  EXPECT_EQ(frame.error().code, ErrorCode::Limit);
  EXPECT_NE(frame.error().message.find("4194304"), std::string::npos);
}

} // namespace
} // namespace runw::shim::ttrpc
