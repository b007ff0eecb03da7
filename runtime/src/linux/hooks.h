// SPDX-License-Identifier: Apache-2.0
// Running OCI hooks: the program gets the container state on stdin and may have a timeout.
#pragma once

#include "spec/container_config.h"

#include "support/result.h"

#include <string_view>
#include <vector>

namespace runw::runtime::hooks {

/// Runs one hook and waits for it. Fails when it cannot start, exits non-zero, is killed, or
/// outlives timeoutSeconds (then it is killed with SIGKILL). Its stdout and stderr are runw's.
Result<void> runHook(const HookConfig &hook, std::string_view stateJson);

/// Runs hooks in order, stopping at the first failure; errors name the stage and the index
/// ("createRuntime hook #1: ...").
Result<void> runHooks(const std::vector<HookConfig> &hooks, std::string_view stage,
                      std::string_view stateJson);

} // namespace runw::runtime::hooks
