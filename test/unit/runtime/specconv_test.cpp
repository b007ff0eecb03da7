// SPDX-License-Identifier: Apache-2.0
// toContainerConfig/toExecProcess: root, namespaces, process, security, fs, hooks, and errors.
#include "linux/namespaces.h"
#include "spec/container_config.h"
#include "spec/specconv_parts.h"

#include "oci/json.h"

#include <gtest/gtest.h>

#include <linux/capability.h>
#include <string>
#include <sys/mount.h>
#include <sys/resource.h>
#include <vector>

namespace runw::runtime {
namespace {

ConvertOptions options() {
  ConvertOptions out;
  out.id = "c1";
  out.bundle = "/bundles/c1";
  return out;
}

oci::Namespace nsOf(oci::NamespaceType type, std::optional<std::string> path = std::nullopt) {
  oci::Namespace out;
  out.type = type;
  out.path = std::move(path);
  return out;
}

/// The smallest config runw accepts: a rootfs, a program, new pid and mount namespaces.
oci::Spec baseSpec() {
  oci::Spec spec;
  spec.ociVersion = "1.2.0";
  spec.root.emplace();
  spec.root->path = "rootfs";
  spec.process.emplace();
  spec.process->args = std::vector<std::string>{"/bin/sh", "-c", "true"};
  spec.process->cwd = "/";
  spec.linux.emplace();
  spec.linux->namespaces =
      std::vector<oci::Namespace>{nsOf(oci::NamespaceType::Pid), nsOf(oci::NamespaceType::Mount)};
  return spec;
}

/// Converts and expects a failure whose description contains `needle`.
std::string expectError(const oci::Spec &spec, const std::string &needle,
                        const ConvertOptions &opts = options()) {
  auto config = toContainerConfig(spec, opts);
  if (config) {
    ADD_FAILURE() << "conversion succeeded, expected an error containing: " << needle;
    return {};
  }
  const std::string text = config.error().describe();
  EXPECT_NE(text.find(needle), std::string::npos) << text;
  return text;
}

oci::IdMapping idMap(uint32_t containerId, uint32_t hostId, uint32_t size) {
  oci::IdMapping out;
  out.containerId = containerId;
  out.hostId = hostId;
  out.size = size;
  return out;
}

// ---- root ---------------------------------------------------------------------------------

TEST(SpecconvRoot, RelativeRootIsJoinedUnderTheBundleAndCleaned) {
  oci::Spec spec = baseSpec();
  spec.root->path = "./x/../rootfs/";
  spec.root->readonly = true;
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->fs.rootfs, "/bundles/c1/rootfs");
  EXPECT_TRUE(config->fs.readonlyRoot);
}

TEST(SpecconvRoot, AbsoluteRootIsKeptButCleaned) {
  oci::Spec spec = baseSpec();
  spec.root->path = "/var//lib/c1/./rootfs/";
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->fs.rootfs, "/var/lib/c1/rootfs");
  EXPECT_FALSE(config->fs.readonlyRoot);
}

TEST(SpecconvRoot, RelativeRootNeedsAnAbsoluteBundle) {
  ConvertOptions opts = options();
  opts.bundle = "bundles/c1";
  expectError(baseSpec(), "root.path: relative path \"rootfs\"", opts);
}

TEST(SpecconvRoot, MissingRootIsAnError) {
  oci::Spec spec = baseSpec();
  spec.root.reset();
  expectError(spec, "root.path");
}

TEST(SpecconvRoot, CleanAbsolutePath) {
  EXPECT_EQ(specconv::cleanAbsolutePath("/"), "/");
  EXPECT_EQ(specconv::cleanAbsolutePath("/../.."), "/");
  EXPECT_EQ(specconv::cleanAbsolutePath("/a/b/../../c//d/."), "/c/d");
}

