// SPDX-License-Identifier: Apache-2.0
// applyProcessSecurity in a forked child (root): the child reports /proc/self/status and more.
#include "linux/process_security.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <linux/capability.h>
#include <map>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace runw::runtime::security {
namespace {

#define RUNW_REQUIRE_ROOT()                                                                        \
  if (::geteuid() != 0) {                                                                          \
    FAIL() << "this integration test needs root (it changes uids, capabilities and seccomp in a "  \
              "forked child); run it as root";                                                     \
  }

struct ChildOutcome {
  int status = 0;
  bool timedOut = false;
  std::string report;
  /// "Key:\tvalue" lines of the report, values trimmed.
  std::map<std::string, std::string> fields;
};

void writeAll(int fd, const std::string &text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0 && errno != EINTR) {
      return;
    }
    done += n > 0 ? static_cast<size_t>(n) : 0;
  }
}

std::map<std::string, std::string> parseFields(const std::string &text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const size_t colon = line.find(":\t");
    if (colon != std::string::npos) {
      // /proc/self/status pads some values ("Groups:\t10 20 ", an empty list is " ").
      std::string value = line.substr(colon + 2);
      value.erase(0, value.find_first_not_of(" \t"));
      value.erase(value.find_last_not_of(" \t") + 1);
      out[line.substr(0, colon)] = value;
    }
  }
  return out;
}

// Forks; the child runs body and sends its text back. The parent always reaps the child, and
// kills it first if it has not finished within the timeout.
ChildOutcome runInChild(const std::function<std::string()> &body,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  ChildOutcome out;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2: " << std::strerror(errno);
    return out;
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    writeAll(fds[1], body());
    ::_exit(0);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    return out;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd pfd{fds[0], POLLIN, 0};
    if (left.count() <= 0 || ::poll(&pfd, 1, static_cast<int>(left.count())) == 0) {
      out.timedOut = true;
      ::kill(pid, SIGKILL);
      break;
    }
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    out.report.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  while (::waitpid(pid, &out.status, 0) < 0 && errno == EINTR) {
  }
  out.fields = parseFields(out.report);
  return out;
}

