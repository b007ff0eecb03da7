// SPDX-License-Identifier: Apache-2.0
// Unit tests of the filesystem config checks: sysctl, devices, /proc mounts, FsConfig.
#include "linux/devices.h"
#include "linux/mount_options.h"
#include "linux/mounts.h"
#include "linux/rootfs.h"
#include "linux/sysctl.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace runw::runtime::fs {
namespace {

using ns::NamespaceConfig;
using ns::NamespaceKind;

NamespaceConfig withKinds(std::initializer_list<NamespaceKind> kinds) {
  NamespaceConfig config;
  for (NamespaceKind kind : kinds) {
    config.namespaces.push_back({kind, std::nullopt});
  }
  return config;
}

Result<void> sysctl(const std::string &key, const NamespaceConfig &namespaces) {
  return validateSysctl({{key, "1"}}, namespaces);
}

TEST(Sysctl, IpcKeysNeedIpcNamespace) {
  const NamespaceConfig ipc = withKinds({NamespaceKind::Ipc});
  const NamespaceConfig none = withKinds({NamespaceKind::Mount});
  for (const char *key :
       {"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
        "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced", "fs.mqueue.msg_max"}) {
    EXPECT_TRUE(sysctl(key, ipc)) << key;
    EXPECT_FALSE(sysctl(key, none)) << key;
  }
}

TEST(Sysctl, NetKeysNeedANonHostNetNamespace) {
  EXPECT_TRUE(sysctl("net.ipv4.ip_forward", withKinds({NamespaceKind::Network})));
  EXPECT_FALSE(sysctl("net.ipv4.ip_forward", withKinds({NamespaceKind::Ipc})));
  NamespaceConfig hostNet;
  hostNet.namespaces.push_back({NamespaceKind::Network, "/proc/self/ns/net"});
  const auto result = sysctl("net.ipv4.ip_forward", hostNet);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("host"), std::string::npos);
}

TEST(Sysctl, UtsKeys) {
  const NamespaceConfig uts = withKinds({NamespaceKind::Uts});
  EXPECT_TRUE(sysctl("kernel.domainname", uts));
  EXPECT_FALSE(sysctl("kernel.hostname", uts));
  EXPECT_FALSE(sysctl("kernel.domainname", withKinds({NamespaceKind::Ipc})));
}

TEST(Sysctl, NonNamespacedAndMalformedKeysAreRefused) {
  const NamespaceConfig all = withKinds(
      {NamespaceKind::Ipc, NamespaceKind::Network, NamespaceKind::Uts, NamespaceKind::Mount});
  EXPECT_FALSE(sysctl("vm.swappiness", all));
  EXPECT_FALSE(sysctl("kernel.pid_max", all));
  EXPECT_FALSE(sysctl("net..ipv4", all));
  EXPECT_FALSE(sysctl("net.ipv4/../../x", all));
  EXPECT_FALSE(sysctl("net.", all));
  EXPECT_TRUE(validateSysctl({}, withKinds({})));
}

TEST(Devices, Validation) {
  EXPECT_TRUE(validateDevice({"/dev/fuse", 'c', 10, 229, 0666, 0, 0}));
  EXPECT_TRUE(validateDevice({"/dev/sda", 'b', 8, 0, 0660, 0, 6}));
  EXPECT_TRUE(validateDevice({"/dev/kmsg", 'u', 1, 11, 0600, 0, 0}));
  EXPECT_TRUE(validateDevice({"/dev/myfifo", 'p', -1, -1, 0600, 0, 0})); // numbers unused
  EXPECT_FALSE(validateDevice({"dev/fuse", 'c', 10, 229, 0666, 0, 0}));
  EXPECT_FALSE(validateDevice({"/dev/../etc/x", 'c', 10, 229, 0666, 0, 0}));
  EXPECT_FALSE(validateDevice({"/dev", 'c', 10, 229, 0666, 0, 0}));
  EXPECT_FALSE(validateDevice({"/", 'c', 10, 229, 0666, 0, 0}));
  EXPECT_FALSE(validateDevice({"/dev/x", 'x', 1, 1, 0666, 0, 0}));
  EXPECT_FALSE(validateDevice({"/dev/x", 'c', -1, 1, 0666, 0, 0}));
  EXPECT_FALSE(validateDevice({"/dev/x", 'c', 4096, 1, 0666, 0, 0}));
  EXPECT_FALSE(validateDevice({"/dev/x", 'c', 1, 1 << 20, 0666, 0, 0}));
  EXPECT_FALSE(validateDevice({"/dev/x", 'c', 1, 1, 0100666, 0, 0}));
}

