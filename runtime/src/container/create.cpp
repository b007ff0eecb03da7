// SPDX-License-Identifier: Apache-2.0
// runw create: config.json → state, cgroup, namespaces and an init that waits on exec.fifo.
#include "cgroups/host.h"
#include "container/common.h"
#include "linux/console.h"
#include "linux/hooks.h"
#include "process/spawn.h"
#include "state/container_id.h"
#include "state/pid_file.h"
#include "state/proc_stat.h"

#include "oci/json.h"
#include "oci/validate.h"
#include "support/strings.h"

#include <array>
#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::runtime {
namespace {

using container::warn;

Result<std::string> absoluteBundle(const std::string &bundle) {
  if (bundle.starts_with('/')) {
    return bundle;
  }
  std::array<char, PATH_MAX> cwd{};
  if (::getcwd(cwd.data(), cwd.size()) == nullptr) {
    return failErrno("getcwd");
  }
  return bundle.empty() || bundle == "." ? std::string(cwd.data())
                                         : strprintf("{}/{}", cwd.data(), bundle);
}

// Socket activation (sd_listen_fds): fds passed to runw for the container; runc's rules.
int listenFdCount(std::vector<std::string> &env) {
  const char *pid = std::getenv("LISTEN_PID");
  const char *count = std::getenv("LISTEN_FDS");
  if (pid == nullptr || count == nullptr || std::atoi(pid) != ::getpid()) {
    return 0;
  }
  const int n = std::atoi(count);
  if (n <= 0) {
    return 0;
  }
  env.push_back(strprintf("LISTEN_FDS={}", n));
  env.emplace_back("LISTEN_PID=1");
  if (const char *names = std::getenv("LISTEN_FDNAMES")) {
    env.push_back(strprintf("LISTEN_FDNAMES={}", names));
  }
  return n;
}

Result<void> checkFdsOpen(int first, int count) {
  for (int fd = first; fd < first + count; ++fd) {
    if (::fcntl(fd, F_GETFD) < 0) {
      return fail(ErrorCode::Invalid, strprintf("--preserve-fds: fd {} is not open", fd));
    }
  }
  return {};
}

Result<void> checkConsoleOptions(const ProcessConfig &process, const CreateOptions &create) {
  if (process.terminal && create.consoleSocket.empty()) {
    return fail(ErrorCode::Invalid,
                "cannot allocate tty if runw will detach without setting console socket");
  }
  if (!process.terminal && !create.consoleSocket.empty()) {
    return fail(ErrorCode::Invalid,
                "cannot use console socket if runw will not detach or allocate tty");
  }
  return {};
}

struct Loaded {
  oci::Spec spec;
  ContainerConfig config;
  std::string bundle;
};

Result<Loaded> loadBundle(const RuntimeOptions &options, const CreateOptions &create) {
  Loaded loaded;
  loaded.bundle = TRY(absoluteBundle(create.bundle));
  const std::string path = strprintf("{}/config.json", loaded.bundle);
  const std::string text = TRY(oci::readDocumentFile(path).context("reading config.json"));
  loaded.spec = TRY(oci::parseSpec(text).context(path));
  TRY(oci::validateSpec(loaded.spec).context(path));
  ConvertOptions convert{create.id, loaded.bundle, options.systemdCgroup, create.noPivot};
  loaded.config = TRY(toContainerConfig(loaded.spec, convert).context(path));
  TRY(checkConsoleOptions(loaded.config.process, create));
  return loaded;
}

state::ContainerRecord newRecord(const RuntimeOptions &options, const CreateOptions &create,
                                 const Loaded &loaded) {
  state::ContainerRecord record;
  record.id = create.id;
  record.ociVersion = loaded.spec.ociVersion;
  record.status = oci::ContainerStatus::Creating;
  record.bundle = loaded.bundle;
  record.rootfs = loaded.config.fs.rootfs;
  record.created = state::nowCreatedTime();
  record.ownerUid = ::geteuid();
  record.annotations = loaded.spec.annotations.value_or(oci::StringMap{});
  record.cgroupPath = loaded.config.cgroup.path;
  record.systemdCgroup = options.systemdCgroup;
  record.configJson = oci::serialize(loaded.spec);
  return record;
}

// crun's and runwasi's conventions: these say the entrypoint is wasm whatever its bytes.
// compat-smart (and no annotation) leave it to the file's magic.
bool annotatedWasm(const oci::Spec &spec) {
  if (!spec.annotations) {
    return false;
  }
  const auto value = [&](const char *key) -> std::string {
    const auto it = spec.annotations->find(key);
    return it == spec.annotations->end() ? "" : it->second;
  };
  const std::string handler = value("run.oci.handler");
  return handler == "wasm" || value("module.wasm.image/variant") == "compat";
}

std::vector<state::NamespacePath> namespacePaths(const ns::NamespaceConfig &config, pid_t pid) {
  std::vector<state::NamespacePath> out;
  for (const ns::NamespaceEntry &entry : config.namespaces) {
    const char *name = ns::procNamespaceName(entry.kind);
    out.push_back({name, strprintf("/proc/{}/ns/{}", pid, name)});
  }
  return out;
}

// One create attempt; owns the half-built container and tears it down unless committed.
class Creation {
public:
  Creation(const RuntimeOptions &options, const CreateOptions &create, Loaded &loaded,
           state::StateStore &store)
      : options_(options), create_(create), loaded_(loaded), store_(store),
        record_(newRecord(options, create, loaded)) {}