TEST(SpecconvRoot, NoPivotAndPropagationComeThrough) {
  oci::Spec spec = baseSpec();
  spec.linux->rootfsPropagation = "rshared";
  ConvertOptions opts = options();
  opts.noPivot = true;
  auto config = toContainerConfig(spec, opts);
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_TRUE(config->fs.noPivot);
  EXPECT_EQ(config->fs.rootPropagation, static_cast<unsigned long>(MS_SHARED | MS_REC));
  EXPECT_FALSE(config->fs.userNamespace);
}

TEST(SpecconvRoot, PrivatePropagationWithoutPivotIsRefused) {
  oci::Spec spec = baseSpec();
  spec.linux->rootfsPropagation = "rprivate";
  ConvertOptions opts = options();
  opts.noPivot = true;
  expectError(spec, "linux.rootfsPropagation: [r]private is not safe", opts);
  // With pivot_root it is fine.
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->fs.rootPropagation, static_cast<unsigned long>(MS_PRIVATE | MS_REC));
}

TEST(SpecconvRoot, UnknownPropagationIsAnError) {
  oci::Spec spec = baseSpec();
  spec.linux->rootfsPropagation = "sideways";
  expectError(spec, "sideways");
}

// ---- namespaces ---------------------------------------------------------------------------

TEST(SpecconvNamespaces, EveryKindInOrderWithPaths) {
  oci::Spec spec = baseSpec();
  spec.linux->namespaces = std::vector<oci::Namespace>{
      nsOf(oci::NamespaceType::Pid),    nsOf(oci::NamespaceType::Network, "/var/run/netns/cni-1"),
      nsOf(oci::NamespaceType::Mount),  nsOf(oci::NamespaceType::Ipc, ""), // empty path: a new one
      nsOf(oci::NamespaceType::Uts),    nsOf(oci::NamespaceType::User),
      nsOf(oci::NamespaceType::Cgroup), nsOf(oci::NamespaceType::Time),
  };
  spec.linux->uidMappings = std::vector<oci::IdMapping>{idMap(0, 100000, 65536)};
  spec.linux->gidMappings = std::vector<oci::IdMapping>{idMap(0, 200000, 1000), idMap(1000, 1, 1)};
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  using ns::NamespaceKind;
  const std::vector<ns::NamespaceEntry> expected{
      {NamespaceKind::Pid, std::nullopt},    {NamespaceKind::Network, "/var/run/netns/cni-1"},
      {NamespaceKind::Mount, std::nullopt},  {NamespaceKind::Ipc, std::nullopt},
      {NamespaceKind::Uts, std::nullopt},    {NamespaceKind::User, std::nullopt},
      {NamespaceKind::Cgroup, std::nullopt}, {NamespaceKind::Time, std::nullopt},
  };
  EXPECT_EQ(config->namespaces.namespaces, expected);
  EXPECT_EQ(config->namespaces.uidMappings, (std::vector<ns::IdMapRange>{{0, 100000, 65536}}));
  EXPECT_EQ(config->namespaces.gidMappings,
            (std::vector<ns::IdMapRange>{{0, 200000, 1000}, {1000, 1, 1}}));
  EXPECT_TRUE(config->fs.userNamespace);
}

TEST(SpecconvNamespaces, TimeOffsets) {
  oci::Spec spec = baseSpec();
  spec.linux->namespaces->push_back(nsOf(oci::NamespaceType::Time));
  oci::TimeOffset monotonic;
  monotonic.secs = -86400;
  monotonic.nanosecs = 5;
  oci::TimeOffset boottime;
  boottime.secs = 3600;
  spec.linux->timeOffsets =
      std::map<std::string, oci::TimeOffset>{{"monotonic", monotonic}, {"boottime", boottime}};
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  ASSERT_TRUE(config->namespaces.monotonicOffset);
  EXPECT_EQ(*config->namespaces.monotonicOffset, (ns::ClockOffset{-86400, 5}));
  ASSERT_TRUE(config->namespaces.boottimeOffset);
  EXPECT_EQ(*config->namespaces.boottimeOffset, (ns::ClockOffset{3600, 0}));
}

