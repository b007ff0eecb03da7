// SPDX-License-Identifier: Apache-2.0
// The process-security steps a container init applies just before exec, and their one entry point.
#pragma once

#include "linux/security_config.h"

#include "support/result.h"
#include "support/unique_fd.h"

#include <string>
#include <vector>

namespace runw::runtime::security {

/// Applies every step of `config` to the calling process, in runc's order:
///   1. oom_score_adj      lowering it needs CAP_SYS_RESOURCE, so before any cap is dropped
///                         (runc writes it from nsexec, before init runs);
///   2. rlimits            raising a hard limit needs CAP_SYS_RESOURCE, same reason;
///   3. no_new_privs       if requested (runc: before seccomp and finalizeNamespace);
///   4. seccomp            only when no_new_privs is NOT requested: loading a filter then needs
///                         CAP_SYS_ADMIN, which steps 5-8 may drop. The profile must therefore
///                         allow the syscalls of steps 5-8 (setresuid, capset, prctl, ...);
///   5. bounding set       PR_CAPBSET_DROP needs CAP_SETPCAP, so before the uid change;
///   6. user               PR_SET_KEEPCAPS, setgroups, setresgid, setresuid, clear KEEPCAPS,
///                         then umask (0022 when absent, as runc);
///   7. capabilities       capset of effective/permitted/inheritable: after setresuid, because
///                         leaving uid 0 clears the effective set even with KEEPCAPS;
///   8. ambient            reset, then raise each (needs the cap in permitted and inheritable);
///   9. seccomp            when no_new_privs is requested: as close to exec as possible.
/// Before step 1 the configured caps are narrowed to what this process holds (restrictToHeld).
/// Single-threaded callers only: capset and prctl act on the calling thread.
/// Returns warnings for the caller to print (caps left out, AppArmor/SELinux labels not applied).
Result<std::vector<std::string>> applyProcessSecurity(const SecurityConfig &config);

/// \name Steps (each in its own file; applyProcessSecurity() calls them in order)
/// @{

/// Writes /proc/self/oom_score_adj (process_attributes.cpp).
Result<void> setOomScoreAdj(int value);

/// prctl(PR_SET_NO_NEW_PRIVS, 1) (process_attributes.cpp).
Result<void> setNoNewPrivileges();

/// setrlimit for each entry in order; errors name the resource and values, and say when the
/// hard limit was to be raised without CAP_SYS_RESOURCE (rlimits.cpp).
Result<void> applyRlimits(const std::vector<RlimitConfig> &rlimits);

/// What the calling process can still hand out: the caps in its permitted and bounding sets.
struct HeldCapabilities {
  std::vector<CapNumber> permitted;
  std::vector<CapNumber> bounding;
};

/// Configured sets narrowed to what is held, plus the names left out (for one warning).
struct RestrictedCapabilities {
  CapabilitySets sets;
  std::vector<std::string> unavailable;
};

/// Reads the calling thread's permitted and bounding sets (capabilities.cpp).
Result<HeldCapabilities> currentCapabilities();

/// Leaves out caps a process cannot grant: a bounding cap it no longer has in its bounding set,
/// and any other cap not in its permitted set (capset would refuse the whole call). A host
/// whose own bounding set lacks a cap (this one lacks CAP_SYS_RESOURCE) can then still run a
/// privileged container, minus that cap (capabilities.cpp).
RestrictedCapabilities restrictToHeld(const CapabilitySets &sets, const HeldCapabilities &held);

/// Drops from the bounding set every capability the kernel knows that is not in `keep`
/// (capabilities.cpp). Needs CAP_SETPCAP.
Result<void> applyBoundingSet(const std::vector<CapNumber> &keep);

/// PR_SET_KEEPCAPS on or off, so the permitted set survives the switch away from uid 0
/// (capabilities.cpp).
Result<void> setKeepCapabilities(bool keep);

/// Sets effective, permitted and inheritable exactly to the configured sets with capset, then
/// clears the ambient set and raises the configured ambient caps (capabilities.cpp).
Result<void> applyCapabilitySets(const CapabilitySets &sets);

/// setgroups(additionalGids), setresgid(gid), setresuid(uid), in that order: the group calls
/// need CAP_SETGID, which a non-root uid no longer has in its effective set (user.cpp).
/// In a user namespace whose /proc/self/setgroups is "deny", an empty list is skipped.
Result<void> switchUser(const UserConfig &user);

/// umask(user.umask or 0022) (user.cpp).
Result<void> applyUmask(const UserConfig &user);

/// Builds the filter and loads it into the calling thread (or all threads with
/// SECCOMP_FILTER_FLAG_TSYNC) (seccomp.cpp). libseccomp's own no_new_privs is turned off:
/// step 3 is the only place that sets it.
Result<void> loadSeccompFilter(const SeccompConfig &config);

/// Builds the filter and exports its BPF program (struct sock_filter[]) into a memfd, offset 0
/// (seccomp.cpp). Loads nothing; for tests and debugging.
Result<UniqueFd> exportSeccompBpf(const SeccompConfig &config);

/// @}

} // namespace runw::runtime::security
