// SPDX-License-Identifier: Apache-2.0
// A server facing raw, misbehaving peers: truncated frames, huge lengths, unknown types, garbage,
// protocol violations and peers that vanish mid-call. It answers as ttrpc-go does and survives.
#include "gate.h"
#include "ttrpc/client.h"
#include "ttrpc/server.h"
#include "ttrpc_test_util.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <future>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace runw::shim::ttrpc::test {
namespace {

/// A server with an echo method and a blocking one, plus raw connections to it.
class HostileTest : public ::testing::Test {
protected:
  HostileTest() : server_(makeRegistry()) {}

  /// A raw connection: the test writes bytes, reads frames with a Channel.
  struct Raw {
    std::unique_ptr<Channel> channel;
    int fd() const { return channel->fd(); }
    void write(std::string_view bytes) const { writeRaw(fd(), bytes); }
    void closeWrite() const { (void)::shutdown(fd(), SHUT_WR); }
  };

  Raw raw() {
    auto pair = makeSocketPair();
    server_.serveConnection(std::move(pair.left));
    return Raw{std::make_unique<Channel>(std::move(pair.right))};
  }

  std::unique_ptr<Client> client() {
    auto pair = makeSocketPair();
    server_.serveConnection(std::move(pair.left));
    return std::make_unique<Client>(std::move(pair.right));
  }

  /// The server still answers a well-behaved client on a fresh connection.
  void expectServing() {
    auto good = client();
    auto reply = good->call("s", "Echo", "alive");
    ASSERT_TRUE(reply.has_value()) << describe(reply.error());
    EXPECT_EQ(*reply, "alive");
  }

  /// The next frame on raw is a Response on streamId with code and a message containing text.
  static void expectStatus(Raw &peer, std::uint32_t streamId, Code code, std::string_view text) {
    auto response = readResponse(*peer.channel);
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->first.streamId, streamId);
    EXPECT_EQ(response->first.flags, 0);
    EXPECT_EQ(response->second.status.code, code) << response->second.status.message;
    EXPECT_NE(response->second.status.message.find(text), std::string::npos)
        << response->second.status.message;
  }

  /// The next frame on raw is a successful Echo reply on streamId.
  static void expectEcho(Raw &peer, std::uint32_t streamId, std::string_view payload) {
    auto response = readResponse(*peer.channel);
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->first.streamId, streamId);
    EXPECT_EQ(response->second.status.code, Code::Ok);
    EXPECT_EQ(response->second.payload, payload);
  }

  Registry makeRegistry() {
    Registry registry;
    registry.add("s", "Echo",
                 [](const CallContext &, std::string_view payload) -> RpcResult<std::string> {
                   return std::string(payload);
                 });
    registry.add("s", "Wait",
                 [this](const CallContext &context, std::string_view) -> RpcResult<std::string> {
                   waiting_.add();
                   if (!gate_.wait(context.stop)) {
                     stopped_.add();
                   }
                   return std::string("done");
                 });
    return registry;
  }

  Gate gate_;
  Counter waiting_;
  Counter stopped_;
  Server server_;
};

TEST_F(HostileTest, TruncatedHeaderClosesOnlyThatConnection) {
  auto peer = raw();
  peer.write(std::string("\x00\x00\x00", 3)); // 3 of 10 header bytes
  peer.closeWrite();
  EXPECT_TRUE(peerClosed(peer.fd()));
  expectServing();
}

TEST_F(HostileTest, TruncatedDataClosesOnlyThatConnection) {
  auto peer = raw();
  auto frame = requestFrame(1, "s", "Echo", std::string(100, 'x'));
  peer.write(frame.substr(0, frame.size() - 40));
  peer.closeWrite();
  EXPECT_TRUE(peerClosed(peer.fd()));
  expectServing();
}

TEST_F(HostileTest, HugeLengthIsAnsweredResourceExhaustedThenClosed) {
  auto peer = raw();
  peer.write(rawHeader(0xffffffffU, 1, rawType(MessageType::Request)));
  expectStatus(peer, 1, Code::ResourceExhausted,
               "message length 4294967295 exceed maximum message size of 4194304");
  EXPECT_TRUE(peerClosed(peer.fd()));
  expectServing();
}

TEST_F(HostileTest, LengthOneOverTheCapIsRefused) {
  auto peer = raw();
  peer.write(rawHeader(kMaxMessageLength + 1, 5, rawType(MessageType::Request)) + "xxxx");
  expectStatus(peer, 5, Code::ResourceExhausted, "message length 4194305 exceed");
  EXPECT_TRUE(peerClosed(peer.fd()));
  expectServing();
}

TEST_F(HostileTest, MaximumSizedGarbageRequestIsInvalidArgument) {
  auto peer = raw();
  peer.write(rawHeader(kMaxMessageLength, 1, rawType(MessageType::Request)) +
             std::string(kMaxMessageLength, '\xff'));
  expectStatus(peer, 1, Code::InvalidArgument, "unmarshal request error");
  peer.write(requestFrame(3, "s", "Echo", "still here"));
  expectEcho(peer, 3, "still here");
}

