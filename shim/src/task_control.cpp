// SPDX-License-Identifier: Apache-2.0
// Pids, Pause, Resume, Update and Stats of a running container (runw ps, pause, resume,
// update, events).
#include "containerd/events/task.pb.h"
#include "task_internal.h"

#include <cctype>

namespace runw::shim {

RpcReply<ContainerRef> TaskService::lookup(const std::string &id) {
  std::lock_guard lock(mutex_);
  auto it = containers_.find(id);
  if (it == containers_.end()) {
    return notFound(id, "");
  }
  return ContainerRef{it->second.bundle, it->second.init.exited};
}

RpcReply<v2::PidsResponse> TaskService::pids(const v2::PidsRequest &req) {
  const auto container = lookup(req.id());
  if (!container.has_value()) {
    return std::unexpected(container.error());
  }
  if (container->exited) {
    // runw's state may be gone already (the early delete); an exited container has no pids.
    return v2::PidsResponse{};
  }
  const std::string &bundle = container->bundle;
  auto ran = runtime_.run(bundle, runtimeCall({"ps", "--format", "json", req.id()}));
  if (!ran.has_value()) {
    return failed(ran.error());
  }
  // The output is a JSON array of numbers.
  v2::PidsResponse resp;
  std::uint32_t value = 0;
  bool inNumber = false;
  for (char ch : ran->out) {
    if (std::isdigit(static_cast<unsigned char>(ch)) != 0) {
      value = value * 10 + static_cast<std::uint32_t>(ch - '0');
      inNumber = true;
    } else if (inNumber) {
      resp.add_processes()->set_pid(value);
      value = 0;
      inNumber = false;
    }
  }
  return resp;
}

RpcReply<Empty> TaskService::pauseResume(const std::string &id, bool pause) {
  const auto container = lookup(id);
  if (!container.has_value()) {
    return std::unexpected(container.error());
  }
  const std::string &bundle = container->bundle;
  auto ran = runtime_.run(bundle, runtimeCall({pause ? "pause" : "resume", id}));
  if (!ran.has_value()) {
    return failed(ran.error());
  }
  std::lock_guard lock(mutex_);
  auto it = containers_.find(id);
  if (it != containers_.end()) {
    it->second.paused = pause;
  }
  if (pause) {
    ev::TaskPaused event;
    event.set_container_id(id);
    publisher_.publish("/tasks/paused", event);
  } else {
    ev::TaskResumed event;
    event.set_container_id(id);
    publisher_.publish("/tasks/resumed", event);
  }
  return Empty{};
}

RpcReply<Empty> TaskService::update(const v2::UpdateTaskRequest &req) {
  const auto container = lookup(req.id());
  if (!container.has_value()) {
    return std::unexpected(container.error());
  }
  const std::string &bundle = container->bundle;
  RuntimeCall call = runtimeCall({"update", "--resources", "-", req.id()});
  call.input = req.resources().value();
  auto ran = runtime_.run(bundle, call);
  if (!ran.has_value()) {
    return failed(ran.error());
  }
  return Empty{};
}

RpcReply<v2::StatsResponse> TaskService::stats(const v2::StatsRequest &req) {
  const auto container = lookup(req.id());
  if (!container.has_value()) {
    return std::unexpected(container.error());
  }
  if (container->exited) {
    // Its cgroup went with the early runw delete (runw events refuses stopped ones anyway).
    return rpcFail(Code::FailedPrecondition, "container " + req.id() + " has exited");
  }
  const std::string &bundle = container->bundle;
  // runw reads the cgroup (v1, v2 or hybrid) and prints runc's stats JSON: one code path for
  // cgroup counters.
  auto ran = runtime_.run(bundle, runtimeCall({"events", "--stats", req.id()}));
  if (!ran.has_value()) {
    return failed(std::move(ran).context("stats of container " + req.id()).error());
  }
  auto metrics = metricsFromStatsEvent(ran->out, metricsKind_);
  if (!metrics.has_value()) {
    return failed(metrics.error());
  }
  v2::StatsResponse resp;
  *resp.mutable_stats() = std::move(*metrics);
  return resp;
}

} // namespace runw::shim
