// SPDX-License-Identifier: Apache-2.0
// Native workloads: PATH lookup inside the container and execve.
#include "process/workload.h"

#include "support/strings.h"

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::runtime::process {
namespace {

constexpr std::string_view kDefaultPath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

bool isExecutableFile(const std::string &path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

std::vector<char *> cStrings(const std::vector<std::string> &strings) {
  std::vector<char *> out;
  out.reserve(strings.size() + 1);
  for (const std::string &s : strings) {
    out.push_back(const_cast<char *>(s.c_str()));
  }
  out.push_back(nullptr);
  return out;
}

} // namespace

std::string searchPathOf(const std::vector<std::string> &env) {
  for (const std::string &entry : env) {
    if (entry.starts_with("PATH=")) {
      return entry.substr(5);
    }
  }
  return std::string(kDefaultPath);
}

Result<Workload> resolveWorkload(const ProcessConfig &process, bool forceWasm) {
  if (process.args.empty()) {
    return fail(ErrorCode::Invalid, "process.args must not be empty");
  }
  const std::string &name = process.args.front();
  if (name.find('/') != std::string::npos) {
    struct stat info {};
    if (::stat(name.c_str(), &info) != 0) {
      return failErrno(strprintf("exec: \"{}\": stat {}", name, name));
    }
    return Workload{name, forceWasm || isWasmFile(name), nullptr};
  }
  const std::string searchPath = searchPathOf(process.env);
  for (const std::string_view dir : split(searchPath, ':')) {
    const std::string candidate = strprintf("{}/{}", dir.empty() ? "." : dir, name);
    if (isExecutableFile(candidate)) {
      return Workload{candidate, forceWasm || isWasmFile(candidate), nullptr};
    }
    if (isWasmFile(candidate)) {
      return Workload{candidate, true, nullptr};
    }
  }
  return fail(ErrorCode::NotFound,
              strprintf("exec: \"{}\": executable file not found in $PATH", name));
}

Error runWorkload(const Workload &workload, const ContainerConfig &config) {
  if (workload.wasm) {
    return runWasmWorkload(workload, config);
  }
  const ProcessConfig &process = config.process;
  std::vector<char *> argv = cStrings(process.args);
  std::vector<char *> envp = cStrings(process.env);
  ::execve(workload.path.c_str(), argv.data(), envp.data());
  return Error{ErrorCode::Io, errno, strprintf("exec {}", workload.path), {}};
}

} // namespace runw::runtime::process
