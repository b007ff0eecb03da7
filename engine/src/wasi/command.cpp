// SPDX-License-Identifier: Apache-2.0
// runWasi: runs a WASI command module to its end (exit, trap or timeout), the one entry point
// runw-wasm and wasm containers share.
#include "engine/wasi.h"

#include <fmt/format.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace runw::engine::wasi {

namespace {

/// Interrupts a Store once a deadline passes, from its own thread; stopping it early (the
/// module ended) wakes and joins that thread.
class Watchdog {
public:
  Watchdog(Store &store, std::optional<std::chrono::milliseconds> timeout) {
    if (!timeout) {
      return;
    }
    thread_ = std::thread([this, &store, limit = *timeout] {
      std::unique_lock lock(mutex_);
      if (!wake_.wait_for(lock, limit, [this] { return stopped_; })) {
        fired_ = true;
        store.interrupt();
      }
    });
  }
  Watchdog(const Watchdog &) = delete;
  Watchdog &operator=(const Watchdog &) = delete;
  ~Watchdog() { stop(); }

  /// Ends the watch; true when the deadline had already passed.
  bool stop() {
    {
      const std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
      thread_.join();
    }
    return fired_;
  }

private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopped_ = false;
  bool fired_ = false;
  std::thread thread_;
};

/// Names the first import nothing defines, before instantiation reports it less clearly.
Result<void> checkImports(const ValidatedModule &module, const Linker &linker) {
  for (const ImportDesc &import : module.imports()) {
    if (!linker.find(import.module, import.name)) {
      return fail(ErrorCode::NotFound, fmt::format("unknown import {}.{} (runw provides {} only)",
                                                   import.module, import.name, kModuleName));
    }
  }
  return {};
}

Result<void> checkEntry(const ValidatedModule &module, const std::string &entry) {
  for (const FunctionExportDesc &exported : module.exportedFunctions()) {
    if (exported.name == entry) {
      if (!exported.type.params.empty() || !exported.type.results.empty()) {
        return fail(ErrorCode::Invalid,
                    fmt::format("export '{}' must take and return nothing", entry));
      }
      return {};
    }
  }
  return fail(ErrorCode::NotFound,
              fmt::format("no exported function '{}' (not a WASI command module)", entry));
}

/// "integer divide by zero (in wasm function main)" from a trap error.
std::string trapMessage(const Error &error) {
  if (error.contextFrames.empty()) {
    return error.message;
  }
  return fmt::format("{} (in {})", error.message, error.contextFrames.front());
}

/// What an error that ended the module (rather than stopping it from starting) means.
Result<RunOutcome> outcomeOf(const Error &error, const WasiContext &context, bool timedOut) {
  RunOutcome outcome;
  if (isExit(error)) {
    outcome.exitCode = context.exitCode().value_or(0);
    return outcome;
  }
  if (error.code != ErrorCode::Trap) {
    return std::unexpected(error);
  }
  outcome.ending = timedOut ? RunOutcome::Ending::TimedOut : RunOutcome::Ending::Trapped;
  outcome.message = trapMessage(error);
  return outcome;
}

} // namespace

Result<RunOutcome> runWasi(const ValidatedModule &module, WasiConfig config,
                           const RunOptions &options) {
  auto context = TRY(WasiContext::create(std::move(config)));
  Store store(options.limits);
  Linker linker;
  context->define(store, linker);
  TRY(checkImports(module, linker));
  TRY(checkEntry(module, options.entry));

  Watchdog watchdog(store, options.timeout);
  auto instance = instantiate(store, module, linker);
  if (!instance) {
    // A start function may trap, exit or time out as well as the entry can.
    const bool timedOut = watchdog.stop();
    return outcomeOf(instance.error(), *context, timedOut);
  }
  auto results = instance->invoke(options.entry, {});
  const bool timedOut = watchdog.stop();
  if (!results) {
    return outcomeOf(results.error(), *context, timedOut);
  }
  return RunOutcome{};
}

} // namespace runw::engine::wasi
