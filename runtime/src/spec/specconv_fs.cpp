// SPDX-License-Identifier: Apache-2.0
// root, mounts, linux.devices and the other filesystem fields → fs::FsConfig.
#include "linux/mount_options.h"
#include "spec/specconv_parts.h"

#include "support/strings.h"

#include <optional>
#include <string>
#include <sys/mount.h>
#include <sys/stat.h>
#include <vector>

namespace runw::runtime::specconv {
namespace {

bool hasNul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

Result<fs::MountEntry> convertMount(const oci::Mount &mount, const ConvertOptions &options,
                                    const std::string &path, std::vector<std::string> &warnings) {
  fs::MountEntry out;
  out.destination = mount.destination;
  out.type = mount.type.value_or("");
  out.source = mount.source.value_or("");
  out.options = fs::parseMountOptions(mount.options.value_or(std::vector<std::string>{}));
  // Mount arguments are C strings: a NUL would silently cut them (runc refuses them too).
  if (hasNul(out.destination) || hasNul(out.type) || hasNul(out.source)) {
    return invalidAt(path, "mount field contains a NUL byte");
  }
  if (!out.destination.starts_with('/')) {
    // runc still accepts these (relative to the rootfs), with a deprecation warning.
    warnings.push_back(strprintf("{}.destination \"{}\" is not absolute", path, out.destination));
  }
  if ((out.options.flags & MS_BIND) != 0) {
    // runc: the type of a bind mount means nothing; a relative source is under the bundle.
    out.type = "bind";
    out.source = TRY(resolveUnderBundle(out.source, options.bundle, path + ".source"));
  }
  // Mount-level id mappings make an idmapped mount, which validateFsConfig refuses for now.
  if (mount.uidMappings || mount.gidMappings) {
    out.options.idmap = true;
  }
  return out;
}

Result<fs::DeviceNode> convertDevice(const oci::Device &device, const std::string &path) {
  fs::DeviceNode out;
  out.path = device.path;
  if (device.type.size() != 1 ||
      std::string_view("cubp").find(device.type[0]) == std::string_view::npos) {
    return invalidAt(path + ".type",
                     strprintf("unknown device type \"{}\" (expected c, u, b or p)", device.type));
  }
  out.type = device.type[0];
  out.major = device.major.value_or(0);
  out.minor = device.minor.value_or(0);
  // runc: 0666 by default; any file-type bits in fileMode are dropped (the type is `type`).
  out.fileMode = device.fileMode.value_or(0666) & ~static_cast<uint32_t>(S_IFMT);
  out.uid = device.uid.value_or(0);
  out.gid = device.gid.value_or(0);
  return out;
}

/// runtime-spec: an empty hostname or domainname means "leave it alone" (runc).
std::optional<std::string> nonEmpty(const std::optional<std::string> &value) {
  if (value && !value->empty()) {
    return value;
  }
  return std::nullopt;
}

Result<void> convertLinuxFs(const oci::Linux &linux, bool noPivot, fs::FsConfig &out) {
  out.rootPropagation = TRY(fs::parseRootfsPropagation(linux.rootfsPropagation.value_or("")));
  // runc: without pivot_root the old root stays under the new one, and only propagation from
  // the host keeps it from leaking mounts back.
  if (noPivot && (out.rootPropagation & MS_PRIVATE) != 0) {
    return invalidAt("linux.rootfsPropagation",
                     "[r]private is not safe without pivot_root (--no-pivot)");
  }
  if (linux.devices) {
    for (size_t i = 0; i < linux.devices->size(); ++i) {
      out.devices.push_back(
          TRY(convertDevice((*linux.devices)[i], strprintf("linux.devices[{}]", i))));
    }
  }
  out.maskedPaths = linux.maskedPaths.value_or(std::vector<std::string>{});
  out.readonlyPaths = linux.readonlyPaths.value_or(std::vector<std::string>{});
  out.sysctl = linux.sysctl.value_or(oci::StringMap{});
  return {};
}

} // namespace

Result<fs::FsConfig> convertFs(const oci::Spec &spec, const ConvertOptions &options,
                               std::vector<std::string> &warnings) {
  if (!spec.root || spec.root->path.empty()) {
    return invalidAt("root.path", "must be set (runw needs a root filesystem)");
  }
  fs::FsConfig out;
  out.rootfs = TRY(resolveUnderBundle(spec.root->path, options.bundle, "root.path"));
  out.readonlyRoot = spec.root->readonly.value_or(false);
  out.noPivot = options.noPivot;
  out.hostname = nonEmpty(spec.hostname);
  out.domainname = nonEmpty(spec.domainname);
  if (spec.mounts) {
    for (size_t i = 0; i < spec.mounts->size(); ++i) {
      out.mounts.push_back(
          TRY(convertMount((*spec.mounts)[i], options, strprintf("mounts[{}]", i), warnings)));
    }
  }
  if (spec.linux) {
    TRY(convertLinuxFs(*spec.linux, options.noPivot, out));
  }
  return out;
}

} // namespace runw::runtime::specconv
