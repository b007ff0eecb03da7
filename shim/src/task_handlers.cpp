// SPDX-License-Identifier: Apache-2.0
// The containerd.task.v2.Task methods of TaskService, each a call or two of the runw CLI.
#include "console_socket.h"
#include "containerd/events/task.pb.h"
#include "stdio_fifo.h"
#include "task_service.h"
#include "ttrpc/unary.h"

#include <cctype>
#include <csignal>
#include <fstream>
#include <limits>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::shim {

namespace v2 = containerd::task::v2;
namespace ev = containerd::events;
using google::protobuf::Empty;
using ttrpc::CallContext;
using ttrpc::Code;
using ttrpc::rpcFail;

namespace {

// runw has exited when we look, so its connection is queued already; this only bounds a
// container process that connected but never sends the master.
constexpr std::chrono::seconds kConsoleTimeout{10};

void setTime(google::protobuf::Timestamp *ts, std::chrono::system_clock::time_point at) {
  if (at.time_since_epoch().count() == 0) {
    return;
  }
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
  ts->set_seconds(ns / 1000000000);
  ts->set_nanos(static_cast<std::int32_t>(ns % 1000000000));
}

std::uint32_t u32(pid_t pid) { return static_cast<std::uint32_t>(pid); }

std::unexpected<ttrpc::Status> failed(const Error &error) {
  return std::unexpected(ttrpc::statusFromError(error));
}

std::unexpected<ttrpc::Status> notFound(const std::string &id, const std::string &execId) {
  return rpcFail(Code::NotFound, execId.empty() ? "container " + id + " not found"
                                                : "process " + execId + " of " + id + " not found");
}

Result<pid_t> readPid(const std::string &path) {
  std::ifstream in(path);
  long pid = 0;
  if (!(in >> pid) || pid <= 0) {
    return fail(ErrorCode::Io, "reading pid file " + path);
  }
  return static_cast<pid_t>(pid);
}

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

struct Stdio {
  UniqueFd in;
  UniqueFd out;
  UniqueFd err;
};

Result<Stdio> openAll(const StdioPaths &paths) {
  Stdio stdio;
  stdio.in = TRY(openStdio(paths.in, false));
  stdio.out = TRY(openStdio(paths.out, true));
  stdio.err = TRY(openStdio(paths.err, true));
  return stdio;
}

std::unexpected<ttrpc::Status> noTerminal(const std::string &id, const std::string &execId) {
  return rpcFail(Code::FailedPrecondition,
                 (execId.empty() ? "container " + id : "process " + execId + " of " + id) +
                     " has no terminal");
}

} // namespace

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

Result<ConsoleLoop::Id> TaskService::runWithStdio(const std::string &bundle,
                                                  std::vector<std::string> args,
                                                  const std::string &id, const StdioPaths &stdio) {
  if (stdio.terminal) {
    return runWithTerminal(bundle, std::move(args), id, stdio);
  }
  // Without a terminal the fifos are the process's own stdio: nothing to copy, and the shim
  // keeps no writer on stdin, so the process reads EOF when containerd closes its end.
  Stdio fds = TRY(openAll(stdio));
  RuntimeCall call = runtimeCall(std::move(args));
  call.args.push_back(id);
  call.stdinFd = fds.in.get();
  call.stdoutFd = fds.out.get();
  call.stderrFd = fds.err.get();
  TRY(runtime_.run(bundle, call));
  return ConsoleLoop::Id{0};
}

Result<ConsoleLoop::Id> TaskService::runWithTerminal(const std::string &bundle,
                                                     std::vector<std::string> args,
                                                     const std::string &id,
                                                     const StdioPaths &stdio) {
  // Opened first: a bad path then fails before there is a process to clean up.
  TerminalStdio fifos = TRY(openTerminalStdio(stdio.in, stdio.out));
  ConsoleSocket socket = TRY(ConsoleSocket::create());
  RuntimeCall call = runtimeCall(std::move(args));
  call.args.insert(call.args.end(), {"--console-socket", socket.path(), id});
  // runw's own stdio is /dev/null, as runc's is under containerd's shim: the process gets the
  // pty slave, and runw reports errors through its --log file.
  UniqueFd null = TRY(openStdio("", false));
  call.stdinFd = null.get();
  call.stdoutFd = null.get();
  call.stderrFd = null.get();
  TRY(runtime_.run(bundle, call));
  UniqueFd master = TRY(socket.receiveMaster(kConsoleTimeout));
  return consoles_.add(std::move(master), std::move(fifos));
}

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

