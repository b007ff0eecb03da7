// SPDX-License-Identifier: Apache-2.0
// Root tests of namespace and rootfs setup: a real container filesystem built in forked children.
#include "linux/mount_options.h"
#include "linux/namespaces.h"
#include "linux/rootfs.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <linux/magic.h>
#include <map>
#include <string>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace runw::runtime {
namespace {

using fs::FsConfig;
using fs::MountEntry;
using fs::parseMountOptions;
using ns::NamespaceConfig;
using ns::NamespaceKind;

using Checks = std::map<std::string, std::string>;

// linux/magic.h has no MQUEUE_MAGIC (ipc/mqueue.c defines it).
constexpr int64_t kMqueueMagic = 0x19800202;

/// Writes one "key=value" line to the report pipe (from a child: no gtest there).
void report(int fd, const std::string &key, const std::string &value) {
  const std::string line = key + "=" + value + "\n";
  (void)!::write(fd, line.data(), line.size());
}

std::string errnoText(const char *what) { return std::string(what) + ": " + std::strerror(errno); }

/// At most the first 4 KiB of a file: enough for every check, and /dev/zero or an unmasked
/// /proc/kcore never end.
std::string readFile(const std::string &path) {
  std::string out(4096, '\0');
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  const ssize_t got = fd < 0 ? 0 : ::read(fd, out.data(), out.size());
  if (fd >= 0) {
    ::close(fd);
  }
  out.resize(got > 0 ? static_cast<size_t>(got) : 0);
  return out;
}

/// Runs body in a forked process; it must never return into gtest, not even by an exception.
[[noreturn]] void runAndExit(const std::function<int(int)> &body, int fd) {
  int code = 99;
  try {
    code = body(fd);
  } catch (...) {
    report(fd, "exception", "thrown in the child");
  }
  ::_exit(code);
}

/// Runs body in a forked child and collects its report lines; "exit" holds the wait status.
Checks runChild(const std::function<int(int)> &body) {
  std::array<int, 2> fds{};
  if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
    return {{"exit", "pipe failed"}};
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    runAndExit(body, fds[1]);
  }
  ::close(fds[1]);
  std::string text;
  std::array<char, 4096> buf{};
  for (ssize_t got; (got = ::read(fds[0], buf.data(), buf.size())) > 0;) {
    text.append(buf.data(), static_cast<size_t>(got));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  Checks checks;
  for (size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    const std::string line = text.substr(start, end - start);
    const size_t eq = line.find('=');
    checks[line.substr(0, eq)] = eq == std::string::npos ? "" : line.substr(eq + 1);
  }
  checks["exit"] = std::to_string(status);
  return checks;
}

/// In a child of the caller: enter new namespaces, then run body as PID 1 of the new pid
/// namespace in a grandchild, returning its exit code.
int inNewNamespaces(int reportFd, const NamespaceConfig &config,
                    const std::function<int(int)> &body) {
  const auto entered = ns::setupNamespaces(config, {}, {});
  if (!entered) {
    report(reportFd, "namespaces", entered.error().describe());
    return 1;
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    runAndExit(body, reportFd);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// "ok" when creating a file at path fails with EROFS.
std::string refusesWrites(const std::string &path) {
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd >= 0) {
    ::close(fd);
    ::unlink(path.c_str());
    return "write succeeded";
  }
  return errno == EROFS ? "ok" : errnoText("open");
}

int64_t fsType(const std::string &path) {
  struct statfs st {};
  return ::statfs(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.f_type) : -1;
}

std::string expectType(const std::string &path, int64_t magic) {
  const int64_t type = fsType(path);
  return type == magic ? "ok" : "f_type " + std::to_string(type);
}

class RootfsRootTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(::geteuid(), 0U) << "rootfs integration tests need root (run as root); "
                                  "they are labelled integration and never skip";
    std::string templ = (std::filesystem::temp_directory_path() / "runw-rootfs-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    base_ = templ;
    rootfs_ = base_ + "/rootfs";
    hostData_ = base_ + "/hostdata";
    for (const char *dir :
         {"", "/proc", "/dev", "/sys", "/etc", "/masked-dir", "/readonly-dir", "/copyup"}) {
      std::filesystem::create_directories(rootfs_ + dir);
    }
    std::filesystem::create_directories(hostData_);
    std::ofstream(rootfs_ + "/runw-marker") << "marker";
    std::ofstream(rootfs_ + "/masked-dir/secret") << "secret";
    std::ofstream(rootfs_ + "/masked-file") << "secret";
    std::ofstream(rootfs_ + "/copyup/hello") << "hello";
    std::ofstream(hostData_ + "/file") << "host data";
    std::ofstream(base_ + "/hostfile") << "host file";
    std::filesystem::create_directory_symlink("/etc", rootfs_ + "/etc-link");
    std::filesystem::create_directory_symlink("../../..", rootfs_ + "/up");
  }

  void TearDown() override {
    if (!base_.empty()) {
      std::filesystem::remove_all(base_);
    }
  }

  /// A config close to runc's default spec plus the cases under test.
  FsConfig fullConfig() const {
    FsConfig config;
    config.rootfs = rootfs_;
    config.mounts = {
        {"/proc", "proc", "proc", {}},
        {"/dev", "tmpfs", "tmpfs",
         parseMountOptions({"nosuid", "strictatime", "mode=755", "size=65536k"})},
        {"/dev/pts", "devpts", "devpts",
         parseMountOptions({"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"})},
        {"/dev/shm", "tmpfs", "shm",
         parseMountOptions({"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"})},
        {"/dev/mqueue", "mqueue", "mqueue", parseMountOptions({"nosuid", "noexec", "nodev"})},
        {"/sys", "sysfs", "sysfs", parseMountOptions({"nosuid", "noexec", "nodev", "ro"})},
        {"/sys/fs/cgroup", "cgroup", "cgroup",
         parseMountOptions({"nosuid", "noexec", "nodev", "relatime", "ro"})},
        {"/tmp-sized", "tmpfs", "tmpfs", parseMountOptions({"size=1m", "mode=1777"})},
        {"/data-ro", "bind", hostData_, parseMountOptions({"rbind", "ro", "nosuid"})},
        {"/data-rw", "bind", hostData_, parseMountOptions({"bind", "rprivate"})},
        {"/etc/hostfile", "bind", base_ + "/hostfile", parseMountOptions({"bind", "ro"})},
        {"/etc-link/x", "tmpfs", "tmpfs", parseMountOptions({"size=1m"})},
        {"/up/y", "tmpfs", "tmpfs", parseMountOptions({"size=1m"})},
        {"/copyup", "tmpfs", "tmpfs", parseMountOptions({"tmpcopyup", "size=1m"})},
    };
    config.maskedPaths = {"/masked-dir", "/masked-file", "/proc/kcore", "/does-not-exist"};
    config.readonlyPaths = {"/readonly-dir", "/proc/sys", "/also-missing"};
    config.devices = {{"/dev/myfifo", 'p', 0, 0, 0600, 0, 0},
                      {"/dev/mynull", 'c', 1, 3, 0640, 1000, 1000}};
    config.hostname = "runw-test";
    config.domainname = "runw-domain";
    config.sysctl = {{"net.ipv4.ip_forward", "1"}, {"kernel.shmmni", "1234"}};
    return config;
  }

  static NamespaceConfig containerNamespaces() {
    NamespaceConfig config;
    for (NamespaceKind kind : {NamespaceKind::Mount, NamespaceKind::Uts, NamespaceKind::Ipc,
                               NamespaceKind::Pid, NamespaceKind::Network}) {
      config.namespaces.push_back({kind, std::nullopt});
    }
    return config;
  }

  std::string base_;
  std::string rootfs_;
  std::string hostData_;
};

/// Filesystem checks of fullConfig, run inside the container after setup.
void checkFull(int fd, const std::string &base) {
  report(fd, "marker", readFile("/runw-marker") == "marker" ? "ok" : "missing");
  report(fd, "host-hidden", ::access(base.c_str(), F_OK) != 0 ? "ok" : "host tree visible");
  report(fd, "proc", expectType("/proc", PROC_SUPER_MAGIC));
  std::array<char, 64> self{};
  const ssize_t len = ::readlink("/proc/self", self.data(), self.size() - 1);
  report(fd, "pid1",
         len > 0 && std::string(self.data()) == "1" ? "ok" : "pid " + std::string(self.data()));
  report(fd, "bind-ro-read", readFile("/data-ro/file") == "host data" ? "ok" : "bad content");
  report(fd, "bind-ro-write", refusesWrites("/data-ro/new"));
  std::ofstream("/data-rw/written") << "x";
  report(fd, "bind-rw-write", readFile("/data-rw/written") == "x" ? "ok" : "not written");
  report(fd, "file-bind", readFile("/etc/hostfile") == "host file" ? "ok" : "bad content");
  struct statfs st {};
  ::statfs("/tmp-sized", &st);
  const auto bytes = static_cast<uint64_t>(st.f_blocks) * static_cast<uint64_t>(st.f_bsize);
  report(fd, "tmpfs-size", bytes == 1024 * 1024 ? "ok" : std::to_string(bytes));
  report(fd, "masked-file", readFile("/masked-file").empty() ? "ok" : "readable");
  report(fd, "masked-dir", ::access("/masked-dir/secret", F_OK) != 0 ? "ok" : "visible");
  report(fd, "masked-dir-ro", refusesWrites("/masked-dir/new"));
  report(fd, "masked-kcore", readFile("/proc/kcore").empty() ? "ok" : "readable");
  report(fd, "readonly-dir", refusesWrites("/readonly-dir/new"));
  const int sysFd = ::open("/proc/sys/net/ipv4/ip_forward", O_WRONLY | O_CLOEXEC);
  report(fd, "readonly-proc-sys", sysFd < 0 && errno == EROFS ? "ok" : "writable");
  if (sysFd >= 0) {
    ::close(sysFd);
  }
  report(fd, "readonly-root", refusesWrites("/new-in-root"));
  report(fd, "sysctl-net", readFile("/proc/sys/net/ipv4/ip_forward") == "1\n" ? "ok" : "not set");
  report(fd, "sysctl-ipc", readFile("/proc/sys/kernel/shmmni") == "1234\n" ? "ok" : "not set");
}

/// Device, hostname and special-mount checks of fullConfig, inside the container.
void checkDevices(int fd) {
  const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  char byte = 0;
  const bool nullOk = null >= 0 && ::write(null, "abc", 3) == 3 && ::read(null, &byte, 1) == 0;
  report(fd, "dev-null", nullOk ? "ok" : errnoText("/dev/null"));
  if (null >= 0) {
    ::close(null);
  }
  const std::string zeros = readFile("/dev/zero");
  report(fd, "dev-zero", zeros == std::string(4096, '\0') ? "ok" : "not a device");
  std::array<char, 64> link{};
  const ssize_t len = ::readlink("/dev/ptmx", link.data(), link.size() - 1);
  report(fd, "ptmx-link", len > 0 && std::string(link.data()) == "pts/ptmx" ? "ok" : "not a link");
  const int ptmx = ::open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  report(fd, "ptmx-open", ptmx >= 0 ? "ok" : errnoText("open /dev/ptmx"));
  if (ptmx >= 0) {
    ::close(ptmx);
  }
  report(fd, "dev-fd", ::access("/dev/fd/0", F_OK) == 0 ? "ok" : errnoText("/dev/fd/0"));
  struct stat st {};
  const bool fifo =
      ::stat("/dev/myfifo", &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0600;
  report(fd, "device-fifo", fifo ? "ok" : "bad fifo");
  const bool chr = ::stat("/dev/mynull", &st) == 0 && S_ISCHR(st.st_mode) &&
                   major(st.st_rdev) == 1 && minor(st.st_rdev) == 3 &&
                   (st.st_mode & 07777) == 0640 && st.st_uid == 1000 && st.st_gid == 1000;
  report(fd, "device-char", chr ? "ok" : "bad char device");
  report(fd, "shm", expectType("/dev/shm", TMPFS_MAGIC));
  report(fd, "mqueue", expectType("/dev/mqueue", kMqueueMagic));
  report(fd, "sysfs", expectType("/sys", SYSFS_MAGIC));
  report(fd, "sysfs-ro", refusesWrites("/sys/kernel/runw"));
  const bool cgroupRo = ::mkdir("/sys/fs/cgroup/memory/runw-h7-test", 0755) != 0 && errno == EROFS;
  if (!cgroupRo) {
    ::rmdir("/sys/fs/cgroup/memory/runw-h7-test");
  }
  report(fd, "cgroup-ro", cgroupRo ? "ok" : errnoText("mkdir in cgroup"));
  report(fd, "cgroup-memory", ::access("/sys/fs/cgroup/memory", F_OK) == 0 ? "ok" : "missing");
  report(fd, "escape-link", expectType("/etc/x", TMPFS_MAGIC));
  report(fd, "escape-dots", expectType("/y", TMPFS_MAGIC));
  report(fd, "copyup", readFile("/copyup/hello") == "hello" ? "ok" : "not copied");
  report(fd, "copyup-tmpfs", expectType("/copyup", TMPFS_MAGIC));
  std::array<char, 128> name{};
  ::gethostname(name.data(), name.size() - 1);
  report(fd, "hostname", std::string(name.data()) == "runw-test" ? "ok" : name.data());
  name.fill(0);
  ::getdomainname(name.data(), name.size() - 1);
  report(fd, "domainname", std::string(name.data()) == "runw-domain" ? "ok" : name.data());
}

/// Runs prepareRootfs + finalizeRootfs and reports failures; true on success.
bool setUpRootfs(int fd, const FsConfig &config) {
  bool hookRan = false;
  const auto prepared = fs::prepareRootfs(config, [&]() -> Result<void> {
    hookRan = ::access(config.rootfs.c_str(), F_OK) == 0;
    return {};
  });
  if (!prepared) {
    report(fd, "prepare", prepared.error().describe());
    return false;
  }
  report(fd, "prepare", "ok");
  report(fd, "hook", hookRan ? "ok" : "not run before pivot");
  const auto finalized = fs::finalizeRootfs(config);
  report(fd, "finalize", finalized ? "ok" : finalized.error().describe());
  return finalized.has_value();
}

void expectAllOk(const Checks &checks, std::initializer_list<const char *> keys) {
  for (const char *key : keys) {
    const auto it = checks.find(key);
    EXPECT_TRUE(it != checks.end() && it->second == "ok")
        << key << ": " << (it == checks.end() ? "not reported" : it->second);
  }
}

TEST_F(RootfsRootTest, PivotRootFullConfig) {
  FsConfig config = fullConfig();
  config.readonlyRoot = true;
  ASSERT_TRUE(fs::validateFsConfig(config, containerNamespaces()));
  const std::string base = base_;
  const Checks checks = runChild([&](int fd) {
    return inNewNamespaces(fd, containerNamespaces(), [&](int out) {
      if (!setUpRootfs(out, config)) {
        return 1;
      }
      checkFull(out, base);
      checkDevices(out);
      return 0;
    });
  });
  EXPECT_EQ(checks.at("exit"), "0");
  expectAllOk(checks, {"prepare",       "hook",         "finalize",
                       "marker",        "host-hidden",  "proc",
                       "pid1",          "bind-ro-read", "bind-ro-write",
                       "bind-rw-write", "file-bind",    "tmpfs-size",
                       "masked-file",   "masked-dir",   "masked-dir-ro",
                       "masked-kcore",  "readonly-dir", "readonly-proc-sys",
                       "readonly-root", "sysctl-net",   "sysctl-ipc"});
  expectAllOk(checks,
              {"dev-null", "dev-zero", "ptmx-link", "ptmx-open", "dev-fd", "device-fifo",
               "device-char", "shm", "mqueue", "sysfs", "sysfs-ro", "cgroup-ro", "cgroup-memory",
               "escape-link", "escape-dots", "copyup", "copyup-tmpfs", "hostname", "domainname"});
  // The symlinked destinations were created inside the rootfs, never on the host.
  EXPECT_FALSE(std::filesystem::exists("/etc/x"));
  EXPECT_TRUE(std::filesystem::is_directory(rootfs_ + "/etc/x"));
  EXPECT_TRUE(std::filesystem::is_directory(rootfs_ + "/y"));
  EXPECT_FALSE(std::filesystem::exists("/y"));
  // The rootfs itself was not written through the read-only root or binds.
  EXPECT_FALSE(std::filesystem::exists(rootfs_ + "/new-in-root"));
  EXPECT_TRUE(std::filesystem::exists(hostData_ + "/written"));
}

TEST_F(RootfsRootTest, NoPivotWithBoundDevices) {
  FsConfig config;
  config.rootfs = rootfs_;
  config.noPivot = true;
  config.userNamespace = true; // bind host device nodes instead of mknod
  config.mounts = {
      {"/proc", "proc", "proc", {}},
      {"/dev", "tmpfs", "tmpfs", parseMountOptions({"nosuid", "mode=755"})},
      {"/data-ro", "bind", hostData_, parseMountOptions({"rbind", "ro"})},
  };
  config.maskedPaths = {"/masked-file"};
  const std::string base = base_;
  const Checks checks = runChild([&](int fd) {
    return inNewNamespaces(fd, containerNamespaces(), [&](int out) {
      if (!setUpRootfs(out, config)) {
        return 1;
      }
      report(out, "marker", readFile("/runw-marker") == "marker" ? "ok" : "missing");
      report(out, "host-hidden", ::access(base.c_str(), F_OK) != 0 ? "ok" : "host visible");
      report(out, "proc", expectType("/proc", PROC_SUPER_MAGIC));
      report(out, "bind-ro-write", refusesWrites("/data-ro/new"));
      report(out, "masked-file", readFile("/masked-file").empty() ? "ok" : "readable");
      struct stat st {};
      const bool bound = ::stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode) &&
                         major(st.st_rdev) == 1 && minor(st.st_rdev) == 3;
      report(out, "dev-null-bound", bound ? "ok" : "not the host node");
      return 0;
    });
  });
  EXPECT_EQ(checks.at("exit"), "0");
  expectAllOk(checks, {"prepare", "hook", "finalize", "marker", "host-hidden", "proc",
                       "bind-ro-write", "masked-file", "dev-null-bound"});
}

TEST_F(RootfsRootTest, MountInsideProcIsRefused) {
  FsConfig config;
  config.rootfs = rootfs_;
  std::filesystem::create_directories(rootfs_ + "/evil");
  std::filesystem::create_directory_symlink("/proc/sys", rootfs_ + "/evil/link");
  config.mounts = {{"/proc", "proc", "proc", {}},
                   {"/evil/link", "bind", hostData_, parseMountOptions({"bind"})}};
  const Checks checks = runChild([&](int fd) {
    return inNewNamespaces(fd, containerNamespaces(), [&](int out) {
      const auto prepared = fs::prepareRootfs(config, {});
      report(out, "prepare", prepared ? "succeeded" : prepared.error().describe());
      return 0;
    });
  });
  ASSERT_TRUE(checks.contains("prepare"));
  EXPECT_NE(checks.at("prepare").find("inside /proc"), std::string::npos) << checks.at("prepare");
}

TEST(NamespacesRootTest, UserNamespaceMappingsFromParent) {
  ASSERT_EQ(::geteuid(), 0U) << "namespace integration tests need root";
  NamespaceConfig config;
  config.namespaces = {{NamespaceKind::User, std::nullopt}};
  config.uidMappings = {{0, 100000, 65536}};
  config.gidMappings = {{0, 100000, 65536}};
  std::array<int, 2> toParent{};
  std::array<int, 2> toChild{};
  ASSERT_EQ(::pipe2(toParent.data(), O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(toChild.data(), O_CLOEXEC), 0);
  std::array<int, 2> results{};
  ASSERT_EQ(::pipe2(results.data(), O_CLOEXEC), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const auto done = ns::setupNamespaces(config, {}, [&]() -> Result<void> {
      char byte = 'u';
      if (::write(toParent[1], &byte, 1) != 1 || ::read(toChild[0], &byte, 1) != 1) {
        return failErrno("sync with parent");
      }
      return {};
    });
    const std::string line = !done ? done.error().describe()
                                   : std::to_string(::getuid()) + " " + std::to_string(::getgid()) +
                                         " " + readFile("/proc/self/uid_map");
    (void)!::write(results[1], line.data(), line.size());
    ::_exit(done ? 0 : 1);
  }
  ::close(results[1]);
  char byte = 0;
  ASSERT_EQ(::read(toParent[0], &byte, 1), 1);
  const auto mapped = ns::writeIdMappings(pid, config, false);
  EXPECT_TRUE(mapped) << mapped.error().describe();
  ASSERT_EQ(::write(toChild[1], &byte, 1), 1);
  std::string text;
  std::array<char, 512> buf{};
  for (ssize_t got; (got = ::read(results[0], buf.data(), buf.size())) > 0;) {
    text.append(buf.data(), static_cast<size_t>(got));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  for (int fd : {toParent[0], toParent[1], toChild[0], toChild[1], results[0]}) {
    ::close(fd);
  }
  EXPECT_EQ(status, 0);
  EXPECT_TRUE(text.starts_with("0 0 ")) << text;
  EXPECT_NE(text.find("100000"), std::string::npos) << text;
}

TEST(NamespacesRootTest, JoinUtsNamespaceByPath) {
  ASSERT_EQ(::geteuid(), 0U) << "namespace integration tests need root";
  std::array<int, 2> ready{};
  std::array<int, 2> release{};
  ASSERT_EQ(::pipe2(ready.data(), O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(release.data(), O_CLOEXEC), 0);
  const pid_t holder = ::fork();
  if (holder == 0) {
    char byte = 'r';
    const bool ok = ::unshare(CLONE_NEWUTS) == 0 && ::sethostname("joined-uts", 10) == 0;
    (void)!::write(ready[1], &byte, 1);
    (void)!::read(release[0], &byte, 1);
    ::_exit(ok ? 0 : 1);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  NamespaceConfig config;
  config.namespaces = {{NamespaceKind::Uts, "/proc/" + std::to_string(holder) + "/ns/uts"}};
  const Checks checks = runChild([&](int fd) {
    auto opened = ns::openNamespacePaths(config);
    if (!opened) {
      report(fd, "hostname", opened.error().describe());
      return 1;
    }
    const auto joined = ns::setupNamespaces(config, *opened, {});
    std::array<char, 64> name{};
    ::gethostname(name.data(), name.size() - 1);
    report(fd, "hostname", joined ? name.data() : joined.error().describe());
    return 0;
  });
  ASSERT_EQ(::write(release[1], &byte, 1), 1);
  int status = 0;
  ::waitpid(holder, &status, 0);
  for (int fd : {ready[0], ready[1], release[0], release[1]}) {
    ::close(fd);
  }
  EXPECT_EQ(status, 0);
  EXPECT_EQ(checks.at("hostname"), "joined-uts");
}

TEST(NamespacesRootTest, TimeNamespaceOffsets) {
  ASSERT_EQ(::geteuid(), 0U) << "namespace integration tests need root";
  NamespaceConfig config;
  config.namespaces = {{NamespaceKind::Time, std::nullopt}};
  config.monotonicOffset = ns::ClockOffset{1000000, 0};
  ASSERT_TRUE(ns::validateNamespaces(config));
  timespec before{};
  ::clock_gettime(CLOCK_MONOTONIC, &before);
  const Checks checks = runChild([&](int fd) {
    return inNewNamespaces(fd, config, [](int out) {
      timespec now{};
      ::clock_gettime(CLOCK_MONOTONIC, &now);
      report(out, "monotonic", std::to_string(now.tv_sec));
      return 0;
    });
  });
  ASSERT_TRUE(checks.contains("monotonic"))
      << (checks.contains("namespaces") ? checks.at("namespaces") : "");
  const long long seen = std::stoll(checks.at("monotonic"));
  EXPECT_GE(seen, before.tv_sec + 1000000);
  EXPECT_LT(seen, before.tv_sec + 1000000 + 60);
}

} // namespace
} // namespace runw::runtime
