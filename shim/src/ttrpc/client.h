// SPDX-License-Identifier: Apache-2.0
// Client: ttrpc unary calls over one connection, safe to use from many threads at once.
#pragma once

#include "ttrpc/channel.h"
#include "ttrpc/message.h"
#include "ttrpc/status.h"

#include "support/result.h"
#include "support/unique_fd.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace runw::shim::ttrpc {

/// Per-call settings.
struct CallOptions {
  /// Sent as timeout_nano; the call also gives up locally (DeadlineExceeded) when it passes.
  std::optional<std::chrono::nanoseconds> timeout;
  /// Request metadata, e.g. {"containerd-namespace-ttrpc", "k8s.io"}.
  std::vector<MetadataEntry> metadata;
};

/// The client side of one ttrpc connection. Stream ids are odd, from 1, strictly increasing on
/// the wire. When the connection ends, calls in flight and later calls fail with Unavailable.
class Client {
public:
  /// Takes a connected socket and starts the thread that reads replies.
  explicit Client(UniqueFd fd);
  Client(const Client &) = delete;
  Client &operator=(const Client &) = delete;
  /// Closes the connection and joins the reader.
  ~Client();

  /// Connects to a unix socket address ("unix:///run/containerd/containerd.sock.ttrpc" or a path).
  static Result<std::unique_ptr<Client>> connect(std::string_view address);

  /// Runs service/method with a serialized request; returns the serialized reply or the
  /// server's status. Local failures: Unavailable (connection gone), DeadlineExceeded,
  /// ResourceExhausted (request over 4 MiB), Internal (malformed reply).
  RpcResult<std::string> call(std::string_view service, std::string_view method,
                              std::string_view payload, const CallOptions &options = {});

  /// Closes the connection; calls in flight fail with Unavailable. Idempotent.
  void close();

  /// True once the connection has ended (closed by either side).
  [[nodiscard]] bool closed();

private:
  struct Pending {
    bool done = false;
    RpcResult<std::string> result;
  };

  RpcResult<std::uint32_t> send(const std::shared_ptr<Pending> &pending, std::string_view bytes);
  void readLoop();
  void complete(std::uint32_t streamId, RpcResult<std::string> result);
  void failAll(const std::string &reason);

  Channel channel_;
  std::mutex sendMutex_; // held from stream id allocation until the request is written
  std::mutex mutex_;     // guards everything below
  std::condition_variable changed_;
  std::map<std::uint32_t, std::shared_ptr<Pending>> pending_;
  std::uint32_t nextStreamId_ = 1;
  bool closed_ = false;
  std::string closeReason_;
  std::thread reader_;
};

} // namespace runw::shim::ttrpc
