// SPDX-License-Identifier: Apache-2.0
// The options of `runw-wasm run`: parsed from the words before the module, which belong to
// runw-wasm; everything from the module on belongs to the module.
#pragma once

#include "engine/wasi.h"
#include "support/result.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace runw::wasmtool {

struct RunCommandLine {
  std::optional<std::string> invoke; ///< --invoke NAME: call an export, no WASI
  std::vector<engine::wasi::Preopen> dirs;
  std::vector<std::string> env;       ///< KEY=VALUE
  std::vector<std::string> tcpListen; ///< ADDRESS:PORT listeners, preopened after the dirs
  std::optional<uint64_t> maxMemoryBytes;
  std::optional<double> timeoutSeconds;
  std::string module;
  std::vector<std::string_view> moduleArgs; ///< after the module
};

/// Parses `run`'s arguments. Options take their value as the next word or after '='.
///   --dir HOST[:GUEST][:ro]   preopen HOST as GUEST (default: HOST), read-only with :ro
///   --env KEY=VALUE | KEY     set a variable (KEY alone copies it from runw-wasm's environment)
///   --max-memory BYTES        cap every linear memory (suffixes K, M, G: powers of 1024)
///   --timeout SECONDS         stop the module after this long (decimals allowed)
///   --tcp-listen ADDR:PORT    listen on a TCP socket and preopen it (sock_accept)
Result<RunCommandLine> parseRunCommandLine(std::span<const std::string_view> words);

/// A --dir value as a preopen.
Result<engine::wasi::Preopen> parseDirOption(std::string_view value);

/// A byte count with an optional K/M/G (1024-based) suffix.
Result<uint64_t> parseByteSize(std::string_view text);

} // namespace runw::wasmtool
