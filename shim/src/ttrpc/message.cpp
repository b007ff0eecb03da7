// SPDX-License-Identifier: Apache-2.0
// Request/Response codecs over the generated ttrpc/request.proto classes.
#include "ttrpc/message.h"

#include "ttrpc/request.pb.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace runw::shim::ttrpc {
namespace {

// protobuf parses from an int length; frames are capped at 4 MiB, but be exact anyway.
bool parseInto(google::protobuf::MessageLite &message, std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return false;
  }
  return message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
}

} // namespace

std::string encodeRequest(const Request &request) {
  ::ttrpc::Request message;
  message.set_service(request.service);
  message.set_method(request.method);
  message.set_payload(request.payload);
  message.set_timeout_nano(request.timeoutNano);
  for (const auto &[key, value] : request.metadata) {
    auto *entry = message.add_metadata();
    entry->set_key(key);
    entry->set_value(value);
  }
  return message.SerializeAsString();
}

Result<Request> decodeRequest(std::string_view bytes) {
  ::ttrpc::Request message;
  if (!parseInto(message, bytes)) {
    return fail(ErrorCode::Invalid, "malformed ttrpc.Request");
  }
  Request request{
      message.service(), message.method(), message.payload(), message.timeout_nano(), {}};
  request.metadata.reserve(static_cast<std::size_t>(message.metadata_size()));
  for (const auto &entry : message.metadata()) {
    request.metadata.emplace_back(entry.key(), entry.value());
  }
  return request;
}

std::string encodeResponse(const Response &response) {
  ::ttrpc::Response message;
  if (response.status.code != Code::Ok) {
    auto *status = message.mutable_status();
    status->set_code(static_cast<std::int32_t>(response.status.code));
    status->set_message(response.status.message);
  }
  message.set_payload(response.payload);
  return message.SerializeAsString();
}

Result<Response> decodeResponse(std::string_view bytes) {
  ::ttrpc::Response message;
  if (!parseInto(message, bytes)) {
    return fail(ErrorCode::Invalid, "malformed ttrpc.Response");
  }
  Response response;
  response.payload = message.payload();
  if (message.has_status()) {
    response.status.code = static_cast<Code>(message.status().code());
    response.status.message = message.status().message();
  }
  return response;
}

std::vector<std::string> metadataValues(const std::vector<MetadataEntry> &metadata,
                                        std::string_view key) {
  // ttrpc-go's MD.Get lowercases the key it looks up but stores received keys as sent.
  std::string wanted(key);
  std::transform(wanted.begin(), wanted.end(), wanted.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::vector<std::string> values;
  for (const auto &[entryKey, value] : metadata) {
    if (entryKey == wanted) {
      values.push_back(value);
    }
  }
  return values;
}

} // namespace runw::shim::ttrpc
