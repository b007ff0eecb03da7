// SPDX-License-Identifier: Apache-2.0
// toCgroupResources, the container's device rules and cgroup path, and toSeccompConfig.
#include "spec/container_config.h"
#include "spec/specconv_parts.h"

#include "oci/json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace runw::runtime {
namespace {

using cgroups::DeviceRule;

oci::Spec baseSpec() {
  oci::Spec spec;
  spec.ociVersion = "1.2.0";
  spec.root.emplace();
  spec.root->path = "/rootfs";
  spec.process.emplace();
  spec.process->args = std::vector<std::string>{"/bin/true"};
  spec.linux.emplace();
  oci::Namespace mount;
  mount.type = oci::NamespaceType::Mount;
  spec.linux->namespaces = std::vector<oci::Namespace>{mount};
  return spec;
}

ConvertOptions options() {
  ConvertOptions out;
  out.id = "ctr-1";
  out.bundle = "/b";
  return out;
}

// runc's AllowedDevices as rules, in order.
std::vector<DeviceRule> runcDefaultRules() {
  return {
      {true, 'c', std::nullopt, std::nullopt, "m"},
      {true, 'b', std::nullopt, std::nullopt, "m"},
      {true, 'c', 1, 3, "rwm"},
      {true, 'c', 1, 8, "rwm"},
      {true, 'c', 1, 7, "rwm"},
      {true, 'c', 5, 0, "rwm"},
      {true, 'c', 1, 5, "rwm"},
      {true, 'c', 1, 9, "rwm"},
      {true, 'c', 136, std::nullopt, "rwm"},
      {true, 'c', 5, 2, "rwm"},
      {true, 'c', 10, 200, "rwm"},
  };
}

void expectRulesEqual(const std::vector<DeviceRule> &got, const std::vector<DeviceRule> &want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].allow, want[i].allow) << "rule " << i;
    EXPECT_EQ(got[i].type, want[i].type) << "rule " << i;
    EXPECT_EQ(got[i].major, want[i].major) << "rule " << i;
    EXPECT_EQ(got[i].minor, want[i].minor) << "rule " << i;
    EXPECT_EQ(got[i].access, want[i].access) << "rule " << i;
  }
}

Result<cgroups::Resources> resourcesFrom(const char *json) {
  auto parsed = oci::parseResources(json);
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  return toCgroupResources(*parsed);
}

