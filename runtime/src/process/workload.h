// SPDX-License-Identifier: Apache-2.0
// The workload seam: what the container process finally runs (a native program via execve).
#pragma once

#include "spec/container_config.h"

#include "support/result.h"

#include <string>

namespace runw::runtime::process {

/// The resolved program of a container process.
struct Workload {
  std::string path;  ///< absolute path inside the container (or as given when it has a '/')
  bool wasm = false; ///< run by the embedded engine instead of execve
};

/// Finds args[0] the way runc does: a name with a '/' is taken as is (relative to cwd), any
/// other name is searched in the PATH of process.env (runc's default PATH when absent). Errors
/// use runc's wording: `exec: "foo": executable file not found in $PATH`.
Result<Workload> resolveWorkload(const ProcessConfig &process, bool wasm);

/// Replaces the calling process with the workload. Returns only the reason it could not.
Error runWorkload(const Workload &workload, const ProcessConfig &process);

/// The value of PATH in env, or runc's default when env has none.
std::string searchPathOf(const std::vector<std::string> &env);

} // namespace runw::runtime::process
