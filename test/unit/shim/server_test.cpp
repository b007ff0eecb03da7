// SPDX-License-Identifier: Apache-2.0
// Server and Client together: round trips, status errors, metadata, concurrency, cancellation.
#include "containerd/task/v2/shim.pb.h"
#include "gate.h"
#include "ttrpc/client.h"
#include "ttrpc/server.h"
#include "ttrpc/unary.h"
#include "ttrpc/unix_socket.h"
#include "ttrpc_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace runw::shim::ttrpc::test {
namespace {

constexpr std::string_view kService = "test.v1.Echo";

RpcResult<std::string> reversed(const CallContext &, std::string_view payload) {
  return std::string(payload.rbegin(), payload.rend());
}

/// A Server plus clients connected to it over socket pairs.
class ServedRegistry {
public:
  explicit ServedRegistry(Registry registry, ServerOptions options = {})
      : server_(std::move(registry), std::move(options)) {}

  std::unique_ptr<Client> connect() {
    auto pair = makeSocketPair();
    server_.serveConnection(std::move(pair.left));
    return std::make_unique<Client>(std::move(pair.right));
  }
  Server &server() { return server_; }

private:
  Server server_;
};

Registry echoRegistry() {
  Registry registry;
  registry.add(std::string(kService), "Reverse", reversed);
  return registry;
}

TEST(Server, RoundTripOverSocketPair) {
  ServedRegistry served(echoRegistry());
  auto client = served.connect();
  auto reply = client->call(kService, "Reverse", "abc");
  ASSERT_TRUE(reply.has_value()) << describe(reply.error());
  EXPECT_EQ(*reply, "cba");
  // Empty payloads (google.protobuf.Empty) go both ways.
  reply = client->call(kService, "Reverse", "");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(*reply, "");
}

TEST(Server, CallLogHasALinePerFinishedCall) {
  std::mutex mutex;
  std::vector<std::string> lines;
  ServerOptions options;
  options.callLog = [&](std::string_view line) {
    std::lock_guard lock(mutex);
    lines.emplace_back(line);
  };
  ServedRegistry served(echoRegistry(), std::move(options));
  auto client = served.connect();
  ASSERT_TRUE(client->call(kService, "Reverse", "abc").has_value());
  EXPECT_FALSE(client->call(kService, "Nope", "").has_value()); // answered without a call
  ASSERT_TRUE(client->call(kService, "Reverse", "").has_value());
  // The line is written after the reply went out; give the call thread a moment.
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard lock(mutex);
      if (lines.size() >= 2) {
        break;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::lock_guard lock(mutex);
  ASSERT_EQ(lines.size(), 2U);
  for (const std::string &line : lines) {
    EXPECT_TRUE(line.starts_with("call test.v1.Echo/Reverse ")) << line;
    EXPECT_TRUE(line.ends_with(" ms (status 0)")) << line;
  }
}

TEST(Server, RoundTripOverUnixSocketWithSeveralClients) {
  TempDir dir;
  auto address = "unix://" + (dir.path() / "s.sock").string();
  auto listener = listenUnix(address);
  ASSERT_TRUE(listener.has_value()) << listener.error().describe();
  Server server(echoRegistry());
  ASSERT_TRUE(server.start(std::move(*listener)).has_value());

  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 4; ++i) {
    auto client = Client::connect(address);
    ASSERT_TRUE(client.has_value()) << client.error().describe();
    clients.push_back(std::move(*client));
  }
  for (std::size_t i = 0; i < clients.size(); ++i) {
    auto text = std::to_string(i) + "xyz";
    auto reply = clients[i]->call(kService, "Reverse", text);
    ASSERT_TRUE(reply.has_value()) << describe(reply.error());
    EXPECT_EQ(*reply, std::string(text.rbegin(), text.rend()));
  }
  EXPECT_EQ(server.connectionCount(), 4U);
  EXPECT_FALSE(server.start(UniqueFd()).has_value()); // only one listener
  server.stop();
  for (auto &client : clients) {
    EXPECT_FALSE(client->call(kService, "Reverse", "x").has_value());
  }
}

TEST(Server, UnknownServiceOrMethodIsUnimplemented) {
  ServedRegistry served(echoRegistry());
  auto client = served.connect();
  auto noService = client->call("containerd.task.v3.Task", "State", "");
  ASSERT_FALSE(noService.has_value());
  EXPECT_EQ(noService.error(), (Status{Code::Unimplemented, "service containerd.task.v3.Task"}));
  auto noMethod = client->call(kService, "Shout", "");
  ASSERT_FALSE(noMethod.has_value());
  EXPECT_EQ(noMethod.error(), (Status{Code::Unimplemented, "method Shout"}));
  // The connection is still good.
  EXPECT_TRUE(client->call(kService, "Reverse", "a").has_value());
}

TEST(Server, HandlerStatusReachesTheClient) {
  Registry registry;
  registry.add("s", "Missing", [](const CallContext &, std::string_view) -> RpcResult<std::string> {
    return rpcFail(Code::NotFound, "container c: not found");
  });
  registry.add("s", "Throws", [](const CallContext &, std::string_view) -> RpcResult<std::string> {
    throw std::runtime_error("boom");
  });
  ServedRegistry served(std::move(registry));
  auto client = served.connect();
  auto missing = client->call("s", "Missing", "");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error(), (Status{Code::NotFound, "container c: not found"}));
  auto threw = client->call("s", "Throws", "");
  ASSERT_FALSE(threw.has_value());
  EXPECT_EQ(threw.error().code, Code::Internal);
  EXPECT_NE(threw.error().message.find("boom"), std::string::npos);
  EXPECT_EQ(client->call("s", "Missing", "").error().code, Code::NotFound);
}

