// SPDX-License-Identifier: Apache-2.0
// Waiting in the foreground for a container process (runw run, runw exec without --detach).
#pragma once

#include "support/result.h"

#include <sys/types.h>

namespace runw::runtime::container {

/// Makes runw a child subreaper, so a container process whose stage-1 parent exits is
/// reparented to runw and can be waited for, and blocks the signals it forwards (handled by
/// waitForeground). Call before spawning.
Result<void> prepareForeground();

/// Waits until pid exits, reaping every other child that ends meanwhile and forwarding
/// SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and SIGWINCH to it. Returns its exit
/// status, 128+signal when a signal ended it.
Result<int> waitForeground(pid_t pid);

} // namespace runw::runtime::container
