// SPDX-License-Identifier: Apache-2.0
// Create, Start, Kill and Delete of a container: runw create/start/kill/delete.
#include "containerd/events/task.pb.h"
#include "task_internal.h"

#include <csignal>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::shim {

namespace {

Result<void> mountAll(const std::string &target,
                      const google::protobuf::RepeatedPtrField<containerd::types::Mount> &mounts) {
  for (const auto &m : mounts) {
    unsigned long flags = m.type() == "bind" ? static_cast<unsigned long>(MS_BIND) : 0UL;
    bool readOnly = false;
    std::string data;
    for (const std::string &opt : m.options()) {
      if (opt == "bind" || opt == "rbind") {
        flags |= MS_BIND | (opt == "rbind" ? static_cast<unsigned long>(MS_REC) : 0UL);
      } else if (opt == "ro") {
        readOnly = true;
      } else if (opt != "rw") {
        data += (data.empty() ? "" : ",") + opt;
      }
    }
    bool bind = (flags & MS_BIND) != 0;
    if (readOnly && !bind) {
      flags |= MS_RDONLY;
    }
    const char *fsData = bind || data.empty() ? nullptr : data.c_str();
    if (mount(m.source().c_str(), target.c_str(), m.type().c_str(), flags, fsData) != 0) {
      return failErrno("mounting " + m.type() + " " + m.source() + " on " + target);
    }
    if (readOnly && bind &&
        mount(nullptr, target.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
      return failErrno("remounting " + target + " read-only");
    }
  }
  return {};
}

void unmountAll(const std::string &target) {
  // Several mounts may be stacked there; detach until none is left.
  for (int i = 0; i < 8 && umount2(target.c_str(), MNT_DETACH) == 0; ++i) {
  }
}

} // namespace

Result<TaskProcess> TaskService::runCreate(const v2::CreateTaskRequest &req) {
  TaskProcess init;
  init.stdio = StdioPaths{req.stdin(), req.stdout(), req.stderr(), req.terminal()};
  std::string pidFile = req.bundle() + "/init.pid";
  // With a terminal, runw reads process.terminal from config.json (containerd sets it).
  init.console =
      TRY(runWithStdio(req.bundle(), {"create", "--bundle", req.bundle(), "--pid-file", pidFile},
                       req.id(), init.stdio));
  auto pid = readPid(pidFile);
  if (!pid.has_value()) {
    if (init.console != 0) {
      consoles_.remove(init.console);
    }
    return std::unexpected(std::move(pid).error());
  }
  init.pid = *pid;
  return init;
}

RpcReply<v2::CreateTaskResponse> TaskService::create(const v2::CreateTaskRequest &req) {
  if (!req.checkpoint().empty()) {
    return rpcFail(Code::Unimplemented, "restoring a checkpoint is not supported");
  }
  {
    std::lock_guard lock(mutex_);
    if (containers_.contains(req.id())) {
      return rpcFail(Code::AlreadyExists, "container " + req.id() + " already exists");
    }
  }
  std::string rootfs = req.bundle() + "/rootfs";
  if (req.rootfs_size() > 0) {
    if (mkdir(rootfs.c_str(), 0711) != 0 && errno != EEXIST) {
      return failed(Error{ErrorCode::Io, errno, "mkdir " + rootfs, {}});
    }
    if (auto mounted = mountAll(rootfs, req.rootfs()); !mounted.has_value()) {
      unmountAll(rootfs);
      return failed(mounted.error());
    }
  }
  auto since = std::chrono::system_clock::now();
  auto init = runCreate(req);
  if (!init.has_value()) {
    if (req.rootfs_size() > 0) {
      unmountAll(rootfs);
    }
    return failed(init.error());
  }
  pid_t pid = init->pid;
  // Before Start, so that an OOM right at the start is seen; the created init is already in
  // the container's cgroup.
  watchOom(req.id(), pid);
  std::unique_lock lock(mutex_);
  TaskContainer &c = containers_[req.id()];
  c.id = req.id();
  c.bundle = req.bundle();
  c.mounted = req.rootfs_size() > 0;
  c.init = std::move(*init);
  ev::TaskCreate event;
  event.set_container_id(req.id());
  event.set_bundle(req.bundle());
  for (const auto &m : req.rootfs()) {
    *event.add_rootfs() = m;
  }
  event.mutable_io()->set_stdin(req.stdin());
  event.mutable_io()->set_stdout(req.stdout());
  event.mutable_io()->set_stderr(req.stderr());
  event.mutable_io()->set_terminal(req.terminal());
  event.set_pid(u32(pid));
  publisher_.publish("/tasks/create", event);
  // Unlocked: a pid that has exited already runs onExit (which locks) right here.
  lock.unlock();
  watch(req.id(), "", pid, since);
  v2::CreateTaskResponse resp;
  resp.set_pid(u32(pid));
  return resp;
}

RpcReply<v2::StartResponse> TaskService::start(const v2::StartRequest &req) {
  if (!req.exec_id().empty()) {
    return startExec(req.id(), req.exec_id());
  }
  std::string bundle;
  {
    std::lock_guard lock(mutex_);
    TaskProcess *p = find(req.id(), "");
    if (p == nullptr) {
      return notFound(req.id(), "");
    }
    if (p->started || p->exited) {
      return rpcFail(Code::FailedPrecondition, "container " + req.id() + " was started already");
    }
    bundle = containers_.at(req.id()).bundle;
  }
  auto ran = runtime_.run(bundle, runtimeCall({"start", req.id()}));
  std::lock_guard lock(mutex_);
  TaskProcess *p = find(req.id(), "");
  if (p == nullptr) {
    return notFound(req.id(), "");
  }
  if (!ran.has_value()) {
    return failed(ran.error());
  }
  p->started = true;
  p->startPublished = true;
  ev::TaskStart event;
  event.set_container_id(req.id());
  event.set_pid(u32(p->pid));
  publisher_.publish("/tasks/start", event);
  if (p->exited) {
    publishExit(containers_.at(req.id()), *p);
  }
  v2::StartResponse resp;
  resp.set_pid(u32(p->pid));
  return resp;
}

RpcReply<Empty> TaskService::kill(const v2::KillRequest &req) {
  std::string bundle;
  pid_t pid = 0;
  {
    std::lock_guard lock(mutex_);
    TaskProcess *p = find(req.id(), req.exec_id());
    if (p == nullptr) {
      return notFound(req.id(), req.exec_id());
    }
    if (p->reaped) {
      return rpcFail(Code::NotFound, "process already finished");
    }
    bundle = containers_.at(req.id()).bundle;
    pid = p->pid;
    if (!req.exec_id().empty()) {
      if (pid <= 0) {
        return rpcFail(Code::FailedPrecondition, "process " + req.exec_id() + " is not started");
      }
      if (::kill(pid, static_cast<int>(req.signal())) != 0) {
        return failed(Error{ErrorCode::Io, errno, "kill", {}});
      }
      return Empty{};
    }
  }
  RuntimeCall call = runtimeCall({"kill"});
  if (req.all()) {
    call.args.emplace_back("--all");
  }
  call.args.push_back(req.id());
  call.args.push_back(std::to_string(req.signal()));
  auto ran = runtime_.run(bundle, call);
  if (!ran.has_value()) {
    std::lock_guard lock(mutex_);
    TaskProcess *p = find(req.id(), "");
    if (p != nullptr && p->reaped) {
      return rpcFail(Code::NotFound, "process already finished");
    }
    return failed(ran.error());
  }
  return Empty{};
}

RpcReply<v2::DeleteResponse> TaskService::remove(const v2::DeleteRequest &req) {
  std::unique_lock lock(mutex_);
  TaskProcess *p = find(req.id(), req.exec_id());
  if (p == nullptr) {
    return notFound(req.id(), req.exec_id());
  }
  if (!req.exec_id().empty()) {
    if (p->started && !p->exited) {
      return rpcFail(Code::FailedPrecondition, "process " + req.exec_id() + " is still running");
    }
    v2::DeleteResponse resp;
    resp.set_pid(u32(p->pid));
    resp.set_exit_status(p->exit.status);
    setTime(resp.mutable_exited_at(), p->exit.at);
    unlink(p->specPath.c_str());
    if (p->console != 0) {
      consoles_.remove(p->console);
    }
    containers_.at(req.id()).execs.erase(req.exec_id());
    return resp;
  }
  if (p->started && !p->exited) {
    return rpcFail(Code::FailedPrecondition, "container " + req.id() + " is still running");
  }
  std::string bundle = containers_.at(req.id()).bundle;
  bool mounted = containers_.at(req.id()).mounted;
  // The init's OOMs were published with its exit; deleteInRuntime unwatches them first.
  auto ran = deleteInRuntime(containers_.at(req.id()), lock);
  cv_.wait_for(lock, std::chrono::seconds(2), [&] {
    TaskProcess *q = find(req.id(), "");
    return q == nullptr || q->exited;
  });
  p = find(req.id(), "");
  if (p == nullptr) {
    return notFound(req.id(), "");
  }
  if (!ran.has_value()) {
    return failed(ran.error());
  }
  if (mounted) {
    unmountAll(bundle + "/rootfs");
  }
  TaskContainer &container = containers_.at(req.id());
  if (container.initExitDeferred) {
    publishExit(container, *p);
  }
  v2::DeleteResponse resp;
  resp.set_pid(u32(p->pid));
  resp.set_exit_status(p->exit.status);
  setTime(resp.mutable_exited_at(), p->exit.at);
  ev::TaskDelete event;
  event.set_container_id(req.id());
  event.set_id(req.id());
  event.set_pid(u32(p->pid));
  event.set_exit_status(p->exit.status);
  setTime(event.mutable_exited_at(), p->exit.at);
  publisher_.publish("/tasks/delete", event);
  forgetConsoles(container);
  containers_.erase(req.id());
  cv_.notify_all();
  return resp;
}

} // namespace runw::shim
