// SPDX-License-Identifier: Apache-2.0
// `runw-wasm run MODULE ARGS...`: runs a WASI command with the process's stdio.
#pragma once

#include "run_options.h"

namespace runw::wasmtool {

/// Runs the module of line as a WASI command and returns runw-wasm's exit status: the
/// module's exit code, kTrapExit on a trap, kTimeoutExit when --timeout stopped it,
/// kErrorExit when it could not start.
int runWasiCommand(const RunCommandLine &line);

} // namespace runw::wasmtool