TEST(Server, MetadataAndDeadlineReachTheHandler) {
  std::promise<CallContext> seen;
  Registry registry;
  registry.add("s", "M",
               [&](const CallContext &context, std::string_view) -> RpcResult<std::string> {
                 seen.set_value(context);
                 return std::string();
               });
  ServedRegistry served(std::move(registry));
  auto client = served.connect();
  CallOptions options{std::chrono::seconds(30),
                      {{"containerd-namespace-ttrpc", "k8s.io"}, {"x", "1"}, {"x", "2"}}};
  auto before = std::chrono::steady_clock::now();
  ASSERT_TRUE(client->call("s", "M", "", options).has_value());
  auto context = seen.get_future().get();
  EXPECT_EQ(context.service, "s");
  EXPECT_EQ(context.method, "M");
  EXPECT_EQ(context.metadataValues("containerd-namespace-ttrpc"),
            std::vector<std::string>{"k8s.io"});
  EXPECT_EQ(context.metadataValues("x"), (std::vector<std::string>{"1", "2"}));
  ASSERT_TRUE(context.deadline.has_value());
  EXPECT_GT(*context.deadline, before + std::chrono::seconds(29));
  EXPECT_LT(*context.deadline, before + std::chrono::seconds(31));
  EXPECT_FALSE(context.cancelled());
}

TEST(Server, TypedUnaryHandler) {
  namespace task = containerd::task::v2;
  Registry registry;
  registry.add("containerd.task.v2.Task", "State",
               unary<task::StateRequest, task::StateResponse>(
                   [](const CallContext &,
                      const task::StateRequest &request) -> RpcResult<task::StateResponse> {
                     if (request.id() == "nope") {
                       return rpcFail(Code::NotFound, "no such task");
                     }
                     task::StateResponse response;
                     response.set_id(request.id());
                     response.set_exec_id(request.exec_id());
                     response.set_pid(42);
                     response.set_status(containerd::v1::types::RUNNING);
                     return response;
                   }));
  ServedRegistry served(std::move(registry));
  auto client = served.connect();

  task::StateRequest request;
  request.set_id("c1");
  request.set_exec_id("e1");
  auto reply = client->call("containerd.task.v2.Task", "State", request.SerializeAsString());
  ASSERT_TRUE(reply.has_value()) << describe(reply.error());
  task::StateResponse response;
  ASSERT_TRUE(response.ParseFromString(*reply));
  EXPECT_EQ(response.id(), "c1");
  EXPECT_EQ(response.exec_id(), "e1");
  EXPECT_EQ(response.pid(), 42U);
  EXPECT_EQ(response.status(), containerd::v1::types::RUNNING);

  request.set_id("nope");
  EXPECT_EQ(
      client->call("containerd.task.v2.Task", "State", request.SerializeAsString()).error().code,
      Code::NotFound);
  auto garbage = client->call("containerd.task.v2.Task", "State", "\xff\xff\xff");
  ASSERT_FALSE(garbage.has_value());
  EXPECT_EQ(garbage.error().code, Code::Internal);
}

TEST(Server, BlockingCallDoesNotDelayOthers) {
  Gate gate;
  Counter waiting;
  Registry registry = echoRegistry();
  registry.add("s", "Wait",
               [&](const CallContext &context, std::string_view) -> RpcResult<std::string> {
                 waiting.add();
                 if (!gate.wait(context.stop)) {
                   return rpcFail(Code::Cancelled, "stopped");
                 }
                 return std::string("exited");
               });
  ServedRegistry served(std::move(registry));
  auto client = served.connect();
  auto other = served.connect();

  auto wait = std::async(std::launch::async, [&] { return client->call("s", "Wait", ""); });
  ASSERT_TRUE(waiting.waitFor(1));
  // Same connection and another connection both get answers while Wait blocks.
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(client->call(kService, "Reverse", "ab").value_or("?"), "ba");
    ASSERT_EQ(other->call(kService, "Reverse", "cd").value_or("?"), "dc");
  }
  EXPECT_EQ(wait.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  gate.open();
  auto result = wait.get();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, "exited");
}

