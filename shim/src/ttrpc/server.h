// SPDX-License-Identifier: Apache-2.0
// Server: a ttrpc server over unix sockets; many connections, many calls in flight per connection.
#pragma once

#include "ttrpc/connection.h"
#include "ttrpc/registry.h"

#include "support/result.h"
#include "support/unique_fd.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace runw::shim::ttrpc {

/// How a Server treats its peers.
struct ServerOptions {
  /// Close connections whose peer is not our effective uid/gid (SO_PEERCRED), as shims must.
  bool requireSameUser = true;
  /// Calls one connection may have running at once; more are answered ResourceExhausted.
  std::size_t maxInFlightPerConnection = 256;
  /// Diagnostics (garbage from a peer, rejected credentials, accept failures); may be empty.
  LogSink log;
  /// When set, one line per finished call: method, time to the reply, status (shim -debug).
  LogSink callLog;
};

/// Serves a Registry. Every connection gets a reader thread and every call its own thread, so a
/// blocking handler (Wait) never delays other calls. Nothing here forks.
class Server {
public:
  explicit Server(Registry registry, ServerOptions options = {});
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;
  /// Stops the server (see stop()).
  ~Server();

  /// Accepts connections on a listening unix socket (e.g. the shim's fd 3) in a background
  /// thread. Fails (Invalid) when already started or stopped.
  Result<void> start(UniqueFd listener);

  /// Serves one already-connected socket (e.g. a socketpair end). Ignored after stop().
  void serveConnection(UniqueFd connection);

  /// Stops accepting, closes every connection, requests stop of every call and joins all
  /// threads. Idempotent. Must not be called from a handler (it would wait for itself).
  void stop();

  /// Connections currently open (their reader thread has not finished).
  [[nodiscard]] std::size_t connectionCount();

private:
  struct Served {
    std::shared_ptr<Connection> connection;
    std::thread thread;
  };

  void acceptLoop(int listener);
  bool acceptOne(int listener);
  void reapFinishedConnections();
  void log(std::string_view message) const;

  const Registry registry_;
  const ServerOptions options_;
  UniqueFd listener_;
  UniqueFd wakeFd_; // eventfd that tells acceptLoop to return
  std::thread acceptThread_;

  std::mutex mutex_;
  bool stopping_ = false;
  std::uint64_t nextConnectionId_ = 0;
  std::map<std::uint64_t, Served> connections_;
  std::vector<std::uint64_t> finishedConnections_;
  std::size_t openConnections_ = 0;
};

} // namespace runw::shim::ttrpc
