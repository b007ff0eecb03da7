// SPDX-License-Identifier: Apache-2.0
// The Task method table of TaskService, and the handlers about a process's state.
#include "task_internal.h"
#include "ttrpc/unary.h"

#include <unistd.h>

namespace runw::shim {

void TaskService::registerAll(ttrpc::Registry &registry) {
  auto add = [&](const char *method, ttrpc::Handler handler) {
    registry.add(std::string(kTaskServiceV3), method, handler);
    registry.add(std::string(kTaskService), method, std::move(handler));
  };
  using ttrpc::unary;
  add("Create", unary<v2::CreateTaskRequest, v2::CreateTaskResponse>(
                    [this](const CallContext &, const auto &r) { return create(r); }));
  add("Start", unary<v2::StartRequest, v2::StartResponse>(
                   [this](const CallContext &, const auto &r) { return start(r); }));
  add("State", unary<v2::StateRequest, v2::StateResponse>(
                   [this](const CallContext &, const auto &r) { return state(r); }));
  add("Delete", unary<v2::DeleteRequest, v2::DeleteResponse>(
                    [this](const CallContext &, const auto &r) { return remove(r); }));
  add("Wait", unary<v2::WaitRequest, v2::WaitResponse>(
                  [this](const CallContext &c, const auto &r) { return wait(c, r); }));
  add("Kill", unary<v2::KillRequest, Empty>(
                  [this](const CallContext &, const auto &r) { return kill(r); }));
  add("Exec", unary<v2::ExecProcessRequest, Empty>(
                  [this](const CallContext &, const auto &r) { return exec(r); }));
  add("Pids", unary<v2::PidsRequest, v2::PidsResponse>(
                  [this](const CallContext &, const auto &r) { return pids(r); }));
  add("Pause", unary<v2::PauseRequest, Empty>([this](const CallContext &, const auto &r) {
        return pauseResume(r.id(), true);
      }));
  add("Resume", unary<v2::ResumeRequest, Empty>([this](const CallContext &, const auto &r) {
        return pauseResume(r.id(), false);
      }));
  add("Update", unary<v2::UpdateTaskRequest, Empty>(
                    [this](const CallContext &, const auto &r) { return update(r); }));
  add("Connect", unary<v2::ConnectRequest, v2::ConnectResponse>(
                     [this](const CallContext &, const auto &r) { return connect(r); }));
  add("Shutdown", unary<v2::ShutdownRequest, Empty>(
                      [this](const CallContext &, const auto &r) { return shutdown(r); }));
  add("CloseIO", unary<v2::CloseIORequest, Empty>(
                     [this](const CallContext &, const auto &r) { return closeIO(r); }));
  add("ResizePty", unary<v2::ResizePtyRequest, Empty>(
                       [this](const CallContext &, const auto &r) { return resizePty(r); }));
  add("Stats", unary<v2::StatsRequest, v2::StatsResponse>(
                   [this](const CallContext &, const auto &r) { return stats(r); }));
  add("Checkpoint", unary<v2::CheckpointTaskRequest, Empty>([](const CallContext &, const auto &) {
        return RpcReply<Empty>(rpcFail(Code::Unimplemented, "checkpoint not implemented"));
      }));
}

RpcReply<v2::StateResponse> TaskService::state(const v2::StateRequest &req) {
  std::lock_guard lock(mutex_);
  TaskProcess *p = find(req.id(), req.exec_id());
  if (p == nullptr) {
    return notFound(req.id(), req.exec_id());
  }
  const TaskContainer &c = containers_.at(req.id());
  v2::StateResponse resp;
  resp.set_id(req.id());
  resp.set_exec_id(req.exec_id());
  resp.set_bundle(c.bundle);
  resp.set_pid(u32(p->pid));
  resp.set_stdin(p->stdio.in);
  resp.set_stdout(p->stdio.out);
  resp.set_stderr(p->stdio.err);
  resp.set_terminal(p->stdio.terminal);
  if (p->exited) {
    resp.set_status(containerd::v1::types::STOPPED);
    resp.set_exit_status(p->exit.status);
    setTime(resp.mutable_exited_at(), p->exit.at);
  } else if (!p->started) {
    resp.set_status(containerd::v1::types::CREATED);
  } else if (c.paused) {
    resp.set_status(containerd::v1::types::PAUSED);
  } else {
    resp.set_status(containerd::v1::types::RUNNING);
  }
  return resp;
}

RpcReply<v2::WaitResponse> TaskService::wait(const CallContext &context,
                                             const v2::WaitRequest &req) {
  std::unique_lock lock(mutex_);
  bool done = cv_.wait(lock, context.stop, [&] {
    TaskProcess *p = find(req.id(), req.exec_id());
    return p == nullptr || p->exited;
  });
  TaskProcess *p = find(req.id(), req.exec_id());
  if (p == nullptr) {
    return notFound(req.id(), req.exec_id());
  }
  if (!done) {
    return rpcFail(Code::Cancelled, "wait cancelled");
  }
  v2::WaitResponse resp;
  resp.set_exit_status(p->exit.status);
  setTime(resp.mutable_exited_at(), p->exit.at);
  return resp;
}

RpcReply<v2::ConnectResponse> TaskService::connect(const v2::ConnectRequest &req) {
  std::lock_guard lock(mutex_);
  v2::ConnectResponse resp;
  resp.set_shim_pid(u32(getpid()));
  TaskProcess *p = find(req.id(), "");
  if (p != nullptr) {
    resp.set_task_pid(u32(p->pid));
  }
  resp.set_version("runw");
  return resp;
}

RpcReply<Empty> TaskService::shutdown(const v2::ShutdownRequest &) {
  std::lock_guard lock(mutex_);
  if (containers_.empty()) {
    onShutdown_();
  }
  return Empty{};
}

} // namespace runw::shim
