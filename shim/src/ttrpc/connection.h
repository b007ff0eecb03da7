// SPDX-License-Identifier: Apache-2.0
// Connection: one accepted ttrpc connection; reads frames, runs each call on its own thread.
#pragma once

#include "ttrpc/channel.h"
#include "ttrpc/message.h"
#include "ttrpc/registry.h"

#include "support/unique_fd.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace runw::shim::ttrpc {

/// Receives diagnostics (a peer that sent garbage, a failed write); may be empty.
using LogSink = std::function<void(std::string_view)>;

/// Serves one connection. run() owns the reading; stop() may be called from any thread.
class Connection {
public:
  /// registry and log must outlive the connection.
  /// callLog (may be empty) gets a line per finished call.
  Connection(UniqueFd fd, const Registry &registry, std::size_t maxInFlight, const LogSink &log,
             const LogSink &callLog);
  Connection(const Connection &) = delete;
  Connection &operator=(const Connection &) = delete;
  ~Connection();

  /// Reads and dispatches frames until the peer leaves, sends something unrecoverable, or
  /// stop() is called. Then cancels in-flight calls, closes the socket and joins their threads.
  void run();

  /// Makes run() return soon: requests stop of the calls and shuts the socket down.
  void stop();

private:
  void dispatch(const Frame &frame);
  void handleRequest(std::uint32_t streamId, std::string_view data);
  void startCall(std::uint32_t streamId, Request request, const Handler &handler);
  void runCall(std::uint32_t streamId, const Request &request, const Handler &handler);
  void reply(std::uint32_t streamId, const Response &response);
  void replyStatus(std::uint32_t streamId, Code code, std::string message);
  void reapFinishedCalls();
  void joinAllCalls();
  void log(std::string_view message) const;

  Channel channel_;
  const Registry &registry_;
  const std::size_t maxInFlight_;
  const LogSink &log_;
  const LogSink &callLog_;
  std::stop_source stop_;
  std::uint32_t lastStreamId_ = 0; // only touched by run()'s thread

  std::mutex callsMutex_;
  std::map<std::thread::id, std::thread> calls_;
  std::vector<std::thread::id> finishedCalls_;
  std::size_t activeCalls_ = 0; // calls whose reply is not yet on its way
};

} // namespace runw::shim::ttrpc
