// SPDX-License-Identifier: Apache-2.0
// Glue between the CLI's global options and the lifecycle API's RuntimeOptions.
#pragma once

#include "commands.h"

#include "runtime/container.h"

namespace runw::runtime::cli {

/// RuntimeOptions whose warnings and debug lines go to the command's log.
RuntimeOptions runtimeOptions(CommandContext &context);

/// Parses a signal: a number, a name ("KILL") or a SIG-prefixed name ("SIGKILL").
Result<int> parseSignal(std::string_view text);

/// Parses an integer flag value; names the flag in the error.
Result<int> intFlag(const ParsedFlags &flags, std::string_view name, int fallback);

} // namespace runw::runtime::cli