TEST(SpecconvNamespaces, UnknownClockIsAnError) {
  oci::Spec spec = baseSpec();
  spec.linux->namespaces->push_back(nsOf(oci::NamespaceType::Time));
  spec.linux->timeOffsets = std::map<std::string, oci::TimeOffset>{{"realtime", {}}};
  expectError(spec, "linux.timeOffsets.realtime: unknown clock");
}

TEST(SpecconvNamespaces, TimeOffsetsNeedATimeNamespace) {
  oci::Spec spec = baseSpec();
  spec.linux->timeOffsets = std::map<std::string, oci::TimeOffset>{{"boottime", {}}};
  expectError(spec, "time offsets need a new time namespace");
}

TEST(SpecconvNamespaces, UnknownNamespaceTypeNamesThePath) {
  oci::Spec spec = baseSpec();
  spec.linux->namespaces->push_back(nsOf(static_cast<oci::NamespaceType>(42)));
  expectError(spec, "linux.namespaces[2].type: unknown namespace \"42\"");
}

TEST(SpecconvNamespaces, UnknownNamespaceNameIsRefusedByTheParser) {
  auto spec = oci::parseSpec(R"({"ociVersion":"1.2.0","root":{"path":"rootfs"},
      "process":{"args":["sh"],"cwd":"/","user":{"uid":0,"gid":0}},
      "linux":{"namespaces":[{"type":"pid"},{"type":"mount"},{"type":"foo"}]}})");
  ASSERT_FALSE(spec);
  const std::string text = spec.error().describe();
  EXPECT_NE(text.find("linux.namespaces[2].type"), std::string::npos) << text;
  EXPECT_NE(text.find("\"foo\""), std::string::npos) << text;
}

TEST(SpecconvNamespaces, DuplicateNamespaceIsAnError) {
  oci::Spec spec = baseSpec();
  spec.linux->namespaces->push_back(nsOf(oci::NamespaceType::Pid, "/proc/1/ns/pid"));
  expectError(spec, "namespace pid listed twice");
}

TEST(SpecconvNamespaces, MappingsWithoutUserNamespaceAreDroppedWithAWarning) {
  oci::Spec spec = baseSpec();
  spec.linux->uidMappings = std::vector<oci::IdMapping>{idMap(0, 1000, 1)};
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_TRUE(config->namespaces.uidMappings.empty());
  ASSERT_EQ(config->warnings.size(), 1u);
  EXPECT_NE(config->warnings[0].find("uidMappings"), std::string::npos);
}

TEST(SpecconvNamespaces, NewUserNamespaceNeedsMappings) {
  oci::Spec spec = baseSpec();
  spec.linux->namespaces->push_back(nsOf(oci::NamespaceType::User));
  expectError(spec, "a new user namespace needs uid and gid mappings");
}

TEST(SpecconvNamespaces, RootfsNeedsAMountNamespace) {
  oci::Spec spec = baseSpec();
  spec.linux->namespaces = std::vector<oci::Namespace>{nsOf(oci::NamespaceType::Pid)};
  expectError(spec, "needs a new mount namespace");
}

// ---- process ------------------------------------------------------------------------------

TEST(SpecconvProcess, ProgramFields) {
  oci::Spec spec = baseSpec();
  spec.process->env = std::vector<std::string>{"PATH=/bin", "TERM=xterm"};
  spec.process->cwd = "/work";
  spec.process->terminal = true;
  spec.process->consoleSize.emplace();
  spec.process->consoleSize->height = 24;
  spec.process->consoleSize->width = 80;
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  ProcessConfig expected;
  expected.args = {"/bin/sh", "-c", "true"};
  expected.env = {"PATH=/bin", "TERM=xterm"};
  expected.cwd = "/work";
  expected.terminal = true;
  expected.consoleHeight = 24;
  expected.consoleWidth = 80;
  EXPECT_EQ(config->process, expected);
}

