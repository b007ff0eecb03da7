// SPDX-License-Identifier: Apache-2.0
// runw start: open exec.fifo so the waiting init runs its program, then poststart hooks.
#include "container/common.h"
#include "linux/hooks.h"
#include "state/status.h"

#include "support/strings.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace runw::runtime {
namespace {

Result<void> checkStartable(const state::ContainerRecord &record, oci::ContainerStatus status) {
  switch (status) {
  case oci::ContainerStatus::Created:
    return {};
  case oci::ContainerStatus::Stopped:
    return fail(ErrorCode::Invalid, "cannot start a container that has stopped");
  case oci::ContainerStatus::Running:
  case oci::ContainerStatus::Paused:
    return fail(ErrorCode::Invalid, "cannot start an already running container");
  case oci::ContainerStatus::Creating:
    break;
  }
  return fail(ErrorCode::Invalid,
              strprintf("cannot start container {} in status creating", record.id));
}

// The init blocks in open(O_WRONLY) until this reader exists, then writes one byte. Polling
// with a timeout notices an init that died instead of waiting forever.
Result<void> releaseInit(const std::string &fifoPath, const state::ContainerRecord &record) {
  UniqueFd fifo(::open(fifoPath.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!fifo) {
    return failErrno("opening exec.fifo");
  }
  for (;;) {
    pollfd entry{fifo.get(), POLLIN, 0};
    const int ready = ::poll(&entry, 1, 100);
    if (ready < 0 && errno != EINTR) {
      return failErrno("poll on exec.fifo");
    }
    if (ready > 0) {
      char byte = 0;
      const ssize_t n = ::read(fifo.get(), &byte, 1);
      if (n == 1) {
        return {};
      }
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        return failErrno("reading exec.fifo");
      }
    }
    if (!TRY(state::isInitAlive(record.initPid, record.initStartTime))) {
      return fail(ErrorCode::Io, "container init exited before it was started");
    }
  }
}

} // namespace

Result<void> startContainer(const RuntimeOptions &options, std::string_view id) {
  state::StateStore store = TRY(container::openStore(options));
  state::ContainerLock lock =
      TRY(state::ContainerLock::acquire(store, id, state::LockMode::Exclusive));
  state::ContainerRecord record = TRY(store.load(id));
  TRY(checkStartable(record, TRY(container::liveStatus(store, record))));
  const std::string fifoPath = store.execFifoPath(id);
  TRY(releaseInit(fifoPath, record));
  ::unlink(fifoPath.c_str());
  record.status = oci::ContainerStatus::Running;
  TRY(store.save(lock, record));
  if (!container::mayHaveHooks(record, "poststart")) {
    return {};
  }
  const ContainerConfig config = TRY(container::recordConfig(options, record));
  if (!config.hooks.poststart.empty()) {
    const std::string json = container::stateJson(record, oci::ContainerStatus::Running);
    if (Result<void> ran = hooks::runHooks(config.hooks.poststart, "poststart", json); !ran) {
      container::warn(options, ran.error().describe());
    }
  }
  return {};
}

} // namespace runw::runtime
