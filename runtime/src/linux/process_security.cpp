// SPDX-License-Identifier: Apache-2.0
// applyProcessSecurity: the order of the security steps before exec (see process_security.h).
#include "linux/process_security.h"

#include "support/strings.h"

namespace runw::runtime::security {

Result<std::vector<std::string>> applyProcessSecurity(const SecurityConfig &config) {
  std::vector<std::string> warnings;
  if (config.apparmorProfile) {
    warnings.push_back("apparmorProfile \"" + *config.apparmorProfile +
                       "\" accepted but not applied: runw has no AppArmor support");
  }
  if (config.selinuxLabel) {
    warnings.push_back("selinuxLabel \"" + *config.selinuxLabel +
                       "\" accepted but not applied: runw has no SELinux support");
  }
  // Decided up front, while every cap this process may grant is still held.
  const HeldCapabilities held = TRY(currentCapabilities().context("reading capabilities"));
  RestrictedCapabilities caps = restrictToHeld(config.capabilities, held);
  if (!caps.unavailable.empty()) {
    warnings.push_back("capabilities not held by runw, left out of the container: " +
                       join(caps.unavailable, ", "));
  }

  if (config.oomScoreAdj) {
    TRY(setOomScoreAdj(*config.oomScoreAdj));
  }
  TRY(applyRlimits(config.rlimits));
  if (config.noNewPrivileges) {
    TRY(setNoNewPrivileges());
  }
  if (config.seccomp && !config.noNewPrivileges) {
    TRY(loadSeccompFilter(*config.seccomp));
  }
  TRY(applyBoundingSet(caps.sets.bounding));
  TRY(setKeepCapabilities(true));
  TRY(switchUser(config.user));
  TRY(setKeepCapabilities(false));
  TRY(applyUmask(config.user));
  TRY(applyCapabilitySets(caps.sets));
  if (config.seccomp && config.noNewPrivileges) {
    TRY(loadSeccompFilter(*config.seccomp));
  }
  return warnings;
}

} // namespace runw::runtime::security
