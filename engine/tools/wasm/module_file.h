// SPDX-License-Identifier: Apache-2.0
// Reading a module file and taking it through load and validate, with runw-wasm's messages.
#pragma once

#include "engine/engine.h"

#include <optional>
#include <string>

namespace runw::wasmtool {

/// Exit status when the module traps (as wasmtime: 128 + SIGABRT).
constexpr int kTrapExit = 134;
/// Exit status when --timeout stops the module (as timeout(1)).
constexpr int kTimeoutExit = 124;
/// Exit status for runw-wasm's own errors: bad options, unreadable or invalid modules.
constexpr int kErrorExit = 1;

/// Reads, decodes and validates the module at path; prints a one-line error and returns
/// nothing on failure.
std::optional<engine::ValidatedModule> loadValidated(const std::string &path);

} // namespace runw::wasmtool