TEST(SpecconvProcess, CwdDefaultsToRoot) {
  oci::Spec spec = baseSpec();
  spec.process->cwd.clear();
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->process.cwd, "/");
  EXPECT_FALSE(config->process.terminal);
  EXPECT_EQ(config->process.consoleWidth, 0u);
}

TEST(SpecconvProcess, RelativeCwdIsAnError) {
  oci::Spec spec = baseSpec();
  spec.process->cwd = "work";
  expectError(spec, "process.cwd: \"work\" is not an absolute path");
}

TEST(SpecconvProcess, EmptyArgsIsAnError) {
  oci::Spec spec = baseSpec();
  spec.process->args = std::vector<std::string>{};
  const std::string text = expectError(spec, "process.args: must not be empty");
  spec.process->args.reset();
  expectError(spec, "process.args: must not be empty");
}

TEST(SpecconvProcess, MissingProcessIsAnError) {
  oci::Spec spec = baseSpec();
  spec.process.reset();
  expectError(spec, "process: missing required field");
}

TEST(SpecconvSecurity, CapabilitySetsUserAndAttributes) {
  oci::Spec spec = baseSpec();
  oci::Capabilities caps;
  caps.bounding = std::vector<std::string>{"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  caps.effective = std::vector<std::string>{"CAP_KILL"};
  caps.permitted = std::vector<std::string>{"CAP_KILL", "CAP_CHOWN"};
  caps.ambient = std::vector<std::string>{"CAP_NET_BIND_SERVICE"};
  spec.process->capabilities = caps;
  spec.process->user.uid = 1000;
  spec.process->user.gid = 100;
  spec.process->user.umask = 077;
  spec.process->user.additionalGids = std::vector<uint32_t>{5, 6};
  spec.process->noNewPrivileges = true;
  spec.process->oomScoreAdj = -500;
  spec.process->apparmorProfile = "runw-default";
  spec.process->selinuxLabel = "";
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  const security::SecurityConfig &sec = config->security;
  EXPECT_EQ(sec.capabilities.bounding,
            (std::vector<security::CapNumber>{CAP_CHOWN, CAP_KILL, CAP_NET_BIND_SERVICE}));
  EXPECT_EQ(sec.capabilities.effective, (std::vector<security::CapNumber>{CAP_KILL}));
  EXPECT_EQ(sec.capabilities.permitted, (std::vector<security::CapNumber>{CAP_KILL, CAP_CHOWN}));
  EXPECT_TRUE(sec.capabilities.inheritable.empty());
  EXPECT_EQ(sec.capabilities.ambient, (std::vector<security::CapNumber>{CAP_NET_BIND_SERVICE}));
  EXPECT_EQ(sec.user.uid, 1000u);
  EXPECT_EQ(sec.user.gid, 100u);
  EXPECT_EQ(sec.user.umask, std::optional<uint32_t>(077));
  EXPECT_EQ(sec.user.additionalGids, (std::vector<uint32_t>{5, 6}));
  EXPECT_TRUE(sec.noNewPrivileges);
  EXPECT_EQ(sec.oomScoreAdj, std::optional<int>(-500));
  EXPECT_EQ(sec.apparmorProfile, std::optional<std::string>("runw-default"));
  EXPECT_FALSE(sec.selinuxLabel) << "an empty label is no label";
  EXPECT_FALSE(sec.seccomp);
  EXPECT_TRUE(config->warnings.empty());
}

TEST(SpecconvSecurity, AbsentCapabilitiesAndUserDefaults) {
  auto config = toContainerConfig(baseSpec(), options());
  ASSERT_TRUE(config) << config.error().describe();
  const security::SecurityConfig &sec = config->security;
  EXPECT_TRUE(sec.capabilities.bounding.empty());
  EXPECT_TRUE(sec.capabilities.effective.empty());
  EXPECT_EQ(sec.user.uid, 0u);
  EXPECT_FALSE(sec.user.umask);
  EXPECT_FALSE(sec.noNewPrivileges);
  EXPECT_FALSE(sec.oomScoreAdj);
  EXPECT_TRUE(sec.rlimits.empty());
}

TEST(SpecconvSecurity, UnknownCapabilityNamesTheSet) {
  oci::Spec spec = baseSpec();
  spec.process->capabilities.emplace();
  spec.process->capabilities->effective = std::vector<std::string>{"CAP_KILL", "CAP_FLY"};
  expectError(spec, "process.capabilities.effective: unknown capability \"CAP_FLY\"");
}

TEST(SpecconvSecurity, CapabilitiesTheKernelLacksBecomeOneWarning) {
  oci::Process process = *baseSpec().process;
  process.capabilities.emplace();
  process.capabilities->bounding = std::vector<std::string>{"CAP_CHOWN", "CAP_NET_RAW", "CAP_BPF"};
  process.capabilities->permitted = std::vector<std::string>{"CAP_BPF"};
  // As if the kernel ended at CAP_NET_ADMIN (12).
  auto out = specconv::convertProcess(process, CAP_NET_ADMIN, "process");
  ASSERT_TRUE(out) << out.error().describe();
  EXPECT_EQ(out->security.capabilities.bounding, (std::vector<security::CapNumber>{CAP_CHOWN}));
  EXPECT_TRUE(out->security.capabilities.permitted.empty());
  ASSERT_EQ(out->warnings.size(), 1u);
  EXPECT_NE(out->warnings[0].find("CAP_NET_RAW, CAP_BPF"), std::string::npos) << out->warnings[0];
}

TEST(SpecconvSecurity, Rlimits) {
  oci::Spec spec = baseSpec();
  oci::Rlimit nofile;
  nofile.type = "RLIMIT_NOFILE";
  nofile.soft = 1024;
  nofile.hard = 4096;
  oci::Rlimit core;
  core.type = "RLIMIT_CORE";
  spec.process->rlimits = std::vector<oci::Rlimit>{nofile, core};
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  const auto &rlimits = config->security.rlimits;
  ASSERT_EQ(rlimits.size(), 2u);
  EXPECT_EQ(rlimits[0].resource, RLIMIT_NOFILE);
  EXPECT_EQ(rlimits[0].name, "RLIMIT_NOFILE");
  EXPECT_EQ(rlimits[0].soft, 1024u);
  EXPECT_EQ(rlimits[0].hard, 4096u);
  EXPECT_EQ(rlimits[1].resource, RLIMIT_CORE);
  EXPECT_EQ(rlimits[1].hard, 0u);
}

TEST(SpecconvSecurity, UnknownAndDuplicateRlimitsAreErrors) {
  oci::Spec spec = baseSpec();
  oci::Rlimit nofile;
  nofile.type = "RLIMIT_NOFILE";
  oci::Rlimit bogus;
  bogus.type = "RLIMIT_COFFEE";
  spec.process->rlimits = std::vector<oci::Rlimit>{nofile, bogus};
  expectError(spec, "process.rlimits[1].type: unknown rlimit type \"RLIMIT_COFFEE\"");
  spec.process->rlimits = std::vector<oci::Rlimit>{nofile, nofile};
  expectError(spec, "process.rlimits[1].type: duplicate rlimit \"RLIMIT_NOFILE\"");
}

TEST(SpecconvSecurity, UnsupportedProcessFieldsAreWarnings) {
  oci::Spec spec = baseSpec();
  spec.process->scheduler.emplace();
  spec.process->scheduler->policy = "SCHED_BATCH";
  spec.process->ioPriority.emplace();
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->warnings, (std::vector<std::string>{
                                  "process.scheduler is not supported by runw and is ignored",
                                  "process.ioPriority is not supported by runw and is ignored"}));
}

