// SPDX-License-Identifier: Apache-2.0
// Publisher: one thread that forwards task events to containerd in the order they were queued.
#include "events.h"

#include <chrono>
#include <cstdio>

namespace runw::shim {

namespace {
constexpr int kAttempts = 5;
} // namespace

Publisher::Publisher(std::string address, std::string ns)
    : address_(std::move(address)), ns_(std::move(ns)),
      thread_([this](const std::stop_token &stop) { loop(stop); }) {}

Publisher::~Publisher() {
  thread_.request_stop();
  cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Publisher::publish(std::string topic, const google::protobuf::MessageLite &event) {
  ForwardedEvent forwarded;
  forwarded.ns = ns_;
  forwarded.topic = std::move(topic);
  forwarded.typeUrl = event.GetTypeName();
  forwarded.timestamp = std::chrono::system_clock::now();
  if (!event.SerializeToString(&forwarded.value)) {
    return;
  }
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(forwarded));
  }
  cv_.notify_all();
}

void Publisher::loop(const std::stop_token &stop) {
  while (true) {
    ForwardedEvent event;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, stop, [&] { return !queue_.empty(); });
      if (queue_.empty()) {
        return; // stop requested and nothing left
      }
      event = std::move(queue_.front());
      queue_.pop_front();
    }
    if (!send(event)) {
      std::fprintf(stderr, "runw-shim: dropping event %s\n", event.topic.c_str());
    }
  }
}

bool Publisher::send(const ForwardedEvent &event) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
    }
    if (!client_ || client_->closed()) {
      auto connected = ttrpc::Client::connect(address_);
      if (!connected.has_value()) {
        continue;
      }
      client_ = std::move(*connected);
    }
    auto sent = forwardEvent(*client_, event);
    if (sent.has_value()) {
      return true;
    }
    std::fprintf(stderr, "runw-shim: forwarding %s: %s\n", event.topic.c_str(),
                 ttrpc::describe(sent.error()).c_str());
    if (sent.error().code != ttrpc::Code::Unavailable) {
      return false;
    }
  }
  return false;
}

} // namespace runw::shim