RpcReply<v2::PidsResponse> TaskService::pids(const v2::PidsRequest &req) {
  std::string bundle;
  {
    std::lock_guard lock(mutex_);
    auto it = containers_.find(req.id());
    if (it == containers_.end()) {
      return notFound(req.id(), "");
    }
    if (it->second.init.exited) {
      // runw's state may be gone already (the early delete); an exited container has no pids.
      return v2::PidsResponse{};
    }
    bundle = it->second.bundle;
  }
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
  std::string bundle;
  {
    std::lock_guard lock(mutex_);
    auto it = containers_.find(id);
    if (it == containers_.end()) {
      return notFound(id, "");
    }
    bundle = it->second.bundle;
  }
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
  std::string bundle;
  {
    std::lock_guard lock(mutex_);
    auto it = containers_.find(req.id());
    if (it == containers_.end()) {
      return notFound(req.id(), "");
    }
    bundle = it->second.bundle;
  }
  RuntimeCall call = runtimeCall({"update", "--resources", "-", req.id()});
  call.input = req.resources().value();
  auto ran = runtime_.run(bundle, call);
  if (!ran.has_value()) {
    return failed(ran.error());
  }
  return Empty{};
}

RpcReply<v2::StatsResponse> TaskService::stats(const v2::StatsRequest &req) {
  std::string bundle;
  {
    std::lock_guard lock(mutex_);
    auto it = containers_.find(req.id());
    if (it == containers_.end()) {
      return notFound(req.id(), "");
    }
    if (it->second.init.exited) {
      // Its cgroup went with the early runw delete (runw events refuses stopped ones anyway).
      return rpcFail(Code::FailedPrecondition, "container " + req.id() + " has exited");
    }
    bundle = it->second.bundle;
  }
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

RpcReply<Empty> TaskService::closeIO(const v2::CloseIORequest &req) {
  std::lock_guard lock(mutex_);
  TaskProcess *p = find(req.id(), req.exec_id());
  if (p == nullptr) {
    return notFound(req.id(), req.exec_id());
  }
  // Without a terminal there is no shim-side stdin: the process holds the fifo itself and reads
  // EOF when containerd closes its end.
  if (req.stdin() && p->console != 0) {
    consoles_.closeStdin(p->console);
  }
  return Empty{};
}

RpcReply<Empty> TaskService::resizePty(const v2::ResizePtyRequest &req) {
  std::lock_guard lock(mutex_);
  TaskProcess *p = find(req.id(), req.exec_id());
  if (p == nullptr) {
    return notFound(req.id(), req.exec_id());
  }
  if (!p->stdio.terminal) {
    return noTerminal(req.id(), req.exec_id());
  }
  if (p->console == 0) {
    return rpcFail(Code::FailedPrecondition, "the terminal of process " + req.exec_id() +
                                                 " does not exist until it is started");
  }
  constexpr std::uint32_t kMax = std::numeric_limits<std::uint16_t>::max();
  if (req.width() > kMax || req.height() > kMax) {
    return rpcFail(Code::InvalidArgument, "terminal size " + std::to_string(req.width()) + "x" +
                                              std::to_string(req.height()) + " is too large");
  }
  auto resized = consoles_.resize(p->console, static_cast<std::uint16_t>(req.width()),
                                  static_cast<std::uint16_t>(req.height()));
  if (!resized.has_value()) {
    return failed(resized.error());
  }
  return Empty{};
}

RpcReply<Empty> TaskService::shutdown(const v2::ShutdownRequest &) {
  std::lock_guard lock(mutex_);
  if (containers_.empty()) {
    onShutdown_();
  }
  return Empty{};
}

} // namespace runw::shim
