// SPDX-License-Identifier: Apache-2.0
// Exec and its Start: an extra process in a running container (runw exec).
#include "containerd/events/task.pb.h"
#include "task_internal.h"

#include <unistd.h>

namespace runw::shim {

RpcReply<Empty> TaskService::exec(const v2::ExecProcessRequest &req) {
  std::lock_guard lock(mutex_);
  auto it = containers_.find(req.id());
  if (it == containers_.end()) {
    return notFound(req.id(), "");
  }
  if (req.exec_id().empty() || it->second.execs.contains(req.exec_id())) {
    return rpcFail(Code::AlreadyExists, "exec id " + req.exec_id() + " already exists");
  }
  TaskProcess p;
  p.execId = req.exec_id();
  p.stdio = StdioPaths{req.stdin(), req.stdout(), req.stderr(), req.terminal()};
  p.specPath = it->second.bundle + "/" + req.exec_id() + ".process.json";
  std::ofstream spec(p.specPath, std::ios::trunc);
  spec << req.spec().value();
  spec.close();
  if (!spec) {
    return rpcFail(Code::Internal, "writing " + p.specPath);
  }
  it->second.execs.emplace(req.exec_id(), std::move(p));
  ev::TaskExecAdded event;
  event.set_container_id(req.id());
  event.set_exec_id(req.exec_id());
  publisher_.publish("/tasks/exec-added", event);
  return Empty{};
}

RpcReply<v2::StartResponse> TaskService::startExec(const std::string &id,
                                                   const std::string &execId) {
  std::string bundle;
  std::string spec;
  StdioPaths stdio;
  {
    std::lock_guard lock(mutex_);
    TaskProcess *p = find(id, execId);
    if (p == nullptr) {
      return notFound(id, execId);
    }
    if (p->started) {
      return rpcFail(Code::FailedPrecondition, "process " + execId + " was started already");
    }
    TaskProcess &init = containers_.at(id).init;
    if (init.exited || !init.started) {
      return rpcFail(Code::FailedPrecondition, "container " + id + " is not running");
    }
    bundle = containers_.at(id).bundle;
    spec = p->specPath;
    stdio = p->stdio;
  }
  std::string pidFile = bundle + "/" + execId + ".pid";
  std::vector<std::string> args{"exec", "--process", spec, "--detach", "--pid-file", pidFile};
  if (stdio.terminal) {
    // runw takes process.terminal from the spec file containerd wrote; --tty says the same.
    args.emplace_back("--tty");
  }
  auto since = std::chrono::system_clock::now();
  auto console = runWithStdio(bundle, std::move(args), id, stdio);
  auto pid = console.has_value() ? readPid(pidFile) : std::unexpected(console.error());
  unlink(pidFile.c_str());
  std::unique_lock lock(mutex_);
  TaskProcess *p = find(id, execId);
  if (p == nullptr || !pid.has_value()) {
    if (console.has_value() && *console != 0) {
      consoles_.remove(*console);
    }
    return p == nullptr ? notFound(id, execId) : failed(pid.error());
  }
  p->pid = *pid;
  p->console = *console;
  p->started = true;
  p->startPublished = true;
  ev::TaskExecStarted event;
  event.set_container_id(id);
  event.set_exec_id(execId);
  event.set_pid(u32(*pid));
  publisher_.publish("/tasks/exec-started", event);
  lock.unlock();
  watch(id, execId, *pid, since);
  v2::StartResponse resp;
  resp.set_pid(u32(*pid));
  return resp;
}

} // namespace runw::shim
