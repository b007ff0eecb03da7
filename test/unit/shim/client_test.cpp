// SPDX-License-Identifier: Apache-2.0
// Client against a scripted raw server: request framing, id order, reply matching, deadlines,
// disconnects and bad replies; plus forwarding an event to a fake containerd Events service.
#include "containerd/events/task.pb.h"
#include "containerd/services/events/ttrpc/v1/events.pb.h"
#include "events_forward.h"
#include "gate.h"
#include "ttrpc/client.h"
#include "ttrpc/server.h"
#include "ttrpc/unix_socket.h"
#include "ttrpc_test_util.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>

namespace runw::shim::ttrpc::test {
namespace {

/// A Client on one end of a socket pair and a raw Channel on the other (the fake server).
struct ClientAndFakeServer {
  std::unique_ptr<Client> client;
  std::unique_ptr<Channel> server;
};

ClientAndFakeServer makeClient() {
  auto pair = makeSocketPair();
  return {std::make_unique<Client>(std::move(pair.left)),
          std::make_unique<Channel>(std::move(pair.right))};
}

/// Reads one request frame from the fake server side and decodes it.
std::optional<std::pair<FrameHeader, Request>> readRequest(Channel &channel) {
  auto frame = readFrame(channel);
  if (!frame.has_value()) {
    return std::nullopt;
  }
  auto request = decodeRequest(frame->data);
  EXPECT_TRUE(request.has_value());
  if (!request.has_value()) {
    return std::nullopt;
  }
  return std::make_pair(frame->header, std::move(*request));
}

void sendResponse(Channel &channel, std::uint32_t streamId, const Response &response) {
  ASSERT_TRUE(
      channel.send(streamId, MessageType::Response, 0, encodeResponse(response)).has_value());
}

TEST(Client, RequestFramesAndOddIncreasingIds) {
  auto [client, server] = makeClient();
  for (std::uint32_t expected : {1U, 3U, 5U}) {
    auto call = std::async(std::launch::async, [&client = client] {
      return client->call("svc", "M", "payload", {std::nullopt, {{"k", "v"}}});
    });
    auto request = readRequest(*server);
    ASSERT_TRUE(request.has_value());
    EXPECT_EQ(request->first.streamId, expected);
    EXPECT_EQ(request->first.type, rawType(MessageType::Request));
    EXPECT_EQ(request->first.flags, 0); // unary, as ttrpc-go sends
    EXPECT_EQ(request->second.service, "svc");
    EXPECT_EQ(request->second.method, "M");
    EXPECT_EQ(request->second.payload, "payload");
    EXPECT_EQ(request->second.timeoutNano, 0);
    EXPECT_EQ(request->second.metadata, (std::vector<MetadataEntry>{{"k", "v"}}));
    sendResponse(*server, expected, okResponse(fmt::format("r{}", expected)));
    EXPECT_EQ(call.get().value_or("?"), fmt::format("r{}", expected));
  }
}

TEST(Client, RepliesAreMatchedByStreamId) {
  auto [client, server] = makeClient();
  auto first =
      std::async(std::launch::async, [&client = client] { return client->call("s", "A", ""); });
  auto firstRequest = readRequest(*server);
  auto second =
      std::async(std::launch::async, [&client = client] { return client->call("s", "B", ""); });
  auto secondRequest = readRequest(*server);
  ASSERT_TRUE(firstRequest.has_value() && secondRequest.has_value());
  EXPECT_EQ(firstRequest->second.method, "A");
  EXPECT_EQ(secondRequest->second.method, "B");
  // Answer in reverse order, and once on a stream nobody asked for.
  sendResponse(*server, 99, okResponse("stray"));
  sendResponse(*server, secondRequest->first.streamId, okResponse("for B"));
  sendResponse(*server, firstRequest->first.streamId,
               errorResponse(Status{Code::FailedPrecondition, "for A"}));
  EXPECT_EQ(second.get().value_or("?"), "for B");
  auto a = first.get();
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error(), (Status{Code::FailedPrecondition, "for A"}));
}

TEST(Client, DeadlineIsSentAndEnforced) {
  auto [client, server] = makeClient();
  auto started = std::chrono::steady_clock::now();
  auto result = client->call("s", "Slow", "", {std::chrono::milliseconds(100), {}});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, Code::DeadlineExceeded);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(100));
  auto request = readRequest(*server);
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(request->second.timeoutNano, 100'000'000);
  // The late reply is dropped; the connection keeps working.
  sendResponse(*server, request->first.streamId, okResponse("late"));
  auto next =
      std::async(std::launch::async, [&client = client] { return client->call("s", "Next", ""); });
  auto nextRequest = readRequest(*server);
  ASSERT_TRUE(nextRequest.has_value());
  EXPECT_EQ(nextRequest->first.streamId, 3U);
  sendResponse(*server, 3, okResponse("next"));
  EXPECT_EQ(next.get().value_or("?"), "next");
}

