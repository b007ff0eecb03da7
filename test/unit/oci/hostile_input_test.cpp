// SPDX-License-Identifier: Apache-2.0
// Hostile input against every OCI parser: truncation, huge and deep documents, wrong types,
// out-of-range numbers, duplicate keys, bad UTF-8. Each case checks the error text.
#include "oci/image.h"
#include "oci/json.h"
#include "oci/state.h"
#include "oci/validate.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace runw::oci {
namespace {

/// Runs one parser and returns "(parsed)" or the error text; the parsed value is dropped.
using Parser = std::function<std::string(std::string_view, const ParseLimits &)>;

template <class Parse> Parser wrap(Parse parse) {
  return [parse](std::string_view json, const ParseLimits &limits) {
    auto result = parse(json, limits);
    return result ? std::string("(parsed)") : result.error().describe();
  };
}

/// Every document parser of the module, by name.
std::vector<std::pair<const char *, Parser>> allParsers() {
  return {
      {"spec", wrap(parseSpec)},
      {"process", wrap(parseProcess)},
      {"resources", wrap(parseResources)},
      {"state", wrap(parseState)},
      {"containerProcessState", wrap(parseContainerProcessState)},
      {"descriptor", wrap(parseDescriptor)},
      {"manifest", wrap(parseManifest)},
      {"index", wrap(parseIndex)},
      {"image", wrap(parseImage)},
  };
}

std::string specError(std::string_view json, const ParseLimits &limits = {}) {
  auto spec = parseSpec(json, limits);
  return spec ? std::string("(parsed)") : spec.error().describe();
}

std::string readFixture(const char *name) {
  auto text = readDocumentFile(std::string(RUNW_SHARED_DIR) + "/fixtures/oci/" + name);
  EXPECT_TRUE(text.has_value()) << text.error().describe();
  return text ? *text : std::string();
}

bool contains(const std::string &haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(HostileInput, EveryTruncationOfARealConfigFails) {
  const std::string config = readFixture("podman-busybox-echo.config.json");
  ASSERT_GT(config.size(), 1000U);
  ASSERT_EQ(config.back(), '}');
  ASSERT_EQ(specError(config), "(parsed)");
  for (size_t length = 0; length < config.size(); ++length) {
    auto spec = parseSpec(std::string_view(config).substr(0, length));
    ASSERT_FALSE(spec.has_value()) << "prefix of " << length << " bytes parsed";
    EXPECT_EQ(spec.error().code, ErrorCode::Invalid);
    // Every cut leaves an unfinished document; nlohmann's text names what it expected.
    EXPECT_TRUE(contains(spec.error().message, "syntax error while parsing"))
        << length << ": " << spec.error().message;
  }
}

TEST(HostileInput, EveryTruncationOfOtherDocumentsFails) {
  const std::vector<std::pair<Parser, std::string>> documents = {
      {wrap(parseState), R"({"ociVersion":"1.2.0","id":"c1","status":"running","pid":4422,)"
                         R"("bundle":"/containers/redis","annotations":{"myKey":"myValue"}})"},
      {wrap(parseManifest),
       R"({"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json",)"
       R"("digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7",)"
       R"("size":7023},"layers":[]})"},
  };
  for (const auto &[parse, json] : documents) {
    ASSERT_EQ(parse(json, {}), "(parsed)");
    for (size_t length = 0; length < json.size(); ++length) {
      const std::string error = parse(std::string_view(json).substr(0, length), {});
      EXPECT_TRUE(contains(error, "syntax error while parsing")) << length << ": " << error;
    }
  }
}

TEST(HostileInput, HundredMegabyteStringHitsTheSizeLimitQuickly) {
  const std::string huge = R"({"ociVersion":")" + std::string(size_t{100} << 20, 'a') + "\"}";
  for (const auto &[name, parse] : allParsers()) {
    const auto start = std::chrono::steady_clock::now();
    const std::string error = parse(huge, {});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(error, "document is 104857617 bytes, larger than the 33554432 byte limit") << name;
    // The size check comes before any parsing, so this is microseconds, not seconds.
    EXPECT_LT(elapsed, std::chrono::milliseconds(500)) << name;
  }
  auto spec = parseSpec(huge);
  ASSERT_FALSE(spec.has_value());
  EXPECT_EQ(spec.error().code, ErrorCode::Limit);
}

TEST(HostileInput, HundredMegabyteStringUnderARaisedLimit) {
  const ParseLimits limits{.maxBytes = size_t{200} << 20, .maxDepth = 128};
  const std::string value(size_t{100} << 20, 'a');
  {
    auto spec = parseSpec(R"({"ociVersion":")" + value + R"(","root":{"path":"r"}})", limits);
    ASSERT_TRUE(spec.has_value()) << spec.error().describe();
    EXPECT_EQ(spec->ociVersion.size(), value.size());
    // Error text quotes at most 80 bytes of a hostile value.
    auto valid = validateSpec(*spec);
    ASSERT_FALSE(valid.has_value());
    EXPECT_EQ(valid.error().describe(),
              "ociVersion: \"" + std::string(80, 'a') + "...\" is not a SemVer 2.0.0 version");
  }
  // A huge key in an error path is cut short too.
  EXPECT_EQ(specError(R"({"ociVersion":"1.0.0","annotations":{")" + value + R"(":1}})", limits),
            "annotations[\"" + std::string(80, 'a') + "...\"]: expected string, got number");
  // Megabyte values elsewhere: named by type only, or quoted in short (kept small so the
  // suite stays fast under sanitizers; the 100 MB cases above cover the size itself).
  const std::string mega(size_t{1} << 20, 'b');
  EXPECT_EQ(specError(R"({"ociVersion":"1.0.0","process":")" + mega + R"("})", limits),
            "process: expected object, got string");
  EXPECT_EQ(wrap(parseImage)(R"({"architecture":"amd64","os":"linux","rootfs":{"type":")" + mega +
                                 R"(","diff_ids":[]}})",
                             limits),
            "rootfs.type: must be \"layers\", got \"" + std::string(80, 'b') + "\"");
  EXPECT_EQ(wrap(parseManifest)(R"({"schemaVersion":2,"config":{"mediaType":"a/b","digest":")" +
                                    mega + R"(","size":1},"layers":[]})",
                                limits),
            "config.digest: digest must be algorithm:encoded");
}