TEST_F(HostileTest, GarbagePayloadKeepsTheConnection) {
  auto peer = raw();
  const std::string garbage = "\x0a\x7f\x01\x02";
  peer.write(
      rawHeader(static_cast<std::uint32_t>(garbage.size()), 1, rawType(MessageType::Request)) +
      garbage);
  expectStatus(peer, 1, Code::InvalidArgument, "unmarshal request error");
  peer.write(requestFrame(3, "s", "Echo", "ok"));
  expectEcho(peer, 3, "ok");
}

TEST_F(HostileTest, UnknownMessageTypesAreIgnored) {
  auto peer = raw();
  peer.write(rawHeader(3, 1, 0x7f) + "abc");                   // unknown type
  peer.write(rawHeader(0, 3, 0x00));                           // type 0, no data
  peer.write(rawHeader(0, 5, rawType(MessageType::Response))); // a client's Response
  peer.write(requestFrame(7, "s", "Echo", "after"));
  // The only answer is the one for stream 7.
  expectEcho(peer, 7, "after");
}

TEST_F(HostileTest, ProtocolViolationsAreInvalidArgumentOnTheSameStream) {
  auto peer = raw();
  peer.write(requestFrame(2, "s", "Echo", "even"));
  expectStatus(peer, 2, Code::InvalidArgument, "StreamID must be odd");
  peer.write(requestFrame(9, "s", "Echo", "nine"));
  expectEcho(peer, 9, "nine");
  peer.write(requestFrame(9, "s", "Echo", "again"));
  expectStatus(peer, 9, Code::InvalidArgument, "StreamID cannot be re-used and must increment");
  peer.write(requestFrame(7, "s", "Echo", "older"));
  expectStatus(peer, 7, Code::InvalidArgument, "StreamID cannot be re-used");
  peer.write(rawHeader(2, 11, rawType(MessageType::Data), kFlagRemoteClosed) + "dd");
  expectStatus(peer, 11, Code::InvalidArgument, "StreamID is no longer active");
  peer.write(requestFrame(13, "nope", "Echo"));
  expectStatus(peer, 13, Code::Unimplemented, "service nope");
  peer.write(requestFrame(15, "s", "Nope"));
  expectStatus(peer, 15, Code::Unimplemented, "method Nope");
  peer.write(requestFrame(17, "s", "Echo", "fine"));
  expectEcho(peer, 17, "fine");
}

TEST_F(HostileTest, StreamingFlagsOnAUnaryRequestAreTolerated) {
  auto peer = raw();
  auto frame = requestFrame(1, "s", "Echo", "flagged");
  frame[9] = static_cast<char>(kFlagRemoteOpen);
  peer.write(frame);
  expectEcho(peer, 1, "flagged");
}

TEST_F(HostileTest, PeerClosingMidCallStopsTheCall) {
  auto peer = raw();
  peer.write(requestFrame(1, "s", "Wait"));
  ASSERT_TRUE(waiting_.waitFor(1));
  peer.channel.reset(); // the peer vanishes while its call blocks
  EXPECT_TRUE(stopped_.waitFor(1));
  expectServing();
}

TEST_F(HostileTest, PeerClosingMidFrameDuringOtherCalls) {
  auto good = client();
  auto wait = std::async(std::launch::async, [&] { return good->call("s", "Wait", ""); });
  ASSERT_TRUE(waiting_.waitFor(1));
  for (int i = 0; i < 10; ++i) {
    auto peer = raw();
    auto frame = requestFrame(1, "s", "Echo", "partial");
    peer.write(frame.substr(0, static_cast<std::size_t>(3 + i)));
  } // each closes mid-frame
  EXPECT_EQ(good->call("s", "Echo", "x").value_or("?"), "x");
  gate_.open();
  EXPECT_EQ(wait.get().value_or("?"), "done");
}

TEST_F(HostileTest, RandomBytesNeverHurtTheServer) {
  std::mt19937 random(20240607);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<std::size_t> size(1, 300);
  for (int round = 0; round < 50; ++round) {
    auto peer = raw();
    std::string junk(size(random), '\0');
    for (auto &c : junk) {
      c = static_cast<char>(byte(random));
    }
    // Every other round, start with a plausible header so the garbage reaches the decoder.
    if (round % 2 == 0) {
      junk = rawHeader(static_cast<std::uint32_t>(junk.size()), 1, rawType(MessageType::Request)) +
             junk;
    }
    peer.write(junk);
  }
  expectServing();
}

TEST_F(HostileTest, HostileAndGoodClientsAtOnce) {
  auto good = client();
  std::atomic<bool> done{false};
  std::thread attacker([&] {
    while (!done) {
      auto peer = raw();
      peer.write(rawHeader(0x00ffffffU, 1, rawType(MessageType::Request)));
    }
  });
  for (int i = 0; i < 200; ++i) {
    auto text = std::to_string(i);
    ASSERT_EQ(good->call("s", "Echo", text).value_or("?"), text);
  }
  done = true;
  attacker.join();
}

} // namespace
} // namespace runw::shim::ttrpc::test
