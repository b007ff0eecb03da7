// SPDX-License-Identifier: Apache-2.0
// validateSpec/validateProcess: real configs pass, and each rule fails with the JSON path.
#include "oci/json.h"
#include "oci/validate.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace runw::oci {
namespace {

// config.md, "Configuration Schema Example" (compacted).
constexpr const char *kConfigExample =
    R"({"ociVersion":"1.0.1","process":{"terminal":true,"user":{"uid":1,"gid":1,
"additionalGids":[5,6]},"args":["sh"],
"env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","TERM=xterm"],
"cwd":"/","capabilities":{"bounding":["CAP_AUDIT_WRITE","CAP_KILL","CAP_NET_BIND_SERVICE"],
"permitted":["CAP_AUDIT_WRITE","CAP_KILL","CAP_NET_BIND_SERVICE"],
"inheritable":["CAP_AUDIT_WRITE","CAP_KILL","CAP_NET_BIND_SERVICE"],
"effective":["CAP_AUDIT_WRITE","CAP_KILL"],"ambient":["CAP_NET_BIND_SERVICE"]},
"rlimits":[{"type":"RLIMIT_CORE","hard":1024,"soft":1024},{"type":"RLIMIT_NOFILE",
"hard":1024,"soft":1024}],"apparmorProfile":"acme_secure_profile","oomScoreAdj":100,
"selinuxLabel":"system_u:system_r:svirt_lxc_net_t:s0:c124,c675",
"ioPriority":{"class":"IOPRIO_CLASS_IDLE","priority":4},"noNewPrivileges":true},
"root":{"path":"rootfs","readonly":true},"hostname":"slartibartfast",
"mounts":[{"destination":"/proc","type":"proc","source":"proc"},{"destination":"/dev",
"type":"tmpfs","source":"tmpfs","options":["nosuid","strictatime","mode=755",
"size=65536k"]},{"destination":"/dev/pts","type":"devpts","source":"devpts",
"options":["nosuid","noexec","newinstance","ptmxmode=0666","mode=0620","gid=5"]},
{"destination":"/dev/shm","type":"tmpfs","source":"shm","options":["nosuid","noexec",
"nodev","mode=1777","size=65536k"]},{"destination":"/dev/mqueue","type":"mqueue",
"source":"mqueue","options":["nosuid","noexec","nodev"]},{"destination":"/sys",
"type":"sysfs","source":"sysfs","options":["nosuid","noexec","nodev"]},
{"destination":"/sys/fs/cgroup","type":"cgroup","source":"cgroup","options":["nosuid",
"noexec","nodev","relatime","ro"]}],"hooks":{"prestart":[{"path":"/usr/bin/fix-mounts",
"args":["fix-mounts","arg1","arg2"],"env":["key1=value1"]},
{"path":"/usr/bin/setup-network"}],"poststart":[{"path":"/usr/bin/notify-start",
"timeout":5}],"poststop":[{"path":"/usr/sbin/cleanup.sh","args":["cleanup.sh","-f"]}]},
"linux":{"devices":[{"path":"/dev/fuse","type":"c","major":10,"minor":229,"fileMode":438,
"uid":0,"gid":0},{"path":"/dev/sda","type":"b","major":8,"minor":0,"fileMode":432,"uid":0,
"gid":0}],"uidMappings":[{"containerID":0,"hostID":1000,"size":32000}],
"gidMappings":[{"containerID":0,"hostID":1000,"size":32000}],
"sysctl":{"net.ipv4.ip_forward":"1","net.core.somaxconn":"256"},
"cgroupsPath":"/myRuntime/myContainer","resources":{"network":{"classID":1048577,
"priorities":[{"name":"eth0","priority":500},{"name":"eth1","priority":1000}]},
"pids":{"limit":32771},"hugepageLimits":[{"pageSize":"2MB","limit":9223372036854772000},
{"pageSize":"64KB","limit":1000000}],"memory":{"limit":536870912,"reservation":536870912,
"swap":536870912,"kernel":-1,"kernelTCP":-1,"swappiness":0,"disableOOMKiller":false},
"cpu":{"shares":1024,"quota":1000000,"period":500000,"realtimeRuntime":950000,
"realtimePeriod":1000000,"cpus":"2-3","idle":1,"mems":"0-7"},"devices":[{"allow":false,
"access":"rwm"},{"allow":true,"type":"c","major":10,"minor":229,"access":"rw"},
{"allow":true,"type":"b","major":8,"minor":0,"access":"r"}],"blockIO":{"weight":10,
"leafWeight":10,"weightDevice":[{"major":8,"minor":0,"weight":500,"leafWeight":300},
{"major":8,"minor":16,"weight":500}],"throttleReadBpsDevice":[{"major":8,"minor":0,
"rate":600}],"throttleWriteIOPSDevice":[{"major":8,"minor":16,"rate":300}]}},
"rootfsPropagation":"slave","seccomp":{"defaultAction":"SCMP_ACT_ALLOW",
"architectures":["SCMP_ARCH_X86","SCMP_ARCH_X32"],"syscalls":[{"names":["getcwd","chmod"],
"action":"SCMP_ACT_ERRNO"}]},"timeOffsets":{"monotonic":{"secs":172800,"nanosecs":0},
"boottime":{"secs":604800,"nanosecs":0}},"namespaces":[{"type":"pid"},{"type":"network"},
{"type":"ipc"},{"type":"uts"},{"type":"mount"},{"type":"user"},{"type":"cgroup"},
{"type":"time"}],"maskedPaths":["/proc/kcore","/proc/latency_stats","/proc/timer_stats",
"/proc/sched_debug"],"readonlyPaths":["/proc/asound","/proc/bus","/proc/fs","/proc/irq",
"/proc/sys","/proc/sysrq-trigger"],
"mountLabel":"system_u:object_r:svirt_sandbox_file_t:s0:c715,c811"},
"annotations":{"com.example.key1":"value1","com.example.key2":"value2"}})";