TEST(Devices, DefaultsAndOverrides) {
  const auto defaults = defaultDevices();
  ASSERT_EQ(defaults.size(), 6U);
  EXPECT_EQ(defaults[0].path, "/dev/null");
  EXPECT_EQ(defaults[0].major, 1);
  EXPECT_EQ(defaults[0].minor, 3);
  EXPECT_EQ(defaults[5].path, "/dev/tty");
  FsConfig config;
  config.devices.push_back({"/dev/null", 'c', 1, 3, 0600, 0, 0});
  config.devices.push_back({"/dev/fuse", 'c', 10, 229, 0666, 0, 0});
  const auto all = devicesToCreate(config);
  ASSERT_EQ(all.size(), 7U);
  EXPECT_EQ(all[5].path, "/dev/null");
  EXPECT_EQ(all[5].fileMode, 0600U);
  EXPECT_EQ(all[6].path, "/dev/fuse");
}

TEST(Devices, DevSetupUnlessDevIsBound) {
  FsConfig config;
  config.mounts.push_back({"/dev", "tmpfs", "tmpfs", parseMountOptions({"nosuid"})});
  EXPECT_TRUE(needsDevSetup(config));
  config.mounts.push_back({"/dev/", "bind", "/dev", parseMountOptions({"rbind"})});
  EXPECT_FALSE(needsDevSetup(config));
}

TEST(ProcMounts, OnlyWhitelistedFilesInsideProc) {
  const MountEntry bind{"/x", "bind", "/srv/lxcfs/proc/meminfo", parseMountOptions({"bind"})};
  const MountEntry proc{"/proc", "proc", "proc", {}};
  EXPECT_TRUE(checkProcMount("/proc", proc, false));
  EXPECT_TRUE(checkProcMount("/proc/meminfo", bind, false));
  EXPECT_TRUE(checkProcMount("/proc/sys/kernel/ns_last_pid", bind, false));
  EXPECT_TRUE(checkProcMount("/procfoo", bind, false));
  EXPECT_TRUE(checkProcMount("/srv", bind, false));
  EXPECT_FALSE(checkProcMount("/proc/sys", bind, false));
  EXPECT_FALSE(checkProcMount("/proc/self/attr", proc, false));
  EXPECT_FALSE(checkProcMount("/proc", bind, false)); // bind of a non-procfs onto /proc
  EXPECT_TRUE(checkProcMount("/proc", bind, true));
}

FsConfig minimalFs() {
  FsConfig config;
  config.rootfs = "/tmp/rootfs";
  return config;
}

TEST(FsConfig, Validate) {
  const NamespaceConfig mnt = withKinds({NamespaceKind::Mount});
  EXPECT_TRUE(validateFsConfig(minimalFs(), mnt));
  FsConfig relative = minimalFs();
  relative.rootfs = "rootfs";
  EXPECT_FALSE(validateFsConfig(relative, mnt));
  EXPECT_FALSE(validateFsConfig(minimalFs(), withKinds({NamespaceKind::Pid})));
  FsConfig host = minimalFs();
  host.hostname = "box";
  EXPECT_FALSE(validateFsConfig(host, mnt));
  EXPECT_TRUE(validateFsConfig(host, withKinds({NamespaceKind::Mount, NamespaceKind::Uts})));
  FsConfig domain = minimalFs();
  domain.domainname = "example";
  EXPECT_FALSE(validateFsConfig(domain, mnt));
  FsConfig sysctls = minimalFs();
  sysctls.sysctl["net.ipv4.ip_forward"] = "1";
  EXPECT_FALSE(validateFsConfig(sysctls, mnt));
  FsConfig idmap = minimalFs();
  idmap.mounts.push_back({"/data", "bind", "/srv", parseMountOptions({"bind", "idmap"})});
  const auto idmapResult = validateFsConfig(idmap, mnt);
  ASSERT_FALSE(idmapResult);
  EXPECT_EQ(idmapResult.error().code, ErrorCode::Unsupported);
  FsConfig inProc = minimalFs();
  inProc.mounts.push_back({"/proc/sys", "bind", "/srv", parseMountOptions({"bind"})});
  EXPECT_FALSE(validateFsConfig(inProc, mnt));
  FsConfig masked = minimalFs();
  masked.maskedPaths.push_back("proc/kcore");
  EXPECT_FALSE(validateFsConfig(masked, mnt));
  FsConfig device = minimalFs();
  device.devices.push_back({"/dev/x", 'q', 1, 1, 0666, 0, 0});
  EXPECT_FALSE(validateFsConfig(device, mnt));
}

} // namespace
} // namespace runw::runtime::fs
