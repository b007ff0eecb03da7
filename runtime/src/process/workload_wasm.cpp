// SPDX-License-Identifier: Apache-2.0
// Wasm workloads: the embedded engine runs the module inside the prepared container process.
#include "process/workload.h"

#include "engine/engine.h"
#include "engine/wasi.h"
#include "support/strings.h"
#include "support/unique_fd.h"

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::runtime::process {
namespace {

constexpr uint64_t kPageBytes = 64 * 1024;
constexpr uint64_t kMaxPages = 65536;
// Room left under the cgroup limit for the engine itself (code, stacks, tables), so a module
// that grows its memory gets a failed memory.grow, not the OOM killer.
constexpr uint64_t kEngineHeadroom = 16ULL << 20;

// PID 1 of a pid namespace only gets signals it handles: without these, SIGTERM from
// `podman stop` or the kubelet would be dropped and the container would wait for SIGKILL.
void exitOnSignal(int sig) { ::_exit(128 + sig); }

void installTerminationHandlers() {
  struct sigaction action {};
  action.sa_handler = exitOnSignal;
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) {
    ::sigaction(sig, &action, nullptr);
  }
}

// Sized by fstat and read straight into place: a growing buffer would copy the module
// several times and touch twice the pages, which shows in a container's start-up.
Result<std::vector<uint8_t>> readModule(const std::string &path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    return failErrno(strprintf("opening {}", path));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return failErrno(strprintf("stat {}", path));
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(std::max<off_t>(info.st_size, 0)) + 1);
  size_t done = 0;
  for (;;) {
    if (done == bytes.size()) {
      bytes.resize(bytes.size() * 2); // the file grew since fstat
    }
    const ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return failErrno(strprintf("reading {}", path));
    }
    if (n == 0) {
      bytes.resize(done);
      return bytes;
    }
    done += static_cast<size_t>(n);
  }
}

uint32_t memoryPagesFor(const ContainerConfig &config) {
  const auto &memory = config.cgroup.resources.memory;
  if (!memory || !memory->limit || *memory->limit <= 0) {
    return static_cast<uint32_t>(kMaxPages);
  }
  const auto limit = static_cast<uint64_t>(*memory->limit);
  const uint64_t usable = limit > 2 * kEngineHeadroom ? limit - kEngineHeadroom : limit / 2;
  return static_cast<uint32_t>(std::clamp<uint64_t>(usable / kPageBytes, 1, kMaxPages));
}

engine::wasi::WasiConfig wasiConfigOf(const ContainerConfig &config) {
  engine::wasi::WasiConfig wasi;
  wasi.args = config.process.args;
  wasi.env = config.process.env;
  // Not read-only at the WASI level even with root.readonly: the kernel already refuses writes
  // to the read-only root mount, while volumes and tmpfs mounts below it stay writable.
  wasi.preopens.push_back({"/", "/", false});
  return wasi;
}

int statusOf(const engine::wasi::RunOutcome &outcome, const std::string &module) {
  using Ending = engine::wasi::RunOutcome::Ending;
  switch (outcome.ending) {
  case Ending::Exited:
    return engine::wasi::shellExitStatus(outcome.exitCode);
  case Ending::Trapped:
    std::fprintf(stderr, "runw: %s: trap: %s\n", module.c_str(), outcome.message.c_str());
    return kWasmTrapExit;
  case Ending::TimedOut:
    break;
  }
  std::fprintf(stderr, "runw: %s: %s\n", module.c_str(), outcome.message.c_str());
  return kWasmTrapExit;
}

Result<engine::ValidatedModule> loadModule(const std::string &path) {
  std::vector<uint8_t> bytes = TRY(readModule(path));
  engine::Module module = TRY(engine::load(std::move(bytes)).context(path));
  return TRY(engine::validate(std::move(module)).context(path));
}

Result<int> runModule(const Workload &workload, const ContainerConfig &config) {
  std::shared_ptr<const engine::ValidatedModule> validated = workload.module;
  if (!validated) {
    validated = std::make_shared<const engine::ValidatedModule>(TRY(loadModule(workload.path)));
  }
  engine::wasi::RunOptions options;
  options.limits.maxMemoryPages = memoryPagesFor(config);
  const engine::wasi::RunOutcome outcome =
      TRY(engine::wasi::runWasi(*validated, wasiConfigOf(config), options).context(workload.path));
  return statusOf(outcome, workload.path);
}

} // namespace

void preloadWasm(Workload &workload) {
  if (!workload.wasm || workload.module) {
    return;
  }
  if (Result<engine::ValidatedModule> loaded = loadModule(workload.path); loaded) {
    workload.module = std::make_shared<const engine::ValidatedModule>(std::move(*loaded));
  }
}

bool isWasmFile(const std::string &path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  std::array<uint8_t, 8> preamble{};
  return fd && ::read(fd.get(), preamble.data(), preamble.size()) == 8 &&
         engine::hasWasmPreamble(preamble);
}

Error runWasmWorkload(const Workload &workload, const ContainerConfig &config) {
  installTerminationHandlers();
  const Result<int> status = runModule(workload, config);
  if (!status) {
    return status.error();
  }
  std::fflush(stdout);
  ::_exit(*status);
}

} // namespace runw::runtime::process
