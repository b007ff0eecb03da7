// SPDX-License-Identifier: Apache-2.0
// `runw-wasm run --invoke NAME MODULE ARGS...`.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace runw::wasmtool {

/// Calls export name of the module at path with rawArgs parsed by its parameter types, prints
/// the results one per line, and returns the exit status.
int invokeExport(const std::string &path, std::string_view name,
                 std::span<const std::string_view> rawArgs);

} // namespace runw::wasmtool
