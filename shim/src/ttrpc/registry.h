// SPDX-License-Identifier: Apache-2.0
// Registry: the handlers a ttrpc server runs, by (service, method), and what a handler is given.
#pragma once

#include "ttrpc/message.h"
#include "ttrpc/status.h"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace runw::shim::ttrpc {

/// What a handler knows about its call besides the payload.
struct CallContext {
  std::string service;                 ///< as the client sent it
  std::string method;                  ///< as the client sent it
  std::vector<MetadataEntry> metadata; ///< e.g. containerd-namespace-ttrpc
  /// Receipt time plus the request's timeout_nano; empty when the client set none.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// Stop is requested when the connection closes or the server stops. A handler that blocks
  /// (Wait) should wait on it too, e.g. std::condition_variable_any::wait(lock, stop, pred).
  std::stop_token stop;

  /// True once stop was requested or the deadline has passed.
  [[nodiscard]] bool cancelled() const;
  /// The values of a metadata key (lowercased first, as ttrpc-go does).
  [[nodiscard]] std::vector<std::string> metadataValues(std::string_view key) const;
};

/// Runs one call: gets the serialized request, returns the serialized reply or a Status.
/// Handlers run on their own threads, concurrently with each other.
using Handler = std::function<RpcResult<std::string>(const CallContext &, std::string_view)>;

/// Handlers by service and method. Filled before the server starts, read-only afterwards.
class Registry {
public:
  /// Registers (or replaces) the handler of service/method.
  void add(std::string service, std::string method, Handler handler);

  /// The handler of service/method, or Unimplemented with ttrpc-go's text ("service X",
  /// "method Y"). The pointer stays valid while the registry is neither changed nor destroyed.
  [[nodiscard]] RpcResult<const Handler *> find(std::string_view service,
                                                std::string_view method) const;

private:
  std::map<std::string, std::map<std::string, Handler, std::less<>>, std::less<>> services_;
};

} // namespace runw::shim::ttrpc