constexpr const char *kMinimal = R"({"ociVersion":"1.2.0","root":{"path":"rootfs"},
"process":{"user":{"uid":0,"gid":0},"cwd":"/","args":["/hello.wasm"]}})";

Spec parsed(const char *json) {
  auto spec = parseSpec(json);
  EXPECT_TRUE(spec.has_value()) << spec.error().describe();
  return spec ? *spec : Spec{};
}

Spec minimal() { return parsed(kMinimal); }

std::string problem(const Spec &spec) {
  auto valid = validateSpec(spec);
  if (valid) {
    return "(valid)";
  }
  EXPECT_EQ(valid.error().code, ErrorCode::Invalid);
  return valid.error().describe();
}

std::string problem(const Process &process) {
  auto valid = validateProcess(process);
  return valid ? std::string("(valid)") : valid.error().describe();
}

Linux &linuxOf(Spec &spec) { return spec.linux ? *spec.linux : spec.linux.emplace(); }

TEST(Validate, AcceptsUpstreamExample) {
  const Spec spec = parsed(kConfigExample);
  EXPECT_EQ(problem(spec), "(valid)");
  // The example is also a round-trip check of the whole config.json model.
  EXPECT_EQ(nlohmann::json::parse(serialize(spec)), nlohmann::json::parse(kConfigExample));
  auto again = parseSpec(serialize(spec));
  ASSERT_TRUE(again.has_value()) << again.error().describe();
  EXPECT_EQ(*again, spec);
}

TEST(Validate, AcceptsEveryCapturedFixture) {
  const std::filesystem::path dir = std::filesystem::path(RUNW_SHARED_DIR) / "fixtures" / "oci";
  size_t configs = 0;
  size_t processes = 0;
  for (const auto &entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json") {
      continue;
    }
    auto text = readDocumentFile(entry.path().string());
    ASSERT_TRUE(text.has_value()) << text.error().describe();
    if (name.ends_with(".process.json")) {
      auto process = parseProcess(*text);
      ASSERT_TRUE(process.has_value()) << name << ": " << process.error().describe();
      EXPECT_EQ(problem(*process), "(valid)") << name;
      ++processes;
      continue;
    }
    auto spec = parseSpec(*text);
    ASSERT_TRUE(spec.has_value()) << name << ": " << spec.error().describe();
    EXPECT_EQ(problem(*spec), "(valid)") << name;
    EXPECT_EQ(nlohmann::json::parse(serialize(*spec)), nlohmann::json::parse(*text)) << name;
    ++configs;
  }
  EXPECT_GE(configs, 10U);
  EXPECT_GE(processes, 2U);
}

