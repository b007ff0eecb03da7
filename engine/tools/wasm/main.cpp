// SPDX-License-Identifier: Apache-2.0
// runw-wasm: run, compile or validate a WebAssembly module outside any container.
#include "invoke.h"
#include "module_file.h"
#include "run_options.h"
#include "run_wasi.h"

#include "engine/engine.h"

#include <fmt/format.h>

#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace runw::wasmtool;

constexpr const char *kUsage =
    "usage: runw-wasm run [OPTIONS] MODULE.wasm [ARGS...]   run a WASI command\n"
    "         --dir HOST[:GUEST][:ro]   preopen a host directory (read-only with :ro)\n"
    "         --env KEY=VALUE | KEY     set an environment variable (KEY: copy runw-wasm's)\n"
    "         --max-memory BYTES        cap linear memory (suffix K, M or G)\n"
    "         --timeout SECONDS         stop the module after this long\n"
    "         --tcp-listen ADDR:PORT    preopen a listening TCP socket (after the dirs)\n"
    "       runw-wasm run --invoke NAME MODULE.wasm [ARG...]   call an export, print results\n"
    "       runw-wasm validate MODULE.wasm\n"
    "       runw-wasm compile MODULE.wasm          AOT (not implemented yet)\n"
    "exit status: the module's exit code; 134 on a trap; 124 on --timeout; 1 when the module\n"
    "cannot start (bad option, unreadable or invalid module, missing import)\n";

int validateCommand(const std::string &path) {
  if (!loadValidated(path)) {
    return kErrorExit;
  }
  fmt::print("{}: valid\n", path);
  return 0;
}

int runCommand(std::span<const std::string_view> words) {
  auto line = parseRunCommandLine(words);
  if (!line) {
    fmt::print(stderr, "runw-wasm: {}\n", line.error().describe());
    return kErrorExit;
  }
  if (line->invoke) {
    return invokeExport(line->module, *line->invoke, line->moduleArgs);
  }
  return runWasiCommand(*line);
}

} // namespace

int main(int argc, char **argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? kErrorExit : 0;
  }
  if (args[0] == "--version") {
    fmt::print("runw-wasm {} (WebAssembly {}, WASI preview1)\n", runw::engine::version(),
               runw::engine::targetWasmVersion());
    return 0;
  }
  if (args[0] == "validate") {
    if (args.size() != 2) {
      fmt::print(stderr, "runw-wasm: validate takes exactly one module\n");
      return kErrorExit;
    }
    return validateCommand(std::string(args[1]));
  }
  if (args[0] == "run") {
    return runCommand(std::span<const std::string_view>(args).subspan(1));
  }
  if (args[0] == "compile") {
    fmt::print(stderr,
               "runw-wasm: 'compile' is not implemented yet (the AOT compiler is to come)\n");
    return kErrorExit;
  }
  fmt::print(stderr, "runw-wasm: unknown command '{}'\n{}", args[0], kUsage);
  return kErrorExit;
}