  Creation(const Creation &) = delete;
  Creation &operator=(const Creation &) = delete;

  ~Creation() {
    if (lock_ && !committed_) {
      tearDown();
    }
  }

  Result<pid_t> run() {
    TRY(resolveCgroup());
    // The first record already names the cgroup directories, so delete --force finds them
    // after a crash at any later point.
    lock_.emplace(TRY(store_.create(record_)));
    TRY(createCgroup());
    const UniqueFd fifo = TRY(makeExecFifo());
    UniqueFd console;
    if (loaded_.config.process.terminal) {
      console = TRY(console::connectConsoleSocket(create_.consoleSocket));
    }
    const int listenFds = listenFdCount(loaded_.config.process.env);
    TRY(checkFdsOpen(3, listenFds + create_.preserveFds));
    const std::vector<ns::NamespaceFd> joined =
        TRY(ns::openNamespacePaths(loaded_.config.namespaces));
    process::SpawnRequest request;
    request.context = process::InitContext{
        .config = &loaded_.config,
        .joined = &joined,
        .syncFd = -1,
        .execFifoFd = fifo.get(),
        .consoleSocketFd = console ? console.get() : -1,
        .preservedFds = listenFds + create_.preserveFds,
        .sessionKeyring = create_.noNewKeyring ? "" : strprintf("_ses.{}", create_.id),
        .exec = false,
        .forceWasm = annotatedWasm(loaded_.spec),
    };
    request.cgroup = &*cgroup_;
    request.lock = &*lock_;
    request.runParentHooks = [this](pid_t pid) { return runParentHooks(pid); };
    request.warn = [this](std::string_view text) { warn(options_, text); };
    const process::Spawned spawned = TRY(process::spawnContainerProcess(request));
    record_.wasm = spawned.wasm;
    TRY(recordCreated(spawned.pid));
    committed_ = true;
    return spawned.pid;
  }

private:
  // Resolves the cgroup's directories; touches nothing.
  Result<void> resolveCgroup() {
    const cgroups::HostLayout host = TRY(cgroups::detectHost());
    if (options_.systemdCgroup) {
      // runw drives cgroupfs directly, with or without a running systemd (no D-Bus client).
      container::debug(
          options_,
          strprintf("--systemd-cgroup: cgroupfs is used; {} maps to {} ({} host)",
                    loaded_.spec.linux ? loaded_.spec.linux->cgroupsPath.value_or("") : "",
                    loaded_.config.cgroup.path, cgroups::hostModeName(host.mode)));
    }
    cgroup_.emplace(TRY(cgroups::Manager::open(host, loaded_.config.cgroup.path)));
    record_.cgroupDirs = cgroup_->directories();
    return {};
  }

  Result<void> createCgroup() {
    TRY(cgroup_->create().context("creating the container cgroup"));
    const std::vector<std::string> skipped =
        TRY(cgroup_->apply(loaded_.config.cgroup.resources).context("applying resources"));
    for (const std::string &line : skipped) {
      container::debug(options_, line);
    }
    return {};
  }

  Result<UniqueFd> makeExecFifo() {
    if (::mkfifoat(lock_->dirFd(), state::kExecFifoName, 0622) != 0) {
      return failErrno("creating exec.fifo");
    }
    // Writable by everyone, whatever the umask: the init opens it after switching to the
    // container's user (runc does the same).
    if (::fchmodat(lock_->dirFd(), state::kExecFifoName, 0622, 0) != 0) {
      return failErrno("chmod of exec.fifo");
    }
    UniqueFd fd(::openat(lock_->dirFd(), state::kExecFifoName, O_PATH | O_CLOEXEC));
    if (!fd) {
      return failErrno("opening exec.fifo");
    }
    return fd;
  }

  Result<std::string> runParentHooks(pid_t pid) {
    record_.initPid = pid;
    const std::string json = container::stateJson(record_, oci::ContainerStatus::Creating);
    TRY(hooks::runHooks(loaded_.config.hooks.prestart, "prestart", json));
    TRY(hooks::runHooks(loaded_.config.hooks.createRuntime, "createRuntime", json));
    return json;
  }

  Result<void> recordCreated(pid_t pid) {
    record_.initPid = pid;
    record_.initStartTime = TRY(state::processStartTime(pid));
    record_.status = oci::ContainerStatus::Created;
    record_.namespaces = namespacePaths(loaded_.config.namespaces, pid);
    TRY(store_.save(*lock_, record_));
    if (!create_.pidFile.empty()) {
      TRY(state::writePidFile(create_.pidFile, pid).context("writing the pid file"));
    }
    return {};
  }

  void tearDown() {
    if (cgroup_) {
      (void)cgroup_->destroy();
    }
    (void)store_.remove(std::move(*lock_));
  }

  const RuntimeOptions &options_;
  const CreateOptions &create_;
  Loaded &loaded_;
  state::StateStore &store_;
  state::ContainerRecord record_;
  std::optional<state::ContainerLock> lock_;
  std::optional<cgroups::Manager> cgroup_;
  bool committed_ = false;
};

} // namespace

Result<pid_t> createContainer(const RuntimeOptions &options, const CreateOptions &create) {
  TRY(state::validateContainerId(create.id));
  Loaded loaded = TRY(loadBundle(options, create));
  for (const std::string &line : loaded.config.warnings) {
    warn(options, line);
  }
  state::StateStore store = TRY(container::openStore(options));
  Creation creation(options, create, loaded, store);
  return creation.run();
}

} // namespace runw::runtime
