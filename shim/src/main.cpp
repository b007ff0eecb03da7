// SPDX-License-Identifier: Apache-2.0
// containerd-shim-runw-v2: the bootstrap actions (start, delete) and the long-lived Task server.
#include "containerd/task/v2/shim.pb.h"
#include "events.h"
#include "metrics.h"
#include "runtime_client.h"
#include "sha256.h"
#include "task_service.h"
#include "ttrpc/server.h"
#include "ttrpc/unix_socket.h"

#include "runtime/cgroup_watch.h"

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <mutex>
#include <spawn.h>
#include <string>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <vector>

extern char **environ; // NOLINT(readability-redundant-declaration)

namespace runw::shim {
namespace {

constexpr const char *kSocketDir = "/run/containerd/s";
constexpr const char *kRuntimeRootBase = "/run/containerd/runw/";

struct Flags {
  std::map<std::string, std::string> values;
  std::string action;
  [[nodiscard]] std::string get(const std::string &key) const {
    auto it = values.find(key);
    return it == values.end() ? "" : it->second;
  }
};

// Go flag syntax: -x v, --x v, -x=v; bool flags take no value; stops at the first non-flag.
Flags parseFlags(int argc, char **argv) {
  static const std::vector<std::string> kBool = {"debug", "v", "version", "info"};
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.size() < 2 || arg[0] != '-') {
      flags.action = arg;
      break;
    }
    std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
    auto eq = name.find('=');
    if (eq != std::string::npos) {
      flags.values[name.substr(0, eq)] = name.substr(eq + 1);
    } else if (std::find(kBool.begin(), kBool.end(), name) != kBool.end()) {
      flags.values[name] = "true";
    } else if (i + 1 < argc) {
      flags.values[name] = argv[++i];
    }
  }
  return flags;
}

std::string selfPath() {
  std::vector<char> buf(4096);
  ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  return n > 0 ? std::string(buf.data(), static_cast<std::size_t>(n)) : "containerd-shim-runw-v2";
}

// containerd 1.6 runtime/v2/shim/util.go SocketAddress: sha256 of filepath.Join(address, ns, id).
// With -debug the path gets a "/debug" suffix.
std::string socketAddress(const std::string &address, const std::string &ns, const std::string &id,
                          bool debug) {
  std::string path = address + "/" + ns + "/" + id + (debug ? "/debug" : "");
  return std::string("unix://") + kSocketDir + "/" + sha256Hex(path);
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

Result<UniqueFd> listenFresh(const std::string &address) {
  mkdir("/run/containerd", 0711);
  mkdir(kSocketDir, 0711);
  auto listener = ttrpc::listenUnix(address);
  if (!listener.has_value() && listener.error().code == ErrorCode::Exists) {
    std::string path = TRY(ttrpc::socketPath(address));
    unlink(path.c_str());
    listener = ttrpc::listenUnix(address);
  }
  return listener;
}

int actionStart(const Flags &flags) {
  // Runtime options may arrive on stdin; read and ignore them so containerd's writer is done.
  if (isatty(0) == 0) {
    char buf[4096];
    while (read(0, buf, sizeof buf) > 0) {
    }
  }
  std::string ns = flags.get("namespace");
  std::string id = flags.get("id");
  std::string address = socketAddress(flags.get("address"), ns, id, !flags.get("debug").empty());
  if (socketAlive(address)) {
    writeFile("address", address);
    std::fputs(address.c_str(), stdout);
    return 0;
  }
  auto listener = listenFresh(address);
  if (!listener.has_value()) {
    return die(listener.error().describe());
  }
  std::string path = *ttrpc::socketPath(address);
  chmod(path.c_str(), 0600);

  std::string self = selfPath();
  std::vector<std::string> args{self,       "-namespace",        ns, "-id", id,
                                "-address", flags.get("address")};
  if (!flags.get("publish-binary").empty()) {
    args.insert(args.end(), {"-publish-binary", flags.get("publish-binary")});
  }
  if (!flags.get("debug").empty()) {
    args.emplace_back("-debug");
  }
  std::vector<char *> argv;
  for (std::string &a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  // The daemon gets the listener as fd 3, its own session, and /dev/null as stdio (stderr goes
  // to the bundle's log fifo once it runs); posix_spawn keeps even this path fork-free.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, listener->get(), 3);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDWR, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_RDWR, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_RDWR, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, self.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    unlink(path.c_str());
    return die("spawning the shim daemon: " + std::generic_category().message(rc));
  }
  writeFile("address", address);
  std::fputs(address.c_str(), stdout);
  return 0;
}

// Runs runw (single-threaded here, so a plain waitpid is enough) with stdio to /dev/null.
int runRuntimeOnce(const std::vector<std::string> &args) {
  std::vector<std::string> copy = args;
  std::vector<char *> argv;
  for (std::string &a : copy) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return -1;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

int actionDelete(const Flags &flags) {
  std::string bundle = flags.get("bundle");
  if (bundle.empty()) {
    std::vector<char> cwd(4096);
    bundle = getcwd(cwd.data(), cwd.size()) != nullptr ? cwd.data() : ".";
  }
  std::string id = flags.get("id");
  std::string runw = RuntimeClient::locate(selfPath());
  runRuntimeOnce({runw, "--root", kRuntimeRootBase + flags.get("namespace"), "--log",
                  bundle + "/log.json", "--log-format", "json", "delete", "--force", id});
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
  Flags flags = parseFlags(argc, argv);
  if (!flags.get("v").empty() || !flags.get("version").empty()) {
    std::puts("containerd-shim-runw-v2 (runw)");
    return 0;
  }
  if (flags.action == "start") {
    return actionStart(flags);
  }
  if (flags.action == "delete") {
    return actionDelete(flags);
  }
  if (flags.action.empty()) {
    return actionServe(flags);
  }
  return die("unknown action " + flags.action);
}
