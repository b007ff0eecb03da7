// SPDX-License-Identifier: Apache-2.0
// linux.sysctl: which keys a container may set, and writing them under /proc/sys.
#include "linux/sysctl.h"

#include "linux/namespaces.h"

#include "support/strings.h"
#include "support/unique_fd.h"

#include <algorithm>
#include <array>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string_view>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace runw::runtime::fs {
namespace {

// runc libcontainer/configs/validate: the ipc-namespaced kernel.* keys.
constexpr std::array<std::string_view, 8> kIpcKernelKeys = {
    "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
    "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"};

bool wellFormedKey(std::string_view key) {
  return std::ranges::all_of(split(key, '.'), [](std::string_view part) {
    return !part.empty() && part.find('/') == std::string_view::npos && part != "..";
  });
}

/// True when path names the network namespace runw itself runs in.
bool isHostNetNamespace(const std::string &path) {
  struct stat joined {};
  struct stat own {};
  if (::stat(path.c_str(), &joined) != 0 || ::stat("/proc/self/ns/net", &own) != 0) {
    return false; // joinNamespaces reports an unusable path; nothing to compare here
  }
  return joined.st_dev == own.st_dev && joined.st_ino == own.st_ino;
}

Result<void> validateKey(const std::string &key, const ns::NamespaceConfig &nsConfig) {
  if (!wellFormedKey(key)) {
    return fail(ErrorCode::Invalid, "sysctl \"" + key + "\" is not a valid key");
  }
  const bool ipcKey = std::ranges::find(kIpcKernelKeys, key) != kIpcKernelKeys.end() ||
                      key.starts_with("fs.mqueue.");
  if (ipcKey) {
    if (!ns::hasNamespace(nsConfig, ns::NamespaceKind::Ipc)) {
      return fail(ErrorCode::Invalid,
                  "sysctl \"" + key + "\" is not allowed in the host's ipc namespace");
    }
    return {};
  }
  if (key.starts_with("net.")) {
    const ns::NamespaceEntry *net = nullptr;
    for (const auto &entry : nsConfig.namespaces) {
      net = entry.kind == ns::NamespaceKind::Network ? &entry : net;
    }
    if (net == nullptr || (net->path && isHostNetNamespace(*net->path))) {
      return fail(ErrorCode::Invalid,
                  "sysctl \"" + key + "\" is not allowed in the host's network namespace");
    }
    return {};
  }
  if (ns::hasNamespace(nsConfig, ns::NamespaceKind::Uts)) {
    if (key == "kernel.domainname") {
      return {};
    }
    if (key == "kernel.hostname") {
      return fail(ErrorCode::Invalid,
                  "sysctl \"kernel.hostname\" conflicts with the hostname field; use that");
    }
  }
  return fail(ErrorCode::Invalid, "sysctl \"" + key + "\" is not in a separate kernel namespace");
}

} // namespace

Result<void> validateSysctl(const std::map<std::string, std::string> &sysctl,
                            const ns::NamespaceConfig &namespaces) {
  for (const auto &[key, value] : sysctl) {
    TRY(validateKey(key, namespaces));
  }
  return {};
}

Result<void> writeSysctl(const std::map<std::string, std::string> &sysctl) {
  if (sysctl.empty()) {
    return {};
  }
  UniqueFd procSys(::open("/proc/sys", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!procSys) {
    return failErrno("open /proc/sys");
  }
  for (const auto &[key, value] : sysctl) {
    if (!wellFormedKey(key)) {
      return fail(ErrorCode::Invalid, "sysctl \"" + key + "\" is not a valid key");
    }
    std::string rel = key;
    std::ranges::replace(rel, '.', '/');
    open_how how{};
    how.flags = O_WRONLY | O_TRUNC | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV;
    const long raw = ::syscall(SYS_openat2, procSys.get(), rel.c_str(), &how, sizeof(how));
    if (raw < 0) {
      return failErrno("open /proc/sys/" + rel);
    }
    UniqueFd fd(static_cast<int>(raw));
    if (::write(fd.get(), value.data(), value.size()) < 0) {
      return failErrno("write sysctl " + key);
    }
  }
  return {};
}

} // namespace runw::runtime::fs
