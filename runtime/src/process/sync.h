// SPDX-License-Identifier: Apache-2.0
// The sync socket between runw and the processes it forks: typed messages, one per datagram.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace runw::runtime::process {

/// What a message says. The child side sends everything but Go, MapIdsDone and HooksDone.
enum class SyncType : uint32_t {
  Go = 1,         ///< parent → child: the child is in its cgroup, carry on
  MapIds = 2,     ///< child → parent: value = pid that unshared its user namespace
  MapIdsDone = 3, ///< parent → child: uid/gid maps are written
  InitPid = 4,    ///< child → parent: value = host pid of the container init
  RunHooks = 5,   ///< init → parent: run prestart and createRuntime hooks now
  HooksDone = 6,  ///< parent → init: they ran
  Warning = 7,    ///< child → parent: text to log as a warning
  Ready = 8,      ///< init → parent: set up; waiting for start (or running, for exec)
  Error = 9,      ///< child → parent: text = why setup failed; the child exits
};

/// One message.
struct SyncMessage {
  SyncType type = SyncType::Error;
  int64_t value = 0;
  std::string text;
};

/// A connected SOCK_SEQPACKET pair, both ends close-on-exec: {parent end, child end}.
Result<std::pair<UniqueFd, UniqueFd>> makeSyncPair();

/// Sends one message (text is cut at 60 KiB).
Result<void> sendSync(int fd, SyncType type, int64_t value = 0, std::string_view text = {});

/// Receives one message. A peer that closed its end gives ErrorCode::NotFound
/// ("the container process exited during setup").
Result<SyncMessage> receiveSync(int fd);

/// Receives one message and checks its type; an Error message becomes a failure with its text.
Result<SyncMessage> expectSync(int fd, SyncType type);

} // namespace runw::runtime::process