TEST(Validate, OciVersionIsSemverMajorOne) {
  Spec spec = minimal();
  for (const char *good :
       {"1.0.0", "1.0.2-dev", "1.2.1", "1.0.0-rc.5+build.7", "1.10.0+001", "1.0.0-alpha-1.x"}) {
    spec.ociVersion = good;
    EXPECT_EQ(problem(spec), "(valid)") << good;
  }
  spec.ociVersion = "2.0.0";
  EXPECT_EQ(problem(spec), "ociVersion: \"2.0.0\" has major version 2, runw supports 1.x.y");
  spec.ociVersion = "0.2.0";
  EXPECT_EQ(problem(spec), "ociVersion: \"0.2.0\" has major version 0, runw supports 1.x.y");
  for (const char *bad : {"", "1", "1.0", "1.0.0.0", "01.0.0", "1.00.0", "v1.0.0", "1.0.0-",
                          "1.0.0-01", "1.0.0+", "1.0.0-a..b", "1.0.x", "1.0.0 "}) {
    spec.ociVersion = bad;
    EXPECT_EQ(problem(spec), fmt::format("ociVersion: \"{}\" is not a SemVer 2.0.0 version", bad))
        << bad;
  }
}

TEST(Validate, RootIsRequiredAndNonEmpty) {
  Spec spec = minimal();
  spec.root->path.clear();
  EXPECT_EQ(problem(spec), "root.path: must not be empty");
  spec.root.reset();
  EXPECT_EQ(problem(spec), "root: missing required field");
}

TEST(Validate, ProcessArgsAndCwd) {
  Spec spec = minimal();
  spec.process->args->clear();
  EXPECT_EQ(problem(spec), "process.args: must contain at least one entry");
  spec.process->args.reset();
  EXPECT_EQ(problem(spec), "process.args: must contain at least one entry");
  spec = minimal();
  spec.process->cwd = "work";
  EXPECT_EQ(problem(spec), "process.cwd: must be an absolute path, got \"work\"");
  spec.process->cwd = "";
  EXPECT_EQ(problem(spec), "process.cwd: must be an absolute path, got \"\"");
  spec.process.reset();
  EXPECT_EQ(problem(spec), "(valid)");
}

TEST(Validate, Rlimits) {
  Spec spec = minimal();
  spec.process->rlimits = {{"RLIMIT_NOFILE", 1024, 1024, {}}, {"RLIMIT_CORE", 0, 0, {}}};
  EXPECT_EQ(problem(spec), "(valid)");
  (*spec.process->rlimits)[1].type = "RLIMIT_NOFILE";
  EXPECT_EQ(problem(spec), "process.rlimits[1].type: duplicate rlimit \"RLIMIT_NOFILE\"");
  (*spec.process->rlimits)[1].type = "RLIMIT_FOO";
  EXPECT_EQ(problem(spec), "process.rlimits[1].type: unknown rlimit \"RLIMIT_FOO\"");
  (*spec.process->rlimits)[1].type = "nofile";
  EXPECT_EQ(problem(spec), "process.rlimits[1].type: unknown rlimit \"nofile\"");
  (*spec.process->rlimits)[1] = {"RLIMIT_NPROC", 10, 11, {}};
  EXPECT_EQ(problem(spec), "process.rlimits[1].soft: soft limit 11 is above hard limit 10");
}

TEST(Validate, Capabilities) {
  Spec spec = minimal();
  spec.process->capabilities.emplace();
  spec.process->capabilities->bounding = {"CAP_CHOWN", "CAP_CHECKPOINT_RESTORE", "CAP_BPF"};
  EXPECT_EQ(problem(spec), "(valid)");
  spec.process->capabilities->ambient = {"CAP_KILL", "CAP_FOO"};
  EXPECT_EQ(problem(spec), "process.capabilities.ambient[1]: unknown capability \"CAP_FOO\"");
  spec.process->capabilities->ambient = {"chown"};
  EXPECT_EQ(problem(spec), "process.capabilities.ambient[0]: unknown capability \"chown\"");
  spec.process->capabilities->ambient.reset();
  spec.process->capabilities->effective = {std::string(1000, 'X')};
  EXPECT_EQ(problem(spec), "process.capabilities.effective[0]: unknown capability \"" +
                               std::string(80, 'X') + "...\"");
}

TEST(Validate, CapabilityNumbers) {
  EXPECT_EQ(capabilityNumber("CAP_CHOWN"), 0);
  EXPECT_EQ(capabilityNumber("CAP_KILL"), 5);
  EXPECT_EQ(capabilityNumber("CAP_NET_RAW"), 13);
  EXPECT_EQ(capabilityNumber("CAP_SYS_ADMIN"), 21);
  EXPECT_EQ(capabilityNumber("CAP_AUDIT_READ"), 37);
  EXPECT_EQ(capabilityNumber("CAP_CHECKPOINT_RESTORE"), 40);
  EXPECT_EQ(capabilityNumber("CAP_UNKNOWN"), std::nullopt);
  EXPECT_EQ(capabilityNumber("cap_chown"), std::nullopt);
}

