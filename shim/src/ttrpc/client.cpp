// SPDX-License-Identifier: Apache-2.0
// Client: request sending, reply matching by stream id, deadlines (containerd/ttrpc client.go).
#include "ttrpc/client.h"

#include "ttrpc/unix_socket.h"

#include <fmt/format.h>

#include <limits>
#include <utility>

namespace runw::shim::ttrpc {
namespace {

// ttrpc-go's ErrClosed text, which containerd code compares against.
constexpr std::string_view kClosed = "ttrpc: closed";

} // namespace

Client::Client(UniqueFd fd) : channel_(std::move(fd)) {
  reader_ = std::thread([this] { readLoop(); });
}

Client::~Client() {
  close();
  reader_.join();
}

Result<std::unique_ptr<Client>> Client::connect(std::string_view address) {
  auto fd = TRY(connectUnix(address));
  return std::make_unique<Client>(std::move(fd));
}

RpcResult<std::string> Client::call(std::string_view service, std::string_view method,
                                    std::string_view payload, const CallOptions &options) {
  Request request{std::string(service), std::string(method), std::string(payload), 0,
                  options.metadata};
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (options.timeout.has_value()) {
    request.timeoutNano = options.timeout->count();
    deadline = std::chrono::steady_clock::now() + *options.timeout;
  }
  auto bytes = encodeRequest(request);
  if (bytes.size() > kMaxMessageLength) {
    return rpcFail(Code::ResourceExhausted,
                   fmt::format("message length {} exceed maximum message size of {}", bytes.size(),
                               kMaxMessageLength));
  }
  auto pending = std::make_shared<Pending>();
  auto streamId = send(pending, bytes);
  if (!streamId.has_value()) {
    return std::unexpected(std::move(streamId).error());
  }
  std::unique_lock lock(mutex_);
  auto done = [&] { return pending->done; };
  if (deadline.has_value()) {
    if (!changed_.wait_until(lock, *deadline, done)) {
      // A late reply finds no entry and is dropped.
      pending_.erase(*streamId);
      return rpcFail(Code::DeadlineExceeded, "context deadline exceeded");
    }
  } else {
    changed_.wait(lock, done);
  }
  return std::move(pending->result);
}

RpcResult<std::uint32_t> Client::send(const std::shared_ptr<Pending> &pending,
                                      std::string_view bytes) {
  // One lock across id allocation and the write keeps ids increasing on the wire, which the
  // server enforces.
  std::lock_guard sendLock(sendMutex_);
  std::uint32_t streamId = 0;
  {
    std::lock_guard lock(mutex_);
    if (closed_) {
      return rpcFail(Code::Unavailable, closeReason_);
    }
    if (nextStreamId_ > std::numeric_limits<std::uint32_t>::max() - 2) {
      return rpcFail(Code::ResourceExhausted, "ttrpc: stream ids exhausted on this connection");
    }
    streamId = nextStreamId_;
    nextStreamId_ += 2;
    pending_.emplace(streamId, pending);
  }
  auto sent = channel_.send(streamId, MessageType::Request, 0, bytes);
  if (!sent.has_value()) {
    std::lock_guard lock(mutex_);
    pending_.erase(streamId);
    return rpcFail(Code::Unavailable, fmt::format("{}: {}", kClosed, sent.error().describe()));
  }
  return streamId;
}

void Client::readLoop() {
  std::string reason(kClosed);
  while (true) {
    auto received = channel_.recv();
    if (!received.has_value()) {
      reason = fmt::format("{}: {}", kClosed, received.error().describe());
      break;
    }
    if (received->kind == RecvKind::Eof) {
      break;
    }
    const auto &frame = received->frame;
    if (received->kind == RecvKind::Oversized) {
      complete(frame.header.streamId,
               rpcFail(Code::ResourceExhausted,
                       fmt::format("message length {} exceed maximum message size of {}",
                                   frame.header.length, kMaxMessageLength)));
      // The oversized data was not read, so nothing after it can be framed.
      reason = fmt::format("{}: oversized reply", kClosed);
      break;
    }
    if (frame.header.type == rawType(MessageType::Data)) {
      complete(frame.header.streamId,
               rpcFail(Code::Internal, "ttrpc: received data from non-streaming server"));
      continue;
    }
    if (frame.header.type != rawType(MessageType::Response)) {
      continue; // unknown types are skipped, as for the server
    }
    auto response = decodeResponse(frame.data);
    if (!response.has_value()) {
      complete(frame.header.streamId, rpcFail(Code::Internal, response.error().describe()));
    } else if (response->status.code != Code::Ok) {
      complete(frame.header.streamId, std::unexpected(std::move(response->status)));
    } else {
      complete(frame.header.streamId, std::move(response->payload));
    }
  }
  channel_.shutdown();
  failAll(reason);
}

void Client::complete(std::uint32_t streamId, RpcResult<std::string> result) {
  std::lock_guard lock(mutex_);
  auto it = pending_.find(streamId);
  if (it == pending_.end()) {
    return; // a stream we gave up on (deadline), or one we never opened
  }
  it->second->result = std::move(result);
  it->second->done = true;
  pending_.erase(it);
  changed_.notify_all();
}

void Client::failAll(const std::string &reason) {
  std::lock_guard lock(mutex_);
  if (!closed_) {
    closed_ = true;
    closeReason_ = reason;
  }
  for (auto &[id, pending] : pending_) {
    pending->result = rpcFail(Code::Unavailable, closeReason_);
    pending->done = true;
  }
  pending_.clear();
  changed_.notify_all();
}

void Client::close() {
  {
    std::lock_guard lock(mutex_);
    if (!closed_) {
      closed_ = true;
      closeReason_ = std::string(kClosed);
    }
  }
  // The reader wakes with EOF and fails whatever is still pending.
  channel_.shutdown();
}

bool Client::closed() {
  std::lock_guard lock(mutex_);
  return closed_;
}

} // namespace runw::shim::ttrpc