TEST(SpecconvExec, ExecProcessConvertsProgramAndSecurity) {
  auto process = oci::parseProcess(R"({"user":{"uid":5,"gid":6,"additionalGids":[7]},
      "args":["ls","-l"],"env":["A=1"],"cwd":"/tmp","terminal":true,
      "capabilities":{"bounding":["CAP_KILL"]},
      "rlimits":[{"type":"RLIMIT_NPROC","hard":10,"soft":5}],"noNewPrivileges":true})");
  ASSERT_TRUE(process) << process.error().describe();
  auto exec = toExecProcess(*process);
  ASSERT_TRUE(exec) << exec.error().describe();
  EXPECT_EQ(exec->process.args, (std::vector<std::string>{"ls", "-l"}));
  EXPECT_EQ(exec->process.env, (std::vector<std::string>{"A=1"}));
  EXPECT_EQ(exec->process.cwd, "/tmp");
  EXPECT_TRUE(exec->process.terminal);
  EXPECT_EQ(exec->security.user.uid, 5u);
  EXPECT_EQ(exec->security.user.additionalGids, (std::vector<uint32_t>{7}));
  EXPECT_EQ(exec->security.capabilities.bounding, (std::vector<security::CapNumber>{CAP_KILL}));
  ASSERT_EQ(exec->security.rlimits.size(), 1u);
  EXPECT_EQ(exec->security.rlimits[0].resource, RLIMIT_NPROC);
  EXPECT_EQ(exec->security.rlimits[0].soft, 5u);
  EXPECT_TRUE(exec->security.noNewPrivileges);
  EXPECT_FALSE(exec->security.seccomp);
}

