// SPDX-License-Identifier: Apache-2.0
// Connection: the server side of one ttrpc connection (containerd/ttrpc server.go serverConn.run).
#include "ttrpc/connection.h"

#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <utility>

namespace runw::shim::ttrpc {

Connection::Connection(UniqueFd fd, const Registry &registry, std::size_t maxInFlight,
                       const LogSink &log, const LogSink &callLog)
    : channel_(std::move(fd)), registry_(registry), maxInFlight_(maxInFlight), log_(log),
      callLog_(callLog) {}

Connection::~Connection() { joinAllCalls(); }

void Connection::run() {
  while (!stop_.stop_requested()) {
    auto received = channel_.recv();
    if (!received.has_value()) {
      log(fmt::format("ttrpc connection closed: {}", received.error().describe()));
      break;
    }
    if (received->kind == RecvKind::Eof) {
      break;
    }
    const FrameHeader &header = received->frame.header;
    if (received->kind == RecvKind::Oversized) {
      // ttrpc answers on the stream with ResourceExhausted. The announced data was not read, so
      // the framing is lost and the connection ends here.
      replyStatus(header.streamId, Code::ResourceExhausted,
                  fmt::format("message length {} exceed maximum message size of {}", header.length,
                              kMaxMessageLength));
      break;
    }
    dispatch(received->frame);
    reapFinishedCalls();
  }
  // Like ttrpc-go, a connection that stops reading closes at once: replies still in flight
  // are dropped, and the calls see their stop token.
  stop();
  joinAllCalls();
}

void Connection::stop() {
  stop_.request_stop();
  channel_.shutdown();
}

void Connection::dispatch(const Frame &frame) {
  const FrameHeader &header = frame.header;
  // The checks and their order follow ttrpc-go server.go: odd ids first, then the type.
  if (header.streamId % 2 != 1) {
    replyStatus(header.streamId, Code::InvalidArgument,
                "StreamID must be odd for client initiated streams");
    return;
  }
  if (header.type == rawType(MessageType::Data)) {
    // No method streams, so no stream is ever open for data.
    replyStatus(header.streamId, Code::InvalidArgument, "StreamID is no longer active");
    return;
  }
  if (header.type != rawType(MessageType::Request)) {
    // Unknown types are ignored for forward compatibility, as ttrpc-go does.
    return;
  }
  if (header.streamId <= lastStreamId_) {
    replyStatus(header.streamId, Code::InvalidArgument,
                "StreamID cannot be re-used and must increment");
    return;
  }
  lastStreamId_ = header.streamId;
  handleRequest(header.streamId, frame.data);
}

void Connection::handleRequest(std::uint32_t streamId, std::string_view data) {
  auto request = decodeRequest(data);
  if (!request.has_value()) {
    replyStatus(streamId, Code::InvalidArgument,
                fmt::format("unmarshal request error: {}", request.error().describe()));
    return;
  }
  auto handler = registry_.find(request->service, request->method);
  if (!handler.has_value()) {
    replyStatus(streamId, handler.error().code, handler.error().message);
    return;
  }
  startCall(streamId, std::move(*request), **handler);
}

void Connection::startCall(std::uint32_t streamId, Request request, const Handler &handler) {
  {
    std::lock_guard lock(callsMutex_);
    if (activeCalls_ < maxInFlight_) {
      ++activeCalls_;
      // Created under the lock, so the thread's last step (which takes it) finds its entry.
      std::thread thread([this, streamId, request = std::move(request), &handler] {
        runCall(streamId, request, handler);
        std::lock_guard done(callsMutex_);
        finishedCalls_.push_back(std::this_thread::get_id());
      });
      auto id = thread.get_id();
      calls_.emplace(id, std::move(thread));
      return;
    }
  }
  // A thread per call keeps a blocking Wait from holding up others; the cap bounds what one
  // misbehaving client can take.
  replyStatus(
      streamId, Code::ResourceExhausted,
      fmt::format("too many requests in flight on this connection (limit {})", maxInFlight_));
}

void Connection::runCall(std::uint32_t streamId, const Request &request, const Handler &handler) {
  const auto started = std::chrono::steady_clock::now();
  CallContext context{request.service, request.method, request.metadata, std::nullopt,
                      stop_.get_token()};
  if (request.timeoutNano > 0) {
    context.deadline =
        std::chrono::steady_clock::now() + std::chrono::nanoseconds(request.timeoutNano);
  }
  Response response;
  try {
    auto result = handler(context, request.payload);
    if (result.has_value()) {
      response.payload = std::move(*result);
    } else {
      response.status = std::move(result).error();
    }
  } catch (const std::exception &e) {
    // A throwing handler must cost one call, not the whole shim.
    response.status = Status{Code::Internal, fmt::format("handler failed: {}", e.what())};
  } catch (...) {
    response.status = Status{Code::Internal, "handler failed"};
  }
  if (response.payload.size() > kMaxMessageLength) {
    response = errorResponse(Status{
        Code::ResourceExhausted, fmt::format("reply of {} bytes exceeds maximum message size of {}",
                                             response.payload.size(), kMaxMessageLength)});
  }
  {
    // The slot frees before the reply goes out: a client that sends its next call as soon as
    // it has this answer must find room.
    std::lock_guard lock(callsMutex_);
    --activeCalls_;
  }
  reply(streamId, response);
  if (callLog_) {
    const std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - started;
    callLog_(fmt::format("call {}/{} {:.2f} ms (status {})", request.service, request.method,
                         took.count(), static_cast<int>(response.status.code)));
  }
}

void Connection::reply(std::uint32_t streamId, const Response &response) {
  auto bytes = encodeResponse(response);
  auto sent = channel_.send(streamId, MessageType::Response, 0, bytes);
  if (!sent.has_value() && !stop_.stop_requested()) {
    log(fmt::format("ttrpc reply on stream {} not sent: {}", streamId, sent.error().describe()));
  }
}

void Connection::replyStatus(std::uint32_t streamId, Code code, std::string message) {
  reply(streamId, errorResponse(Status{code, std::move(message)}));
}

void Connection::reapFinishedCalls() {
  std::vector<std::thread> done;
  {
    std::lock_guard lock(callsMutex_);
    for (auto id : finishedCalls_) {
      auto it = calls_.find(id);
      if (it != calls_.end()) {
        done.push_back(std::move(it->second));
        calls_.erase(it);
      }
    }
    finishedCalls_.clear();
  }
  // Joined outside the lock: a finished thread may still be returning from its last lock.
  for (auto &thread : done) {
    thread.join();
  }
}

void Connection::joinAllCalls() {
  std::map<std::thread::id, std::thread> calls;
  {
    std::lock_guard lock(callsMutex_);
    calls.swap(calls_);
    finishedCalls_.clear();
  }
  for (auto &[id, thread] : calls) {
    thread.join();
  }
}

void Connection::log(std::string_view message) const {
  if (log_) {
    log_(message);
  }
}

} // namespace runw::shim::ttrpc