TEST(Validate, OomScoreAdjAndScheduling) {
  Spec spec = minimal();
  spec.process->oomScoreAdj = -1000;
  EXPECT_EQ(problem(spec), "(valid)");
  spec.process->oomScoreAdj = 1001;
  EXPECT_EQ(problem(spec), "process.oomScoreAdj: 1001 is outside [-1000, 1000]");
  spec.process->oomScoreAdj = -1001;
  EXPECT_EQ(problem(spec), "process.oomScoreAdj: -1001 is outside [-1000, 1000]");
  spec.process->oomScoreAdj.reset();
  spec.process->scheduler = Scheduler{"SCHED_BATCH", {}, {}, {}, {}, {}, {}, {}};
  EXPECT_EQ(problem(spec), "(valid)");
  spec.process->scheduler->policy = "SCHED_FAST";
  EXPECT_EQ(problem(spec), "process.scheduler.policy: unknown scheduler policy \"SCHED_FAST\"");
  spec.process->scheduler->policy = "SCHED_DEADLINE";
  spec.process->scheduler->flags = {"SCHED_FLAG_RECLAIM", "SCHED_FLAG_X"};
  EXPECT_EQ(problem(spec), "process.scheduler.flags[1]: unknown scheduler flag \"SCHED_FLAG_X\"");
  spec.process->scheduler.reset();
  spec.process->ioPriority = IoPriority{"IOPRIO_CLASS_BE", 8, {}};
  EXPECT_EQ(problem(spec), "process.ioPriority.priority: 8 is outside [0, 7]");
  spec.process->ioPriority = IoPriority{"IOPRIO_CLASS_NONE", 0, {}};
  EXPECT_EQ(problem(spec), "process.ioPriority.class: unknown I/O priority class "
                           "\"IOPRIO_CLASS_NONE\"");
}

TEST(Validate, MountsAndIdMappings) {
  Spec spec = minimal();
  spec.mounts = {Mount{"/proc", "proc", "proc", {}, {}, {}, {}}, Mount{}};
  EXPECT_EQ(problem(spec), "mounts[1].destination: must not be empty");
  spec.mounts->pop_back();
  spec.mounts->at(0).gidMappings = {IdMapping{0, 1000, 1, {}}, IdMapping{1, 2000, 0, {}}};
  EXPECT_EQ(problem(spec), "mounts[0].gidMappings[1].size: must be greater than 0");
  spec.mounts.reset();
  linuxOf(spec).uidMappings = {IdMapping{0, 1000, 0, {}}};
  EXPECT_EQ(problem(spec), "linux.uidMappings[0].size: must be greater than 0");
  linuxOf(spec).uidMappings = {IdMapping{0, 1000, 65536, {}}};
  linuxOf(spec).gidMappings = {IdMapping{0, 1000, 0, {}}};
  EXPECT_EQ(problem(spec), "linux.gidMappings[0].size: must be greater than 0");
}

TEST(Validate, Hooks) {
  Spec spec = minimal();
  spec.hooks.emplace();
  spec.hooks->createRuntime = {Hook{"/usr/bin/hook", {}, {}, 5, {}}};
  EXPECT_EQ(problem(spec), "(valid)");
  spec.hooks->poststop = {Hook{"/bin/true", {}, {}, {}, {}}, Hook{"/bin/x", {}, {}, 0, {}}};
  EXPECT_EQ(problem(spec), "hooks.poststop[1].timeout: must be greater than 0, got 0");
  spec.hooks->poststop->at(1).timeout = -3;
  EXPECT_EQ(problem(spec), "hooks.poststop[1].timeout: must be greater than 0, got -3");
  spec.hooks->poststop.reset();
  spec.hooks->prestart = {Hook{"hook.sh", {}, {}, {}, {}}};
  EXPECT_EQ(problem(spec), "hooks.prestart[0].path: must be an absolute path, got \"hook.sh\"");
}

TEST(Validate, NamespacesAppearOnce) {
  Spec spec = minimal();
  linuxOf(spec).namespaces = {Namespace{NamespaceType::Pid, {}, {}},
                              Namespace{NamespaceType::Network, "/proc/1/ns/net", {}},
                              Namespace{NamespaceType::Network, {}, {}}};
  EXPECT_EQ(problem(spec), "linux.namespaces[2].type: duplicate namespace \"network\"");
  linuxOf(spec).namespaces->pop_back();
  EXPECT_EQ(problem(spec), "(valid)");
}