TEST(HostileInput, KeysLongerThanTheShownPrefix) {
  // Map keys become path segments while decoding, so long keys must work in valid documents.
  const std::string key(81, 'k');
  const std::string json = R"({"ociVersion":"1.0.0","annotations":{")" + key + R"(":"v"}})";
  auto spec = parseSpec(json);
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  EXPECT_EQ(spec->annotations->at(key), "v");
  EXPECT_EQ(serialize(*spec), json);
  EXPECT_EQ(specError(R"({"ociVersion":"1.0.0","annotations":{")" + key + R"(":1}})"),
            "annotations[\"" + std::string(80, 'k') + "...\"]: expected string, got number");
}

TEST(HostileInput, HundredThousandDeepArraysGiveADepthError) {
  const size_t depth = 100000;
  const std::string arrays = std::string(depth, '[') + std::string(depth, ']');
  std::string expectedPath;
  for (int i = 0; i < 127; ++i) {
    expectedPath += "[0]";
  }
  for (const auto &[name, parse] : allParsers()) {
    EXPECT_EQ(parse(arrays, {}), expectedPath + ": nesting deeper than 128 levels") << name;
  }
  // Inside a known member the path starts from that member.
  const std::string nested = R"({"ociVersion":"1","process":{"args":)" + arrays + "}}";
  const std::string error = specError(nested);
  EXPECT_TRUE(error.starts_with("process.args[0][0]")) << error.substr(0, 100);
  EXPECT_TRUE(error.ends_with(": nesting deeper than 128 levels")) << error.substr(0, 100);
}

