// SPDX-License-Identifier: Apache-2.0
// WasiContext: building the descriptor table from the options (stdio, preopens, sockets).
#include "fd_table.h"
#include "host_errno.h"
#include "state.h"

#include "engine/wasi.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace runw::engine::wasi {

namespace {

Result<void> addHostFd(FdTable &table, int hostFd, std::string_view what) {
  UniqueFd copy(::fcntl(hostFd, F_DUPFD_CLOEXEC, 0));
  if (!copy) {
    return failErrno(fmt::format("cannot use {} (fd {})", what, hostFd));
  }
  auto entry = entryForHostFd(std::move(copy));
  if (!entry) {
    return fail(ErrorCode::Io, fmt::format("cannot stat {} (fd {})", what, hostFd));
  }
  if (!table.insert(std::move(*entry))) {
    return fail(ErrorCode::Limit, "too many descriptors");
  }
  return {};
}

Result<void> addPreopen(FdTable &table, const Preopen &preopen) {
  UniqueFd dir(::open(preopen.hostPath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) {
    return failErrno(fmt::format("cannot preopen directory {}", preopen.hostPath));
  }
  auto entry = entryForHostFd(std::move(dir));
  if (!entry) {
    return fail(ErrorCode::Io, fmt::format("cannot stat {}", preopen.hostPath));
  }
  entry->preopenPath = preopen.guestPath;
  entry->readOnly = preopen.readOnly;
  if (!table.insert(std::move(*entry))) {
    return fail(ErrorCode::Limit, "too many preopens");
  }
  return {};
}

} // namespace

WasiContext::WasiContext(std::unique_ptr<State> state) : state_(std::move(state)) {}
WasiContext::~WasiContext() = default;

Result<std::unique_ptr<WasiContext>> WasiContext::create(WasiConfig options) {
  auto state = std::make_unique<State>(options.forceComponentWalk);
  state->args = std::move(options.args);
  state->env = std::move(options.env);
  TRY(addHostFd(state->fds, options.stdinFd, "stdin"));
  TRY(addHostFd(state->fds, options.stdoutFd, "stdout"));
  TRY(addHostFd(state->fds, options.stderrFd, "stderr"));
  for (const Preopen &preopen : options.preopens) {
    if (preopen.guestPath.empty()) {
      return fail(ErrorCode::Invalid,
                  fmt::format("preopen {} has an empty guest path", preopen.hostPath));
    }
    TRY(addPreopen(state->fds, preopen));
  }
  for (const PreopenSocket &socket : options.sockets) {
    TRY(addHostFd(state->fds, socket.hostFd, "socket"));
  }
  return std::unique_ptr<WasiContext>(new WasiContext(std::move(state)));
}

std::optional<uint32_t> WasiContext::exitCode() const { return state_->exitCode; }

bool isExit(const Error &error) { return error.code == ErrorCode::Exit; }

} // namespace runw::engine::wasi