TEST(Validate, Devices) {
  Spec spec = minimal();
  Device fuse{"/dev/fuse", "c", 10, 229, 438, 0, 0, {}};
  Device fifo{"/dev/myfifo", "p", {}, {}, {}, {}, {}, {}};
  linuxOf(spec).devices = {fuse, fifo};
  EXPECT_EQ(problem(spec), "(valid)");
  linuxOf(spec).devices->at(1).type = "x";
  EXPECT_EQ(problem(spec),
            "linux.devices[1].type: unknown device type \"x\" (expected c, b, u or p)");
  linuxOf(spec).devices->at(1).type = "u";
  EXPECT_EQ(problem(spec), "linux.devices[1].major: required for device type \"u\"");
  linuxOf(spec).devices->at(1).major = 4;
  EXPECT_EQ(problem(spec), "linux.devices[1].minor: required for device type \"u\"");
  linuxOf(spec).devices->at(1).minor = 1;
  linuxOf(spec).devices->at(1).path = "dev/x";
  EXPECT_EQ(problem(spec), "linux.devices[1].path: must be an absolute path, got \"dev/x\"");
}

TEST(Validate, DeviceCgroupRules) {
  Spec spec = minimal();
  Resources &resources = linuxOf(spec).resources.emplace();
  resources.devices = {DeviceCgroupRule{false, {}, {}, {}, "rwm", {}},
                       DeviceCgroupRule{true, "c", 1, 3, "rw", {}}};
  EXPECT_EQ(problem(spec), "(valid)");
  resources.devices->at(1).type = "p";
  EXPECT_EQ(problem(spec),
            "linux.resources.devices[1].type: unknown device type \"p\" (expected a, c or b)");
  resources.devices->at(1).type = "a";
  resources.devices->at(1).access = "rx";
  EXPECT_EQ(problem(spec),
            "linux.resources.devices[1].access: \"rx\" is not a combination of r, w and m");
}

TEST(Validate, RootfsPropagation) {
  Spec spec = minimal();
  for (const char *good : {"private", "rprivate", "slave", "rslave", "shared", "rshared",
                           "unbindable", "runbindable"}) {
    linuxOf(spec).rootfsPropagation = good;
    EXPECT_EQ(problem(spec), "(valid)") << good;
  }
  linuxOf(spec).rootfsPropagation = "rshare";
  EXPECT_EQ(problem(spec), "linux.rootfsPropagation: unknown rootfs propagation \"rshare\"");
}

TEST(Validate, Seccomp) {
  Spec spec = minimal();
  Seccomp &seccomp = linuxOf(spec).seccomp.emplace();
  seccomp.defaultAction = "SCMP_ACT_ERRNO";
  seccomp.defaultErrnoRet = 38;
  seccomp.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"};
  seccomp.flags = {"SECCOMP_FILTER_FLAG_LOG"};
  seccomp.syscalls = {SeccompSyscall{{"read", "write"}, "SCMP_ACT_ALLOW", {}, {}, {}},
                      SeccompSyscall{{"personality"},
                                     "SCMP_ACT_ALLOW",
                                     {},
                                     std::vector<SeccompArg>{{0, 8, {}, "SCMP_CMP_EQ", {}}},
                                     {}}};
  EXPECT_EQ(problem(spec), "(valid)");

  seccomp.defaultAction = "SCMP_ACT_DENY";
  EXPECT_EQ(problem(spec), "linux.seccomp.defaultAction: unknown seccomp action \"SCMP_ACT_DENY\"");
  seccomp.defaultAction = "SCMP_ACT_KILL";
  EXPECT_EQ(problem(spec), "linux.seccomp.defaultErrnoRet: not supported with action "
                           "\"SCMP_ACT_KILL\"");
  seccomp.defaultErrnoRet.reset();
  seccomp.architectures->push_back("SCMP_ARCH_AMD64");
  EXPECT_EQ(problem(spec), "linux.seccomp.architectures[2]: unknown seccomp architecture "
                           "\"SCMP_ARCH_AMD64\"");
  seccomp.architectures->pop_back();
  seccomp.flags->push_back("SECCOMP_FILTER_FLAG_NEW_LISTENER");
  EXPECT_EQ(problem(spec), "linux.seccomp.flags[1]: unknown seccomp flag "
                           "\"SECCOMP_FILTER_FLAG_NEW_LISTENER\"");
  seccomp.flags->pop_back();
  seccomp.listenerMetadata = "meta";
  EXPECT_EQ(problem(spec), "linux.seccomp.listenerMetadata: must not be set without listenerPath");
  seccomp.listenerPath = "/run/agent.sock";
  EXPECT_EQ(problem(spec), "(valid)");
}

