// SPDX-License-Identifier: Apache-2.0
// runw's own process-security config (caps, user, rlimits, seccomp, ...) and its name parsers.
#pragma once

#include "support/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runw::runtime::security {

/// A Linux capability number as the kernel numbers them (CAP_CHOWN = 0), same as cap_value_t.
using CapNumber = int;

/// The five capability sets a container process ends with. An empty set means "none", as
/// runc does for an absent process.capabilities or an absent set.
struct CapabilitySets {
  std::vector<CapNumber> bounding;
  std::vector<CapNumber> effective;
  std::vector<CapNumber> inheritable;
  std::vector<CapNumber> permitted;
  std::vector<CapNumber> ambient;
};

/// Capability names turned into numbers, plus the names dropped because the running kernel
/// lacks them (the caller prints those as one warning, like runc).
struct ParsedCapabilities {
  std::vector<CapNumber> caps;
  std::vector<std::string> unavailable;
};

/// The process identity: ids, supplementary groups and the umask.
struct UserConfig {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::vector<uint32_t> additionalGids;
  /// Absent: runc's default 0022 is applied.
  std::optional<uint32_t> umask;
};

/// One rlimit, already resolved to its RLIMIT_* number; name is kept for messages.
struct RlimitConfig {
  int resource = 0;
  std::string name;
  uint64_t soft = 0;
  uint64_t hard = 0;
};

/// A seccomp action (runtime-spec linux.seccomp actions, SCMP_ACT_*).
enum class SeccompAction { KillThread, KillProcess, Trap, Errno, Trace, Allow, Log, Notify };

/// A seccomp argument comparison (SCMP_CMP_*).
enum class SeccompOperator {
  NotEqual,
  LessThan,
  LessEqual,
  Equal,
  GreaterEqual,
  GreaterThan,
  MaskedEqual
};

/// One argument condition. For MaskedEqual, value is the mask and valueTwo the datum.
struct SeccompArg {
  uint32_t index = 0;
  uint64_t value = 0;
  uint64_t valueTwo = 0;
  SeccompOperator op = SeccompOperator::Equal;
};

/// One rule: these syscall names get this action when all (or, with repeated indexes, any) args
/// match.
struct SeccompRule {
  std::vector<std::string> names;
  SeccompAction action = SeccompAction::Allow;
  /// For Errno/Trace; absent means EPERM (runtime-spec). Refused with other actions.
  std::optional<uint32_t> errnoRet;
  std::vector<SeccompArg> args;
};

/// linux.seccomp. architectures ("SCMP_ARCH_X86_64") and flags ("SECCOMP_FILTER_FLAG_LOG") stay
/// names: they are resolved against the libseccomp in use when the filter is built.
struct SeccompConfig {
  SeccompAction defaultAction = SeccompAction::Allow;
  /// For an Errno/Trace default action; absent means EPERM.
  std::optional<uint32_t> defaultErrnoRet;
  std::vector<std::string> architectures;
  std::vector<std::string> flags;
  /// Only meaningful with SCMP_ACT_NOTIFY, which runw refuses.
  std::optional<std::string> listenerPath;
  std::vector<SeccompRule> syscalls;
};

/// Everything applyProcessSecurity() sets on the container process just before exec.
struct SecurityConfig {
  CapabilitySets capabilities;
  UserConfig user;
  bool noNewPrivileges = false;
  std::vector<RlimitConfig> rlimits;
  std::optional<int> oomScoreAdj;
  std::optional<SeccompConfig> seccomp;
  /// Accepted and carried, not applied: runw has no AppArmor/SELinux support yet, so
  /// applyProcessSecurity() reports them as warnings.
  std::optional<std::string> apparmorProfile;
  std::optional<std::string> selinuxLabel;
};

/// The highest capability number the running kernel knows (libcap probes it with
/// PR_CAPBSET_READ, so this works without /proc).
CapNumber kernelLastCap();

/// Resolves names such as "CAP_NET_RAW". A name libcap does not know (or not upper case, as in
/// runc) is an error naming every such name; a name the running kernel lacks (number above
/// lastCap) is left out and listed in `unavailable`. Duplicates are kept once.
Result<ParsedCapabilities> parseCapabilities(const std::vector<std::string> &names,
                                             CapNumber lastCap);

/// The capability's canonical name ("CAP_NET_RAW"), or "CAP_<n>" for numbers libcap lacks.
std::string capabilityName(CapNumber cap);

/// Resolves "RLIMIT_NOFILE" and the other RLIMIT_* names runc accepts; unknown is an error.
Result<int> parseRlimitResource(std::string_view name);

/// Resolves "SCMP_ACT_ERRNO" etc. "SCMP_ACT_KILL" is KillThread, as in libseccomp.
Result<SeccompAction> parseSeccompAction(std::string_view name);

/// Resolves "SCMP_CMP_EQ" etc.
Result<SeccompOperator> parseSeccompOperator(std::string_view name);

/// The SCMP_ACT_* name of an action, for messages.
std::string_view seccompActionName(SeccompAction action);

} // namespace runw::runtime::security