TEST(Client, ServerClosingFailsCallsInFlightAndLater) {
  auto [client, server] = makeClient();
  auto call =
      std::async(std::launch::async, [&client = client] { return client->call("s", "M", ""); });
  ASSERT_TRUE(readRequest(*server).has_value());
  server.reset();
  auto result = call.get();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, Code::Unavailable);
  EXPECT_NE(result.error().message.find("ttrpc: closed"), std::string::npos);
  EXPECT_EQ(client->call("s", "M", "").error().code, Code::Unavailable);
  EXPECT_TRUE(client->closed());
}

TEST(Client, BadRepliesFailTheirCall) {
  auto [client, server] = makeClient();
  auto call = [&client = client] {
    return std::async(std::launch::async, [&client] { return client->call("s", "M", ""); });
  };
  auto malformed = call();
  auto request = readRequest(*server);
  ASSERT_TRUE(request.has_value());
  ASSERT_TRUE(
      server->send(request->first.streamId, MessageType::Response, 0, "\x0a\x09\x08").has_value());
  EXPECT_EQ(malformed.get().error().code, Code::Internal);

  auto data = call();
  request = readRequest(*server);
  ASSERT_TRUE(request.has_value());
  ASSERT_TRUE(server->send(request->first.streamId, MessageType::Data, 0, "").has_value());
  EXPECT_EQ(data.get().error().code, Code::Internal);

  auto unknownThenGood = call();
  request = readRequest(*server);
  ASSERT_TRUE(request.has_value());
  writeRaw(server->fd(), rawHeader(1, request->first.streamId, 0x42) + "?");
  sendResponse(*server, request->first.streamId, okResponse("good"));
  EXPECT_EQ(unknownThenGood.get().value_or("?"), "good");

  auto oversized = call();
  request = readRequest(*server);
  ASSERT_TRUE(request.has_value());
  writeRaw(server->fd(), rawHeader(kMaxMessageLength + 1, request->first.streamId,
                                   rawType(MessageType::Response)));
  EXPECT_EQ(oversized.get().error().code, Code::ResourceExhausted);
  EXPECT_EQ(client->call("s", "M", "").error().code, Code::Unavailable);
}

TEST(Client, RefusesOversizedRequests) {
  auto [client, server] = makeClient();
  auto result = client->call("s", "M", std::string(kMaxMessageLength, 'x'));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, Code::ResourceExhausted);
  EXPECT_FALSE(client->closed());
}

TEST(Client, ConnectErrors) {
  TempDir dir;
  auto missing = Client::connect("unix://" + (dir.path() / "none.sock").string());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  EXPECT_FALSE(Client::connect("tcp://127.0.0.1:1").has_value());
}

TEST(UnixSocket, AddressForms) {
  EXPECT_EQ(socketPath("unix:///run/containerd/containerd.sock.ttrpc").value_or("?"),
            "/run/containerd/containerd.sock.ttrpc");
  EXPECT_EQ(socketPath("/run/x.sock").value_or("?"), "/run/x.sock");
  EXPECT_EQ(socketPath("@abstract").value_or("?"), "@abstract");
  EXPECT_FALSE(socketPath("").has_value());
  EXPECT_FALSE(socketPath("unix://").has_value());
  EXPECT_FALSE(socketPath("vsock://3:1024").has_value());
  EXPECT_TRUE(socketPath("/" + std::string(106, 'a')).has_value());  // 107 bytes + NUL fits
  EXPECT_FALSE(socketPath("/" + std::string(107, 'a')).has_value()); // 108 bytes does not
}

