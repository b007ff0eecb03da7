// SPDX-License-Identifier: Apache-2.0
// defaultSpec and makeRootless: runc's specconv.Example() and ToRootless() as oci::Spec values.
#include "runtime/default_spec.h"

#include "support/version.h"

#include <optional>
#include <string>
#include <string_view>
#include <sys/vfs.h>
#include <utility>
#include <vector>

namespace runw::runtime {
namespace {

// statfs(2) f_type of a cgroup2 mount (linux/magic.h CGROUP2_SUPER_MAGIC).
constexpr auto kCgroup2SuperMagic = 0x63677270;

using Strings = std::vector<std::string>;

oci::Process defaultProcess() {
  // The three capabilities Docker-era runc grants by default; runc stopped adding ambient
  // capabilities to the example in 1.2 (runc commit 0de195333), and inheritable in 1.1.
  const Strings caps{"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  oci::Process process;
  process.terminal = true;
  process.user = oci::User{};
  process.args = Strings{"sh"};
  process.env =
      Strings{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"};
  // Assigning a literal trips GCC 12 -Wrestrict (GCC PR 105651); moving a string does not.
  process.cwd = std::string("/");
  process.capabilities = oci::Capabilities{};
  process.capabilities->bounding = caps;
  process.capabilities->effective = caps;
  process.capabilities->permitted = caps;
  process.rlimits = std::vector<oci::Rlimit>{oci::Rlimit{"RLIMIT_NOFILE", 1024, 1024, {}}};
  process.noNewPrivileges = true;
  return process;
}

oci::Mount makeMount(std::string destination, std::string type, std::string source,
                     std::optional<Strings> options) {
  oci::Mount mount;
  mount.destination = std::move(destination);
  mount.type = std::move(type);
  mount.source = std::move(source);
  mount.options = std::move(options);
  return mount;
}

std::vector<oci::Mount> defaultMounts() {
  return {
      makeMount("/proc", "proc", "proc", std::nullopt),
      makeMount("/dev", "tmpfs", "tmpfs",
                Strings{"nosuid", "strictatime", "mode=755", "size=65536k"}),
      makeMount("/dev/pts", "devpts", "devpts",
                Strings{"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}),
      makeMount("/dev/shm", "tmpfs", "shm",
                Strings{"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}),
      makeMount("/dev/mqueue", "mqueue", "mqueue", Strings{"nosuid", "noexec", "nodev"}),
      makeMount("/sys", "sysfs", "sysfs", Strings{"nosuid", "noexec", "nodev", "ro"}),
      makeMount("/sys/fs/cgroup", "cgroup", "cgroup",
                Strings{"nosuid", "noexec", "nodev", "relatime", "ro"}),
  };
}

oci::Namespace makeNamespace(oci::NamespaceType type) {
  oci::Namespace ns;
  ns.type = type;
  return ns;
}

oci::Linux defaultLinux(bool cgroupNamespace) {
  oci::Linux linux;
  linux.maskedPaths =
      Strings{"/proc/acpi",          "/proc/asound",     "/proc/kcore",       "/proc/keys",
              "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
              "/sys/firmware",       "/proc/scsi"};
  linux.readonlyPaths =
      Strings{"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"};
  // Deny every device; the default devices runc adds on its own are allowed on top of this.
  oci::DeviceCgroupRule denyAll;
  denyAll.allow = false;
  denyAll.access = "rwm";
  linux.resources = oci::Resources{};
  linux.resources->devices = std::vector<oci::DeviceCgroupRule>{denyAll};
  std::vector<oci::Namespace> namespaces;
  for (auto type : {oci::NamespaceType::Pid, oci::NamespaceType::Network, oci::NamespaceType::Ipc,
                    oci::NamespaceType::Uts, oci::NamespaceType::Mount}) {
    namespaces.push_back(makeNamespace(type));
  }
  // A cgroup namespace only hides the host hierarchy cleanly on cgroup v2 (runc does the same).
  if (cgroupNamespace) {
    namespaces.push_back(makeNamespace(oci::NamespaceType::Cgroup));
  }
  linux.namespaces = std::move(namespaces);
  return linux;
}

// runc compares filepath.Clean(destination) with "/sys"; trailing slashes are the only
// spelling variant that occurs in practice.
bool isSysDestination(std::string_view destination) {
  while (destination.size() > 1 && destination.ends_with('/')) {
    destination.remove_suffix(1);
  }
  return destination == "/sys";
}

} // namespace

oci::Spec defaultSpec(bool cgroupNamespace) {
  oci::Spec spec;
  spec.ociVersion = version::kRuntimeSpec;
  spec.process = defaultProcess();
  spec.root = oci::Root{"rootfs", true, {}};
  spec.hostname = "runw";
  spec.mounts = defaultMounts();
  spec.linux = defaultLinux(cgroupNamespace);
  return spec;
}

void makeRootless(oci::Spec &spec, uint32_t uid, uint32_t gid) {
  if (!spec.linux) {
    spec.linux = oci::Linux{};
  }
  oci::Linux &linux = *spec.linux;
  // An unprivileged user cannot create a network namespace with working networking, and the
  // user namespace is re-added last so it appears exactly once.
  std::vector<oci::Namespace> namespaces;
  for (const auto &ns : linux.namespaces.value_or(std::vector<oci::Namespace>{})) {
    if (ns.type != oci::NamespaceType::Network && ns.type != oci::NamespaceType::User) {
      namespaces.push_back(ns);
    }
  }
  namespaces.push_back(makeNamespace(oci::NamespaceType::User));
  linux.namespaces = std::move(namespaces);
  linux.uidMappings = std::vector<oci::IdMapping>{oci::IdMapping{0, uid, 1, {}}};
  linux.gidMappings = std::vector<oci::IdMapping>{oci::IdMapping{0, gid, 1, {}}};

  if (spec.mounts) {
    for (auto &mount : *spec.mounts) {
      // sysfs cannot be mounted without owning the network namespace; bind the host's instead.
      if (isSysDestination(mount.destination)) {
        mount =
            makeMount("/sys", "none", "/sys", Strings{"rbind", "nosuid", "noexec", "nodev", "ro"});
        continue;
      }
      // Only ids mapped into the user namespace are valid, so drop uid=/gid= options.
      if (mount.options) {
        std::erase_if(*mount.options, [](std::string_view option) {
          return option.starts_with("uid=") || option.starts_with("gid=");
        });
        if (mount.options->empty()) {
          mount.options.reset();
        }
      }
    }
  }
  // Rootless containers usually cannot write to cgroups, so ask for no limits at all.
  linux.resources.reset();
}

bool isCgroup2UnifiedMode() {
  struct statfs fs {};
  if (::statfs("/sys/fs/cgroup", &fs) != 0) {
    return false;
  }
  return fs.f_type == kCgroup2SuperMagic;
}

} // namespace runw::runtime
