// SPDX-License-Identifier: Apache-2.0
// WASI preview1 (wasi_snapshot_preview1) for runw's engine: a capability sandbox over the host's
// files, clocks and sockets, offered to modules as imports.
//
// A WasiContext owns the guest's file descriptor table. Descriptors 0-2 are the host's stdio
// (duplicated, so a guest closing them does not close the host's), then one descriptor per
// preopen in the order given. Paths resolve only beneath a preopen: `..`, absolute paths and
// symlinks never lead outside it.
#pragma once

#include "engine/engine.h"
#include "support/result.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace runw::engine::wasi {

using engine::StoreLimits;
using engine::ValidatedModule;

/// A host directory offered to the guest under a guest path (fd_prestat_dir_name).
struct Preopen {
  std::string hostPath;
  std::string guestPath;
  /// Nothing beneath it can be created, written, renamed, removed or re-timed (Errno::Rofs).
  bool readOnly = false;
};

/// A host socket offered to the guest (sock_accept on a listener, sock_recv/sock_send on a
/// connection). The context duplicates the descriptor.
struct PreopenSocket {
  int hostFd = -1;
};

/// What the guest sees of the world.
struct WasiConfig {
  std::vector<std::string> args; ///< args[0] is the program name
  std::vector<std::string> env;  ///< "KEY=VALUE" entries, in order
  std::vector<Preopen> preopens;
  std::vector<PreopenSocket> sockets; ///< numbered after the preopens
  int stdinFd = 0;
  int stdoutFd = 1;
  int stderrFd = 2;
  /// Resolve paths with the portable component-by-component walk even where openat2's
  /// RESOLVE_BENEATH exists (tests run every escape attempt through both resolvers).
  bool forceComponentWalk = false;
};

/// The module name every preview1 function is imported from.
inline constexpr const char *kModuleName = "wasi_snapshot_preview1";

class WasiContext {
public:
  /// Opens the preopens and stdio. A preopen that is missing or not a directory is an error
  /// naming it.
  static Result<std::unique_ptr<WasiContext>> create(WasiConfig options);
  ~WasiContext();
  WasiContext(const WasiContext &) = delete;
  WasiContext &operator=(const WasiContext &) = delete;

  /// Defines every wasi_snapshot_preview1 function in linker, as host functions of store. The
  /// context must outlive every call into them.
  void define(engine::Store &store, engine::Linker &linker);

  /// The status the guest passed to proc_exit, once it has called it. proc_exit ends the
  /// running invoke with an error of code ErrorCode::Exit.
  [[nodiscard]] std::optional<uint32_t> exitCode() const;

  struct State;
  [[nodiscard]] State &state() { return *state_; }

private:
  explicit WasiContext(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// True when error is the one proc_exit ends a call with.
bool isExit(const Error &error);

/// How runWasi runs a command module.
struct RunOptions {
  StoreLimits limits;
  /// Stop the module (trap "interrupted") after this long.
  std::optional<std::chrono::milliseconds> timeout;
  /// The export to call: WASI commands export _start.
  std::string entry = "_start";
};

/// How a WASI command ended.
struct RunOutcome {
  enum class Ending : uint8_t {
    Exited,   ///< returned from the entry (exitCode 0) or called proc_exit(exitCode)
    Trapped,  ///< trapped; message says which trap and in which function
    TimedOut, ///< stopped by RunOptions::timeout
  };
  Ending ending = Ending::Exited;
  uint32_t exitCode = 0;
  std::string message;
};

/// The process exit status for a WASI exit code: a shell sees 8 bits, so the low byte, except
/// that a non-zero code whose low byte is 0 (256, 512, ...) becomes 1, never a fake success.
inline int shellExitStatus(uint32_t exitCode) {
  const auto low = static_cast<int>(exitCode & 0xFFU);
  return exitCode != 0 && low == 0 ? 1 : low;
}

/// Instantiates module with WASI preview1 defined from config and calls its entry. Errors are
/// for what stops the module from starting: a preopen that cannot be opened, an import WASI
/// does not provide (named: `unknown import wasi_snapshot_preview1.sock_open`), no entry
/// export. Everything after the start (exit, trap, timeout) is a RunOutcome.
Result<RunOutcome> runWasi(const ValidatedModule &module, WasiConfig config,
                           const RunOptions &options);

} // namespace runw::engine::wasi
