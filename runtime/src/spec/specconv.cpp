// SPDX-License-Identifier: Apache-2.0
// toContainerConfig: oci::Spec → ContainerConfig, in the spirit of runc's libcontainer/specconv.
#include "linux/namespaces.h"
#include "linux/rootfs.h"
#include "spec/container_config.h"
#include "spec/specconv_parts.h"

#include "support/strings.h"

#include <string>
#include <utility>
#include <vector>

namespace runw::runtime {
namespace specconv {

std::unexpected<Error> invalidAt(std::string_view path, std::string_view message) {
  return fail(ErrorCode::Invalid, strprintf("{}: {}", path, message));
}

std::string cleanAbsolutePath(std::string_view path) {
  std::vector<std::string_view> parts;
  for (std::string_view part : split(path, '/')) {
    if (part.empty() || part == ".") {
      continue;
    }
    if (part == "..") {
      // "/.." is "/" (filepath.Clean).
      if (!parts.empty()) {
        parts.pop_back();
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view part : parts) {
    out += '/';
    out += part;
  }
  return out.empty() ? std::string("/") : out;
}

Result<std::string> resolveUnderBundle(std::string_view path, std::string_view bundle,
                                       std::string_view what) {
  if (path.starts_with('/')) {
    return cleanAbsolutePath(path);
  }
  // runc runs with the bundle as its working directory and joins relative paths to it.
  if (!bundle.starts_with('/')) {
    return invalidAt(what, strprintf("relative path \"{}\" needs an absolute bundle directory, "
                                     "got \"{}\"",
                                     path, bundle));
  }
  return cleanAbsolutePath(strprintf("{}/{}", bundle, path));
}

std::vector<std::string> ignoredFieldWarnings(const oci::Spec &spec) {
  std::vector<std::string> out;
  auto ignored = [&](bool present, std::string_view path) {
    if (present) {
      out.push_back(strprintf("{} is not supported by runw and is ignored", path));
    }
  };
  if (spec.linux) {
    const oci::Linux &linux = *spec.linux;
    ignored(linux.intelRdt.has_value(), "linux.intelRdt");
    // LINUX without flags is what every process has already.
    ignored(linux.personality && (linux.personality->domain != "LINUX" ||
                                  (linux.personality->flags && !linux.personality->flags->empty())),
            "linux.personality");
    ignored(linux.netDevices && !linux.netDevices->empty(), "linux.netDevices");
    ignored(linux.mountLabel && !linux.mountLabel->empty(), "linux.mountLabel");
    if (linux.resources) {
      ignored(linux.resources->network.has_value(), "linux.resources.network");
      ignored(linux.resources->rdma && !linux.resources->rdma->empty(), "linux.resources.rdma");
    }
  }
  return out;
}

} // namespace specconv

namespace {

Result<cgroups::Config> convertCgroup(const oci::Spec &spec, const ConvertOptions &options,
                                      const std::vector<fs::DeviceNode> &devices) {
  cgroups::Config out;
  const std::string cgroupsPath =
      spec.linux && spec.linux->cgroupsPath ? *spec.linux->cgroupsPath : std::string();
  out.path =
      TRY(specconv::at(cgroups::resolveCgroupsPath(cgroupsPath, options.id, options.systemdCgroup),
                       "linux.cgroupsPath"));
  if (spec.linux && spec.linux->resources) {
    out.resources = TRY(specconv::convertResources(*spec.linux->resources, "linux.resources"));
  }
  // runc always confines devices, whatever linux.resources says.
  out.resources.devices = specconv::containerDeviceRules(std::move(out.resources.devices), devices);
  return out;
}

void appendAll(std::vector<std::string> &to, std::vector<std::string> from) {
  for (std::string &item : from) {
    to.push_back(std::move(item));
  }
}

} // namespace

Result<ContainerConfig> toContainerConfig(const oci::Spec &spec, const ConvertOptions &options) {
  if (!spec.process) {
    // runc: a container needs a process to run; only `exec` takes one from elsewhere.
    return specconv::invalidAt("process", "missing required field");
  }
  static const oci::Linux kNoLinux;
  const oci::Linux &linux = spec.linux ? *spec.linux : kNoLinux;
  ContainerConfig out;
  out.namespaces = TRY(specconv::convertNamespaces(linux, out.warnings));
  out.fs = TRY(specconv::convertFs(spec, options, out.warnings));
  out.fs.userNamespace = ns::hasNamespace(out.namespaces, ns::NamespaceKind::User);
  ExecProcess process =
      TRY(specconv::convertProcess(*spec.process, security::kernelLastCap(), "process"));
  out.process = std::move(process.process);
  out.security = std::move(process.security);
  appendAll(out.warnings, std::move(process.warnings));
  // runc: no default action and no rules means no seccomp at all.
  if (linux.seccomp && (!linux.seccomp->defaultAction.empty() ||
                        (linux.seccomp->syscalls && !linux.seccomp->syscalls->empty()))) {
    out.security.seccomp = TRY(toSeccompConfig(*linux.seccomp));
  }
  out.cgroup = TRY(convertCgroup(spec, options, out.fs.devices));
  if (spec.hooks) {
    out.hooks = TRY(specconv::convertHooks(*spec.hooks));
  }
  appendAll(out.warnings, specconv::ignoredFieldWarnings(spec));
  TRY(ns::validateNamespaces(out.namespaces));
  TRY(fs::validateFsConfig(out.fs, out.namespaces));
  return out;
}

} // namespace runw::runtime
