// SPDX-License-Identifier: Apache-2.0
// ContainerConfig: everything runw needs from config.json, converted once from oci::Spec.
#pragma once

#include "cgroups/config.h"
#include "linux/fs_config.h"
#include "linux/namespace_config.h"
#include "linux/security_config.h"

#include "oci/spec.h"
#include "support/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace runw::runtime {

/// One hook: a program run with the container state on stdin.
struct HookConfig {
  std::string path;                  ///< absolute path of the program
  std::vector<std::string> args;     ///< argv, args[0] included (empty: {path})
  std::vector<std::string> env;      ///< KEY=VALUE
  std::optional<int> timeoutSeconds; ///< > 0 when set
  bool operator==(const HookConfig &) const = default;
};

/// The hooks of config.json, by stage.
struct HooksConfig {
  std::vector<HookConfig> prestart;        ///< deprecated; runtime namespace, before pivot
  std::vector<HookConfig> createRuntime;   ///< runtime namespace, before pivot
  std::vector<HookConfig> createContainer; ///< container namespace, before pivot
  std::vector<HookConfig> startContainer;  ///< container namespace, just before the workload
  std::vector<HookConfig> poststart;       ///< runtime namespace, after start
  std::vector<HookConfig> poststop;        ///< runtime namespace, after delete
  bool operator==(const HooksConfig &) const = default;
};

/// The program to run and its stdio, as the init (or an exec) needs it.
struct ProcessConfig {
  std::vector<std::string> args; ///< argv; args[0] is resolved against PATH of env
  std::vector<std::string> env;  ///< KEY=VALUE
  std::string cwd = "/";         ///< absolute, inside the container
  bool terminal = false;         ///< allocate a pty and send its master to --console-socket
  uint32_t consoleHeight = 0;    ///< initial pty size; 0 = leave alone
  uint32_t consoleWidth = 0;
  bool operator==(const ProcessConfig &) const = default;
};

/// How the command line shapes the conversion.
struct ConvertOptions {
  std::string id;             ///< container id (default cgroup name)
  std::string bundle;         ///< absolute bundle directory (a relative root.path is under it)
  bool systemdCgroup = false; ///< --systemd-cgroup: cgroupsPath is slice:prefix:name
  bool noPivot = false;       ///< --no-pivot
};

/// Everything about one container, in runw's own terms.
struct ContainerConfig {
  ns::NamespaceConfig namespaces;
  fs::FsConfig fs;
  security::SecurityConfig security;
  cgroups::Config cgroup;
  ProcessConfig process;
  HooksConfig hooks;
  std::vector<std::string> warnings; ///< e.g. capabilities the kernel lacks, for the log
};

/// Converts a parsed (and oci::validateSpec'd) config.json. Errors name the config.json path
/// ("linux.namespaces[2].type: unknown namespace \"foo\"") in runc's spirit; process.args must be
/// non-empty.
Result<ContainerConfig> toContainerConfig(const oci::Spec &spec, const ConvertOptions &options);

/// An exec'd process (runw exec --process FILE, or flags): program, stdio and security. Seccomp
/// is not part of oci::Process: the caller copies the container's.
struct ExecProcess {
  ProcessConfig process;
  security::SecurityConfig security;
  std::vector<std::string> warnings;
};

/// Converts process (config.json's or an exec --process file).
Result<ExecProcess> toExecProcess(const oci::Process &process);

/// Converts linux.resources (also what `runw update --resources` reads).
Result<cgroups::Resources> toCgroupResources(const oci::Resources &resources);

/// Converts linux.seccomp.
Result<security::SeccompConfig> toSeccompConfig(const oci::Seccomp &seccomp);

} // namespace runw::runtime