TEST(UnixSocket, ListenRefusesAnExistingSocketAndServesAbstractNames) {
  TempDir dir;
  auto path = (dir.path() / "s.sock").string();
  auto first = listenUnix(path);
  ASSERT_TRUE(first.has_value());
  auto second = listenUnix(path);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::Exists);

  auto abstractName = "@runw-ttrpc-test-" + std::to_string(::getpid());
  auto listener = listenUnix(abstractName);
  ASSERT_TRUE(listener.has_value()) << listener.error().describe();
  Registry registry;
  registry.add("s", "M", [](const CallContext &, std::string_view) -> RpcResult<std::string> {
    return std::string("abstract");
  });
  Server server(std::move(registry));
  ASSERT_TRUE(server.start(std::move(*listener)).has_value());
  auto client = Client::connect(abstractName);
  ASSERT_TRUE(client.has_value());
  EXPECT_EQ((*client)->call("s", "M", "").value_or("?"), "abstract");
}

TEST(EventsForward, ReachesAFakeContainerd) {
  namespace eventsv1 = containerd::services::events::ttrpc::v1;
  std::promise<std::pair<CallContext, eventsv1::ForwardRequest>> seen;
  Registry registry;
  registry.add(std::string(kEventsService), std::string(kEventsForwardMethod),
               [&](const CallContext &context, std::string_view payload) -> RpcResult<std::string> {
                 eventsv1::ForwardRequest request;
                 if (!request.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
                   return rpcFail(Code::InvalidArgument, "bad ForwardRequest");
                 }
                 seen.set_value({context, request});
                 return std::string(); // google.protobuf.Empty
               });
  TempDir dir;
  auto address = (dir.path() / "containerd.sock.ttrpc").string();
  auto listener = listenUnix(address);
  ASSERT_TRUE(listener.has_value());
  Server fakeContainerd(std::move(registry));
  ASSERT_TRUE(fakeContainerd.start(std::move(*listener)).has_value());
  auto client = Client::connect(address);
  ASSERT_TRUE(client.has_value());

  containerd::events::TaskExit exit;
  exit.set_container_id("c1");
  exit.set_id("c1");
  exit.set_pid(1234);
  exit.set_exit_status(137);
  ForwardedEvent event{"k8s.io", "/tasks/exit", "containerd.events.TaskExit",
                       exit.SerializeAsString(), std::chrono::system_clock::now()};
  auto forwarded = forwardEvent(**client, event);
  ASSERT_TRUE(forwarded.has_value()) << describe(forwarded.error());

  auto [context, request] = seen.get_future().get();
  EXPECT_EQ(context.metadataValues("containerd-namespace-ttrpc"),
            std::vector<std::string>{"k8s.io"});
  EXPECT_TRUE(context.deadline.has_value());
  const auto &envelope = request.envelope();
  EXPECT_EQ(envelope.namespace_(), "k8s.io");
  EXPECT_EQ(envelope.topic(), "/tasks/exit");
  EXPECT_GT(envelope.timestamp().seconds(), 1'600'000'000);
  EXPECT_EQ(envelope.event().type_url(), "containerd.events.TaskExit");
  containerd::events::TaskExit decoded;
  ASSERT_TRUE(decoded.ParseFromString(envelope.event().value()));
  EXPECT_EQ(decoded.pid(), 1234U);
  EXPECT_EQ(decoded.exit_status(), 137U);

  fakeContainerd.stop();
  auto afterStop = forwardEvent(**client, event);
  ASSERT_FALSE(afterStop.has_value());
  EXPECT_EQ(afterStop.error().code, Code::Unavailable);
}

} // namespace
} // namespace runw::shim::ttrpc::test