TEST(HostileInput, HundredThousandDeepObjectsGiveADepthError) {
  const size_t depth = 100000;
  std::string objects;
  objects.reserve(depth * 6 + 1);
  for (size_t i = 0; i < depth; ++i) {
    objects += R"({"a":)";
  }
  objects += '1';
  objects.append(depth, '}');
  // "a.a.a...": 127 keys for the open objects below the root, then the key being opened.
  std::string expectedPath(128 * 2 - 1, '.');
  for (size_t i = 0; i < expectedPath.size(); i += 2) {
    expectedPath[i] = 'a';
  }
  for (const auto &[name, parse] : allParsers()) {
    EXPECT_EQ(parse(objects, {}), expectedPath + ": nesting deeper than 128 levels") << name;
  }
  // A raised depth limit still refuses, at the new limit.
  const std::string error = specError(objects, {.maxBytes = size_t{32} << 20, .maxDepth = 1000});
  EXPECT_TRUE(error.ends_with(": nesting deeper than 1000 levels")) << error.substr(0, 100);
}

TEST(HostileInput, DeepUnknownMembersWithinTheLimitRoundTrip) {
  const size_t depth = 100;
  const std::string deep = std::string(depth, '[') + std::string(depth, ']');
  auto spec = parseSpec(R"({"ociVersion":"1.0.0","x-deep":)" + deep + "}");
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  ASSERT_EQ(spec->extensions.members.size(), 1U);
  EXPECT_EQ(spec->extensions.members[0].second, deep);
  EXPECT_EQ(serialize(*spec), R"({"ociVersion":"1.0.0","x-deep":)" + deep + "}");
}

TEST(HostileInput, WrongTypesNameTheirPath) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"ociVersion":1})", "ociVersion: expected string, got number"},
      {R"({"ociVersion":null})", "ociVersion: expected string, got null"},
      {R"({"ociVersion":"1","process":[]})", "process: expected object, got array"},
      {R"({"ociVersion":"1","process":{"user":{"uid":"0","gid":0},"cwd":"/"}})",
       "process.user.uid: expected integer, got string"},
      {R"({"ociVersion":"1","process":{"user":{"uid":0,"gid":0},"cwd":"/","env":["A=1",2]}})",
       "process.env[1]: expected string, got number"},
      {R"({"ociVersion":"1","process":{"terminal":"yes","user":{"uid":0,"gid":0},"cwd":"/"}})",
       "process.terminal: expected boolean, got string"},
      {R"({"ociVersion":"1","process":{"user":{"uid":0,"gid":0},"cwd":"/",)"
       R"("capabilities":{"bounding":{}}}})",
       "process.capabilities.bounding: expected array, got object"},
      {R"({"ociVersion":"1","process":{"user":{"uid":0,"gid":0}}})",
       "process.cwd: missing required field"},
      {R"({"ociVersion":"1","root":{"path":"r","readonly":1}})",
       "root.readonly: expected boolean, got number"},
      {R"({"ociVersion":"1","mounts":[{"destination":"/p","options":"ro"}]})",
       "mounts[0].options: expected array, got string"},
      {R"({"ociVersion":"1","hooks":{"prestart":[{"path":null}]}})",
       "hooks.prestart[0].path: expected string, got null"},
      {R"({"ociVersion":"1","annotations":[]})", "annotations: expected object, got array"},
      {R"({"ociVersion":"1","linux":{"namespaces":[{"type":"pidns"}]}})",
       "linux.namespaces[0].type: unknown value \"pidns\" (expected one of: pid, network, "
       "mount, ipc, uts, user, cgroup, time)"},
      {R"({"ociVersion":"1","linux":{"resources":{"memory":{"limit":"1G"}}}})",
       "linux.resources.memory.limit: expected integer, got string"},
      {R"({"ociVersion":"1","linux":{"sysctl":{"net.ipv4.ip_forward":1}}})",
       "linux.sysctl[\"net.ipv4.ip_forward\"]: expected string, got number"},
      {R"({"ociVersion":"1","linux":{"seccomp":{"defaultAction":"SCMP_ACT_ALLOW",)"
       R"("syscalls":[{"names":[true],"action":"SCMP_ACT_ALLOW"}]}}})",
       "linux.seccomp.syscalls[0].names[0]: expected string, got boolean"},
      {R"({"ociVersion":"1","linux":{"uidMappings":[{"containerID":-1,"hostID":0,"size":1}]}})",
       "linux.uidMappings[0].containerID: -1 is out of range for uint32"},
      {R"({"ociVersion":"1","linux":{"devices":[{"path":"/dev/x","type":"c","major":"1"}]}})",
       "linux.devices[0].major: expected integer, got string"},
  };
  for (const auto &[json, expected] : cases) {
    EXPECT_EQ(specError(json), expected) << json;
  }
}

