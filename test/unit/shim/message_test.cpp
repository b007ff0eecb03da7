// SPDX-License-Identifier: Apache-2.0
// ttrpc.Request / ttrpc.Response codecs against hand-written protobuf bytes (request.proto).
#include "ttrpc/message.h"
#include "ttrpc/status.h"

#include <gtest/gtest.h>

#include <string>

namespace runw::shim::ttrpc {
namespace {

std::string bytes(std::initializer_list<unsigned char> list) { return {list.begin(), list.end()}; }

TEST(Message, EncodesRequestFieldNumbers) {
  Request request{"s", "m", "p", 300, {{"k", "v"}}};
  EXPECT_EQ(encodeRequest(request), bytes({
                                        0x0a, 0x01, 's',  // 1 service
                                        0x12, 0x01, 'm',  // 2 method
                                        0x1a, 0x01, 'p',  // 3 payload
                                        0x20, 0xac, 0x02, // 4 timeout_nano = 300 (varint)
                                        0x2a, 0x06,       // 5 metadata, 6 bytes
                                        0x0a, 0x01, 'k',  //   KeyValue.key
                                        0x12, 0x01, 'v',  //   KeyValue.value
                                    }));
}

TEST(Message, DecodesRequestFromGoBytes) {
  // What ttrpc-go sends for Task.State with the namespace header.
  auto wire = bytes({0x0a, 0x17}) + "containerd.task.v2.Task" + bytes({0x12, 0x05}) + "State" +
              bytes({0x1a, 0x03, 0x0a, 0x01, 'c'}) + bytes({0x2a, 0x23, 0x0a, 0x1a}) +
              "containerd-namespace-ttrpc" + bytes({0x12, 0x05}) + "k8sio";
  auto request = decodeRequest(wire);
  ASSERT_TRUE(request.has_value()) << request.error().describe();
  EXPECT_EQ(request->service, "containerd.task.v2.Task");
  EXPECT_EQ(request->method, "State");
  EXPECT_EQ(request->payload, bytes({0x0a, 0x01, 'c'}));
  EXPECT_EQ(request->timeoutNano, 0);
  ASSERT_EQ(request->metadata.size(), 1U);
  EXPECT_EQ(request->metadata[0], (MetadataEntry{"containerd-namespace-ttrpc", "k8sio"}));
}

TEST(Message, EmptyRequestDecodesToEmptyFields) {
  auto request = decodeRequest("");
  ASSERT_TRUE(request.has_value());
  EXPECT_TRUE(request->service.empty());
  EXPECT_TRUE(request->method.empty());
}

TEST(Message, RejectsMalformedRequests) {
  for (const auto &garbage : {bytes({0x0a, 0x05, 'a'}),        // length past the end
                              bytes({0xff, 0xff, 0xff, 0xff}), // bad varint tag
                              bytes({0x0b}),                   // group start, wire type 3
                              bytes({0x22, 0x01})}) {          // timeout as bytes, truncated
    auto request = decodeRequest(garbage);
    EXPECT_FALSE(request.has_value());
    if (!request.has_value()) {
      EXPECT_EQ(request.error().code, ErrorCode::Invalid);
    }
  }
}

TEST(Message, OkResponseOmitsStatus) {
  EXPECT_EQ(encodeResponse(okResponse("xy")), bytes({0x12, 0x02, 'x', 'y'}));
  EXPECT_EQ(encodeResponse(Response{}), "");
}

TEST(Message, ErrorResponseCarriesCodeAndMessage) {
  auto wire = encodeResponse(errorResponse(Status{Code::Unimplemented, "service x"}));
  EXPECT_EQ(wire, bytes({0x0a, 0x0d,    // 1 status, 13 bytes
                         0x08, 0x0c,    //   code 12
                         0x12, 0x09}) + //   message
                      "service x");
}

TEST(Message, DecodesResponses) {
  auto ok = decodeResponse(bytes({0x12, 0x01, 'z'}));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status.code, Code::Ok);
  EXPECT_EQ(ok->payload, "z");

  // An explicit status with code 0 is OK too (ttrpc client.go).
  auto zero = decodeResponse(bytes({0x0a, 0x00, 0x12, 0x01, 'z'}));
  ASSERT_TRUE(zero.has_value());
  EXPECT_EQ(zero->status.code, Code::Ok);

  auto failed = decodeResponse(bytes({0x0a, 0x05, 0x08, 0x05, 0x12, 0x01, 'n'}));
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->status, (Status{Code::NotFound, "n"}));

  EXPECT_FALSE(decodeResponse(bytes({0x0a, 0x09, 0x08})).has_value());
}

TEST(Message, MetadataLookupLowercasesTheKey) {
  std::vector<MetadataEntry> metadata{{"a", "1"}, {"b", "2"}, {"a", "3"}, {"A", "4"}};
  EXPECT_EQ(metadataValues(metadata, "a"), (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(metadataValues(metadata, "A"), (std::vector<std::string>{"1", "3"}));
  EXPECT_TRUE(metadataValues(metadata, "c").empty());
}

TEST(Status, CodeNamesAndErrorMapping) {
  EXPECT_EQ(codeName(Code::Unimplemented), "Unimplemented");
  EXPECT_EQ(codeName(Code::ResourceExhausted), "ResourceExhausted");
  EXPECT_EQ(codeName(static_cast<Code>(99)), "Code(99)");
  EXPECT_EQ(statusFromError(Error{ErrorCode::NotFound, 0, "no such container", {}}),
            (Status{Code::NotFound, "no such container"}));
  EXPECT_EQ(statusFromError(Error{ErrorCode::Exists, 0, "x", {}}).code, Code::AlreadyExists);
  EXPECT_EQ(statusFromError(Error{ErrorCode::Invalid, 0, "x", {}}).code, Code::InvalidArgument);
  EXPECT_EQ(statusFromError(Error{ErrorCode::Unsupported, 0, "x", {}}).code, Code::Unimplemented);
  EXPECT_EQ(statusFromError(Error{ErrorCode::Io, 2, "open", {"reading"}}).message,
            "reading: open: No such file or directory");
  EXPECT_EQ(describe(Status{Code::NotFound, "gone"}), "ttrpc: NotFound: gone");
}

} // namespace
} // namespace runw::shim::ttrpc