TEST(SpecconvResources, EveryController) {
  auto r = resourcesFrom(R"({
    "memory":{"limit":536870912,"reservation":268435456,"swap":1073741824,"kernel":-1,
              "kernelTCP":-1,"swappiness":10,"disableOOMKiller":true,"useHierarchy":true},
    "cpu":{"shares":1024,"quota":50000,"burst":1000,"period":100000,"realtimeRuntime":950000,
           "realtimePeriod":1000000,"cpus":"2-3","mems":"0","idle":1},
    "pids":{"limit":32771},
    "blockIO":{"weight":10,"leafWeight":20,
               "weightDevice":[{"major":8,"minor":0,"weight":500,"leafWeight":300}],
               "throttleReadBpsDevice":[{"major":8,"minor":0,"rate":600}],
               "throttleWriteBpsDevice":[{"major":8,"minor":16,"rate":700}],
               "throttleReadIOPSDevice":[{"major":8,"minor":32,"rate":800}],
               "throttleWriteIOPSDevice":[{"major":8,"minor":48,"rate":900}]},
    "hugepageLimits":[{"pageSize":"2MB","limit":9223372036854772000},
                      {"pageSize":"1GB","limit":18446744073709551615}],
    "unified":{"memory.high":"400000000","io.latency":"8:0 target=60"}})");
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_TRUE(r->memory);
  EXPECT_EQ(r->memory->limit, 536870912);
  EXPECT_EQ(r->memory->reservation, 268435456);
  EXPECT_EQ(r->memory->swap, 1073741824);
  EXPECT_EQ(r->memory->kernel, -1);
  EXPECT_EQ(r->memory->kernelTcp, -1);
  EXPECT_EQ(r->memory->swappiness, 10u);
  EXPECT_EQ(r->memory->disableOomKiller, true);
  EXPECT_EQ(r->memory->useHierarchy, true);
  ASSERT_TRUE(r->cpu);
  EXPECT_EQ(r->cpu->shares, 1024u);
  EXPECT_EQ(r->cpu->quota, 50000);
  EXPECT_EQ(r->cpu->burst, 1000u);
  EXPECT_EQ(r->cpu->period, 100000u);
  EXPECT_EQ(r->cpu->realtimeRuntime, 950000);
  EXPECT_EQ(r->cpu->realtimePeriod, 1000000u);
  EXPECT_EQ(r->cpu->cpus, "2-3");
  EXPECT_EQ(r->cpu->mems, "0");
  EXPECT_EQ(r->cpu->idle, 1);
  EXPECT_EQ(r->pidsLimit, 32771);
  ASSERT_TRUE(r->blockIo);
  EXPECT_EQ(r->blockIo->weight, 10);
  EXPECT_EQ(r->blockIo->leafWeight, 20);
  ASSERT_EQ(r->blockIo->weightDevice.size(), 1u);
  EXPECT_EQ(r->blockIo->weightDevice[0].device.major, 8);
  EXPECT_EQ(r->blockIo->weightDevice[0].weight, 500);
  EXPECT_EQ(r->blockIo->weightDevice[0].leafWeight, 300);
  ASSERT_EQ(r->blockIo->throttleReadBps.size(), 1u);
  EXPECT_EQ(r->blockIo->throttleReadBps[0].rate, 600u);
  ASSERT_EQ(r->blockIo->throttleWriteBps.size(), 1u);
  EXPECT_EQ(r->blockIo->throttleWriteBps[0].device.minor, 16);
  ASSERT_EQ(r->blockIo->throttleReadIops.size(), 1u);
  EXPECT_EQ(r->blockIo->throttleReadIops[0].rate, 800u);
  ASSERT_EQ(r->blockIo->throttleWriteIops.size(), 1u);
  EXPECT_EQ(r->blockIo->throttleWriteIops[0].device.minor, 48);
  EXPECT_EQ(r->hugepageLimits,
            (std::map<std::string, int64_t>{{"2MB", 9223372036854772000}, {"1GB", -1}}));
  EXPECT_EQ(r->unified, (std::map<std::string, std::string>{{"memory.high", "400000000"},
                                                            {"io.latency", "8:0 target=60"}}));
  EXPECT_TRUE(r->devices.empty()) << "toCgroupResources adds no default rules";
}

TEST(SpecconvResources, EmptyDocumentSetsNothing) {
  auto r = resourcesFrom("{}");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_FALSE(r->memory);
  EXPECT_FALSE(r->cpu);
  EXPECT_FALSE(r->pidsLimit);
  EXPECT_FALSE(r->blockIo);
  EXPECT_TRUE(r->hugepageLimits.empty());
  EXPECT_TRUE(r->unified.empty());
}

TEST(SpecconvResources, PidsLimitZeroIsUnsetAndMinusOneIsUnlimited) {
  auto zero = resourcesFrom(R"({"pids":{"limit":0}})");
  ASSERT_TRUE(zero) << zero.error().describe();
  EXPECT_FALSE(zero->pidsLimit);
  auto unlimited = resourcesFrom(R"({"pids":{"limit":-1}})");
  ASSERT_TRUE(unlimited) << unlimited.error().describe();
  EXPECT_EQ(unlimited->pidsLimit, -1);
}

TEST(SpecconvResources, DeviceRules) {
  auto r = resourcesFrom(R"({"devices":[{"allow":false,"access":"rwm"},
      {"allow":true,"type":"c","major":10,"minor":229,"access":"rw"},
      {"allow":true,"type":"b","major":8,"access":"r"}]})");
  ASSERT_TRUE(r) << r.error().describe();
  expectRulesEqual(r->devices, {{false, 'a', std::nullopt, std::nullopt, "rwm"},
                                {true, 'c', 10, 229, "rw"},
                                {true, 'b', 8, std::nullopt, "r"}});
}

