// SPDX-License-Identifier: Apache-2.0
// A process's stdio: fifos or a terminal for runw, CloseIO and ResizePty.
#include "console_socket.h"
#include "stdio_fifo.h"
#include "task_internal.h"

#include <chrono>

namespace runw::shim {

namespace {

// runw has exited when we look, so its connection is queued already; this only bounds a
// container process that connected but never sends the master.
constexpr std::chrono::seconds kConsoleTimeout{10};

struct Stdio {
  UniqueFd in;
  UniqueFd out;
  UniqueFd err;
};

Result<Stdio> openAll(const StdioPaths &paths) {
  Stdio stdio;
  stdio.in = TRY(openStdio(paths.in, false));
  stdio.out = TRY(openStdio(paths.out, true));
  stdio.err = TRY(openStdio(paths.err, true));
  return stdio;
}

std::unexpected<ttrpc::Status> noTerminal(const std::string &id, const std::string &execId) {
  return rpcFail(Code::FailedPrecondition,
                 (execId.empty() ? "container " + id : "process " + execId + " of " + id) +
                     " has no terminal");
}

} // namespace

Result<ConsoleLoop::Id> TaskService::runWithStdio(const std::string &bundle,
                                                  std::vector<std::string> args,
                                                  const std::string &id, const StdioPaths &stdio) {
  if (stdio.terminal) {
    return runWithTerminal(bundle, std::move(args), id, stdio);
  }
  // Without a terminal the fifos are the process's own stdio: nothing to copy, and the shim
  // keeps no writer on stdin, so the process reads EOF when containerd closes its end.
  Stdio fds = TRY(openAll(stdio));
  RuntimeCall call = runtimeCall(std::move(args));
  call.args.push_back(id);
  call.stdinFd = fds.in.get();
  call.stdoutFd = fds.out.get();
  call.stderrFd = fds.err.get();
  TRY(runtime_.run(bundle, call));
  return ConsoleLoop::Id{0};
}

Result<ConsoleLoop::Id> TaskService::runWithTerminal(const std::string &bundle,
                                                     std::vector<std::string> args,
                                                     const std::string &id,
                                                     const StdioPaths &stdio) {
  // Opened first: a bad path then fails before there is a process to clean up.
  TerminalStdio fifos = TRY(openTerminalStdio(stdio.in, stdio.out));
  ConsoleSocket socket = TRY(ConsoleSocket::create());
  RuntimeCall call = runtimeCall(std::move(args));
  call.args.insert(call.args.end(), {"--console-socket", socket.path(), id});
  // runw's own stdio is /dev/null, as runc's is under containerd's shim: the process gets the
  // pty slave, and runw reports errors through its --log file.
  UniqueFd null = TRY(openStdio("", false));
  call.stdinFd = null.get();
  call.stdoutFd = null.get();
  call.stderrFd = null.get();
  TRY(runtime_.run(bundle, call));
  UniqueFd master = TRY(socket.receiveMaster(kConsoleTimeout));
  return consoles_.add(std::move(master), std::move(fifos));
}

RpcReply<Empty> TaskService::closeIO(const v2::CloseIORequest &req) {
  std::lock_guard lock(mutex_);
  TaskProcess *p = find(req.id(), req.exec_id());
  if (p == nullptr) {
    return notFound(req.id(), req.exec_id());
  }
  // Without a terminal there is no shim-side stdin: the process holds the fifo itself and reads
  // EOF when containerd closes its end.
  if (req.stdin() && p->console != 0) {
    consoles_.closeStdin(p->console);
  }
  return Empty{};
}

RpcReply<Empty> TaskService::resizePty(const v2::ResizePtyRequest &req) {
  std::lock_guard lock(mutex_);
  TaskProcess *p = find(req.id(), req.exec_id());
  if (p == nullptr) {
    return notFound(req.id(), req.exec_id());
  }
  if (!p->stdio.terminal) {
    return noTerminal(req.id(), req.exec_id());
  }
  if (p->console == 0) {
    return rpcFail(Code::FailedPrecondition, "the terminal of process " + req.exec_id() +
                                                 " does not exist until it is started");
  }
  constexpr std::uint32_t kMax = std::numeric_limits<std::uint16_t>::max();
  if (req.width() > kMax || req.height() > kMax) {
    return rpcFail(Code::InvalidArgument, "terminal size " + std::to_string(req.width()) + "x" +
                                              std::to_string(req.height()) + " is too large");
  }
  auto resized = consoles_.resize(p->console, static_cast<std::uint16_t>(req.width()),
                                  static_cast<std::uint16_t>(req.height()));
  if (!resized.has_value()) {
    return failed(resized.error());
  }
  return Empty{};
}

} // namespace runw::shim
