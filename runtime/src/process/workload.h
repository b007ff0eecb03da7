// SPDX-License-Identifier: Apache-2.0
// The workload seam: what the container process finally runs (a native program via execve).
#pragma once

#include "spec/container_config.h"

#include "support/result.h"

#include <memory>
#include <string>

namespace runw::engine {
class ValidatedModule;
} // namespace runw::engine

namespace runw::runtime::process {

/// The resolved program of a container process.
struct Workload {
  std::string path;  ///< absolute path inside the container (or as given when it has a '/')
  bool wasm = false; ///< run by the embedded engine instead of execve
  /// The module, decoded and validated ahead of the start signal by preloadWasm (empty until
  /// then, or when that failed: the run then loads it again and reports why).
  std::shared_ptr<const engine::ValidatedModule> module;
};

/// Finds args[0] the way runc does: a name with a '/' is taken as is (relative to cwd), any
/// other name is searched in the PATH of process.env (runc's default PATH when absent; a
/// non-executable wasm module there counts too). Errors use runc's wording:
/// `exec: "foo": executable file not found in $PATH`. The workload is wasm when forceWasm
/// (annotations compat / run.oci.handler=wasm) or when the file starts with the wasm preamble
/// (compat-smart, and containerd's paths that carry no annotation).
Result<Workload> resolveWorkload(const ProcessConfig &process, bool forceWasm);

/// Replaces the calling process with the workload: execve for a native program; for wasm, runs
/// the module in this process and _exits with its status. Returns only the reason it could not
/// start.
Error runWorkload(const Workload &workload, const ContainerConfig &config);

/// Runs a wasm module from the container's root (workload_wasm.cpp): process.args become the
/// WASI args, process.env its environment, "/" is preopened (root.readonly is the kernel's:
/// writable mounts below stay writable), stdio is the process's, and the memory limit caps linear
/// memory. Ends the process with the module's exit status (kWasmTrapExit after a trap, printed to
/// stderr); returns only an error that kept the module from starting.
Error runWasmWorkload(const Workload &workload, const ContainerConfig &config);

/// Reads, decodes and validates a wasm workload's module into workload.module. The init calls
/// it between Ready and the start signal, so the work overlaps the caller's way from `runw
/// create` to `runw start`, as runc's exec checks wait for start. A failure is not reported
/// here: runWasmWorkload loads the module again and ends the process with the reason, so a bad
/// module reads the same whether or not it was preloaded. Native workloads are left alone.
void preloadWasm(Workload &workload);

/// Exit status of a wasm container whose module trapped (as `runw-wasm run`).
inline constexpr int kWasmTrapExit = 134;

/// True when the file at path (in the current root) starts with the wasm magic "\0asm".
bool isWasmFile(const std::string &path);

/// The value of PATH in env, or runc's default when env has none.
std::string searchPathOf(const std::vector<std::string> &env);

} // namespace runw::runtime::process
