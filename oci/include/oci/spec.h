// SPDX-License-Identifier: Apache-2.0
// Typed model of the OCI runtime-spec 1.2 config.json (Linux parts; other platforms are kept
// verbatim as extensions).
#pragma once

#include "oci/extensions.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

// GNU dialects predefine the macro `linux`, which would rename Spec::linux.
#ifdef linux
#error "build runw with -std=c++23 (CXX_EXTENSIONS OFF), not a gnu++ dialect"
#endif

namespace runw::oci {

/// A string-to-string JSON object (annotations, sysctl, cgroup unified keys).
using StringMap = std::map<std::string, std::string>;

/// process.consoleSize (config.md "Process").
struct ConsoleSize {
  uint32_t height = 0;
  uint32_t width = 0;
  Extensions extensions;
  bool operator==(const ConsoleSize &) const = default;
};

/// process.user (POSIX platforms).
struct User {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::optional<uint32_t> umask;
  std::optional<std::vector<uint32_t>> additionalGids;
  std::optional<std::string> username; ///< Windows only, kept for round trips.
  Extensions extensions;
  bool operator==(const User &) const = default;
};

/// process.capabilities: the five Linux capability sets, names like "CAP_KILL".
struct Capabilities {
  std::optional<std::vector<std::string>> bounding;
  std::optional<std::vector<std::string>> effective;
  std::optional<std::vector<std::string>> inheritable;
  std::optional<std::vector<std::string>> permitted;
  std::optional<std::vector<std::string>> ambient;
  Extensions extensions;
  bool operator==(const Capabilities &) const = default;
};

/// One entry of process.rlimits; type is "RLIMIT_*".
struct Rlimit {
  std::string type;
  uint64_t hard = 0;
  uint64_t soft = 0;
  Extensions extensions;
  bool operator==(const Rlimit &) const = default;
};

/// process.scheduler (sched_setattr(2) parameters).
struct Scheduler {
  std::string policy;
  std::optional<int32_t> nice;
  std::optional<int32_t> priority;
  std::optional<std::vector<std::string>> flags;
  std::optional<uint64_t> runtime;
  std::optional<uint64_t> deadline;
  std::optional<uint64_t> period;
  Extensions extensions;
  bool operator==(const Scheduler &) const = default;
};

/// process.ioPriority (ioprio_set(2)).
struct IoPriority {
  std::string ioClass; ///< JSON "class": IOPRIO_CLASS_RT|BE|IDLE
  int32_t priority = 0;
  Extensions extensions;
  bool operator==(const IoPriority &) const = default;
};

/// process.execCPUAffinity.
struct CpuAffinity {
  std::optional<std::string> initial;
  std::optional<std::string> final;
  Extensions extensions;
  bool operator==(const CpuAffinity &) const = default;
};

/// The container process (config.md "Process"); also the `exec --process` document.
struct Process {
  std::optional<bool> terminal;
  std::optional<ConsoleSize> consoleSize;
  User user;
  std::optional<std::vector<std::string>> args;
  std::optional<std::string> commandLine; ///< Windows only, kept for round trips.
  std::optional<std::vector<std::string>> env;
  std::string cwd;
  std::optional<Capabilities> capabilities;
  std::optional<std::vector<Rlimit>> rlimits;
  std::optional<bool> noNewPrivileges;
  std::optional<std::string> apparmorProfile;
  std::optional<int32_t> oomScoreAdj;
  std::optional<Scheduler> scheduler;
  std::optional<std::string> selinuxLabel;
  std::optional<IoPriority> ioPriority;
  std::optional<CpuAffinity> execCpuAffinity;
  Extensions extensions;
  bool operator==(const Process &) const = default;
};

/// root: the container's root filesystem.
struct Root {
  std::string path;
  std::optional<bool> readonly;
  Extensions extensions;
  bool operator==(const Root &) const = default;
};

/// One uid or gid mapping of a user namespace or an idmapped mount.
struct IdMapping {
  uint32_t containerId = 0;
  uint32_t hostId = 0;
  uint32_t size = 0;
  Extensions extensions;
  bool operator==(const IdMapping &) const = default;
};

/// One entry of mounts.
struct Mount {
  std::string destination;
  std::optional<std::string> type;
  std::optional<std::string> source;
  std::optional<std::vector<std::string>> options;
  std::optional<std::vector<IdMapping>> uidMappings;
  std::optional<std::vector<IdMapping>> gidMappings;
  Extensions extensions;
  bool operator==(const Mount &) const = default;
};

/// One hook: a host program run at a lifecycle point with the state on stdin.
struct Hook {
  std::string path;
  std::optional<std::vector<std::string>> args;
  std::optional<std::vector<std::string>> env;
  std::optional<int64_t> timeout; ///< seconds, must be > 0 when present
  Extensions extensions;
  bool operator==(const Hook &) const = default;
};

/// hooks, by lifecycle point.
struct Hooks {
  std::optional<std::vector<Hook>> prestart;
  std::optional<std::vector<Hook>> createRuntime;
  std::optional<std::vector<Hook>> createContainer;
  std::optional<std::vector<Hook>> startContainer;
  std::optional<std::vector<Hook>> poststart;
  std::optional<std::vector<Hook>> poststop;
  Extensions extensions;
  bool operator==(const Hooks &) const = default;
};

/// Namespace kinds of config-linux.md "Namespaces".
enum class NamespaceType { Pid, Network, Mount, Ipc, Uts, User, Cgroup, Time };

/// One entry of linux.namespaces: create a new one, or join `path` when set.
struct Namespace {
  NamespaceType type = NamespaceType::Pid;
  std::optional<std::string> path;
  Extensions extensions;
  bool operator==(const Namespace &) const = default;
};

/// One entry of linux.devices: a device node created in the container.
struct Device {
  std::string path;
  std::string type; ///< c, b, u or p
  std::optional<int64_t> major;
  std::optional<int64_t> minor;
  std::optional<uint32_t> fileMode;
  std::optional<uint32_t> uid;
  std::optional<uint32_t> gid;
  Extensions extensions;
  bool operator==(const Device &) const = default;
};

/// One rule of linux.resources.devices (the device cgroup allow/deny list).
struct DeviceCgroupRule {
  bool allow = false;
  std::optional<std::string> type;
  std::optional<int64_t> major;
  std::optional<int64_t> minor;
  std::optional<std::string> access;
  Extensions extensions;
  bool operator==(const DeviceCgroupRule &) const = default;
};

/// linux.resources.memory, in bytes; -1 means unlimited where the kernel allows it.
struct MemoryResources {
  std::optional<int64_t> limit;
  std::optional<int64_t> reservation;
  std::optional<int64_t> swap;
  std::optional<int64_t> kernel;
  std::optional<int64_t> kernelTcp;
  std::optional<uint64_t> swappiness;
  std::optional<bool> disableOomKiller;
  std::optional<bool> useHierarchy;
  std::optional<bool> checkBeforeUpdate;
  Extensions extensions;
  bool operator==(const MemoryResources &) const = default;
};

/// linux.resources.cpu.
struct CpuResources {
  std::optional<uint64_t> shares;
  std::optional<int64_t> quota;
  std::optional<uint64_t> burst;
  std::optional<uint64_t> period;
  std::optional<int64_t> realtimeRuntime;
  std::optional<uint64_t> realtimePeriod;
  std::optional<std::string> cpus;
  std::optional<std::string> mems;
  std::optional<int64_t> idle;
  Extensions extensions;
  bool operator==(const CpuResources &) const = default;
};

/// linux.resources.pids.
struct PidsResources {
  std::optional<int64_t> limit;
  Extensions extensions;
  bool operator==(const PidsResources &) const = default;
};

/// A blkio weight for one device (major:minor).
struct WeightDevice {
  int64_t major = 0;
  int64_t minor = 0;
  std::optional<uint16_t> weight;
  std::optional<uint16_t> leafWeight;
  Extensions extensions;
  bool operator==(const WeightDevice &) const = default;
};

/// A blkio throttle (bytes or operations per second) for one device.
struct ThrottleDevice {
  int64_t major = 0;
  int64_t minor = 0;
  uint64_t rate = 0;
  Extensions extensions;
  bool operator==(const ThrottleDevice &) const = default;
};

/// linux.resources.blockIO.
struct BlockIoResources {
  std::optional<uint16_t> weight;
  std::optional<uint16_t> leafWeight;
  std::optional<std::vector<WeightDevice>> weightDevice;
  std::optional<std::vector<ThrottleDevice>> throttleReadBpsDevice;
  std::optional<std::vector<ThrottleDevice>> throttleWriteBpsDevice;
  std::optional<std::vector<ThrottleDevice>> throttleReadIopsDevice;
  std::optional<std::vector<ThrottleDevice>> throttleWriteIopsDevice;
  Extensions extensions;
  bool operator==(const BlockIoResources &) const = default;
};

/// One entry of linux.resources.hugepageLimits.
struct HugepageLimit {
  std::string pageSize;
  uint64_t limit = 0;
  Extensions extensions;
  bool operator==(const HugepageLimit &) const = default;
};

/// One entry of linux.resources.network.priorities.
struct InterfacePriority {
  std::string name;
  uint32_t priority = 0;
  Extensions extensions;
  bool operator==(const InterfacePriority &) const = default;
};

/// linux.resources.network (net_cls / net_prio).
struct NetworkResources {
  std::optional<uint32_t> classId;
  std::optional<std::vector<InterfacePriority>> priorities;
  Extensions extensions;
  bool operator==(const NetworkResources &) const = default;
};

/// One value of linux.resources.rdma (keyed by device name).
struct RdmaResources {
  std::optional<uint32_t> hcaHandles;
  std::optional<uint32_t> hcaObjects;
  Extensions extensions;
  bool operator==(const RdmaResources &) const = default;
};

/// linux.resources; also the document of `runw update --resources`.
struct Resources {
  std::optional<std::vector<DeviceCgroupRule>> devices;
  std::optional<MemoryResources> memory;
  std::optional<CpuResources> cpu;
  std::optional<PidsResources> pids;
  std::optional<BlockIoResources> blockIo;
  std::optional<std::vector<HugepageLimit>> hugepageLimits;
  std::optional<NetworkResources> network;
  std::optional<std::map<std::string, RdmaResources>> rdma;
  std::optional<StringMap> unified;
  Extensions extensions;
  bool operator==(const Resources &) const = default;
};

/// One argument condition of a seccomp rule.
struct SeccompArg {
  uint32_t index = 0;
  uint64_t value = 0;
  std::optional<uint64_t> valueTwo;
  std::string op; ///< SCMP_CMP_*
  Extensions extensions;
  bool operator==(const SeccompArg &) const = default;
};

/// One rule of linux.seccomp.syscalls.
struct SeccompSyscall {
  std::vector<std::string> names;
  std::string action; ///< SCMP_ACT_*
  std::optional<uint32_t> errnoRet;
  std::optional<std::vector<SeccompArg>> args;
  Extensions extensions;
  bool operator==(const SeccompSyscall &) const = default;
};

/// linux.seccomp.
struct Seccomp {
  std::string defaultAction;
  std::optional<uint32_t> defaultErrnoRet;
  std::optional<std::vector<std::string>> architectures;
  std::optional<std::vector<std::string>> flags;
  std::optional<std::string> listenerPath;
  std::optional<std::string> listenerMetadata;
  std::optional<std::vector<SeccompSyscall>> syscalls;
  Extensions extensions;
  bool operator==(const Seccomp &) const = default;
};

/// linux.intelRdt.
struct IntelRdt {
  std::optional<std::string> closId;
  std::optional<std::vector<std::string>> schemata;
  std::optional<std::string> l3CacheSchema;
  std::optional<std::string> memBwSchema;
  std::optional<bool> enableMonitoring;
  Extensions extensions;
  bool operator==(const IntelRdt &) const = default;
};

/// linux.personality.
struct Personality {
  std::string domain; ///< LINUX or LINUX32
  std::optional<std::vector<std::string>> flags;
  Extensions extensions;
  bool operator==(const Personality &) const = default;
};

/// One value of linux.timeOffsets (keyed by "monotonic" or "boottime").
struct TimeOffset {
  std::optional<int64_t> secs;
  std::optional<uint32_t> nanosecs;
  Extensions extensions;
  bool operator==(const TimeOffset &) const = default;
};

/// One value of linux.netDevices (runtime-spec 1.3, keyed by host interface name).
struct NetDevice {
  std::optional<std::string> name;
  Extensions extensions;
  bool operator==(const NetDevice &) const = default;
};

/// linux: everything Linux-specific (config-linux.md).
struct Linux {
  std::optional<std::vector<IdMapping>> uidMappings;
  std::optional<std::vector<IdMapping>> gidMappings;
  std::optional<StringMap> sysctl;
  std::optional<Resources> resources;
  std::optional<std::string> cgroupsPath;
  std::optional<std::vector<Namespace>> namespaces;
  std::optional<std::vector<Device>> devices;
  std::optional<std::map<std::string, NetDevice>> netDevices;
  std::optional<Seccomp> seccomp;
  std::optional<std::string> rootfsPropagation;
  std::optional<std::vector<std::string>> maskedPaths;
  std::optional<std::vector<std::string>> readonlyPaths;
  std::optional<std::string> mountLabel;
  std::optional<IntelRdt> intelRdt;
  std::optional<Personality> personality;
  std::optional<std::map<std::string, TimeOffset>> timeOffsets;
  Extensions extensions;
  bool operator==(const Linux &) const = default;
};

/// The whole config.json of a bundle.
struct Spec {
  std::string ociVersion;
  std::optional<Process> process;
  std::optional<Root> root;
  std::optional<std::string> hostname;
  std::optional<std::string> domainname;
  std::optional<std::vector<Mount>> mounts;
  std::optional<Hooks> hooks;
  std::optional<StringMap> annotations;
  std::optional<Linux> linux;
  Extensions extensions; ///< includes windows, solaris, vm, zos, freebsd sections
  bool operator==(const Spec &) const = default;
};

/// The JSON spelling of a namespace type ("network" for NamespaceType::Network).
const char *namespaceTypeName(NamespaceType type);

} // namespace runw::oci
