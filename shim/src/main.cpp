// SPDX-License-Identifier: Apache-2.0
// containerd-shim-runw-v2: the bootstrap actions (start, delete) and the long-lived Task server.
#include "bootstrap_flags.h"
#include "bootstrap_params.h"
#include "containerd/task/v2/shim.pb.h"
#include "daemon_fork.h"
#include "events.h"
#include "metrics.h"
#include "run_once.h"
#include "runtime_client.h"
#include "runtime_info.h"
#include "sha256.h"
#include "shim_group.h"
#include "task_service.h"
#include "ttrpc/server.h"
#include "ttrpc/unix_socket.h"

#include "runtime/cgroup_watch.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace runw::shim {
namespace {

constexpr const char *kSocketDir = "/run/containerd/s";
constexpr const char *kRuntimeRootBase = "/run/containerd/runw/";

std::string selfPath() {
  std::vector<char> buf(4096);
  ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  return n > 0 ? std::string(buf.data(), static_cast<std::size_t>(n)) : "containerd-shim-runw-v2";
}

// containerd's shim SocketAddress: sha256 of filepath.Join(address, ns, grouping key), in
// /run/containerd/s (or 2.3+'s socket_dir). With -debug the path gets a "/debug" suffix.
std::string socketAddress(const std::string &socketDir, const std::string &address,
                          const std::string &ns, const std::string &group, bool debug) {
  std::string path = address + "/" + ns + "/" + group + (debug ? "/debug" : "");
  return "unix://" + socketDir + "/" + sha256Hex(path);
}

int die(const std::string &message) {
  std::fprintf(stderr, "containerd-shim-runw-v2: %s\n", message.c_str());
  return 1;
}

void writeFile(const std::string &path, const std::string &text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

// An existing shim for this address answers on the socket: reuse it.
bool socketAlive(const std::string &address) { return ttrpc::connectUnix(address).has_value(); }

std::string readStdin() {
  std::string input;
  if (isatty(0) != 0) {
    return input;
  }
  std::array<char, 4096> buffer{};
  for (ssize_t n; (n = read(0, buffer.data(), buffer.size())) != 0;) {
    if (n < 0 && errno != EINTR) {
      break;
    }
    input.append(buffer.data(), static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
  }
  return input;
}

// Claims the group's socket: a listener when this start must spawn the daemon, or nullopt
// when a live shim of the same group (another container of the pod) already serves it. A
// socket nobody answers on belongs to a dead shim and is replaced.
Result<std::optional<UniqueFd>> claimSocket(const std::string &socketDir,
                                            const std::string &address) {
  mkdir("/run/containerd", 0711);
  mkdir(socketDir.c_str(), 0711);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto listener = ttrpc::listenUnix(address);
    if (listener.has_value()) {
      return std::optional<UniqueFd>(std::move(*listener));
    }
    if (listener.error().code != ErrorCode::Exists) {
      return std::unexpected(listener.error());
    }
    if (socketAlive(address)) {
      return std::optional<UniqueFd>();
    }
    std::string path = TRY(ttrpc::socketPath(address));
    unlink(path.c_str());
  }
  return fail(ErrorCode::Exists, "socket " + address + " stays in use");
}

// The daemon's command line: what `ps` shows and the integration tests look for. argv0 is
// start's own, so the line fits where start's arguments were (it only drops the action).
std::vector<std::string> daemonCommandLine(const std::string &argv0, const Flags &flags) {
  std::vector<std::string> args{argv0,           "-namespace", flags.get("namespace"), "-id",
                                flags.get("id"), "-address",   flags.get("address")};
  if (!flags.get("publish-binary").empty()) {
    args.insert(args.end(), {"-publish-binary", flags.get("publish-binary")});
  }
  if (flags.has("debug")) {
    args.emplace_back("-debug");
  }
  return args;
}

int actionServe(const Flags &flags);

int actionStart(const std::string &argv0, const Flags &flags) {
  // stdin holds 2.3+'s BootstrapParams, or 1.6–2.2's runtime options (not needed here); it is
  // read to the end either way so containerd's writer is done.
  const std::string ns = flags.get("namespace");
  const std::string id = flags.get("id");
  const auto params = detectBootstrapParams(readStdin(), id, ns);
  std::string socketDir = kSocketDir;
  if (params.has_value()) {
    if (params->has_socket_dir() && !params->socket_dir().empty()) {
      socketDir = params->socket_dir();
    }
    // The daemon publishes events there; 2.3 still sets the variable, but the params rule.
    if (!params->containerd_ttrpc_address().empty()) {
      setenv("TTRPC_ADDRESS", params->containerd_ttrpc_address().c_str(), 1);
    }
  }
  const std::string bundle = flags.get("bundle").empty() ? "." : flags.get("bundle");
  const std::string address = socketAddress(socketDir, flags.get("address"), ns,
                                            groupingKey(bundle, id), flags.has("debug"));
  auto claimed = claimSocket(socketDir, address);
  if (!claimed.has_value()) {
    return die(claimed.error().describe());
  }
  // Written before the daemon starts: it reads the file to remove the socket when it exits.
  writeFile(bundle + "/address", address);
  if (claimed->has_value()) {
    std::string path = *ttrpc::socketPath(address);
    chmod(path.c_str(), 0600);
    // start is single-threaded here, so the server may be a forked copy of it (no second
    // exec and start-up of this binary while containerd waits to send Create).
    auto spawned = forkDaemon(daemonCommandLine(argv0, flags), **claimed,
                              [&flags] { return actionServe(flags); });
    if (!spawned.has_value()) {
      unlink(path.c_str());
      return die(spawned.error().describe());
    }
  }
  if (params.has_value()) {
    const std::string result = encodeBootstrapResult(address);
    std::fwrite(result.data(), 1, result.size(), stdout);
  } else {
    std::fputs(address.c_str(), stdout);
  }
  return 0;
}

int actionInfo() {
  const std::string info =
      encodeRuntimeInfo(readStdin(), runtimeFeaturesJson(RuntimeClient::locate(selfPath())));
  std::fwrite(info.data(), 1, info.size(), stdout);
  return 0;
}

int actionDelete(const Flags &flags) {
  std::string bundle = flags.get("bundle");
  if (bundle.empty()) {
    std::vector<char> cwd(4096);
    bundle = getcwd(cwd.data(), cwd.size()) != nullptr ? cwd.data() : ".";
  }
  std::string id = flags.get("id");
  // containerd runs this action after every shim disconnect, also after a clean Delete and
  // Shutdown; runw is only needed while the runtime still has state for the container.
  const std::string root = kRuntimeRootBase + flags.get("namespace");
  if (struct stat st{}; ::stat((root + "/" + id).c_str(), &st) == 0) {
    runOnce({RuntimeClient::locate(selfPath()), "--root", root, "--log", bundle + "/log.json",
             "--log-format", "json", "delete", "--force", id},
            /*captureStdout=*/false);
  }
  std::string rootfs = bundle + "/rootfs";
  for (int i = 0; i < 8 && umount2(rootfs.c_str(), MNT_DETACH) == 0; ++i) {
  }
  // The dead daemon could not remove its socket.
  std::string address;
  std::getline(std::ifstream(bundle + "/address"), address);
  if (auto path = ttrpc::socketPath(address); !address.empty() && path.has_value()) {
    unlink(path->c_str());
  }
  long pid = 0;
  std::ifstream(bundle + "/init.pid") >> pid;
  containerd::task::v2::DeleteResponse resp;
  resp.set_pid(static_cast<std::uint32_t>(pid));
  resp.set_exit_status(128U + SIGKILL);
  auto now = std::chrono::system_clock::now().time_since_epoch();
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
  resp.mutable_exited_at()->set_seconds(ns / 1000000000);
  resp.mutable_exited_at()->set_nanos(static_cast<std::int32_t>(ns % 1000000000));
  std::string bytes;
  resp.SerializeToString(&bytes);
  std::fwrite(bytes.data(), 1, bytes.size(), stdout);
  return 0;
}

// As containerd's runc shim decides (cgroups.Mode() == Unified), with runw's host detection.
MetricsKind metricsKindOfHost() {
  auto unified = runtime::cgroupHostIsUnified();
  if (!unified.has_value()) {
    std::fprintf(stderr, "runw-shim: cgroup mode: %s (stats default to cgroup v1)\n",
                 unified.error().describe().c_str());
  }
  return unified.value_or(false) ? MetricsKind::CgroupV2 : MetricsKind::CgroupV1;
}

// stderr goes to the bundle's "log" fifo, which containerd reads into its own log.
void redirectStderrToLog() {
  int fd = open("log", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    return;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  dup2(fd, 2);
  close(fd);
}

int actionServe(const Flags &flags) {
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  std::signal(SIGPIPE, SIG_IGN);
  redirectStderrToLog();
  const char *ttrpcAddress = std::getenv("TTRPC_ADDRESS"); // NOLINT(concurrency-mt-unsafe)
  std::string ns = flags.get("namespace");
  std::string address;
  std::getline(std::ifstream("address"), address);

  Reaper reaper;
  reaper.start();
  RuntimeClient runtime(reaper, RuntimeClient::locate(selfPath()), kRuntimeRootBase + ns);
  // -debug (containerd at log level debug): a timing line per call and per runw run.
  const bool debug = flags.has("debug");
  auto debugLog = [](std::string_view line) {
    std::fprintf(stderr, "runw-shim: %.*s\n", static_cast<int>(line.size()), line.data());
  };
  if (debug) {
    runtime.setRunLog(debugLog);
  }
  auto publisher = std::make_unique<Publisher>(
      ttrpcAddress != nullptr ? ttrpcAddress : flags.get("address") + ".ttrpc", ns);
  std::mutex mutex;
  std::condition_variable cv;
  bool shutdown = false;
  TaskService service(reaper, runtime, *publisher, metricsKindOfHost(), [&] {
    std::lock_guard lock(mutex);
    shutdown = true;
    cv.notify_all();
  });
  ttrpc::Registry registry;
  service.registerAll(registry);
  ttrpc::ServerOptions options;
  options.log = [](std::string_view message) {
    std::fprintf(stderr, "runw-shim: %.*s\n", static_cast<int>(message.size()), message.data());
  };
  if (debug) {
    options.callLog = debugLog;
  }
  ttrpc::Server server(std::move(registry), options);
  if (auto started = server.start(UniqueFd(3)); !started.has_value()) {
    return die(started.error().describe());
  }
  {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return shutdown; });
  }
  // Let the Shutdown reply reach containerd before the connections close.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.stop();
  publisher.reset(); // drains the queued events
  if (auto path = ttrpc::socketPath(address); path.has_value() && !address.empty()) {
    unlink(path->c_str());
  }
  std::fflush(stderr);
  // The reaper thread may sit in waitpid for children that outlive us; do not join it.
  std::_Exit(0);
}

} // namespace
} // namespace runw::shim

int main(int argc, char **argv) {
  using namespace runw::shim;
  rememberCommandLine(argc, argv);
  Flags flags = parseFlags(argc, argv);
  if (flags.has("v") || flags.has("version")) {
    std::puts("containerd-shim-runw-v2 (runw)");
    return 0;
  }
  if (flags.has("info")) {
    return actionInfo();
  }
  if (flags.action == "start") {
    return actionStart(argv[0], flags);
  }
  if (flags.action == "delete") {
    return actionDelete(flags);
  }
  if (flags.action.empty()) {
    return actionServe(flags);
  }
  return die("unknown action " + flags.action);
}