TEST(SpecconvExec, ExecProcessWithoutArgsIsAnError) {
  oci::Process process;
  process.cwd = "/";
  auto exec = toExecProcess(process);
  ASSERT_FALSE(exec);
  EXPECT_EQ(exec.error().describe(), "process.args: must not be empty");
}

// ---- hooks --------------------------------------------------------------------------------

oci::Hook hookOf(std::string path) {
  oci::Hook out;
  out.path = std::move(path);
  return out;
}

TEST(SpecconvHooks, EveryStageArgsEnvAndTimeout) {
  oci::Spec spec = baseSpec();
  spec.hooks.emplace();
  oci::Hook withArgs = hookOf("/usr/bin/fix-mounts");
  withArgs.args = std::vector<std::string>{"fix-mounts", "arg1"};
  withArgs.env = std::vector<std::string>{"key1=value1"};
  withArgs.timeout = 5;
  spec.hooks->prestart = std::vector<oci::Hook>{withArgs, hookOf("/usr/bin/setup-network")};
  spec.hooks->createRuntime = std::vector<oci::Hook>{hookOf("/a")};
  spec.hooks->createContainer = std::vector<oci::Hook>{hookOf("/b")};
  spec.hooks->startContainer = std::vector<oci::Hook>{hookOf("/c")};
  spec.hooks->poststart = std::vector<oci::Hook>{hookOf("/d")};
  spec.hooks->poststop = std::vector<oci::Hook>{hookOf("/e")};
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  const HooksConfig &hooks = config->hooks;
  ASSERT_EQ(hooks.prestart.size(), 2u);
  EXPECT_EQ(hooks.prestart[0],
            (HookConfig{"/usr/bin/fix-mounts", {"fix-mounts", "arg1"}, {"key1=value1"}, 5}));
  EXPECT_EQ(hooks.prestart[1],
            (HookConfig{"/usr/bin/setup-network", {"/usr/bin/setup-network"}, {}, std::nullopt}));
  EXPECT_EQ(hooks.createRuntime, (std::vector<HookConfig>{{"/a", {"/a"}, {}, std::nullopt}}));
  EXPECT_EQ(hooks.createContainer, (std::vector<HookConfig>{{"/b", {"/b"}, {}, std::nullopt}}));
  EXPECT_EQ(hooks.startContainer, (std::vector<HookConfig>{{"/c", {"/c"}, {}, std::nullopt}}));
  EXPECT_EQ(hooks.poststart, (std::vector<HookConfig>{{"/d", {"/d"}, {}, std::nullopt}}));
  EXPECT_EQ(hooks.poststop, (std::vector<HookConfig>{{"/e", {"/e"}, {}, std::nullopt}}));
}

