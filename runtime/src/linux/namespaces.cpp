// SPDX-License-Identifier: Apache-2.0
// Creating and joining the container's namespaces, and writing user-namespace id maps.
#include "linux/namespaces.h"

#include "support/strings.h"

#include <algorithm>
#include <array>
#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace runw::runtime::ns {
namespace {

// runc's configs.NamespaceTypes() order, which is also the join order.
constexpr std::array kJoinOrder = {NamespaceKind::User,    NamespaceKind::Ipc, NamespaceKind::Uts,
                                   NamespaceKind::Network, NamespaceKind::Pid, NamespaceKind::Mount,
                                   NamespaceKind::Cgroup,  NamespaceKind::Time};

const NamespaceEntry *findNamespace(const NamespaceConfig &config, NamespaceKind kind) {
  for (const auto &entry : config.namespaces) {
    if (entry.kind == kind) {
      return &entry;
    }
  }
  return nullptr;
}

Result<void> writeProcFile(const std::string &path, const std::string &text) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) {
    return failErrno("open " + path);
  }
  // These files must be written in a single write(2) (user_namespaces(7)).
  const ssize_t written = ::write(fd.get(), text.data(), text.size());
  if (written < 0) {
    return failErrno("write " + path);
  }
  if (static_cast<size_t>(written) != text.size()) {
    return fail(ErrorCode::Io, "short write to " + path);
  }
  return {};
}

bool mapsZero(const std::vector<IdMapRange> &ranges) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [](const IdMapRange &r) { return r.containerId == 0 && r.size > 0; });
}

} // namespace

uint64_t cloneFlagOf(NamespaceKind kind) {
  switch (kind) {
  case NamespaceKind::Pid:
    return CLONE_NEWPID;
  case NamespaceKind::Network:
    return CLONE_NEWNET;
  case NamespaceKind::Mount:
    return CLONE_NEWNS;
  case NamespaceKind::Ipc:
    return CLONE_NEWIPC;
  case NamespaceKind::Uts:
    return CLONE_NEWUTS;
  case NamespaceKind::User:
    return CLONE_NEWUSER;
  case NamespaceKind::Cgroup:
    return CLONE_NEWCGROUP;
  case NamespaceKind::Time:
    return CLONE_NEWTIME;
  }
  return 0;
}

const char *procNamespaceName(NamespaceKind kind) {
  switch (kind) {
  case NamespaceKind::Pid:
    return "pid";
  case NamespaceKind::Network:
    return "net";
  case NamespaceKind::Mount:
    return "mnt";
  case NamespaceKind::Ipc:
    return "ipc";
  case NamespaceKind::Uts:
    return "uts";
  case NamespaceKind::User:
    return "user";
  case NamespaceKind::Cgroup:
    return "cgroup";
  case NamespaceKind::Time:
    return "time";
  }
  return "?";
}

bool hasNamespace(const NamespaceConfig &config, NamespaceKind kind) {
  return findNamespace(config, kind) != nullptr;
}

bool hasNewNamespace(const NamespaceConfig &config, NamespaceKind kind) {
  const NamespaceEntry *entry = findNamespace(config, kind);
  return entry != nullptr && !entry->path;
}

uint64_t newNamespaceFlags(const NamespaceConfig &config) {
  uint64_t flags = 0;
  for (const auto &entry : config.namespaces) {
    if (!entry.path) {
      flags |= cloneFlagOf(entry.kind);
    }
  }
  return flags;
}

Result<void> validateNamespaces(const NamespaceConfig &config) {
  uint64_t seen = 0;
  for (const auto &entry : config.namespaces) {
    const char *name = procNamespaceName(entry.kind);
    if ((seen & cloneFlagOf(entry.kind)) != 0) {
      return fail(ErrorCode::Invalid, strprintf("namespace {} listed twice", name));
    }
    seen |= cloneFlagOf(entry.kind);
    if (entry.path && (entry.path->empty() || entry.path->front() != '/')) {
      return fail(ErrorCode::Invalid,
                  strprintf("namespace {}: path \"{}\" is not absolute", name, *entry.path));
    }
  }
  if (hasNewNamespace(config, NamespaceKind::User) &&
      (config.uidMappings.empty() || config.gidMappings.empty())) {
    return fail(ErrorCode::Invalid, "a new user namespace needs uid and gid mappings");
  }
  if (!hasNamespace(config, NamespaceKind::User) &&
      (!config.uidMappings.empty() || !config.gidMappings.empty())) {
    return fail(ErrorCode::Invalid, "uid/gid mappings need a user namespace");
  }
  if ((config.monotonicOffset || config.boottimeOffset) &&
      !hasNewNamespace(config, NamespaceKind::Time)) {
    return fail(ErrorCode::Invalid, "time offsets need a new time namespace");
  }
  return {};
}