TEST(HostileInput, NegativeAndOverflowingIntegers) {
  const auto withUid = [](const std::string &uid) {
    return R"({"ociVersion":"1","process":{"user":{"uid":)" + uid + R"(,"gid":0},"cwd":"/"}})";
  };
  EXPECT_EQ(specError(withUid("-1")), "process.user.uid: -1 is out of range for uint32");
  EXPECT_EQ(specError(withUid("4294967296")),
            "process.user.uid: 4294967296 is out of range for uint32");
  EXPECT_EQ(specError(withUid("4294967295")), "(parsed)");
  EXPECT_EQ(specError(withUid("1.5")), "process.user.uid: expected integer, got 1.5");
  EXPECT_EQ(specError(withUid("18446744073709551616")),
            "process.user.uid: 1.8446744073709552e+19 is out of range for uint32");
  EXPECT_EQ(specError(withUid("-9223372036854775809")),
            "process.user.uid: -9.223372036854776e+18 is out of range for uint32");
  const auto withLimit = [](const std::string &limit) {
    return R"({"ociVersion":"1","linux":{"resources":{"memory":{"limit":)" + limit + "}}}}";
  };
  EXPECT_EQ(specError(withLimit("1e30")),
            "linux.resources.memory.limit: 1e+30 is out of range for int64");
  EXPECT_EQ(specError(withLimit("1.5")), "linux.resources.memory.limit: expected integer, got 1.5");
  EXPECT_EQ(specError(withLimit("-1")), "(parsed)");
  EXPECT_EQ(specError(withLimit("9223372036854775808")),
            "linux.resources.memory.limit: 9223372036854775808 is out of range for int64");
  EXPECT_TRUE(contains(specError(withLimit("1e400")), "number overflow parsing '1e400'"))
      << specError(withLimit("1e400"));
  EXPECT_EQ(specError(R"({"ociVersion":"1","linux":{"resources":{"memory":{"swappiness":-1}}}})"),
            "linux.resources.memory.swappiness: -1 is out of range for uint64");
  EXPECT_EQ(specError(R"({"ociVersion":"1","linux":{"resources":{"blockIO":{"weight":65536}}}})"),
            "linux.resources.blockIO.weight: 65536 is out of range for uint16");
}

TEST(HostileInput, DuplicateKeysNameThePathAndKey) {
  EXPECT_EQ(specError(R"({"ociVersion":"1","ociVersion":"2"})"),
            "(document): duplicate key \"ociVersion\"");
  EXPECT_EQ(specError(R"({"ociVersion":"1","process":{"user":{"uid":0,"uid":1}}})"),
            "process.user: duplicate key \"uid\"");
  EXPECT_EQ(specError(R"({"ociVersion":"1","mounts":[{"destination":"/a"},)"
                      R"({"destination":"/b","type":"bind","type":"tmpfs"}]})"),
            "mounts[1]: duplicate key \"type\"");
  EXPECT_EQ(specError(R"({"ociVersion":"1","annotations":{"a.b":"1","a.b":"2"}})"),
            "annotations: duplicate key \"a.b\"");
  // The same key in sibling objects is fine.
  EXPECT_EQ(specError(R"({"ociVersion":"1","mounts":[{"destination":"/a"},{"destination":"/b"}]})"),
            "(parsed)");
  EXPECT_EQ(wrap(parseState)(R"({"ociVersion":"1","id":"a","id":"b"})", {}),
            "(document): duplicate key \"id\"");
}

