// SPDX-License-Identifier: Apache-2.0
// state and container process state documents: parsing, path-naming errors, round trips.
#include "oci/state.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace runw::oci {
namespace {

// runtime.md "State", Example.
constexpr const char *kStateExample = R"({
    "ociVersion": "0.2.0",
    "id": "oci-container1",
    "status": "running",
    "pid": 4422,
    "bundle": "/containers/redis",
    "annotations": {
        "myKey": "myValue"
    }
})";

// config-linux.md "The Container Process State", Example.
constexpr const char *kProcessStateExample = R"({
    "ociVersion": "1.0.2",
    "fds": [
        "seccompFd"
    ],
    "pid": 4422,
    "metadata": "MKNOD=/dev/null,/dev/net/tun;BPF_MAP_TYPES=hash,array",
    "state": {
        "ociVersion": "1.0.2",
        "id": "oci-container1",
        "status": "creating",
        "pid": 4422,
        "bundle": "/containers/redis",
        "annotations": {
            "myKey": "myValue"
        }
    }
})";

/// A state built in place (assigning literals to members trips a GCC 12 -O3 false positive).
State makeState(ContainerStatus status, std::optional<int32_t> pid) {
  return State{.ociVersion = "1.2.0",
               .id = "c1",
               .status = status,
               .pid = pid,
               .bundle = "/b",
               .annotations = {},
               .extensions = {}};
}

std::string stateError(const std::string &json) {
  auto state = parseState(json);
  return state ? std::string("(parsed)") : state.error().describe();
}

std::string processStateError(const std::string &json) {
  auto state = parseContainerProcessState(json);
  return state ? std::string("(parsed)") : state.error().describe();
}

TEST(StateJson, ParsesUpstreamExample) {
  auto state = parseState(kStateExample);
  ASSERT_TRUE(state.has_value()) << state.error().describe();
  EXPECT_EQ(state->ociVersion, "0.2.0");
  EXPECT_EQ(state->id, "oci-container1");
  EXPECT_EQ(state->status, ContainerStatus::Running);
  EXPECT_EQ(state->pid, 4422);
  EXPECT_EQ(state->bundle, "/containers/redis");
  ASSERT_TRUE(state->annotations.has_value());
  EXPECT_EQ(state->annotations->at("myKey"), "myValue");
  EXPECT_TRUE(state->extensions.empty());
}

TEST(StateJson, RoundTripsUpstreamExample) {
  auto state = parseState(kStateExample);
  ASSERT_TRUE(state.has_value()) << state.error().describe();
  const std::string text = serialize(*state);
  EXPECT_EQ(nlohmann::json::parse(text), nlohmann::json::parse(kStateExample));
  auto again = parseState(text);
  ASSERT_TRUE(again.has_value()) << again.error().describe();
  EXPECT_EQ(*again, *state);
}

TEST(StateJson, SerializesInRuncOrder) {
  EXPECT_EQ(serialize(makeState(ContainerStatus::Created, 42)),
            R"({"ociVersion":"1.2.0","id":"c1","status":"created","pid":42,"bundle":"/b"})");
  EXPECT_EQ(serialize(makeState(ContainerStatus::Stopped, std::nullopt)),
            R"({"ociVersion":"1.2.0","id":"c1","status":"stopped","bundle":"/b"})");
}

TEST(StateJson, SerializeHonoursIndent) {
  EXPECT_EQ(serialize(makeState(ContainerStatus::Creating, std::nullopt),
                      {.indent = 1, .indentChar = '\t'}),
            "{\n\t\"ociVersion\": \"1.2.0\",\n\t\"id\": \"c1\",\n\t\"status\": \"creating\",\n"
            "\t\"bundle\": \"/b\"\n}");
}

TEST(StateJson, EveryStatusRoundTrips) {
  for (const auto status :
       {ContainerStatus::Creating, ContainerStatus::Created, ContainerStatus::Running,
        ContainerStatus::Stopped, ContainerStatus::Paused}) {
    const std::string text = serialize(makeState(status, std::nullopt));
    EXPECT_NE(text.find(std::string("\"") + containerStatusName(status) + "\""), std::string::npos)
        << text;
    auto again = parseState(text);
    ASSERT_TRUE(again.has_value()) << again.error().describe();
    EXPECT_EQ(again->status, status);
  }
}

TEST(StateJson, KeepsUnknownMembers) {
  const std::string json =
      R"({"ociVersion":"1.2.0","id":"c","status":"running","pid":1,"bundle":"/b",)"
      R"("rootfs":"/b/rootfs","created":"2024-01-01T00:00:00Z","owner":""})";
  auto state = parseState(json);
  ASSERT_TRUE(state.has_value()) << state.error().describe();
  ASSERT_EQ(state->extensions.members.size(), 3U);
  EXPECT_EQ(state->extensions.members[0].first, "rootfs");
  EXPECT_EQ(state->extensions.members[0].second, "\"/b/rootfs\"");
  EXPECT_EQ(serialize(*state), json);
}

TEST(StateJson, RejectsUnknownStatus) {
  EXPECT_EQ(stateError(R"({"ociVersion":"1","id":"c","status":"frozen","bundle":"/b"})"),
            "status: unknown value \"frozen\" (expected one of: creating, created, running, "
            "stopped, paused)");
}

