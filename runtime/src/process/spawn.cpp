// SPDX-License-Identifier: Apache-2.0
// spawnContainerProcess: fork, cgroup placement, then the parent's half of the sync protocol.
#include "process/spawn.h"

#include "process/sync.h"

#include "support/strings.h"

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

namespace runw::runtime::process {
namespace {

void reap(pid_t pid) {
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

// The parent's side: answers until the container process says Ready (or fails).
class SpawnSession {
public:
  SpawnSession(SpawnRequest &request, int syncFd, pid_t stage1)
      : request_(request), syncFd_(syncFd), stage1_(stage1) {}

  Result<Spawned> serve() {
    if (request_.cgroup != nullptr) {
      TRY(request_.cgroup->addProcess(stage1_).context("joining the container cgroup"));
    }
    TRY(sendSync(syncFd_, SyncType::Go));
    for (;;) {
      const SyncMessage message = TRY(receiveSync(syncFd_));
      if (message.type == SyncType::Ready) {
        return Spawned{initPid_, message.value != 0};
      }
      TRY(handle(message));
    }
  }

  void killAll() {
    if (initPid_ > 0) {
      ::kill(initPid_, SIGKILL);
    }
    if (stage1_ > 0) {
      ::kill(stage1_, SIGKILL);
      reap(stage1_);
      stage1_ = 0;
    }
  }

private:
  Result<void> handle(const SyncMessage &message) {
    switch (message.type) {
    case SyncType::MapIds:
      TRY(ns::writeIdMappings(static_cast<pid_t>(message.value),
                              request_.context.config->namespaces, false));
      return sendSync(syncFd_, SyncType::MapIdsDone);
    case SyncType::InitPid:
      initPid_ = static_cast<pid_t>(message.value);
      reap(stage1_);
      stage1_ = 0;
      return sendSync(syncFd_, SyncType::Go);
    case SyncType::RunHooks: {
      const std::string stateJson = TRY(request_.runParentHooks(initPid_));
      return sendSync(syncFd_, SyncType::HooksDone, 0, stateJson);
    }
    case SyncType::Warning:
      if (request_.warn) {
        request_.warn(message.text);
      }
      return {};
    case SyncType::Error:
      return fail(ErrorCode::Io, message.text);
    default:
      return fail(ErrorCode::Internal, strprintf("sync socket: unexpected message {}",
                                                 static_cast<uint32_t>(message.type)));
    }
  }

  SpawnRequest &request_;
  int syncFd_;
  pid_t stage1_;
  pid_t initPid_ = 0;
};

} // namespace

Result<Spawned> spawnContainerProcess(SpawnRequest &request) {
  auto [parentEnd, childEnd] = TRY(makeSyncPair());
  const pid_t stage1 = ::fork();
  if (stage1 < 0) {
    return failErrno("fork");
  }
  if (stage1 == 0) {
    if (request.lock != nullptr) {
      request.lock->closeInForkedChild();
    }
    parentEnd.reset();
    InitContext context = request.context;
    context.syncFd = childEnd.get();
    runStage1(context);
  }
  childEnd.reset();
  SpawnSession session(request, parentEnd.get(), stage1);
  Result<Spawned> spawned = session.serve();
  if (!spawned) {
    session.killAll();
  }
  return spawned;
}

} // namespace runw::runtime::process
