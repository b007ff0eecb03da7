// SPDX-License-Identifier: Apache-2.0
// Host cgroup detection: mountinfo and /proc/self/cgroup parsing, v1/v2/hybrid decision.
#include "cgroups/host.h"

#include "cgroups/cgfs.h"

#include "support/strings.h"

#include <algorithm>
#include <array>

namespace runw::runtime::cgroups {
namespace {

// v1 controllers the kernel knows (kernel/cgroup/cgroup-v1.c); everything else in a cgroup
// mount's super options is an option ("rw", "xattr", "release_agent=...").
constexpr std::array<std::string_view, 14> kV1Controllers = {
    "cpu",      "cpuacct", "cpuset",     "memory",  "devices", "freezer", "net_cls",
    "net_prio", "blkio",   "perf_event", "hugetlb", "pids",    "rdma",    "misc"};

bool isOctal(char c) { return c >= '0' && c <= '7'; }

std::vector<std::string> v1ControllersOf(std::string_view superOptions) {
  std::vector<std::string> out;
  for (std::string_view option : split(superOptions, ',')) {
    if (option.starts_with("name=") ||
        std::find(kV1Controllers.begin(), kV1Controllers.end(), option) != kV1Controllers.end()) {
      out.emplace_back(option);
    }
  }
  return out;
}

bool onlyNamed(const std::vector<std::string> &controllers) {
  return std::all_of(controllers.begin(), controllers.end(),
                     [](const std::string &c) { return c.starts_with("name="); });
}

Result<MountInfoEntry> parseMountLine(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::string_view field : split(line, ' ')) {
    if (!field.empty()) {
      fields.push_back(field);
    }
  }
  // proc(5): six fixed fields, zero or more optional fields, "-", then fstype, source, options.
  auto sep = std::find(fields.begin() + std::min<ptrdiff_t>(6, std::ssize(fields)), fields.end(),
                       std::string_view("-"));
  if (fields.size() < 6 || sep == fields.end() || fields.end() - sep < 3) {
    return fail(ErrorCode::Invalid, strprintf("malformed mountinfo line \"{}\"", line));
  }
  MountInfoEntry entry;
  entry.root = unescapeMountField(fields[3]);
  entry.mountPoint = unescapeMountField(fields[4]);
  entry.fsType = unescapeMountField(sep[1]);
  entry.source = unescapeMountField(sep[2]);
  entry.superOptions = fields.end() - sep >= 4 ? unescapeMountField(sep[3]) : std::string();
  return entry;
}

void fillOwnPath(Hierarchy &h, const std::map<std::string, std::string> &own, bool v2) {
  if (v2) {
    auto it = own.find("");
    h.ownPath = it != own.end() ? it->second : std::string(1, '/');
    return;
  }
  for (const std::string &controller : h.controllers) {
    if (auto it = own.find(controller); it != own.end()) {
      h.ownPath = it->second;
      return;
    }
  }
  // GCC 12 misreports a string literal assignment here (-Wrestrict); build the string.
  h.ownPath = std::string(1, '/');
}

} // namespace

std::string unescapeMountField(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size() && isOctal(field[i + 1]) &&
        isOctal(field[i + 2]) && isOctal(field[i + 3])) {
      int value = (field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0');
      out.push_back(static_cast<char>(value));
      i += 3;
      continue;
    }
    out.push_back(field[i]);
  }
  return out;
}

Result<std::vector<MountInfoEntry>> parseMountInfo(std::string_view text) {
  std::vector<MountInfoEntry> entries;
  for (std::string_view line : split(text, '\n')) {
    if (line.empty()) {
      continue;
    }
    entries.push_back(TRY(parseMountLine(line)));
  }
  return entries;
}

