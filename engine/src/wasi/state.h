// SPDX-License-Identifier: Apache-2.0
// WasiContext::State: everything a WASI call reads or changes.
#pragma once

#include "fd_table.h"
#include "sandbox.h"

#include "engine/wasi.h"

#include <optional>
#include <string>
#include <vector>

namespace runw::engine::wasi {

struct WasiContext::State {
  explicit State(bool forceComponentWalk) : sandbox(forceComponentWalk) {}

  std::vector<std::string> args;
  std::vector<std::string> env;
  FdTable fds;
  Sandbox sandbox;
  /// Set by proc_exit.
  std::optional<uint32_t> exitCode;
};

} // namespace runw::engine::wasi