TEST(Server, ManyCallsInFlightOnOneConnection) {
  constexpr std::size_t kCalls = 32;
  Counter inside;
  Registry registry;
  // Every call waits until all of them are inside: only passes if they run concurrently.
  registry.add("s", "Barrier",
               [&](const CallContext &, std::string_view payload) -> RpcResult<std::string> {
                 inside.add();
                 if (!inside.waitFor(kCalls)) {
                   return rpcFail(Code::DeadlineExceeded, "calls were serialized");
                 }
                 return std::string(payload) + "!";
               });
  ServedRegistry served(std::move(registry));
  auto client = served.connect();
  std::vector<std::future<RpcResult<std::string>>> calls;
  for (std::size_t i = 0; i < kCalls; ++i) {
    calls.push_back(std::async(std::launch::async, [&client, i] {
      return client->call("s", "Barrier", std::to_string(i));
    }));
  }
  for (std::size_t i = 0; i < kCalls; ++i) {
    auto result = calls[i].get();
    ASSERT_TRUE(result.has_value()) << describe(result.error());
    EXPECT_EQ(*result, std::to_string(i) + "!");
  }
}

TEST(Server, ClientDisconnectStopsItsCalls) {
  Counter waiting;
  std::atomic<bool> sawStop{false};
  Registry registry = echoRegistry();
  registry.add("s", "Wait",
               [&](const CallContext &context, std::string_view) -> RpcResult<std::string> {
                 waiting.add();
                 Gate never;
                 sawStop = !never.wait(context.stop);
                 return std::string();
               });
  ServedRegistry served(std::move(registry));
  auto client = served.connect();
  auto wait = std::async(std::launch::async, [&] { return client->call("s", "Wait", ""); });
  ASSERT_TRUE(waiting.waitFor(1));
  client->close();
  auto result = wait.get();
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, Code::Unavailable);
  EXPECT_TRUE(client->closed());
  // The server notices, stops the handler, and keeps serving others.
  auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (served.server().connectionCount() != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(served.server().connectionCount(), 0U);
  EXPECT_TRUE(sawStop);
  EXPECT_EQ(served.connect()->call(kService, "Reverse", "ok").value_or("?"), "ko");
}

TEST(Server, StopCancelsBlockedCallsAndRefusesNewConnections) {
  Counter waiting;
  Registry registry;
  registry.add("s", "Wait",
               [&](const CallContext &context, std::string_view) -> RpcResult<std::string> {
                 waiting.add();
                 Gate never;
                 (void)never.wait(context.stop);
                 return std::string();
               });
  ServedRegistry served(std::move(registry));
  auto client = served.connect();
  auto wait = std::async(std::launch::async, [&] { return client->call("s", "Wait", ""); });
  ASSERT_TRUE(waiting.waitFor(1));
  served.server().stop();
  EXPECT_EQ(wait.get().error().code, Code::Unavailable);
  auto late = served.connect();
  EXPECT_EQ(late->call("s", "Wait", "").error().code, Code::Unavailable);
  served.server().stop(); // idempotent
}

TEST(Server, InFlightCapAnswersResourceExhausted) {
  Gate gate;
  Counter waiting;
  Registry registry;
  registry.add("s", "Wait",
               [&](const CallContext &context, std::string_view) -> RpcResult<std::string> {
                 waiting.add();
                 (void)gate.wait(context.stop);
                 return std::string("done");
               });
  ServerOptions options;
  options.maxInFlightPerConnection = 2;
  ServedRegistry served(std::move(registry), std::move(options));
  auto client = served.connect();
  auto first = std::async(std::launch::async, [&] { return client->call("s", "Wait", ""); });
  auto second = std::async(std::launch::async, [&] { return client->call("s", "Wait", ""); });
  ASSERT_TRUE(waiting.waitFor(2));
  auto third = client->call("s", "Wait", "");
  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(third.error().code, Code::ResourceExhausted);
  gate.open();
  EXPECT_EQ(first.get().value_or("?"), "done");
  EXPECT_EQ(second.get().value_or("?"), "done");
  // Finished calls free their slots.
  EXPECT_EQ(client->call("s", "Wait", "").value_or("?"), "done");
}

TEST(Server, OversizedReplyBecomesResourceExhausted) {
  Registry registry;
  registry.add("s", "Big", [](const CallContext &, std::string_view) -> RpcResult<std::string> {
    return std::string(kMaxMessageLength + 1, 'b');
  });
  ServedRegistry served(std::move(registry));
  auto client = served.connect();
  auto reply = client->call("s", "Big", "");
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().code, Code::ResourceExhausted);
}

TEST(Server, PeerCredentialsOfOurOwnSocketsMatch) {
  auto pair = makeSocketPair();
  auto same = peerIsSameUser(pair.left.get());
  ASSERT_TRUE(same.has_value());
  EXPECT_TRUE(*same);
  EXPECT_FALSE(peerIsSameUser(-1).has_value());
}

} // namespace
} // namespace runw::shim::ttrpc::test
