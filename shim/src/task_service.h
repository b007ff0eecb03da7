// SPDX-License-Identifier: Apache-2.0
// TaskService: containerd.task.v2.Task, creating and driving containers by running runw.
#pragma once

#include "console_loop.h"
#include "containerd/task/v2/shim.pb.h"
#include "events.h"
#include "metrics.h"
#include "oom_watcher.h"
#include "runtime_client.h"
#include "ttrpc/registry.h"

#include <condition_variable>
#include <functional>
#include <future>
#include <google/protobuf/empty.pb.h>
#include <map>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <vector>

namespace runw::shim {

/// The wire name of the service containerd 1.6+ calls for shim version 2.
inline constexpr std::string_view kTaskService = "containerd.task.v2.Task";
/// containerd 2.x's name for the same service and messages (shim version 3).
inline constexpr std::string_view kTaskServiceV3 = "containerd.task.v3.Task";

/// A handler's typed reply.
template <class T> using RpcReply = ttrpc::RpcResult<T>;

/// The stdio containerd asked for: fifo paths (or URIs; empty = none) and whether the process
/// gets a terminal.
struct StdioPaths {
  std::string in;
  std::string out;
  std::string err;
  bool terminal = false;
};

/// One process of a container: the init (empty exec id) or an exec'd one.
struct TaskProcess {
  std::string execId;
  StdioPaths stdio;
  std::string specPath; ///< exec only: the runtime-spec Process JSON for `runw exec --process`
  pid_t pid = 0;
  ConsoleLoop::Id console = 0; ///< the terminal's copy in ConsoleLoop, once it runs; 0 = none
  bool started = false;
  bool startPublished = false; ///< TaskStart/TaskExecStarted queued: the exit may follow
  bool reaped = false; ///< the pid is gone (waited for); a terminal's output may still drain
  bool exited = false; ///< reaped and drained: Wait, State and TaskExit report it
  ExitInfo exit;
};

/// What a handler that runs runw needs of a container, copied out under the lock.
struct ContainerRef {
  std::string bundle;
  bool exited = false; ///< the init has exited (and been reported)
};

/// One container the shim manages.
struct TaskContainer {
  std::string id;
  std::string bundle;
  TaskProcess init;
  std::map<std::string, TaskProcess> execs;
  bool paused = false;
  bool mounted = false;          ///< we mounted rootfs mounts on <bundle>/rootfs
  bool initExitDeferred = false; ///< init exited while execs ran; its TaskExit waits for them
  bool deleting = false;         ///< Delete has begun: exits now are its doing
  /// `runw delete --force` started when the container's last process exited, so Delete finds
  /// the work done (or under way) instead of starting it after containerd's round trip.
  std::future<Result<RuntimeOutput>> earlyDelete;
};

/// The Task service's state and handlers; every handler may run concurrently with the others.
class TaskService {
public:
  /// metricsKind: the message Stats answers with (v2 only on a pure cgroup v2 host).
  TaskService(Reaper &reaper, RuntimeClient &runtime, Publisher &publisher, MetricsKind metricsKind,
              std::function<void()> onShutdown);
  /// Adds every Task method under kTaskService.
  void registerAll(ttrpc::Registry &registry);

private:
  RpcReply<containerd::task::v2::CreateTaskResponse>
  create(const containerd::task::v2::CreateTaskRequest &req);
  RpcReply<containerd::task::v2::StartResponse>
  start(const containerd::task::v2::StartRequest &req);
  RpcReply<containerd::task::v2::StateResponse>
  state(const containerd::task::v2::StateRequest &req);
  RpcReply<containerd::task::v2::DeleteResponse>
  remove(const containerd::task::v2::DeleteRequest &req);
  RpcReply<containerd::task::v2::WaitResponse> wait(const ttrpc::CallContext &context,
                                                    const containerd::task::v2::WaitRequest &req);
  RpcReply<google::protobuf::Empty> kill(const containerd::task::v2::KillRequest &req);
  RpcReply<google::protobuf::Empty> exec(const containerd::task::v2::ExecProcessRequest &req);
  RpcReply<containerd::task::v2::PidsResponse> pids(const containerd::task::v2::PidsRequest &req);
  RpcReply<google::protobuf::Empty> pauseResume(const std::string &id, bool pause);
  RpcReply<google::protobuf::Empty> update(const containerd::task::v2::UpdateTaskRequest &req);
  RpcReply<containerd::task::v2::StatsResponse>
  stats(const containerd::task::v2::StatsRequest &req);
  RpcReply<containerd::task::v2::ConnectResponse>
  connect(const containerd::task::v2::ConnectRequest &req);
  RpcReply<google::protobuf::Empty> shutdown(const containerd::task::v2::ShutdownRequest &req);
  RpcReply<google::protobuf::Empty> closeIO(const containerd::task::v2::CloseIORequest &req);
  RpcReply<google::protobuf::Empty> resizePty(const containerd::task::v2::ResizePtyRequest &req);
  RpcReply<containerd::task::v2::StartResponse> startExec(const std::string &id,
                                                          const std::string &execId);
  Result<TaskProcess> runCreate(const containerd::task::v2::CreateTaskRequest &req);
  /// Runs runw `args... [--console-socket S] id` with the process's stdio; with a terminal the
  /// copy runs in consoles_ under the returned id (else 0).
  Result<ConsoleLoop::Id> runWithStdio(const std::string &bundle, std::vector<std::string> args,
                                       const std::string &id, const StdioPaths &stdio);
  Result<ConsoleLoop::Id> runWithTerminal(const std::string &bundle, std::vector<std::string> args,
                                          const std::string &id, const StdioPaths &stdio);
  TaskProcess *find(const std::string &id, const std::string &execId);
  /// The container's bundle and whether its init has exited, or NotFound.
  RpcReply<ContainerRef> lookup(const std::string &id);
  void onExit(const std::string &id, const std::string &execId, const ExitInfo &info);
  void markExited(const std::string &id, const std::string &execId, const ExitInfo &info);
  void forgetConsoles(const TaskContainer &container);
  void publishExit(const TaskContainer &container, const TaskProcess &process);
  bool killRunningExecs(const TaskContainer &container);
  void startEarlyDelete(TaskContainer &container);
  Result<RuntimeOutput> deleteInRuntime(TaskContainer &container,
                                        std::unique_lock<std::mutex> &lock);
  void watch(const std::string &id, const std::string &execId, pid_t pid,
             std::chrono::system_clock::time_point since);
  void watchOom(const std::string &id, pid_t initPid);
  void onOomEvent(const std::string &id);
  void publishNewOoms(const std::string &id);

  Reaper &reaper_;
  RuntimeClient &runtime_;
  Publisher &publisher_;
  MetricsKind metricsKind_;
  std::function<void()> onShutdown_;
  std::mutex mutex_;
  std::condition_variable_any cv_;
  std::map<std::string, TaskContainer> containers_;
  /// Destroyed before the state their threads' callbacks use (markExited, onOomEvent).
  OomWatcher oom_;
  ConsoleLoop consoles_;
};

} // namespace runw::shim