std::string readFile(const char *path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string line(const std::string &key, const std::string &value) {
  return key + ":\t" + value + "\n";
}

// Applies config, then appends /proc/self/status and whatever `observe` adds.
std::function<std::string()> applyThen(SecurityConfig config,
                                       std::function<std::string()> observe = {}) {
  return [config = std::move(config), observe = std::move(observe)] {
    auto warnings = applyProcessSecurity(config);
    if (!warnings) {
      return line("Error", warnings.error().describe());
    }
    std::string out;
    for (const std::string &w : *warnings) {
      out += line("Warning", w);
    }
    out += line("OomScoreAdj", readFile("/proc/self/oom_score_adj"));
    if (observe) {
      out += observe();
    }
    return out + readFile("/proc/self/status");
  };
}

std::string mask(std::initializer_list<CapNumber> caps) {
  uint64_t bits = 0;
  for (CapNumber cap : caps) {
    bits |= uint64_t{1} << cap;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(bits));
  return text;
}

void expectCleanExit(const ChildOutcome &child) {
  EXPECT_FALSE(child.timedOut);
  EXPECT_TRUE(WIFEXITED(child.status) && WEXITSTATUS(child.status) == 0) << child.status;
  EXPECT_EQ(child.fields.count("Error"), 0U) << child.report;
}

TEST(SecurityProcess, RootEndsWithExactlyTheConfiguredSets) {
  RUNW_REQUIRE_ROOT();
  SecurityConfig config;
  config.capabilities.bounding = {CAP_CHOWN, CAP_KILL, CAP_NET_BIND_SERVICE, CAP_SETPCAP};
  config.capabilities.permitted = {CAP_CHOWN, CAP_KILL, CAP_NET_BIND_SERVICE};
  config.capabilities.effective = {CAP_CHOWN, CAP_KILL};
  config.capabilities.inheritable = {CAP_NET_BIND_SERVICE, CAP_KILL};
  config.capabilities.ambient = {CAP_NET_BIND_SERVICE};
  const ChildOutcome child = runInChild(applyThen(config));
  expectCleanExit(child);
  EXPECT_EQ(child.fields.at("CapBnd"),
            mask({CAP_CHOWN, CAP_KILL, CAP_NET_BIND_SERVICE, CAP_SETPCAP}));
  EXPECT_EQ(child.fields.at("CapPrm"), mask({CAP_CHOWN, CAP_KILL, CAP_NET_BIND_SERVICE}));
  EXPECT_EQ(child.fields.at("CapEff"), mask({CAP_CHOWN, CAP_KILL}));
  EXPECT_EQ(child.fields.at("CapInh"), mask({CAP_NET_BIND_SERVICE, CAP_KILL}));
  EXPECT_EQ(child.fields.at("CapAmb"), mask({CAP_NET_BIND_SERVICE}));
  EXPECT_EQ(child.fields.at("NoNewPrivs"), "0");
  EXPECT_EQ(child.fields.at("Uid"), "0\t0\t0\t0");
  EXPECT_EQ(child.fields.at("Umask"), "0022"); // runc's default
}

TEST(SecurityProcess, Uid1000KeepsTheConfiguredCapability) {
  RUNW_REQUIRE_ROOT();
  SecurityConfig config;
  const std::vector<CapNumber> one{CAP_NET_BIND_SERVICE};
  config.capabilities = {one, one, one, one, one};
  config.user = {1000, 1000, {10, 20}, 027};
  const ChildOutcome child = runInChild(applyThen(config));
  expectCleanExit(child);
  for (const char *set : {"CapBnd", "CapPrm", "CapEff", "CapInh", "CapAmb"}) {
    EXPECT_EQ(child.fields.at(set), mask({CAP_NET_BIND_SERVICE})) << set;
  }
  EXPECT_EQ(child.fields.at("Uid"), "1000\t1000\t1000\t1000");
  EXPECT_EQ(child.fields.at("Gid"), "1000\t1000\t1000\t1000");
  EXPECT_EQ(child.fields.at("Groups"), "10 20");
  EXPECT_EQ(child.fields.at("Umask"), "0027");
}

TEST(SecurityProcess, Uid1000WithNoCapsAndNoNewPrivs) {
  RUNW_REQUIRE_ROOT();
  SecurityConfig config;
  config.user = {1000, 1001, {}, 077};
  config.noNewPrivileges = true;
  const ChildOutcome child = runInChild(applyThen(config));
  expectCleanExit(child);
  for (const char *set : {"CapBnd", "CapPrm", "CapEff", "CapInh", "CapAmb"}) {
    EXPECT_EQ(child.fields.at(set), mask({})) << set;
  }
  EXPECT_EQ(child.fields.at("Gid"), "1001\t1001\t1001\t1001");
  EXPECT_EQ(child.fields.at("Groups"), "");
  EXPECT_EQ(child.fields.at("Umask"), "0077");
  EXPECT_EQ(child.fields.at("NoNewPrivs"), "1");
}

TEST(SecurityProcess, RlimitNofileLoweredAndOomScoreAdjSet) {
  RUNW_REQUIRE_ROOT();
  SecurityConfig config;
  config.rlimits = {{RLIMIT_NOFILE, "RLIMIT_NOFILE", 256, 512}};
  config.oomScoreAdj = 345;
  const ChildOutcome child = runInChild(applyThen(config, [] {
    rlimit lim{};
    ::getrlimit(RLIMIT_NOFILE, &lim);
    return line("Nofile", std::to_string(lim.rlim_cur) + " " + std::to_string(lim.rlim_max));
  }));
  expectCleanExit(child);
  EXPECT_EQ(child.fields.at("Nofile"), "256 512");
  EXPECT_EQ(child.fields.at("OomScoreAdj"), "345");
}

TEST(SecurityProcess, RaisingAHardRlimitWithoutCapSysResourceSaysSo) {
  RUNW_REQUIRE_ROOT();
  const ChildOutcome child = runInChild([] {
    std::string out;
    auto lowered = applyRlimits({{RLIMIT_NOFILE, "RLIMIT_NOFILE", 256, 512}});
    auto dropped = applyCapabilitySets({});
    if (!lowered || !dropped) {
      return line("Error", "setup failed");
    }
    auto raised = applyRlimits({{RLIMIT_NOFILE, "RLIMIT_NOFILE", 1024, 1024}});
    return line("Raise", raised ? "ok" : raised.error().describe());
  });
  EXPECT_FALSE(child.timedOut);
  ASSERT_EQ(child.fields.count("Raise"), 1U) << child.report;
  const std::string &text = child.fields.at("Raise");
  EXPECT_NE(text.find("RLIMIT_NOFILE to soft 1024, hard 1024"), std::string::npos) << text;
  EXPECT_NE(text.find("above the current 512 needs CAP_SYS_RESOURCE"), std::string::npos) << text;
}

SeccompConfig mkdirErrno38() {
  SeccompConfig seccomp;
  seccomp.syscalls = {{{"mkdir"}, SeccompAction::Errno, 38, {}}};
  return seccomp;
}

// mkdir through the raw syscall (glibc might pick mkdirat), plus proof other syscalls still work.
std::string observeMkdir() {
  const std::string dir = "/tmp/runw-seccomp-test-" + std::to_string(::getpid());
  const long rc = ::syscall(SYS_mkdir, dir.c_str(), 0700);
  const int err = errno;
  if (rc == 0) {
    ::rmdir(dir.c_str());
  }
  return line("Mkdir", rc == 0 ? "ok" : std::to_string(err)) +
         line("Getpid", ::getpid() > 0 ? "ok" : "failed");
}

TEST(SecurityProcess, SeccompErrnoRuleWithNoNewPrivs) {
  RUNW_REQUIRE_ROOT();
  SecurityConfig config;
  config.user = {1000, 1000, {}, {}};
  config.noNewPrivileges = true;
  config.seccomp = mkdirErrno38();
  const ChildOutcome child = runInChild(applyThen(config, observeMkdir));
  expectCleanExit(child);
  EXPECT_EQ(child.fields.at("Mkdir"), "38");
  EXPECT_EQ(child.fields.at("Getpid"), "ok");
  EXPECT_EQ(child.fields.at("Seccomp"), "2"); // SECCOMP_MODE_FILTER
  EXPECT_EQ(child.fields.at("NoNewPrivs"), "1");
}

TEST(SecurityProcess, SeccompWithoutNoNewPrivsIsLoadedBeforeCapsAreDropped) {
  RUNW_REQUIRE_ROOT();
  // Loading needs CAP_SYS_ADMIN here; the child ends as uid 1000 with none, so this only works
  // because the filter goes in before the capability steps.
  SecurityConfig config;
  config.user = {1000, 1000, {}, {}};
  config.seccomp = mkdirErrno38();
  const ChildOutcome child = runInChild(applyThen(config, observeMkdir));
  expectCleanExit(child);
  EXPECT_EQ(child.fields.at("Mkdir"), "38");
  EXPECT_EQ(child.fields.at("Seccomp"), "2");
  EXPECT_EQ(child.fields.at("NoNewPrivs"), "0"); // libseccomp must not set it on its own
  EXPECT_EQ(child.fields.at("CapEff"), mask({}));
}

TEST(SecurityProcess, SeccompKillProcessRuleKillsWithSigsys) {
  RUNW_REQUIRE_ROOT();
  SecurityConfig config;
  config.noNewPrivileges = true;
  config.seccomp = SeccompConfig{};
  config.seccomp->syscalls = {{{"getppid"}, SeccompAction::KillProcess, {}, {}}};
  const ChildOutcome child = runInChild(applyThen(config, [] {
    ::syscall(SYS_getppid);
    return line("Survived", "yes");
  }));
  EXPECT_FALSE(child.timedOut);
  EXPECT_EQ(child.fields.count("Survived"), 0U) << child.report;
  ASSERT_TRUE(WIFSIGNALED(child.status)) << child.status << " " << child.report;
  EXPECT_EQ(WTERMSIG(child.status), SIGSYS);
}

TEST(SecurityProcess, ErrorsReachTheReportAndLabelsAreWarnings) {
  RUNW_REQUIRE_ROOT();
  SecurityConfig refused;
  refused.seccomp = SeccompConfig{};
  refused.seccomp->defaultAction = SeccompAction::Notify;
  const ChildOutcome bad = runInChild(applyThen(refused));
  ASSERT_EQ(bad.fields.count("Error"), 1U) << bad.report;
  EXPECT_NE(bad.fields.at("Error").find("SCMP_ACT_NOTIFY"), std::string::npos);

  SecurityConfig labelled;
  labelled.apparmorProfile = "runw-default";
  labelled.selinuxLabel = "system_u:system_r:container_t:s0";
  const ChildOutcome child = runInChild(applyThen(labelled));
  expectCleanExit(child);
  EXPECT_NE(child.report.find("apparmorProfile \"runw-default\" accepted but not applied"),
            std::string::npos)
      << child.report;
  EXPECT_NE(child.report.find("selinuxLabel"), std::string::npos);
}

TEST(SecurityProcess, CapsThisProcessLacksAreLeftOutWithAWarning) {
  RUNW_REQUIRE_ROOT();
  auto held = currentCapabilities();
  ASSERT_TRUE(held);
  const bool hostLacks = std::find(held->permitted.begin(), held->permitted.end(),
                                   CAP_SYS_RESOURCE) == held->permitted.end();
  SecurityConfig config;
  const std::vector<CapNumber> two{CAP_CHOWN, CAP_SYS_RESOURCE};
  config.capabilities = {two, two, two, two, {}};
  const ChildOutcome child = runInChild(applyThen(config));
  expectCleanExit(child);
  const std::string expected = hostLacks ? mask({CAP_CHOWN}) : mask({CAP_CHOWN, CAP_SYS_RESOURCE});
  EXPECT_EQ(child.fields.at("CapPrm"), expected);
  EXPECT_EQ(child.fields.at("CapEff"), expected);
  EXPECT_EQ(child.report.find("left out of the container: CAP_SYS_RESOURCE") != std::string::npos,
            hostLacks)
      << child.report;
}

} // namespace
} // namespace runw::runtime::security