TEST(SpecconvHooks, RelativeHookPathIsAnError) {
  oci::Spec spec = baseSpec();
  spec.hooks.emplace();
  spec.hooks->createRuntime = std::vector<oci::Hook>{hookOf("/ok"), hookOf("bin/hook")};
  expectError(spec, "hooks.createRuntime[1].path: \"bin/hook\" is not an absolute path");
}

TEST(SpecconvHooks, NonPositiveTimeoutIsAnError) {
  oci::Spec spec = baseSpec();
  spec.hooks.emplace();
  oci::Hook hook = hookOf("/bin/true");
  hook.timeout = 0;
  spec.hooks->poststop = std::vector<oci::Hook>{hook};
  expectError(spec, "hooks.poststop[0].timeout: must be greater than 0");
}

// ---- filesystem ---------------------------------------------------------------------------

oci::Mount mountOf(std::string destination, std::string type, std::string source,
                   std::vector<std::string> options) {
  oci::Mount out;
  out.destination = std::move(destination);
  out.type = std::move(type);
  out.source = std::move(source);
  out.options = std::move(options);
  return out;
}

TEST(SpecconvFs, MountsKeepOrderAndParseOptions) {
  oci::Spec spec = baseSpec();
  spec.mounts = std::vector<oci::Mount>{
      mountOf("/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}),
      mountOf("/data", "none", "data", {"rbind", "ro", "rprivate"}),
      mountOf("/dev/shm", "tmpfs", "shm", {"nosuid", "mode=1777", "size=65536k"}),
  };
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  const auto &mounts = config->fs.mounts;
  ASSERT_EQ(mounts.size(), 3u);
  EXPECT_EQ(mounts[0].destination, "/proc");
  EXPECT_EQ(mounts[0].type, "proc");
  EXPECT_EQ(mounts[0].options.flags, static_cast<unsigned long>(MS_NOSUID | MS_NOEXEC | MS_NODEV));
  // A bind mount's type is "bind" whatever was written, and its relative source is in the bundle.
  EXPECT_EQ(mounts[1].type, "bind");
  EXPECT_EQ(mounts[1].source, "/bundles/c1/data");
  EXPECT_EQ(mounts[1].options.flags, static_cast<unsigned long>(MS_BIND | MS_REC | MS_RDONLY));
  EXPECT_EQ(mounts[1].options.propagation, (std::vector<unsigned long>{MS_PRIVATE | MS_REC}));
  EXPECT_EQ(mounts[2].source, "shm") << "non-bind sources are names, not paths";
  EXPECT_EQ(mounts[2].options.data, "mode=1777,size=65536k");
}

TEST(SpecconvFs, RelativeDestinationIsAWarning) {
  oci::Spec spec = baseSpec();
  spec.mounts = std::vector<oci::Mount>{mountOf("tmp", "tmpfs", "tmpfs", {})};
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  ASSERT_EQ(config->warnings.size(), 1u);
  EXPECT_EQ(config->warnings[0], "mounts[0].destination \"tmp\" is not absolute");
}

TEST(SpecconvFs, MountWithIdMappingsIsRefused) {
  oci::Spec spec = baseSpec();
  oci::Mount mount = mountOf("/data", "bind", "/srv/data", {"bind"});
  mount.uidMappings = std::vector<oci::IdMapping>{idMap(0, 1000, 1)};
  spec.mounts = std::vector<oci::Mount>{mount};
  expectError(spec, "idmapped mounts are not supported");
}

TEST(SpecconvFs, MountWithNulIsRefused) {
  oci::Spec spec = baseSpec();
  spec.mounts = std::vector<oci::Mount>{mountOf("/data", "tmpfs", std::string("a\0b", 3), {})};
  expectError(spec, "mounts[0]: mount field contains a NUL byte");
}

TEST(SpecconvFs, PathsSysctlAndNames) {
  oci::Spec spec = baseSpec();
  spec.linux->namespaces->push_back(nsOf(oci::NamespaceType::Uts));
  spec.linux->namespaces->push_back(nsOf(oci::NamespaceType::Ipc));
  spec.hostname = "box";
  spec.domainname = "";
  spec.linux->maskedPaths = std::vector<std::string>{"/proc/kcore"};
  spec.linux->readonlyPaths = std::vector<std::string>{"/proc/sys"};
  spec.linux->sysctl = oci::StringMap{{"kernel.msgmax", "65536"}};
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->fs.hostname, std::optional<std::string>("box"));
  EXPECT_FALSE(config->fs.domainname) << "empty means leave it alone";
  EXPECT_EQ(config->fs.maskedPaths, (std::vector<std::string>{"/proc/kcore"}));
  EXPECT_EQ(config->fs.readonlyPaths, (std::vector<std::string>{"/proc/sys"}));
  EXPECT_EQ(config->fs.sysctl, (std::map<std::string, std::string>{{"kernel.msgmax", "65536"}}));
}