TEST(SpecconvResources, BadDeviceRulesNameThePath) {
  oci::Resources resources;
  oci::DeviceCgroupRule rule;
  rule.type = "p";
  rule.access = "rwm";
  resources.devices = std::vector<oci::DeviceCgroupRule>{rule};
  auto r = toCgroupResources(resources);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("linux.resources.devices[0].type: invalid cgroup device "
                                      "type \"p\""),
            std::string::npos)
      << r.error().describe();
  rule.type.reset();
  rule.access.reset();
  resources.devices = std::vector<oci::DeviceCgroupRule>{rule};
  r = toCgroupResources(resources);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().describe().find("linux.resources.devices[0].access"), std::string::npos)
      << r.error().describe();
}

TEST(SpecconvResources, ContainerRulesStartWithDenyAllAndEndWithRuncDefaults) {
  auto config = toContainerConfig(baseSpec(), options());
  ASSERT_TRUE(config) << config.error().describe();
  std::vector<DeviceRule> want{{false, 'a', std::nullopt, std::nullopt, "rwm"}};
  for (const DeviceRule &rule : runcDefaultRules()) {
    want.push_back(rule);
  }
  expectRulesEqual(config->cgroup.resources.devices, want);
}

TEST(SpecconvResources, ConfiguredDenyAllIsNotRepeated) {
  oci::Spec spec = baseSpec();
  spec.linux->resources.emplace();
  oci::DeviceCgroupRule denyAll;
  denyAll.access = "rwm";
  oci::DeviceCgroupRule fuse;
  fuse.allow = true;
  fuse.type = "c";
  fuse.major = 10;
  fuse.minor = 229;
  fuse.access = "rwm";
  spec.linux->resources->devices = std::vector<oci::DeviceCgroupRule>{denyAll, fuse};
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  std::vector<DeviceRule> want{{false, 'a', std::nullopt, std::nullopt, "rwm"},
                               {true, 'c', 10, 229, "rwm"}};
  for (const DeviceRule &rule : runcDefaultRules()) {
    want.push_back(rule);
  }
  expectRulesEqual(config->cgroup.resources.devices, want);
}

TEST(SpecconvResources, ConfiguredDeviceReplacesTheDefaultRuleOfItsPath) {
  fs::DeviceNode null;
  null.path = "/dev/null";
  null.major = 1;
  null.minor = 3;
  auto rules = specconv::containerDeviceRules({}, {null});
  // deny-all + the 11 defaults - /dev/null.
  ASSERT_EQ(rules.size(), 11u);
  for (const DeviceRule &rule : rules) {
    EXPECT_FALSE(rule.major == 1 && rule.minor == 3) << "the /dev/null default was kept";
  }
}

TEST(SpecconvCgroup, PathForms) {
  oci::Spec spec = baseSpec();
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->cgroup.path, "ctr-1") << "runc's default: the id, below the caller's cgroup";

  spec.linux->cgroupsPath = "/k8s.io/../pods//ctr";
  config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->cgroup.path, "/pods/ctr");

  spec.linux->cgroupsPath = "machine.slice:libpod:abc";
  ConvertOptions systemd = options();
  systemd.systemdCgroup = true;
  config = toContainerConfig(spec, systemd);
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->cgroup.path, "/machine.slice/libpod-abc.scope");

  spec.linux->cgroupsPath = "/not/systemd";
  config = toContainerConfig(spec, systemd);
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().describe().find("linux.cgroupsPath: expected cgroupsPath"),
            std::string::npos)
      << config.error().describe();
}

TEST(SpecconvCgroup, ResourcesReachTheCgroupConfig) {
  oci::Spec spec = baseSpec();
  spec.linux->resources.emplace();
  spec.linux->resources->pids.emplace();
  spec.linux->resources->pids->limit = 100;
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->cgroup.resources.pidsLimit, 100);
}

TEST(SpecconvCgroup, UnsupportedResourcesAreWarnings) {
  oci::Spec spec = baseSpec();
  spec.linux->resources.emplace();
  spec.linux->resources->network.emplace();
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_EQ(config->warnings,
            (std::vector<std::string>{"linux.resources.network is not supported by runw and is "
                                      "ignored"}));
}

// ---- seccomp ------------------------------------------------------------------------------