TEST(Validate, SeccompRules) {
  Spec spec = minimal();
  Seccomp &seccomp = linuxOf(spec).seccomp.emplace();
  seccomp.defaultAction = "SCMP_ACT_ALLOW";
  seccomp.syscalls = {SeccompSyscall{{"mount"}, "SCMP_ACT_ERRNO", 1, {}, {}},
                      SeccompSyscall{{}, "SCMP_ACT_ERRNO", {}, {}, {}}};
  EXPECT_EQ(problem(spec), "linux.seccomp.syscalls[1].names: must contain at least one entry");
  SeccompSyscall &rule = seccomp.syscalls->at(1);
  rule.names = {"clone"};
  rule.action = "SCMP_ACT_NOPE";
  EXPECT_EQ(problem(spec),
            "linux.seccomp.syscalls[1].action: unknown seccomp action \"SCMP_ACT_NOPE\"");
  rule.action = "SCMP_ACT_LOG";
  rule.errnoRet = 1;
  EXPECT_EQ(problem(spec),
            "linux.seccomp.syscalls[1].errnoRet: not supported with action \"SCMP_ACT_LOG\"");
  rule.action = "SCMP_ACT_TRACE";
  rule.args = {SeccompArg{0, 1, {}, "SCMP_CMP_EQ", {}}, SeccompArg{6, 1, {}, "SCMP_CMP_EQ", {}}};
  EXPECT_EQ(problem(spec), "linux.seccomp.syscalls[1].args[1].index: 6 is not a system call "
                           "argument index (0-5)");
  rule.args->at(1) = SeccompArg{5, 1, 2, "SCMP_CMP_MASKED", {}};
  EXPECT_EQ(problem(spec),
            "linux.seccomp.syscalls[1].args[1].op: unknown seccomp operator \"SCMP_CMP_MASKED\"");
  rule.args->at(1).op = "SCMP_CMP_MASKED_EQ";
  EXPECT_EQ(problem(spec), "(valid)");
}

TEST(Validate, TimeOffsetsAndPersonality) {
  Spec spec = minimal();
  linuxOf(spec).timeOffsets = {{"monotonic", TimeOffset{1, 0, {}}},
                               {"boottime", TimeOffset{2, {}, {}}}};
  EXPECT_EQ(problem(spec), "(valid)");
  linuxOf(spec).timeOffsets->emplace("realtime", TimeOffset{});
  EXPECT_EQ(problem(spec),
            "linux.timeOffsets.realtime: unknown clock (expected monotonic or boottime)");
  linuxOf(spec).timeOffsets.reset();
  linuxOf(spec).personality = Personality{"LINUX32", {}, {}};
  EXPECT_EQ(problem(spec), "(valid)");
  linuxOf(spec).personality->domain = "LINUX64";
  EXPECT_EQ(problem(spec), "linux.personality.domain: unknown personality domain \"LINUX64\"");
}

TEST(Validate, ExecProcessDocument) {
  auto process = parseProcess(R"({"user":{"uid":0,"gid":0},"cwd":"/","args":["echo","hi"],)"
                              R"("rlimits":[{"type":"RLIMIT_NOFILE","soft":10,"hard":20}]})");
  ASSERT_TRUE(process.has_value()) << process.error().describe();
  EXPECT_EQ(problem(*process), "(valid)");
  process->cwd = "tmp";
  EXPECT_EQ(problem(*process), "cwd: must be an absolute path, got \"tmp\"");
  process->cwd = "/";
  process->args->clear();
  EXPECT_EQ(problem(*process), "args: must contain at least one entry");
  process->args = {"echo"};
  process->rlimits->at(0).soft = 30;
  EXPECT_EQ(problem(*process), "rlimits[0].soft: soft limit 30 is above hard limit 20");
  process->rlimits.reset();
  process->capabilities = Capabilities{};
  process->capabilities->permitted = {"CAP_SYS_ADMIN", "CAP_SYS_WIZARD"};
  EXPECT_EQ(problem(*process), "capabilities.permitted[1]: unknown capability \"CAP_SYS_WIZARD\"");
}

} // namespace
} // namespace runw::oci
