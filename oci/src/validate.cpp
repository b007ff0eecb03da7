// SPDX-License-Identifier: Apache-2.0
// validateSpec/validateProcess: runtime-spec rules (config.md, config-linux.md) that the JSON
// types cannot express, each reported with the JSON path of the offending value.
#include "oci/validate.h"

#include "json_path.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace runw::oci {
namespace {

using detail::appendIndex;
using detail::appendKey;

/// Indexed by capability number (linux/capability.h).
constexpr std::array<std::string_view, 41> kCapabilities{
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};

/// getrlimit(2) resources.
constexpr std::array<std::string_view, 16> kRlimits{
    "RLIMIT_AS",     "RLIMIT_CORE",   "RLIMIT_CPU",        "RLIMIT_DATA",
    "RLIMIT_FSIZE",  "RLIMIT_LOCKS",  "RLIMIT_MEMLOCK",    "RLIMIT_MSGQUEUE",
    "RLIMIT_NICE",   "RLIMIT_NOFILE", "RLIMIT_NPROC",      "RLIMIT_RSS",
    "RLIMIT_RTPRIO", "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK",
};

// The seccomp lists are those of config-linux.md "Seccomp" (libseccomp v2.6.0).
constexpr std::array<std::string_view, 9> kSeccompActions{
    "SCMP_ACT_KILL",  "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
    "SCMP_ACT_TRAP",  "SCMP_ACT_ERRNO",        "SCMP_ACT_TRACE",
    "SCMP_ACT_ALLOW", "SCMP_ACT_LOG",          "SCMP_ACT_NOTIFY",
};

constexpr std::array<std::string_view, 7> kSeccompOperators{
    "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",        "SCMP_CMP_EQ",
    "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
};

constexpr std::array<std::string_view, 23> kSeccompArchitectures{
    "SCMP_ARCH_X86",     "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",         "SCMP_ARCH_ARM",
    "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",
    "SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
    "SCMP_ARCH_PPC64",   "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_S390",        "SCMP_ARCH_S390X",
    "SCMP_ARCH_PARISC",  "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",     "SCMP_ARCH_LOONGARCH64",
    "SCMP_ARCH_M68K",    "SCMP_ARCH_SH",       "SCMP_ARCH_SHEB",
};

constexpr std::array<std::string_view, 4> kSeccompFlags{
    "SECCOMP_FILTER_FLAG_TSYNC",
    "SECCOMP_FILTER_FLAG_LOG",
    "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
};

constexpr std::array<std::string_view, 8> kRootfsPropagations{
    "private", "rprivate", "slave", "rslave", "shared", "rshared", "unbindable", "runbindable",
};

constexpr std::array<std::string_view, 7> kSchedulerPolicies{
    "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",       "SCHED_BATCH",
    "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE",
};

constexpr std::array<std::string_view, 7> kSchedulerFlags{
    "SCHED_FLAG_RESET_ON_FORK",  "SCHED_FLAG_RECLAIM",     "SCHED_FLAG_DL_OVERRUN",
    "SCHED_FLAG_KEEP_POLICY",    "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN",
    "SCHED_FLAG_UTIL_CLAMP_MAX",
};

constexpr std::array<std::string_view, 3> kIoPriorityClasses{
    "IOPRIO_CLASS_RT",
    "IOPRIO_CLASS_BE",
    "IOPRIO_CLASS_IDLE",
};

constexpr std::array<std::string_view, 2> kTimeOffsetClocks{"monotonic", "boottime"};
constexpr std::array<std::string_view, 2> kPersonalityDomains{"LINUX", "LINUX32"};

template <size_t N>
bool isOneOf(std::string_view value, const std::array<std::string_view, N> &set) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

Result<void> invalidAt(const std::string &path, const std::string &message) {
  return fail(ErrorCode::Invalid,
              fmt::format("{}: {}", path.empty() ? "(document)" : path, message));
}

/// Quotes a value for an error message, cut short so hostile input stays one short line.
std::string quoted(std::string_view value) {
  constexpr size_t kMaxShown = 80;
  return value.size() > kMaxShown ? fmt::format("\"{}...\"", value.substr(0, kMaxShown))
                                  : fmt::format("\"{}\"", value);
}

template <size_t N>
Result<void> checkOneOf(std::string_view value, const std::array<std::string_view, N> &set,
                        const std::string &path, const char *what) {
  if (!isOneOf(value, set)) {
    return invalidAt(path, fmt::format("unknown {} {}", what, quoted(value)));
  }
  return {};
}

Result<void> checkAbsolute(const std::string &value, const std::string &path) {
  if (value.empty() || value.front() != '/') {
    return invalidAt(path, fmt::format("must be an absolute path, got {}", quoted(value)));
  }
  return {};
}

// ---- ociVersion -------------------------------------------------------------------------

/// A SemVer 2.0.0 numeric identifier: "0" or no leading zero.
bool isNumericIdentifier(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text.front() == '0')) {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Dot-separated non-empty [0-9A-Za-z-] identifiers; numeric ones without leading zeros
/// when `strictNumbers` (pre-release) and with them allowed otherwise (build metadata).
bool isIdentifierList(std::string_view text, bool strictNumbers) {
  size_t start = 0;
  while (true) {
    const size_t dot = std::min(text.find('.', start), text.size());
    const std::string_view part = text.substr(start, dot - start);
    if (part.empty()) {
      return false;
    }
    bool numeric = true;
    for (const char c : part) {
      const bool digit = c >= '0' && c <= '9';
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
      if (!digit && !alpha) {
        return false;
      }
      numeric = numeric && digit;
    }
    if (strictNumbers && numeric && !isNumericIdentifier(part)) {
      return false;
    }
    if (dot == text.size()) {
      return true;
    }
    start = dot + 1;
  }
}

/// Parses MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] (semver.org 2.0.0) and yields MAJOR.
std::optional<std::string_view> semverMajor(std::string_view version) {
  std::string_view rest = version;
  if (const size_t plus = rest.find('+'); plus != std::string_view::npos) {
    if (!isIdentifierList(rest.substr(plus + 1), false)) {
      return std::nullopt;
    }
    rest = rest.substr(0, plus);
  }
  if (const size_t dash = rest.find('-'); dash != std::string_view::npos) {
    if (!isIdentifierList(rest.substr(dash + 1), true)) {
      return std::nullopt;
    }
    rest = rest.substr(0, dash);
  }
  const size_t dot1 = rest.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : rest.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view major = rest.substr(0, dot1);
  if (!isNumericIdentifier(major) || !isNumericIdentifier(rest.substr(dot1 + 1, dot2 - dot1 - 1)) ||
      !isNumericIdentifier(rest.substr(dot2 + 1))) {
    return std::nullopt;
  }
  return major;
}

Result<void> checkOciVersion(const std::string &version) {
  const auto major = semverMajor(version);
  if (!major) {
    return invalidAt("ociVersion",
                     fmt::format("{} is not a SemVer 2.0.0 version", quoted(version)));
  }
  if (*major != "1") {
    return invalidAt("ociVersion", fmt::format("{} has major version {}, runw supports 1.x.y",
                                               quoted(version), *major));
  }
  return {};
}

// ---- process ------------------------------------------------------------------------------

Result<void> checkRlimits(const std::vector<Rlimit> &rlimits, const std::string &path) {
  std::set<std::string_view> seen;
  for (size_t i = 0; i < rlimits.size(); ++i) {
    const Rlimit &rlimit = rlimits[i];
    const std::string at = appendIndex(path, i);
    TRY(checkOneOf(rlimit.type, kRlimits, appendKey(at, "type"), "rlimit"));
    // config.md: duplicated types MUST generate an error.
    if (!seen.insert(rlimit.type).second) {
      return invalidAt(appendKey(at, "type"),
                       fmt::format("duplicate rlimit {}", quoted(rlimit.type)));
    }
    if (rlimit.soft > rlimit.hard) {
      return invalidAt(appendKey(at, "soft"), fmt::format("soft limit {} is above hard limit {}",
                                                          rlimit.soft, rlimit.hard));
    }
  }
  return {};
}

Result<void> checkCapabilitySet(const std::optional<std::vector<std::string>> &set,
                                const std::string &path) {
  if (!set) {
    return {};
  }
  for (size_t i = 0; i < set->size(); ++i) {
    if (!capabilityNumber((*set)[i])) {
      return invalidAt(appendIndex(path, i),
                       fmt::format("unknown capability {}", quoted((*set)[i])));
    }
  }
  return {};
}

Result<void> checkCapabilities(const Capabilities &caps, const std::string &path) {
  TRY(checkCapabilitySet(caps.bounding, appendKey(path, "bounding")));
  TRY(checkCapabilitySet(caps.effective, appendKey(path, "effective")));
  TRY(checkCapabilitySet(caps.inheritable, appendKey(path, "inheritable")));
  TRY(checkCapabilitySet(caps.permitted, appendKey(path, "permitted")));
  TRY(checkCapabilitySet(caps.ambient, appendKey(path, "ambient")));
  return {};
}

Result<void> checkScheduling(const Process &process, const std::string &path) {
  if (process.scheduler) {
    const std::string at = appendKey(path, "scheduler");
    TRY(checkOneOf(process.scheduler->policy, kSchedulerPolicies, appendKey(at, "policy"),
                   "scheduler policy"));
    if (process.scheduler->flags) {
      const auto &flags = *process.scheduler->flags;
      for (size_t i = 0; i < flags.size(); ++i) {
        TRY(checkOneOf(flags[i], kSchedulerFlags, appendIndex(appendKey(at, "flags"), i),
                       "scheduler flag"));
      }
    }
  }
  if (process.ioPriority) {
    const std::string at = appendKey(path, "ioPriority");
    TRY(checkOneOf(process.ioPriority->ioClass, kIoPriorityClasses, appendKey(at, "class"),
                   "I/O priority class"));
    // ioprio_set(2): levels 0 (highest) to 7 (lowest).
    if (process.ioPriority->priority < 0 || process.ioPriority->priority > 7) {
      return invalidAt(appendKey(at, "priority"),
                       fmt::format("{} is outside [0, 7]", process.ioPriority->priority));
    }
  }
  return {};
}

Result<void> checkProcessAt(const Process &process, const std::string &path) {
  // config.md: args needs at least one entry on non-Windows platforms.
  if (!process.args || process.args->empty()) {
    return invalidAt(appendKey(path, "args"), "must contain at least one entry");
  }
  TRY(checkAbsolute(process.cwd, appendKey(path, "cwd")));
  if (process.rlimits) {
    TRY(checkRlimits(*process.rlimits, appendKey(path, "rlimits")));
  }
  if (process.capabilities) {
    TRY(checkCapabilities(*process.capabilities, appendKey(path, "capabilities")));
  }
  // The kernel accepts OOM_SCORE_ADJ_MIN..OOM_SCORE_ADJ_MAX in /proc/PID/oom_score_adj.
  if (process.oomScoreAdj && (*process.oomScoreAdj < -1000 || *process.oomScoreAdj > 1000)) {
    return invalidAt(appendKey(path, "oomScoreAdj"),
                     fmt::format("{} is outside [-1000, 1000]", *process.oomScoreAdj));
  }
  return checkScheduling(process, path);
}

// ---- mounts and hooks ---------------------------------------------------------------------

Result<void> checkIdMappings(const std::optional<std::vector<IdMapping>> &mappings,
                             const std::string &path) {
  if (!mappings) {
    return {};
  }
  for (size_t i = 0; i < mappings->size(); ++i) {
    if ((*mappings)[i].size == 0) {
      return invalidAt(appendKey(appendIndex(path, i), "size"), "must be greater than 0");
    }
  }
  return {};
}

Result<void> checkMounts(const std::vector<Mount> &mounts) {
  for (size_t i = 0; i < mounts.size(); ++i) {
    const std::string at = appendIndex("mounts", i);
    if (mounts[i].destination.empty()) {
      return invalidAt(appendKey(at, "destination"), "must not be empty");
    }
    TRY(checkIdMappings(mounts[i].uidMappings, appendKey(at, "uidMappings")));
    TRY(checkIdMappings(mounts[i].gidMappings, appendKey(at, "gidMappings")));
  }
  return {};
}

Result<void> checkHookList(const std::optional<std::vector<Hook>> &hooks, const char *name) {
  if (!hooks) {
    return {};
  }
  for (size_t i = 0; i < hooks->size(); ++i) {
    const Hook &hook = (*hooks)[i];
    const std::string at = appendIndex(appendKey("hooks", name), i);
    // config.md "POSIX-platform Hooks": path MUST be absolute; timeout MUST be > 0.
    TRY(checkAbsolute(hook.path, appendKey(at, "path")));
    if (hook.timeout && *hook.timeout <= 0) {
      return invalidAt(appendKey(at, "timeout"),
                       fmt::format("must be greater than 0, got {}", *hook.timeout));
    }
  }
  return {};
}

Result<void> checkHooks(const Hooks &hooks) {
  TRY(checkHookList(hooks.prestart, "prestart"));
  TRY(checkHookList(hooks.createRuntime, "createRuntime"));
  TRY(checkHookList(hooks.createContainer, "createContainer"));
  TRY(checkHookList(hooks.startContainer, "startContainer"));
  TRY(checkHookList(hooks.poststart, "poststart"));
  TRY(checkHookList(hooks.poststop, "poststop"));
  return {};
}

// ---- linux --------------------------------------------------------------------------------

Result<void> checkNamespaces(const std::vector<Namespace> &namespaces) {
  std::set<NamespaceType> seen;
  for (size_t i = 0; i < namespaces.size(); ++i) {
    // config-linux.md: duplicated namespaces MUST generate an error.
    if (!seen.insert(namespaces[i].type).second) {
      return invalidAt(
          appendKey(appendIndex("linux.namespaces", i), "type"),
          fmt::format("duplicate namespace \"{}\"", namespaceTypeName(namespaces[i].type)));
    }
  }
  return {};
}

Result<void> checkDevices(const std::vector<Device> &devices) {
  for (size_t i = 0; i < devices.size(); ++i) {
    const Device &device = devices[i];
    const std::string at = appendIndex("linux.devices", i);
    TRY(checkAbsolute(device.path, appendKey(at, "path")));
    if (device.type != "c" && device.type != "b" && device.type != "u" && device.type != "p") {
      return invalidAt(
          appendKey(at, "type"),
          fmt::format("unknown device type {} (expected c, b, u or p)", quoted(device.type)));
    }
    // config-linux.md "Devices": major and minor are REQUIRED unless type is p.
    if (device.type != "p") {
      if (!device.major) {
        return invalidAt(appendKey(at, "major"),
                         fmt::format("required for device type \"{}\"", device.type));
      }
      if (!device.minor) {
        return invalidAt(appendKey(at, "minor"),
                         fmt::format("required for device type \"{}\"", device.type));
      }
    }
  }
  return {};
}

Result<void> checkDeviceCgroupRules(const std::vector<DeviceCgroupRule> &rules) {
  for (size_t i = 0; i < rules.size(); ++i) {
    const DeviceCgroupRule &rule = rules[i];
    const std::string at = appendIndex("linux.resources.devices", i);
    if (rule.type && *rule.type != "a" && *rule.type != "c" && *rule.type != "b") {
      return invalidAt(
          appendKey(at, "type"),
          fmt::format("unknown device type {} (expected a, c or b)", quoted(*rule.type)));
    }
    if (rule.access && rule.access->find_first_not_of("rwm") != std::string::npos) {
      return invalidAt(appendKey(at, "access"),
                       fmt::format("{} is not a combination of r, w and m", quoted(*rule.access)));
    }
  }
  return {};
}

/// errnoRet only makes sense for actions that return an errno (config-linux.md "Seccomp":
/// otherwise the runtime MUST fail).
Result<void> checkErrnoAction(const std::string &action, bool hasErrno, const std::string &path) {
  if (hasErrno && action != "SCMP_ACT_ERRNO" && action != "SCMP_ACT_TRACE") {
    return invalidAt(path, fmt::format("not supported with action {}", quoted(action)));
  }
  return {};
}

Result<void> checkSeccompSyscall(const SeccompSyscall &rule, const std::string &at) {
  if (rule.names.empty()) {
    return invalidAt(appendKey(at, "names"), "must contain at least one entry");
  }
  TRY(checkOneOf(rule.action, kSeccompActions, appendKey(at, "action"), "seccomp action"));
  TRY(checkErrnoAction(rule.action, rule.errnoRet.has_value(), appendKey(at, "errnoRet")));
  if (!rule.args) {
    return {};
  }
  for (size_t j = 0; j < rule.args->size(); ++j) {
    const SeccompArg &arg = (*rule.args)[j];
    const std::string argAt = appendIndex(appendKey(at, "args"), j);
    // A system call has at most six arguments.
    constexpr uint32_t kMaxSyscallArgs = 6;
    if (arg.index >= kMaxSyscallArgs) {
      return invalidAt(appendKey(argAt, "index"),
                       fmt::format("{} is not a system call argument index (0-5)", arg.index));
    }
    TRY(checkOneOf(arg.op, kSeccompOperators, appendKey(argAt, "op"), "seccomp operator"));
  }
  return {};
}

Result<void> checkSeccomp(const Seccomp &seccomp) {
  const std::string path = "linux.seccomp";
  TRY(checkOneOf(seccomp.defaultAction, kSeccompActions, appendKey(path, "defaultAction"),
                 "seccomp action"));
  TRY(checkErrnoAction(seccomp.defaultAction, seccomp.defaultErrnoRet.has_value(),
                       appendKey(path, "defaultErrnoRet")));
  if (seccomp.architectures) {
    for (size_t i = 0; i < seccomp.architectures->size(); ++i) {
      TRY(checkOneOf((*seccomp.architectures)[i], kSeccompArchitectures,
                     appendIndex(appendKey(path, "architectures"), i), "seccomp architecture"));
    }
  }
  if (seccomp.flags) {
    for (size_t i = 0; i < seccomp.flags->size(); ++i) {
      TRY(checkOneOf((*seccomp.flags)[i], kSeccompFlags, appendIndex(appendKey(path, "flags"), i),
                     "seccomp flag"));
    }
  }
  if (seccomp.listenerMetadata && !seccomp.listenerPath) {
    return invalidAt(appendKey(path, "listenerMetadata"), "must not be set without listenerPath");
  }
  if (seccomp.syscalls) {
    for (size_t i = 0; i < seccomp.syscalls->size(); ++i) {
      TRY(checkSeccompSyscall((*seccomp.syscalls)[i], appendIndex(appendKey(path, "syscalls"), i)));
    }
  }
  return {};
}

Result<void> checkLinuxMisc(const Linux &linux) {
  if (linux.rootfsPropagation) {
    TRY(checkOneOf(*linux.rootfsPropagation, kRootfsPropagations, "linux.rootfsPropagation",
                   "rootfs propagation"));
  }
  if (linux.timeOffsets) {
    for (const auto &[clock, offset] : *linux.timeOffsets) {
      if (!isOneOf(clock, kTimeOffsetClocks)) {
        return invalidAt(appendKey("linux.timeOffsets", clock),
                         "unknown clock (expected monotonic or boottime)");
      }
    }
  }
  if (linux.personality) {
    TRY(checkOneOf(linux.personality->domain, kPersonalityDomains, "linux.personality.domain",
                   "personality domain"));
  }
  return {};
}

Result<void> checkLinux(const Linux &linux) {
  TRY(checkIdMappings(linux.uidMappings, "linux.uidMappings"));
  TRY(checkIdMappings(linux.gidMappings, "linux.gidMappings"));
  if (linux.namespaces) {
    TRY(checkNamespaces(*linux.namespaces));
  }
  if (linux.devices) {
    TRY(checkDevices(*linux.devices));
  }
  if (linux.resources && linux.resources->devices) {
    TRY(checkDeviceCgroupRules(*linux.resources->devices));
  }
  if (linux.seccomp) {
    TRY(checkSeccomp(*linux.seccomp));
  }
  return checkLinuxMisc(linux);
}

} // namespace

std::optional<int> capabilityNumber(std::string_view name) {
  const auto found = std::find(kCapabilities.begin(), kCapabilities.end(), name);
  if (found == kCapabilities.end()) {
    return std::nullopt;
  }
  return static_cast<int>(found - kCapabilities.begin());
}

Result<void> validateProcess(const Process &process) { return checkProcessAt(process, ""); }

Result<void> validateSpec(const Spec &spec) {
  TRY(checkOciVersion(spec.ociVersion));
  // runc refuses a config without root as well: a Linux container needs a root filesystem.
  if (!spec.root) {
    return invalidAt("root", "missing required field");
  }
  if (spec.root->path.empty()) {
    return invalidAt("root.path", "must not be empty");
  }
  if (spec.process) {
    TRY(checkProcessAt(*spec.process, "process"));
  }
  if (spec.mounts) {
    TRY(checkMounts(*spec.mounts));
  }
  if (spec.hooks) {
    TRY(checkHooks(*spec.hooks));
  }
  if (spec.linux) {
    TRY(checkLinux(*spec.linux));
  }
  return {};
}

} // namespace runw::oci
