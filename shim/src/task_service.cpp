// SPDX-License-Identifier: Apache-2.0
// TaskService: containerd.task.v2.Task, creating and driving containers by running runw.
#include "task_service.h"

#include "containerd/events/task.pb.h"
#include "containerd/task/v2/shim.pb.h"
#include "task_internal.h"

#include "runtime/cgroup_watch.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <google/protobuf/empty.pb.h>

namespace runw::shim {

TaskService::TaskService(Reaper &reaper, RuntimeClient &runtime, Publisher &publisher,
                         MetricsKind metricsKind, std::function<void()> onShutdown)
    : reaper_(reaper), runtime_(runtime), publisher_(publisher), metricsKind_(metricsKind),
      onShutdown_(std::move(onShutdown)), oom_([this](const std::string &id) { onOomEvent(id); }) {}

TaskProcess *TaskService::find(const std::string &id, const std::string &execId) {
  auto it = containers_.find(id);
  if (it == containers_.end()) {
    return nullptr;
  }
  if (execId.empty()) {
    return &it->second.init;
  }
  auto exec = it->second.execs.find(execId);
  return exec == it->second.execs.end() ? nullptr : &exec->second;
}

void TaskService::publishExit(const TaskContainer &container, const TaskProcess &process) {
  ev::TaskExit exit;
  exit.set_container_id(container.id);
  exit.set_id(process.execId.empty() ? container.id : process.execId);
  exit.set_pid(u32(process.pid));
  exit.set_exit_status(process.exit.status);
  setTime(exit.mutable_exited_at(), process.exit.at);
  publisher_.publish("/tasks/exit", exit);
}

void TaskService::onExit(const std::string &id, const std::string &execId, const ExitInfo &info) {
  ConsoleLoop::Id console = 0;
  {
    std::lock_guard lock(mutex_);
    TaskProcess *process = find(id, execId);
    if (process == nullptr || process->reaped) {
      return;
    }
    // From now on the pid may be reused: nothing may signal it.
    process->reaped = true;
    console = process->console;
  }
  if (console == 0) {
    markExited(id, execId, info);
    return;
  }
  // The exit is reported once the terminal's output has reached the stdout fifo, so a client
  // that stops reading at the exit (ctr run -t) has seen all of it.
  consoles_.finish(console, [this, id, execId, info] { markExited(id, execId, info); });
}

void TaskService::markExited(const std::string &id, const std::string &execId,
                             const ExitInfo &info) {
  std::lock_guard lock(mutex_);
  TaskProcess *process = find(id, execId);
  if (process == nullptr || process->exited) {
    return;
  }
  // The kernel counts an OOM before it sends the SIGKILL, so an OOM that ended this process is
  // visible now: publish it ahead of the exit (the watcher thread may not have run yet).
  publishNewOoms(id);
  process->exited = true;
  process->exit = info;
  TaskContainer &container = containers_.at(id);
  if (execId.empty() && killRunningExecs(container)) {
    // The init's exit must be the container's last one (containerd marks the task stopped on
    // it): publish it when the last exec'd process has gone.
    container.initExitDeferred = true;
  } else if (process->startPublished) {
    // The start event must precede the exit; Start publishes the exit when it comes later.
    publishExit(container, *process);
  }
  if (!execId.empty() && container.initExitDeferred && !killRunningExecs(container)) {
    container.initExitDeferred = false;
    publishExit(container, container.init);
  }
  if (container.init.exited && !container.initExitDeferred) {
    startEarlyDelete(container);
  }
  cv_.notify_all();
}

void TaskService::startEarlyDelete(TaskContainer &container) {
  // A created-but-never-started init dies by Delete's own runw delete (deleting is set then).
  if (container.deleting || !container.init.started || container.earlyDelete.valid()) {
    return;
  }
  // The container has no process left, so nothing but Delete can follow (Kill, Exec and Start
  // refuse an exited init; Pids answers empty). Running runw delete now takes it off the path
  // from the exit to containerd's Delete. Poststop hooks still run before Delete returns.
  // Unwatch OOMs before runw removes the cgroup: v1 signals the eventfd once more on removal.
  oom_.remove(container.id);
  container.earlyDelete =
      std::async(std::launch::async, [this, bundle = container.bundle, id = container.id] {
        return runtime_.run(bundle, runtimeCall({"delete", "--force", id}));
      });
}

Result<RuntimeOutput> TaskService::deleteInRuntime(TaskContainer &container,
                                                   std::unique_lock<std::mutex> &lock) {
  container.deleting = true;
  std::future<Result<RuntimeOutput>> early = std::move(container.earlyDelete);
  const std::string bundle = container.bundle;
  const std::string id = container.id;
  oom_.remove(id);
  lock.unlock();
  if (early.valid()) {
    if (Result<RuntimeOutput> ran = early.get(); ran.has_value()) {
      lock.lock();
      return ran;
    }
    // An early delete that failed is retried, so the error reported is today's.
  }
  // A created-but-never-started init is killed by --force; its exit then arrives via onExit.
  Result<RuntimeOutput> ran = runtime_.run(bundle, runtimeCall({"delete", "--force", id}));
  lock.lock();
  return ran;
}

bool TaskService::killRunningExecs(const TaskContainer &container) {
  bool any = false;
  for (const auto &[execId, exec] : container.execs) {
    if (exec.started && !exec.exited && exec.pid > 0) {
      if (!exec.reaped) {
        // The container is gone with its init; what is left of it goes too.
        ::kill(exec.pid, SIGKILL);
      }
      any = true;
    }
  }
  return any;
}

void TaskService::forgetConsoles(const TaskContainer &container) {
  if (container.init.console != 0) {
    consoles_.remove(container.init.console);
  }
  for (const auto &[execId, exec] : container.execs) {
    if (exec.console != 0) {
      consoles_.remove(exec.console);
    }
  }
}

void TaskService::watchOom(const std::string &id, pid_t initPid) {
  auto added = [&]() -> Result<void> {
    runtime::OomNotifier notifier = TRY(runtime::oomNotifierOfProcess(initPid));
    return oom_.add(id, std::move(notifier.fd), std::move(notifier.eventsFile));
  }();
  if (!added.has_value()) {
    // The container runs without OOM events rather than not at all (e.g. no memory cgroup).
    std::fprintf(stderr, "runw-shim: no OOM events for %s: %s\n", id.c_str(),
                 added.error().describe().c_str());
  }
}

void TaskService::onOomEvent(const std::string &id) {
  std::lock_guard lock(mutex_);
  if (containers_.contains(id)) {
    publishNewOoms(id);
  }
}

void TaskService::publishNewOoms(const std::string &id) {
  // Called with mutex_ held, by the watcher and by onExit alike: whichever comes first
  // publishes, so the OOM is queued once and before the exit it caused.
  if (oom_.takeNewOoms(id)) {
    ev::TaskOOM event;
    event.set_container_id(id);
    publisher_.publish("/tasks/oom", event);
  }
}

void TaskService::watch(const std::string &id, const std::string &execId, pid_t pid,
                        std::chrono::system_clock::time_point since) {
  reaper_.watch(pid, since,
                [this, id, execId](pid_t, const ExitInfo &info) { onExit(id, execId, info); });
}

} // namespace runw::shim
