// SPDX-License-Identifier: Apache-2.0
// config.json <-> Spec: the member lists of every runtime-spec struct (config.md, config-linux.md).
#include "codec.h"

#include "oci/json.h"
#include "oci/spec.h"

#include <array>
#include <utility>

namespace runw::oci {

const char *namespaceTypeName(NamespaceType type) {
  switch (type) {
  case NamespaceType::Pid:
    return "pid";
  case NamespaceType::Network:
    return "network";
  case NamespaceType::Mount:
    return "mount";
  case NamespaceType::Ipc:
    return "ipc";
  case NamespaceType::Uts:
    return "uts";
  case NamespaceType::User:
    return "user";
  case NamespaceType::Cgroup:
    return "cgroup";
  case NamespaceType::Time:
    return "time";
  }
  return "unknown";
}

namespace detail {

template <> struct EnumNames<NamespaceType> {
  static constexpr std::array<std::pair<NamespaceType, const char *>, 8> kNames{{
      {NamespaceType::Pid, "pid"},
      {NamespaceType::Network, "network"},
      {NamespaceType::Mount, "mount"},
      {NamespaceType::Ipc, "ipc"},
      {NamespaceType::Uts, "uts"},
      {NamespaceType::User, "user"},
      {NamespaceType::Cgroup, "cgroup"},
      {NamespaceType::Time, "time"},
  }};
};

template <class Io> void fields(Io &io, ConsoleSize &v) {
  io.required("height", v.height);
  io.required("width", v.width);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, User &v) {
  io.required("uid", v.uid);
  io.required("gid", v.gid);
  io.optional("umask", v.umask);
  io.optional("additionalGids", v.additionalGids);
  io.optional("username", v.username);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Capabilities &v) {
  io.optional("bounding", v.bounding);
  io.optional("effective", v.effective);
  io.optional("inheritable", v.inheritable);
  io.optional("permitted", v.permitted);
  io.optional("ambient", v.ambient);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Rlimit &v) {
  io.required("type", v.type);
  io.required("hard", v.hard);
  io.required("soft", v.soft);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Scheduler &v) {
  io.required("policy", v.policy);
  io.optional("nice", v.nice);
  io.optional("priority", v.priority);
  io.optional("flags", v.flags);
  io.optional("runtime", v.runtime);
  io.optional("deadline", v.deadline);
  io.optional("period", v.period);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, IoPriority &v) {
  io.required("class", v.ioClass);
  io.required("priority", v.priority);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, CpuAffinity &v) {
  io.optional("initial", v.initial);
  io.optional("final", v.final);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Process &v) {
  io.optional("terminal", v.terminal);
  io.optional("consoleSize", v.consoleSize);
  io.required("user", v.user);
  io.optional("args", v.args);
  io.optional("commandLine", v.commandLine);
  io.optional("env", v.env);
  io.required("cwd", v.cwd);
  io.optional("capabilities", v.capabilities);
  io.optional("rlimits", v.rlimits);
  io.optional("noNewPrivileges", v.noNewPrivileges);
  io.optional("apparmorProfile", v.apparmorProfile);
  io.optional("oomScoreAdj", v.oomScoreAdj);
  io.optional("scheduler", v.scheduler);
  io.optional("selinuxLabel", v.selinuxLabel);
  io.optional("ioPriority", v.ioPriority);
  io.optional("execCPUAffinity", v.execCpuAffinity);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Root &v) {
  io.required("path", v.path);
  io.optional("readonly", v.readonly);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, IdMapping &v) {
  io.required("containerID", v.containerId);
  io.required("hostID", v.hostId);
  io.required("size", v.size);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Mount &v) {
  io.required("destination", v.destination);
  io.optional("type", v.type);
  io.optional("source", v.source);
  io.optional("options", v.options);
  io.optional("uidMappings", v.uidMappings);
  io.optional("gidMappings", v.gidMappings);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Hook &v) {
  io.required("path", v.path);
  io.optional("args", v.args);
  io.optional("env", v.env);
  io.optional("timeout", v.timeout);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Hooks &v) {
  io.optional("prestart", v.prestart);
  io.optional("createRuntime", v.createRuntime);
  io.optional("createContainer", v.createContainer);
  io.optional("startContainer", v.startContainer);
  io.optional("poststart", v.poststart);
  io.optional("poststop", v.poststop);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Namespace &v) {
  io.required("type", v.type);
  io.optional("path", v.path);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Device &v) {
  io.required("path", v.path);
  io.required("type", v.type);
  io.optional("major", v.major);
  io.optional("minor", v.minor);
  io.optional("fileMode", v.fileMode);
  io.optional("uid", v.uid);
  io.optional("gid", v.gid);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, DeviceCgroupRule &v) {
  io.required("allow", v.allow);
  io.optional("type", v.type);
  io.optional("major", v.major);
  io.optional("minor", v.minor);
  io.optional("access", v.access);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, MemoryResources &v) {
  io.optional("limit", v.limit);
  io.optional("reservation", v.reservation);
  io.optional("swap", v.swap);
  io.optional("kernel", v.kernel);
  io.optional("kernelTCP", v.kernelTcp);
  io.optional("swappiness", v.swappiness);
  io.optional("disableOOMKiller", v.disableOomKiller);
  io.optional("useHierarchy", v.useHierarchy);
  io.optional("checkBeforeUpdate", v.checkBeforeUpdate);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, CpuResources &v) {
  io.optional("shares", v.shares);
  io.optional("quota", v.quota);
  io.optional("burst", v.burst);
  io.optional("period", v.period);
  io.optional("realtimeRuntime", v.realtimeRuntime);
  io.optional("realtimePeriod", v.realtimePeriod);
  io.optional("cpus", v.cpus);
  io.optional("mems", v.mems);
  io.optional("idle", v.idle);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, PidsResources &v) {
  io.optional("limit", v.limit);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, WeightDevice &v) {
  io.required("major", v.major);
  io.required("minor", v.minor);
  io.optional("weight", v.weight);
  io.optional("leafWeight", v.leafWeight);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, ThrottleDevice &v) {
  io.required("major", v.major);
  io.required("minor", v.minor);
  io.required("rate", v.rate);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, BlockIoResources &v) {
  io.optional("weight", v.weight);
  io.optional("leafWeight", v.leafWeight);
  io.optional("weightDevice", v.weightDevice);
  io.optional("throttleReadBpsDevice", v.throttleReadBpsDevice);
  io.optional("throttleWriteBpsDevice", v.throttleWriteBpsDevice);
  io.optional("throttleReadIOPSDevice", v.throttleReadIopsDevice);
  io.optional("throttleWriteIOPSDevice", v.throttleWriteIopsDevice);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, HugepageLimit &v) {
  io.required("pageSize", v.pageSize);
  io.required("limit", v.limit);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, InterfacePriority &v) {
  io.required("name", v.name);
  io.required("priority", v.priority);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, NetworkResources &v) {
  io.optional("classID", v.classId);
  io.optional("priorities", v.priorities);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, RdmaResources &v) {
  io.optional("hcaHandles", v.hcaHandles);
  io.optional("hcaObjects", v.hcaObjects);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Resources &v) {
  io.optional("devices", v.devices);
  io.optional("memory", v.memory);
  io.optional("cpu", v.cpu);
  io.optional("pids", v.pids);
  io.optional("blockIO", v.blockIo);
  io.optional("hugepageLimits", v.hugepageLimits);
  io.optional("network", v.network);
  io.optional("rdma", v.rdma);
  io.optional("unified", v.unified);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, SeccompArg &v) {
  io.required("index", v.index);
  io.required("value", v.value);
  io.optional("valueTwo", v.valueTwo);
  io.required("op", v.op);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, SeccompSyscall &v) {
  io.required("names", v.names);
  io.required("action", v.action);
  io.optional("errnoRet", v.errnoRet);
  io.optional("args", v.args);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Seccomp &v) {
  io.required("defaultAction", v.defaultAction);
  io.optional("defaultErrnoRet", v.defaultErrnoRet);
  io.optional("architectures", v.architectures);
  io.optional("flags", v.flags);
  io.optional("listenerPath", v.listenerPath);
  io.optional("listenerMetadata", v.listenerMetadata);
  io.optional("syscalls", v.syscalls);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, IntelRdt &v) {
  io.optional("closID", v.closId);
  io.optional("schemata", v.schemata);
  io.optional("l3CacheSchema", v.l3CacheSchema);
  io.optional("memBwSchema", v.memBwSchema);
  io.optional("enableMonitoring", v.enableMonitoring);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Personality &v) {
  io.required("domain", v.domain);
  io.optional("flags", v.flags);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, TimeOffset &v) {
  io.optional("secs", v.secs);
  io.optional("nanosecs", v.nanosecs);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, NetDevice &v) {
  io.optional("name", v.name);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, Linux &v) {
  io.optional("uidMappings", v.uidMappings);
  io.optional("gidMappings", v.gidMappings);
  io.optional("sysctl", v.sysctl);
  io.optional("resources", v.resources);
  io.optional("cgroupsPath", v.cgroupsPath);
  io.optional("namespaces", v.namespaces);
  io.optional("devices", v.devices);
  io.optional("netDevices", v.netDevices);
  io.optional("seccomp", v.seccomp);
  io.optional("rootfsPropagation", v.rootfsPropagation);
  io.optional("maskedPaths", v.maskedPaths);
  io.optional("readonlyPaths", v.readonlyPaths);
  io.optional("mountLabel", v.mountLabel);
  io.optional("intelRdt", v.intelRdt);
  io.optional("personality", v.personality);
  io.optional("timeOffsets", v.timeOffsets);
  io.extensions(v.extensions);
}

// Member order follows runc's output (Go struct order), so `runw spec` reads like `runc spec`.
template <class Io> void fields(Io &io, Spec &v) {
  io.required("ociVersion", v.ociVersion);
  io.optional("process", v.process);
  io.optional("root", v.root);
  io.optional("hostname", v.hostname);
  io.optional("domainname", v.domainname);
  io.optional("mounts", v.mounts);
  io.optional("hooks", v.hooks);
  io.optional("annotations", v.annotations);
  io.optional("linux", v.linux);
  io.extensions(v.extensions);
}

} // namespace detail

Result<Spec> parseSpec(std::string_view json, const ParseLimits &limits) {
  return detail::decodeDocument<Spec>(json, limits);
}

Result<Process> parseProcess(std::string_view json, const ParseLimits &limits) {
  return detail::decodeDocument<Process>(json, limits);
}

Result<Resources> parseResources(std::string_view json, const ParseLimits &limits) {
  return detail::decodeDocument<Resources>(json, limits);
}

std::string serialize(const Spec &spec, const SerializeOptions &options) {
  return detail::encodeDocument(spec, options);
}

std::string serialize(const Process &process, const SerializeOptions &options) {
  return detail::encodeDocument(process, options);
}

std::string serialize(const Resources &resources, const SerializeOptions &options) {
  return detail::encodeDocument(resources, options);
}

} // namespace runw::oci
