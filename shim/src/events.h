// SPDX-License-Identifier: Apache-2.0
// Publisher: one thread that forwards task events to containerd in the order they were queued.
#pragma once

#include "events_forward.h"

#include <condition_variable>
#include <deque>
#include <google/protobuf/message_lite.h>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace runw::shim {

/// Queues events and forwards them over ttrpc to containerd ($TTRPC_ADDRESS), reconnecting and
/// retrying a few times when containerd is not reachable.
class Publisher {
public:
  Publisher(std::string address, std::string ns);
  Publisher(const Publisher &) = delete;
  Publisher &operator=(const Publisher &) = delete;
  /// Sends what is queued (bounded by the retries), then stops.
  ~Publisher();
  /// Queues one event under topic; its type_url is the message's full name.
  void publish(std::string topic, const google::protobuf::MessageLite &event);

private:
  void loop(const std::stop_token &stop);
  bool send(const ForwardedEvent &event);
  std::string address_;
  std::string ns_;
  std::mutex mutex_;
  std::condition_variable_any cv_;
  std::deque<ForwardedEvent> queue_;
  std::unique_ptr<ttrpc::Client> client_;
  std::jthread thread_;
};

} // namespace runw::shim