Result<std::map<std::string, std::string>> parseProcCgroup(std::string_view text) {
  std::map<std::string, std::string> out;
  for (std::string_view line : split(text, '\n')) {
    if (line.empty()) {
      continue;
    }
    // "hierarchy-ID:controller-list:cgroup-path"; the path itself may contain ':'.
    size_t first = line.find(':');
    size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) {
      return fail(ErrorCode::Invalid, strprintf("malformed /proc/self/cgroup line \"{}\"", line));
    }
    std::string_view controllers = line.substr(first + 1, second - first - 1);
    std::string path(line.substr(second + 1));
    if (controllers.empty()) {
      out[""] = path;
      continue;
    }
    for (std::string_view controller : split(controllers, ',')) {
      out[std::string(controller)] = path;
    }
  }
  return out;
}

std::optional<std::string> Hierarchy::directoryOf(std::string_view cgroupPath) const {
  std::string_view rest = cgroupPath;
  if (mountRoot != "/") {
    if (!rest.starts_with(mountRoot) ||
        (rest.size() > mountRoot.size() && rest[mountRoot.size()] != '/')) {
      return std::nullopt;
    }
    rest.remove_prefix(mountRoot.size());
  }
  return fs::joinPath(mountPoint, rest);
}

bool Hierarchy::has(std::string_view controller) const {
  return std::find(controllers.begin(), controllers.end(), controller) != controllers.end();
}

const Hierarchy *HostLayout::v1For(std::string_view controller) const {
  for (const Hierarchy &h : v1) {
    if (h.has(controller)) {
      return &h;
    }
  }
  return nullptr;
}

Result<HostLayout> buildHostLayout(std::string_view mountInfo, std::string_view procCgroup) {
  std::vector<MountInfoEntry> mounts =
      TRY(parseMountInfo(mountInfo).context("/proc/self/mountinfo"));
  std::map<std::string, std::string> own = TRY(parseProcCgroup(procCgroup));
  HostLayout layout;
  bool realV1 = false;
  for (const MountInfoEntry &m : mounts) {
    if (m.fsType == "cgroup2") {
      // The first cgroup2 mount wins, except that /sys/fs/cgroup itself always does.
      if (!layout.unified || m.mountPoint == "/sys/fs/cgroup") {
        layout.unified = Hierarchy{m.mountPoint, m.root, {}, {}};
        fillOwnPath(*layout.unified, own, true);
      }
      continue;
    }
    if (m.fsType != "cgroup") {
      continue;
    }
    std::vector<std::string> controllers = v1ControllersOf(m.superOptions);
    // A hierarchy bind-mounted twice shows up twice; keep its first mount.
    if (controllers.empty() || layout.v1For(controllers[0]) != nullptr) {
      continue;
    }
    realV1 = realV1 || !onlyNamed(controllers);
    Hierarchy h{m.mountPoint, m.root, std::move(controllers), {}};
    fillOwnPath(h, own, false);
    layout.v1.push_back(std::move(h));
  }
  if (layout.unified && (layout.unified->mountPoint == "/sys/fs/cgroup" || !realV1)) {
    layout.mode = HostMode::Unified;
    layout.v1.clear();
  } else if (realV1) {
    layout.mode = layout.unified ? HostMode::Hybrid : HostMode::Legacy;
  } else {
    return fail(ErrorCode::NotFound, "no cgroup filesystem is mounted (see /proc/self/mountinfo)");
  }
  return layout;
}

Result<HostLayout> detectHost() {
  std::string mountInfo = TRY(fs::readFile("/proc/self/mountinfo"));
  std::string procCgroup = TRY(fs::readFile("/proc/self/cgroup"));
  HostLayout layout = TRY(buildHostLayout(mountInfo, procCgroup));
  if (layout.unified) {
    std::string text =
        TRY(fs::readFile(fs::joinPath(layout.unified->mountPoint, "cgroup.controllers")));
    for (std::string_view name : split(text, ' ')) {
      while (name.ends_with('\n')) {
        name.remove_suffix(1);
      }
      if (!name.empty()) {
        layout.unified->controllers.emplace_back(name);
      }
    }
  }
  return layout;
}

std::string_view hostModeName(HostMode mode) {
  switch (mode) {
  case HostMode::Legacy:
    return "legacy";
  case HostMode::Hybrid:
    return "hybrid";
  case HostMode::Unified:
    return "unified";
  }
  return "unknown";
}

} // namespace runw::runtime::cgroups
