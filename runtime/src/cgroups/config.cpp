// SPDX-License-Identifier: Apache-2.0
// cgroupsPath forms: plain cgroupfs paths and systemd's slice:prefix:name.
#include "cgroups/config.h"

#include "support/strings.h"

#include <string>
#include <vector>

namespace runw::runtime::cgroups {
namespace {

constexpr std::string_view kSliceSuffix = ".slice";
// runc uses "runc" as the scope prefix when cgroupsPath is empty; runw names its own scopes.
constexpr std::string_view kDefaultScopePrefix = "runw";
constexpr std::string_view kDefaultSlice = "system.slice";

} // namespace

std::string cleanCgroupPath(std::string_view path) {
  const bool absolute = path.starts_with('/');
  std::vector<std::string_view> parts;
  for (std::string_view part : split(path, '/')) {
    if (part.empty() || part == ".") {
      continue;
    }
    if (part == "..") {
      // Like runc's CleanPath: a relative path is cleaned as if it were rooted, so ".." can
      // never reach a parent of the cgroup it is resolved against.
      if (!parts.empty()) {
        parts.pop_back();
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string joined = join(parts, "/");
  if (absolute) {
    return "/" + joined;
  }
  return joined;
}

Result<std::string> expandSlice(std::string_view slice) {
  if (slice.size() <= kSliceSuffix.size() || !slice.ends_with(kSliceSuffix) ||
      slice.find('/') != std::string_view::npos) {
    return fail(ErrorCode::Invalid, strprintf("invalid slice name \"{}\"", slice));
  }
  std::string_view stem = slice.substr(0, slice.size() - kSliceSuffix.size());
  if (stem == "-") {
    return std::string("/");
  }
  std::string path;
  std::string prefix;
  for (std::string_view component : split(stem, '-')) {
    // systemd rejects "a--b.slice" and "-a.slice": every dash separates a real level.
    if (component.empty()) {
      return fail(ErrorCode::Invalid, strprintf("invalid slice name \"{}\"", slice));
    }
    path += strprintf("/{}{}{}", prefix, component, kSliceSuffix);
    prefix += strprintf("{}-", component);
  }
  return path;
}

Result<std::string> resolveCgroupsPath(std::string_view cgroupsPath, std::string_view id,
                                       bool systemdForm) {
  if (!systemdForm) {
    if (cgroupsPath.empty()) {
      // runc: Name = id with no Path, which its fs driver resolves below the caller's cgroup.
      return std::string(id);
    }
    std::string cleaned = cleanCgroupPath(cgroupsPath);
    if (cleaned.empty()) {
      return fail(ErrorCode::Invalid,
                  strprintf("cgroupsPath \"{}\" names no cgroup below its root", cgroupsPath));
    }
    return cleaned;
  }
  std::string owned =
      cgroupsPath.empty() ? strprintf(":{}:{}", kDefaultScopePrefix, id) : std::string(cgroupsPath);
  std::vector<std::string_view> parts = split(owned, ':');
  if (parts.size() != 3) {
    return fail(ErrorCode::Invalid,
                strprintf("expected cgroupsPath to be of format \"slice:prefix:name\" for systemd "
                          "cgroups, got \"{}\" instead",
                          cgroupsPath));
  }
  std::string_view name = parts[2];
  if (name.empty() || name.find('/') != std::string_view::npos || name == "." || name == "..") {
    return fail(ErrorCode::Invalid, strprintf("invalid unit name in cgroupsPath \"{}\"", owned));
  }
  std::string slicePath =
      TRY(expandSlice(parts[0].empty() ? kDefaultSlice : parts[0]).context("cgroupsPath"));
  std::string unit =
      name.ends_with(kSliceSuffix) ? std::string(name) : strprintf("{}-{}.scope", parts[1], name);
  if (slicePath == "/") {
    return "/" + unit;
  }
  return strprintf("{}/{}", slicePath, unit);
}

} // namespace runw::runtime::cgroups