TEST(HostileInput, InvalidUtf8IsRejected) {
  for (const char *bytes :
       {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf8\x88\x80\x80\x80"}) {
    const std::string error = specError(std::string(R"({"ociVersion":")") + bytes + "\"}");
    EXPECT_TRUE(contains(error, "ill-formed UTF-8 byte")) << error;
    const std::string keyError = specError(std::string(R"({"ociVersion":"1",")") + bytes + "\":1}");
    EXPECT_TRUE(contains(keyError, "ill-formed UTF-8 byte")) << keyError;
  }
  // A lone surrogate escape is not a character either.
  EXPECT_TRUE(contains(specError(R"({"ociVersion":"\ud800"})"),
                       "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF"));
  // Valid multi-byte text and escaped NUL are ordinary strings.
  auto spec =
      parseSpec("{\"ociVersion\":\"1\",\"hostname\":\"h\\u00e9\\u0000\\u00e9 \xe2\x82\xac\"}");
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  EXPECT_EQ(*spec->hostname, std::string("h\xc3\xa9\0\xc3\xa9 \xe2\x82\xac", 10));
}

TEST(HostileInput, NotAnObjectAtTheTop) {
  for (const auto &[name, parse] : allParsers()) {
    EXPECT_EQ(parse("", {}),
              "parse error at line 1, column 1: syntax error while parsing value - unexpected "
              "end of input; expected '[', '{', or a literal")
        << name;
    EXPECT_EQ(parse("null", {}), "(document): expected object, got null") << name;
    EXPECT_EQ(parse("[]", {}), "(document): expected object, got array") << name;
    EXPECT_EQ(parse(R"([{"ociVersion":"1"}])", {}), "(document): expected object, got array")
        << name;
    EXPECT_EQ(parse("\"{}\"", {}), "(document): expected object, got string") << name;
    EXPECT_EQ(parse("42", {}), "(document): expected object, got number") << name;
    EXPECT_EQ(parse("   \n\t ", {}),
              "parse error at line 2, column 3: syntax error while parsing value - unexpected "
              "end of input; expected '[', '{', or a literal")
        << name;
  }
}

TEST(HostileInput, NonJsonSyntaxIsRejected) {
  EXPECT_TRUE(contains(specError(R"({"ociVersion":"1"} x)"), "expected end of input"));
  EXPECT_TRUE(contains(specError(R"({"ociVersion":"1",})"), "syntax error while parsing"));
  EXPECT_TRUE(contains(specError(R"({"ociVersion":'1'})"), "syntax error while parsing"));
  EXPECT_TRUE(contains(specError(R"({/*c*/"ociVersion":"1"})"), "syntax error while parsing"));
  EXPECT_TRUE(contains(specError(R"({"ociVersion":"1","pid":NaN})"), "syntax error while parsing"));
  EXPECT_TRUE(contains(specError(std::string("{\"ociVersion\":\"1\0\"}", 19)),
                       "syntax error while parsing"));
}

TEST(HostileInput, MissingRequiredFieldsOfEveryDocument) {
  const std::vector<std::pair<Parser, const char *>> cases = {
      {wrap(parseSpec), "ociVersion: missing required field"},
      {wrap(parseProcess), "user: missing required field"},
      {wrap(parseState), "ociVersion: missing required field"},
      {wrap(parseContainerProcessState), "ociVersion: missing required field"},
      {wrap(parseDescriptor), "mediaType: missing required field"},
      {wrap(parseManifest), "schemaVersion: missing required field"},
      {wrap(parseIndex), "schemaVersion: missing required field"},
      {wrap(parseImage), "architecture: missing required field"},
  };
  for (const auto &[parse, expected] : cases) {
    EXPECT_EQ(parse("{}", {}), expected);
  }
  EXPECT_EQ(wrap(parseResources)("{}", {}), "(parsed)");
}

} // namespace
} // namespace runw::oci