TEST(SpecconvSeccomp, FullProfile) {
  auto spec = oci::parseSpec(R"({"ociVersion":"1.2.0","root":{"path":"/r"},
    "process":{"args":["sh"],"cwd":"/","user":{"uid":0,"gid":0}},
    "linux":{"namespaces":[{"type":"mount"}],"seccomp":{
      "defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,
      "architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86"],
      "flags":["SECCOMP_FILTER_FLAG_LOG"],
      "syscalls":[
        {"names":["read","write"],"action":"SCMP_ACT_ALLOW"},
        {"names":["personality"],"action":"SCMP_ACT_ALLOW",
         "args":[{"index":0,"value":255,"valueTwo":8,"op":"SCMP_CMP_MASKED_EQ"},
                 {"index":1,"value":4,"op":"SCMP_CMP_NE"}]},
        {"names":["ptrace"],"action":"SCMP_ACT_ERRNO","errnoRet":1},
        {"names":["kexec_load"],"action":"SCMP_ACT_KILL"}]}}})");
  ASSERT_TRUE(spec) << spec.error().describe();
  auto config = toContainerConfig(*spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  ASSERT_TRUE(config->security.seccomp);
  const security::SeccompConfig &s = *config->security.seccomp;
  EXPECT_EQ(s.defaultAction, security::SeccompAction::Errno);
  EXPECT_EQ(s.defaultErrnoRet, 38u);
  EXPECT_EQ(s.architectures, (std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}));
  EXPECT_EQ(s.flags, (std::vector<std::string>{"SECCOMP_FILTER_FLAG_LOG"}));
  EXPECT_FALSE(s.listenerPath);
  ASSERT_EQ(s.syscalls.size(), 4u);
  EXPECT_EQ(s.syscalls[0].names, (std::vector<std::string>{"read", "write"}));
  EXPECT_EQ(s.syscalls[0].action, security::SeccompAction::Allow);
  EXPECT_FALSE(s.syscalls[0].errnoRet);
  ASSERT_EQ(s.syscalls[1].args.size(), 2u);
  EXPECT_EQ(s.syscalls[1].args[0].index, 0u);
  EXPECT_EQ(s.syscalls[1].args[0].value, 255u);
  EXPECT_EQ(s.syscalls[1].args[0].valueTwo, 8u);
  EXPECT_EQ(s.syscalls[1].args[0].op, security::SeccompOperator::MaskedEqual);
  EXPECT_EQ(s.syscalls[1].args[1].index, 1u);
  EXPECT_EQ(s.syscalls[1].args[1].valueTwo, 0u);
  EXPECT_EQ(s.syscalls[1].args[1].op, security::SeccompOperator::NotEqual);
  EXPECT_EQ(s.syscalls[2].action, security::SeccompAction::Errno);
  EXPECT_EQ(s.syscalls[2].errnoRet, 1u);
  EXPECT_EQ(s.syscalls[3].action, security::SeccompAction::KillThread);
}

TEST(SpecconvSeccomp, EmptyProfileMeansNoSeccomp) {
  oci::Spec spec = baseSpec();
  spec.linux->seccomp.emplace();
  auto config = toContainerConfig(spec, options());
  ASSERT_TRUE(config) << config.error().describe();
  EXPECT_FALSE(config->security.seccomp);
}

TEST(SpecconvSeccomp, UnknownNamesAreErrorsWithPaths) {
  oci::Seccomp seccomp;
  seccomp.defaultAction = "SCMP_ACT_PANIC";
  auto s = toSeccompConfig(seccomp);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().describe(),
            "linux.seccomp.defaultAction: unknown seccomp action \"SCMP_ACT_PANIC\"");

  seccomp.defaultAction = "SCMP_ACT_ALLOW";
  oci::SeccompSyscall rule;
  rule.names = {"mount"};
  rule.action = "SCMP_ACT_ERRNO";
  oci::SeccompArg arg;
  arg.op = "SCMP_CMP_ABOUT";
  rule.args = std::vector<oci::SeccompArg>{arg};
  seccomp.syscalls = std::vector<oci::SeccompSyscall>{rule};
  s = toSeccompConfig(seccomp);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().describe(),
            "linux.seccomp.syscalls[0].args[0].op: unknown seccomp operator \"SCMP_CMP_ABOUT\"");

  rule.args.reset();
  rule.names.clear();
  seccomp.syscalls = std::vector<oci::SeccompSyscall>{rule};
  s = toSeccompConfig(seccomp);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().describe(), "linux.seccomp.syscalls[0].names: must not be empty");
}

} // namespace
} // namespace runw::runtime
