// SPDX-License-Identifier: Apache-2.0
#include "run_wasi.h"

#include "listen_socket.h"
#include "module_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>
#include <unistd.h>
#include <vector>

namespace runw::wasmtool {

namespace {

using engine::wasi::RunOutcome;

/// How long after --timeout the module gets to notice the interrupt before runw-wasm ends
/// itself: a module blocked in a host call (a read from a silent pipe, a long sleep) only
/// sees the interrupt when that call returns.
constexpr std::chrono::seconds kTimeoutGrace{1};

/// Ends the process if the module is still running kTimeoutGrace after its timeout.
void armTimeoutBackstop(double seconds) {
  const auto limit = std::chrono::duration<double>(seconds) + kTimeoutGrace;
  std::thread([limit, seconds] {
    std::this_thread::sleep_for(limit);
    fmt::print(stderr, "runw-wasm: timeout: module still blocked {} s after its {} s limit\n",
               kTimeoutGrace.count(), seconds);
    std::fflush(stderr);
    ::_exit(kTimeoutExit);
  }).detach();
}

engine::wasi::WasiConfig wasiConfigOf(const RunCommandLine &line) {
  engine::wasi::WasiConfig config;
  config.args.push_back(line.module);
  for (const std::string_view arg : line.moduleArgs) {
    config.args.emplace_back(arg);
  }
  config.env = line.env;
  config.preopens = line.dirs;
  return config;
}

engine::wasi::RunOptions runOptionsOf(const RunCommandLine &line) {
  engine::wasi::RunOptions options;
  if (line.maxMemoryBytes) {
    const uint64_t pages = *line.maxMemoryBytes / 65536;
    options.limits.maxMemoryPages = static_cast<uint32_t>(std::min<uint64_t>(pages, 65536));
  }
  if (line.timeoutSeconds) {
    options.timeout =
        std::chrono::milliseconds(static_cast<int64_t>(std::ceil(*line.timeoutSeconds * 1000.0)));
  }
  return options;
}

} // namespace

int runWasiCommand(const RunCommandLine &line) {
  auto module = loadValidated(line.module);
  if (!module) {
    return kErrorExit;
  }
  if (line.timeoutSeconds) {
    armTimeoutBackstop(*line.timeoutSeconds);
  }
  auto config = wasiConfigOf(line);
  // The context duplicates the sockets; these copies close when the run ends.
  std::vector<UniqueFd> listeners;
  for (const std::string &address : line.tcpListen) {
    auto listener = openTcpListener(address);
    if (!listener) {
      fmt::print(stderr, "runw-wasm: {}\n", listener.error().describe());
      return kErrorExit;
    }
    config.sockets.push_back(engine::wasi::PreopenSocket{listener->get()});
    listeners.push_back(std::move(*listener));
  }
  auto outcome = engine::wasi::runWasi(*module, std::move(config), runOptionsOf(line));
  std::fflush(stdout);
  if (!outcome) {
    fmt::print(stderr, "runw-wasm: {}: {}\n", line.module, outcome.error().describe());
    return kErrorExit;
  }
  switch (outcome->ending) {
  case RunOutcome::Ending::Exited:
    // A shell sees only the low 8 bits of a status; WASI's is 32 bits wide.
    return engine::wasi::shellExitStatus(outcome->exitCode);
  case RunOutcome::Ending::Trapped:
    fmt::print(stderr, "runw-wasm: trap: {}\n", outcome->message);
    return kTrapExit;
  case RunOutcome::Ending::TimedOut:
    fmt::print(stderr, "runw-wasm: timeout: module stopped after {} s\n", *line.timeoutSeconds);
    return kTimeoutExit;
  }
  return kErrorExit;
}

} // namespace runw::wasmtool
