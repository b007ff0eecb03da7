// SPDX-License-Identifier: Apache-2.0
// process → ProcessConfig and SecurityConfig (capabilities, user, rlimits, labels).
#include "spec/container_config.h"
#include "spec/specconv_parts.h"

#include "support/strings.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace runw::runtime {
namespace specconv {
namespace {

Result<ProcessConfig> convertProgram(const oci::Process &process, std::string_view path) {
  if (!process.args || process.args->empty()) {
    return invalidAt(strprintf("{}.args", path), "must not be empty");
  }
  ProcessConfig out;
  out.args = *process.args;
  out.env = process.env.value_or(std::vector<std::string>{});
  if (!process.cwd.empty()) {
    // runc refuses a relative cwd: it would be resolved against whatever init's cwd is.
    if (!process.cwd.starts_with('/')) {
      return invalidAt(strprintf("{}.cwd", path),
                       strprintf("\"{}\" is not an absolute path", process.cwd));
    }
    out.cwd = process.cwd;
  }
  out.terminal = process.terminal.value_or(false);
  if (process.consoleSize) {
    out.consoleHeight = process.consoleSize->height;
    out.consoleWidth = process.consoleSize->width;
  }
  return out;
}

/// Parses one capability set; names the kernel lacks are collected in `unavailable`.
Result<std::vector<security::CapNumber>>
convertCapabilitySet(const std::optional<std::vector<std::string>> &names,
                     security::CapNumber lastCap, const std::string &path,
                     std::vector<std::string> &unavailable) {
  if (!names) {
    return std::vector<security::CapNumber>{};
  }
  security::ParsedCapabilities parsed = TRY(at(security::parseCapabilities(*names, lastCap), path));
  for (std::string &name : parsed.unavailable) {
    if (std::find(unavailable.begin(), unavailable.end(), name) == unavailable.end()) {
      unavailable.push_back(std::move(name));
    }
  }
  return std::move(parsed.caps);
}

Result<void> convertCapabilities(const oci::Capabilities &caps, security::CapNumber lastCap,
                                 std::string_view path, ExecProcess &out) {
  const std::string base = strprintf("{}.capabilities", path);
  std::vector<std::string> unavailable;
  security::CapabilitySets &sets = out.security.capabilities;
  sets.bounding =
      TRY(convertCapabilitySet(caps.bounding, lastCap, base + ".bounding", unavailable));
  sets.effective =
      TRY(convertCapabilitySet(caps.effective, lastCap, base + ".effective", unavailable));
  sets.inheritable =
      TRY(convertCapabilitySet(caps.inheritable, lastCap, base + ".inheritable", unavailable));
  sets.permitted =
      TRY(convertCapabilitySet(caps.permitted, lastCap, base + ".permitted", unavailable));
  sets.ambient = TRY(convertCapabilitySet(caps.ambient, lastCap, base + ".ambient", unavailable));
  if (!unavailable.empty()) {
    // runc warns and goes on: a config written for a newer kernel should still run.
    out.warnings.push_back(strprintf("{}: ignoring capabilities this kernel does not have: {}",
                                     base, join(unavailable, ", ")));
  }
  return {};
}

Result<std::vector<security::RlimitConfig>> convertRlimits(const std::vector<oci::Rlimit> &rlimits,
                                                           std::string_view path) {
  std::vector<security::RlimitConfig> out;
  for (size_t i = 0; i < rlimits.size(); ++i) {
    const oci::Rlimit &rlimit = rlimits[i];
    const std::string typePath = strprintf("{}.rlimits[{}].type", path, i);
    const int resource = TRY(at(security::parseRlimitResource(rlimit.type), typePath));
    const bool duplicate = std::any_of(out.begin(), out.end(),
                                       [&](const auto &seen) { return seen.resource == resource; });
    if (duplicate) {
      return invalidAt(typePath, strprintf("duplicate rlimit \"{}\"", rlimit.type));
    }
    out.push_back(security::RlimitConfig{resource, rlimit.type, rlimit.soft, rlimit.hard});
  }
  return out;
}

/// An empty label is the same as none (nothing to apply, nothing to warn about).
std::optional<std::string> label(const std::optional<std::string> &value) {
  if (value && !value->empty()) {
    return value;
  }
  return std::nullopt;
}

void warnIgnored(const oci::Process &process, std::string_view path,
                 std::vector<std::string> &warnings) {
  auto ignored = [&](bool present, std::string_view field) {
    if (present) {
      warnings.push_back(strprintf("{}.{} is not supported by runw and is ignored", path, field));
    }
  };
  ignored(process.scheduler.has_value(), "scheduler");
  ignored(process.ioPriority.has_value(), "ioPriority");
  ignored(process.execCpuAffinity.has_value(), "execCPUAffinity");
}

} // namespace

Result<ExecProcess> convertProcess(const oci::Process &process, security::CapNumber lastCap,
                                   std::string_view path) {
  ExecProcess out;
  out.process = TRY(convertProgram(process, path));
  if (process.capabilities) {
    TRY(convertCapabilities(*process.capabilities, lastCap, path, out));
  }
  security::SecurityConfig &security = out.security;
  security.user.uid = process.user.uid;
  security.user.gid = process.user.gid;
  security.user.additionalGids = process.user.additionalGids.value_or(std::vector<uint32_t>{});
  security.user.umask = process.user.umask;
  if (process.rlimits) {
    security.rlimits = TRY(convertRlimits(*process.rlimits, path));
  }
  security.noNewPrivileges = process.noNewPrivileges.value_or(false);
  if (process.oomScoreAdj) {
    security.oomScoreAdj = *process.oomScoreAdj;
  }
  security.apparmorProfile = label(process.apparmorProfile);
  security.selinuxLabel = label(process.selinuxLabel);
  warnIgnored(process, path, out.warnings);
  return out;
}

} // namespace specconv

Result<ExecProcess> toExecProcess(const oci::Process &process) {
  return specconv::convertProcess(process, security::kernelLastCap(), "process");
}

} // namespace runw::runtime