TEST(SpecconvFs, HostnameNeedsAUtsNamespace) {
  oci::Spec spec = baseSpec();
  spec.hostname = "box";
  expectError(spec, "without a private UTS namespace");
}

oci::Device deviceOf(std::string path, std::string type, int64_t major, int64_t minor) {
  oci::Device out;
  out.path = std::move(path);
  out.type = std::move(type);
  out.major = major;
  out.minor = minor;
  return out;
}

TEST(SpecconvFs, Devices) {
  oci::Spec spec = baseSpec();
  oci::Device fuse = deviceOf("/dev/fuse", "c", 10, 229);
  oci::Device sda = deviceOf("/dev/sda", "b", 8, 0);
  sda.fileMode = 0060660; // S_IFBLK | 0660: the type bits are dropped
  sda.uid = 1;
  sda.gid = 6;
  oci::Device fifo;
  fifo.path = "/dev/myfifo";
  fifo.type = "p";
  spec.linux->devices = std::vector<oci::Device>{fuse, sda, fifo};
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  const std::vector<fs::DeviceNode> expected{
      {"/dev/fuse", 'c', 10, 229, 0666, 0, 0},
      {"/dev/sda", 'b', 8, 0, 0660, 1, 6},
      {"/dev/myfifo", 'p', 0, 0, 0666, 0, 0},
  };
  EXPECT_EQ(config->fs.devices, expected);
}

TEST(SpecconvFs, UnknownDeviceTypeIsAnError) {
  oci::Spec spec = baseSpec();
  spec.linux->devices = std::vector<oci::Device>{deviceOf("/dev/x", "z", 1, 1)};
  expectError(spec, "linux.devices[0].type: unknown device type \"z\"");
}

TEST(SpecconvWarnings, UnsupportedLinuxFieldsAreWarnings) {
  oci::Spec spec = baseSpec();
  spec.linux->intelRdt.emplace();
  spec.linux->personality.emplace();
  spec.linux->personality->domain = "LINUX"; // the default: nothing to warn about
  spec.linux->mountLabel = "system_u:object_r:container_file_t:s0";
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->warnings,
            (std::vector<std::string>{"linux.intelRdt is not supported by runw and is ignored",
                                      "linux.mountLabel is not supported by runw and is ignored"}));
  spec.linux->personality->domain = "LINUX32";
  config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->warnings.size(), 3u);
}

} // namespace
} // namespace runw::runtime