TEST(StateJson, RejectsMissingRequiredFields) {
  EXPECT_EQ(stateError(R"({"ociVersion":"1","status":"running","bundle":"/b"})"),
            "id: missing required field");
  EXPECT_EQ(stateError(R"({"ociVersion":"1","id":"c","bundle":"/b"})"),
            "status: missing required field");
  EXPECT_EQ(stateError(R"({"ociVersion":"1","id":"c","status":"running"})"),
            "bundle: missing required field");
  EXPECT_EQ(stateError(R"({"id":"c","status":"running","bundle":"/b"})"),
            "ociVersion: missing required field");
}

TEST(StateJson, RejectsBadPid) {
  EXPECT_EQ(stateError(R"({"ociVersion":"1","id":"c","status":"running","pid":-1,"bundle":"/b"})"),
            "pid: must not be negative, got -1");
  EXPECT_EQ(stateError(
                R"({"ociVersion":"1","id":"c","status":"running","pid":4294967296,"bundle":"/b"})"),
            "pid: 4294967296 is out of range for int32");
  EXPECT_EQ(stateError(R"({"ociVersion":"1","id":"c","status":"running","pid":1.5,"bundle":"/b"})"),
            "pid: expected integer, got 1.5");
  EXPECT_EQ(stateError(R"({"ociVersion":"1","id":"c","status":"running","pid":"7","bundle":"/b"})"),
            "pid: expected integer, got string");
}

TEST(StateJson, RejectsWrongAnnotationType) {
  EXPECT_EQ(stateError(R"({"ociVersion":"1","id":"c","status":"running","bundle":"/b",)"
                       R"("annotations":{"a.b":1}})"),
            "annotations[\"a.b\"]: expected string, got number");
}

TEST(StateJson, NullPidCountsAsAbsent) {
  auto state =
      parseState(R"({"ociVersion":"1","id":"c","status":"stopped","pid":null,"bundle":"/b"})");
  ASSERT_TRUE(state.has_value()) << state.error().describe();
  EXPECT_FALSE(state->pid.has_value());
}

TEST(ContainerProcessStateJson, ParsesUpstreamExample) {
  auto state = parseContainerProcessState(kProcessStateExample);
  ASSERT_TRUE(state.has_value()) << state.error().describe();
  EXPECT_EQ(state->ociVersion, "1.0.2");
  ASSERT_TRUE(state->fds.has_value());
  ASSERT_EQ(state->fds->size(), 1U);
  EXPECT_EQ(state->fds->at(0), kSeccompFdName);
  EXPECT_EQ(state->pid, 4422);
  EXPECT_EQ(state->metadata, "MKNOD=/dev/null,/dev/net/tun;BPF_MAP_TYPES=hash,array");
  EXPECT_EQ(state->state.status, ContainerStatus::Creating);
  EXPECT_EQ(state->state.id, "oci-container1");
}

TEST(ContainerProcessStateJson, RoundTripsUpstreamExample) {
  auto state = parseContainerProcessState(kProcessStateExample);
  ASSERT_TRUE(state.has_value()) << state.error().describe();
  const std::string text = serialize(*state, {.indent = 4});
  EXPECT_EQ(nlohmann::json::parse(text), nlohmann::json::parse(kProcessStateExample));
  auto again = parseContainerProcessState(text);
  ASSERT_TRUE(again.has_value()) << again.error().describe();
  EXPECT_EQ(*again, *state);
}

TEST(ContainerProcessStateJson, ErrorsNameNestedPaths) {
  EXPECT_EQ(processStateError(R"({"ociVersion":"1","pid":1,"state":{"ociVersion":"1","id":"c",)"
                              R"("status":"up","bundle":"/b"}})"),
            "state.status: unknown value \"up\" (expected one of: creating, created, running, "
            "stopped, paused)");
  EXPECT_EQ(processStateError(R"({"ociVersion":"1","fds":["seccompFd",3],"pid":1,)"
                              R"("state":{"ociVersion":"1","id":"c","status":"created",)"
                              R"("bundle":"/b"}})"),
            "fds[1]: expected string, got number");
  EXPECT_EQ(processStateError(R"({"ociVersion":"1","pid":1})"), "state: missing required field");
  EXPECT_EQ(processStateError(R"({"ociVersion":"1","state":{}})"), "pid: missing required field");
  EXPECT_EQ(processStateError(R"({"ociVersion":"1","pid":-5,"state":{"ociVersion":"1","id":"c",)"
                              R"("status":"created","bundle":"/b"}})"),
            "pid: must not be negative, got -5");
  EXPECT_EQ(processStateError(R"({"ociVersion":"1","pid":5,"state":{"ociVersion":"1","id":"c",)"
                              R"("status":"created","pid":-2,"bundle":"/b"}})"),
            "state.pid: must not be negative, got -2");
}

TEST(ContainerProcessStateJson, FdsAreOptional) {
  auto state = parseContainerProcessState(
      R"({"ociVersion":"1","pid":5,"state":{"ociVersion":"1","id":"c","status":"created",)"
      R"("bundle":"/b"}})");
  ASSERT_TRUE(state.has_value()) << state.error().describe();
  EXPECT_FALSE(state->fds.has_value());
  EXPECT_FALSE(state->metadata.has_value());
}

} // namespace
} // namespace runw::oci