Result<std::vector<NamespaceFd>> openNamespacePaths(const NamespaceConfig &config) {
  std::vector<NamespaceFd> out;
  for (NamespaceKind kind : kJoinOrder) {
    const NamespaceEntry *entry = findNamespace(config, kind);
    if (entry == nullptr || !entry->path) {
      continue;
    }
    UniqueFd fd(::open(entry->path->c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
      return failErrno(strprintf("open {} namespace {}", procNamespaceName(kind), *entry->path));
    }
    out.push_back(NamespaceFd{kind, std::move(fd)});
  }
  return out;
}

Result<void> joinNamespaces(const std::vector<NamespaceFd> &namespaces) {
  for (const auto &joined : namespaces) {
    // The nstype argument makes the kernel check the file really is that kind of namespace.
    if (::setns(joined.fd.get(), static_cast<int>(cloneFlagOf(joined.kind))) != 0) {
      return failErrno(strprintf("join {} namespace", procNamespaceName(joined.kind)));
    }
  }
  return {};
}

std::string formatIdMap(const std::vector<IdMapRange> &ranges) {
  std::string out;
  for (const auto &r : ranges) {
    out += strprintf("{} {} {}\n", r.containerId, r.hostId, r.size);
  }
  return out;
}

Result<void> writeIdMappings(pid_t pid, const NamespaceConfig &config, bool denySetgroups) {
  const std::string base = strprintf("/proc/{}/", pid);
  TRY(writeProcFile(base + "uid_map", formatIdMap(config.uidMappings)));
  if (denySetgroups) {
    TRY(writeProcFile(base + "setgroups", "deny"));
  }
  TRY(writeProcFile(base + "gid_map", formatIdMap(config.gidMappings)));
  return {};
}

Result<void> writeTimeOffsets(pid_t pid, const NamespaceConfig &config) {
  std::string text;
  if (config.monotonicOffset) {
    text += strprintf("monotonic {} {}\n", config.monotonicOffset->secs,
                      config.monotonicOffset->nanosecs);
  }
  if (config.boottimeOffset) {
    text +=
        strprintf("boottime {} {}\n", config.boottimeOffset->secs, config.boottimeOffset->nanosecs);
  }
  if (text.empty()) {
    return {};
  }
  return writeProcFile(strprintf("/proc/{}/timens_offsets", pid), text);
}

Result<void> setupNamespaces(const NamespaceConfig &config, const std::vector<NamespaceFd> &joined,
                             const std::function<Result<void>()> &mapIds) {
  TRY(joinNamespaces(joined));
  if (hasNewNamespace(config, NamespaceKind::User)) {
    if (::unshare(CLONE_NEWUSER) != 0) {
      return failErrno("unshare user namespace");
    }
    if (!mapIds) {
      return fail(ErrorCode::Internal, "new user namespace but no id mapping callback");
    }
    TRY(mapIds().context("mapping user namespace ids"));
    // Become root of the new namespace, as runc's stage-1 does, so the files it creates from
    // here on are owned by container root.
    if (mapsZero(config.gidMappings) && ::setresgid(0, 0, 0) != 0) {
      return failErrno("setresgid 0 in user namespace");
    }
    if (mapsZero(config.uidMappings) && ::setresuid(0, 0, 0) != 0) {
      return failErrno("setresuid 0 in user namespace");
    }
    // Changing ids cleared dumpable, which hands /proc/self to host root, unmapped here: the
    // write of timens_offsets below (and /proc/self lookups in the init) would be refused.
    if (::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) {
      return failErrno("PR_SET_DUMPABLE");
    }
  }
  const uint64_t rest =
      newNamespaceFlags(config) & ~static_cast<uint64_t>(CLONE_NEWUSER | CLONE_NEWCGROUP);
  if (rest != 0 && ::unshare(static_cast<int>(rest)) != 0) {
    return failErrno(strprintf("unshare namespaces {:#x}", rest));
  }
  if (hasNewNamespace(config, NamespaceKind::Time)) {
    TRY(writeTimeOffsets(::getpid(), config));
  }
  return {};
}

Result<void> enterCgroupNamespace(const NamespaceConfig &config) {
  if (hasNewNamespace(config, NamespaceKind::Cgroup) && ::unshare(CLONE_NEWCGROUP) != 0) {
    return failErrno("unshare cgroup namespace");
  }
  return {};
}

} // namespace runw::runtime::ns
