// SPDX-License-Identifier: Apache-2.0
// The pieces of the oci::Spec → ContainerConfig conversion, one area per specconv_*.cpp file.
#pragma once

#include "spec/container_config.h"

#include "support/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace runw::runtime::specconv {

/// A failed Result whose message is `path: message`, path being the config.json path.
std::unexpected<Error> invalidAt(std::string_view path, std::string_view message);

/// Prefixes the message of a failed result with its config.json path ("path: message").
template <class T> Result<T> at(Result<T> &&result, std::string_view path) {
  if (!result.has_value()) {
    result.error().message = std::string(path) + ": " + result.error().message;
  }
  return std::move(result);
}

/// Lexically cleans an absolute path like Go's filepath.Clean: no empty, "." or ".." parts
/// ("/a/./b/../c/" → "/a/c"); ".." at the root stays at the root.
std::string cleanAbsolutePath(std::string_view path);

/// An absolute, clean path: `path` itself when absolute, else `path` joined under `bundle`,
/// which must then be absolute. `what` names the field for the error.
Result<std::string> resolveUnderBundle(std::string_view path, std::string_view bundle,
                                       std::string_view what);

/// process → ProcessConfig + SecurityConfig (no seccomp). lastCap is the highest capability
/// number the kernel knows; names above it become one warning. `path` prefixes error paths.
Result<ExecProcess> convertProcess(const oci::Process &process, security::CapNumber lastCap,
                                   std::string_view path);

/// linux.namespaces, linux.uidMappings/gidMappings and linux.timeOffsets. Mappings without a
/// user namespace are dropped with a warning, as runc never reads them then.
Result<ns::NamespaceConfig> convertNamespaces(const oci::Linux &linux,
                                              std::vector<std::string> &warnings);

/// root, mounts, hostname, domainname and the filesystem parts of linux.
Result<fs::FsConfig> convertFs(const oci::Spec &spec, const ConvertOptions &options,
                               std::vector<std::string> &warnings);

/// hooks, with each path checked to be absolute.
Result<HooksConfig> convertHooks(const oci::Hooks &hooks);

/// linux.resources; `path` prefixes error paths ("linux.resources").
Result<cgroups::Resources> convertResources(const oci::Resources &resources, std::string_view path);

/// runc's device rules for a container (specconv AllowedDevices): deny everything first, then
/// `configured` (linux.resources.devices), then the always-allowed defaults (mknod of any
/// device, /dev/null, zero, full, random, urandom, tty, ptmx, pts/*, net/tun); a default with
/// the path of one of `devices` (linux.devices) is left out, as runc does.
std::vector<cgroups::DeviceRule> containerDeviceRules(std::vector<cgroups::DeviceRule> configured,
                                                      const std::vector<fs::DeviceNode> &devices);

/// Warnings for the config.json fields runw accepts but does not apply yet.
std::vector<std::string> ignoredFieldWarnings(const oci::Spec &spec);

} // namespace runw::runtime::specconv
