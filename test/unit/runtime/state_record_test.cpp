// SPDX-License-Identifier: Apache-2.0
// ContainerRecord JSON round trips, tolerance of unknown members, and the created timestamp.
#include "state/record.h"

#include "oci/state.h"

#include <gtest/gtest.h>

#include <string>

namespace runw::runtime::state {
namespace {

ContainerRecord fullRecord() {
  ContainerRecord record;
  record.id = "full";
  record.ociVersion = "1.2.1";
  record.status = oci::ContainerStatus::Running;
  record.initPid = 4242;
  record.initStartTime = 123456789012ULL;
  record.bundle = "/b/full";
  record.rootfs = "/b/full/rootfs";
  record.created = "2026-05-01T10:00:00.123456789Z";
  record.ownerUid = 1000;
  record.annotations = {{"run.oci.handler", "wasm"}, {"quote\"d", "new\nline"}};
  record.cgroupPath = "system.slice:runw:full";
  record.systemdCgroup = true;
  record.rootless = true;
  record.wasm = true;
  record.namespaces = {{"pid", "/proc/4242/ns/pid"}, {"network", "/var/run/netns/cni-1"}};
  record.configJson = R"({"ociVersion":"1.2.1","process":{"args":["/app.wasm"]}})";
  return record;
}

TEST(StateRecord, RoundTripsEveryField) {
  const ContainerRecord record = fullRecord();
  const std::string text = serializeRecord(record);
  const auto parsed = parseRecord(text);
  ASSERT_TRUE(parsed) << parsed.error().describe();
  EXPECT_EQ(*parsed, record);
  EXPECT_EQ(text.back(), '\n');
}

TEST(StateRecord, DefaultsForOptionalMembersAndIgnoresUnknownOnes) {
  const auto parsed = parseRecord(
      R"({"runwStateVersion":1,"id":"x","status":"created","bundle":"/b","future":{"a":[1]}})");
  ASSERT_TRUE(parsed) << parsed.error().describe();
  EXPECT_EQ(parsed->id, "x");
  EXPECT_EQ(parsed->status, oci::ContainerStatus::Created);
  EXPECT_EQ(parsed->initPid, 0);
  EXPECT_TRUE(parsed->annotations.empty());
  EXPECT_TRUE(parsed->configJson.empty());
}

TEST(StateRecord, RejectsMalformedDocuments) {
  const char *bad[] = {
      "",
      "{",
      "[]",
      R"({"id":"x","status":"created","bundle":"/b"})",                      // no version
      R"({"runwStateVersion":2,"id":"x","status":"created","bundle":"/b"})", // newer
      R"({"runwStateVersion":1,"status":"created","bundle":"/b"})",          // no id
      R"({"runwStateVersion":1,"id":7,"status":"created","bundle":"/b"})",   // id type
      R"({"runwStateVersion":1,"id":"x","status":"frozen","bundle":"/b"})",  // status
      R"({"runwStateVersion":1,"id":"x","status":"created","bundle":"/b","initPid":-1})",
      R"({"runwStateVersion":1,"id":"x","status":"created","bundle":"/b","initPid":4294967296})",
      R"({"runwStateVersion":1,"id":"x","status":"created","bundle":"/b","wasm":"yes"})",
      R"({"runwStateVersion":1,"id":"x","status":"created","bundle":"/b","annotations":{"a":1}})",
      R"({"runwStateVersion":1,"id":"x","status":"created","bundle":"/b","namespaces":[{}]})",
      R"({"runwStateVersion":1,"id":"x","status":"created","bundle":"/b","config":"{}"})",
  };
  for (const char *text : bad) {
    EXPECT_FALSE(parseRecord(text)) << text;
  }
}

TEST(StateRecord, CreatedTimeTrimsFractionLikeGo) {
  EXPECT_EQ(formatCreatedTime({0, 0}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(formatCreatedTime({1, 500000000}), "1970-01-01T00:00:01.5Z");
  EXPECT_EQ(formatCreatedTime({1777629600, 123456789}), "2026-05-01T10:00:00.123456789Z");
  EXPECT_EQ(formatCreatedTime({1777629600, 1000}), "2026-05-01T10:00:00.000001Z");
  const std::string now = nowCreatedTime();
  EXPECT_EQ(now.size() >= 20 && now.back() == 'Z' && now[10] == 'T', true) << now;
}

TEST(StateRecord, OciStateHasRuncShapeAndZeroPidWhenStopped) {
  const ContainerRecord record = fullRecord();
  const oci::State running = toOciState(record, oci::ContainerStatus::Running);
  EXPECT_EQ(running.pid, 4242);
  EXPECT_EQ(running.status, oci::ContainerStatus::Running);
  const oci::State stopped = toOciState(record, oci::ContainerStatus::Stopped);
  EXPECT_EQ(stopped.pid, 0);
  const std::string json = oci::serialize(stopped);
  EXPECT_NE(json.find(R"("pid":0)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("rootfs":"/b/full/rootfs")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("created":"2026-05-01T10:00:00.123456789Z")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("owner":"")"), std::string::npos) << json;
  const auto reparsed = oci::parseState(json);
  ASSERT_TRUE(reparsed) << reparsed.error().describe();
  EXPECT_EQ(reparsed->annotations, record.annotations);
}

} // namespace
} // namespace runw::runtime::state
