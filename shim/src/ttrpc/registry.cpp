// SPDX-License-Identifier: Apache-2.0
// Registry lookups and CallContext helpers.
#include "ttrpc/registry.h"

#include <fmt/format.h>

namespace runw::shim::ttrpc {

bool CallContext::cancelled() const {
  return stop.stop_requested() ||
         (deadline.has_value() && std::chrono::steady_clock::now() >= *deadline);
}

std::vector<std::string> CallContext::metadataValues(std::string_view key) const {
  return ttrpc::metadataValues(metadata, key);
}

void Registry::add(std::string service, std::string method, Handler handler) {
  services_[std::move(service)].insert_or_assign(std::move(method), std::move(handler));
}

RpcResult<const Handler *> Registry::find(std::string_view service, std::string_view method) const {
  // Same codes and messages as ttrpc-go services.go, so clients see what they would from Go.
  auto serviceIt = services_.find(service);
  if (serviceIt == services_.end()) {
    return rpcFail(Code::Unimplemented, fmt::format("service {}", service));
  }
  auto methodIt = serviceIt->second.find(method);
  if (methodIt == serviceIt->second.end()) {
    return rpcFail(Code::Unimplemented, fmt::format("method {}", method));
  }
  return &methodIt->second;
}

} // namespace runw::shim::ttrpc
