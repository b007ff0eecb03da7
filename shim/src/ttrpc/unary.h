// SPDX-License-Identifier: Apache-2.0
// unary(): adapts a typed function on protobuf messages into a byte-level ttrpc Handler.
#pragma once

#include "ttrpc/registry.h"
#include "ttrpc/status.h"

#include <limits>
#include <string>
#include <string_view>
#include <utility>

namespace runw::shim::ttrpc {

/// Wraps fn(const CallContext &, const Req &) -> RpcResult<Resp> into a Handler. Req and Resp
/// are generated protobuf messages. A payload that does not parse gives Internal, as in
/// ttrpc-go's generated services ("ttrpc: error unmarshalling payload").
template <class Req, class Resp, class Fn> Handler unary(Fn fn) {
  return [fn = std::move(fn)](const CallContext &context,
                              std::string_view payload) -> RpcResult<std::string> {
    Req request;
    if (payload.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
        !request.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      return rpcFail(Code::Internal, "ttrpc: error unmarshalling payload");
    }
    RpcResult<Resp> reply = fn(context, request);
    if (!reply.has_value()) {
      return std::unexpected(std::move(reply).error());
    }
    std::string bytes;
    if (!reply->SerializeToString(&bytes)) {
      return rpcFail(Code::Internal, "ttrpc: error marshaling payload");
    }
    return bytes;
  };
}

} // namespace runw::shim::ttrpc
