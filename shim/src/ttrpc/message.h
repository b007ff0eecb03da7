// SPDX-License-Identifier: Apache-2.0
// The ttrpc envelope messages (package ttrpc: Request, Response) as plain structs, with codecs.
#pragma once

#include "ttrpc/status.h"

#include "support/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace runw::shim::ttrpc {

/// One metadata entry; a key may repeat to carry several values (ttrpc metadata.go).
using MetadataEntry = std::pair<std::string, std::string>;

/// ttrpc.Request: which method to run and its serialized argument.
struct Request {
  std::string service;                 ///< e.g. "containerd.task.v2.Task"
  std::string method;                  ///< e.g. "Create"
  std::string payload;                 ///< the serialized request message
  std::int64_t timeoutNano = 0;        ///< 0: no deadline; else relative to receipt
  std::vector<MetadataEntry> metadata; ///< e.g. containerd-namespace-ttrpc
};

/// ttrpc.Response: a status (OK when absent or code 0) and the serialized reply message.
struct Response {
  Status status;
  std::string payload;
};

/// A successful Response carrying payload.
inline Response okResponse(std::string payload) {
  Response response;
  response.payload = std::move(payload);
  return response;
}

/// A failed Response carrying status.
inline Response errorResponse(Status status) {
  Response response;
  response.status = std::move(status);
  return response;
}

/// Serializes a Request as protobuf.
std::string encodeRequest(const Request &request);

/// Parses a protobuf Request; fails (Invalid) on malformed bytes.
Result<Request> decodeRequest(std::string_view bytes);

/// Serializes a Response; an OK status is left out of the message, as ttrpc-go does.
std::string encodeResponse(const Response &response);

/// Parses a protobuf Response; fails (Invalid) on malformed bytes.
Result<Response> decodeResponse(std::string_view bytes);

/// The values of key in metadata, in order; key is lowercased first, as ttrpc-go MD.Get does.
std::vector<std::string> metadataValues(const std::vector<MetadataEntry> &metadata,
                                        std::string_view key);

} // namespace runw::shim::ttrpc
