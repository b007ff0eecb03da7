// SPDX-License-Identifier: Apache-2.0
// ContainerRecord: what runw keeps about one container in <root>/<id>/state.json.
#pragma once

#include "oci/spec.h"
#include "oci/state.h"
#include "support/result.h"

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace runw::runtime::state {

/// A namespace of the container's init, as later commands must join it (exec, runc's
/// NamespacePaths): type is the config.json spelling ("pid", "network", ...).
struct NamespacePath {
  std::string type;
  std::string path;
  bool operator==(const NamespacePath &) const = default;
};

/// runw's own record of a container. Holds the OCI state fields, the facts needed to tell a
/// live init from a reused pid, and the config-derived bits later commands need without
/// rereading the bundle. New fields get a default so older files still load.
struct ContainerRecord {
  std::string id;
  std::string ociVersion; ///< config.json's ociVersion, echoed by `state`
  /// The last lifecycle step a command recorded (Creating, Created, Running or Stopped). The
  /// status a caller sees is derived from this plus the live process (see status.h).
  oci::ContainerStatus status = oci::ContainerStatus::Creating;
  int32_t initPid = 0;        ///< host pid of the container's init; 0 before it exists
  uint64_t initStartTime = 0; ///< field 22 of /proc/<initPid>/stat, to detect pid reuse
  std::string bundle;         ///< absolute bundle directory
  std::string rootfs;         ///< absolute rootfs path
  std::string created;        ///< RFC 3339 UTC with nanoseconds (runc's `created`)
  uid_t ownerUid = 0;         ///< euid of the runw that created the container
  oci::StringMap annotations; ///< config.json annotations
  std::string cgroupPath;     ///< the container's cgroup (cgroupfs path or slice:prefix:name)
  bool systemdCgroup = false; ///< cgroupPath is in systemd's slice:prefix:name form
  /// The container's cgroup directories on every hierarchy, absolute, as create resolved
  /// them: a relative cgroupPath depends on the caller's own cgroup, which later runw calls
  /// (from another shim or conmon) do not share.
  std::vector<std::string> cgroupDirs;
  bool rootless = false;                 ///< created by an unprivileged user
  bool wasm = false;                     ///< the workload runs in the wasm engine, not execve
  std::vector<NamespacePath> namespaces; ///< the init's namespaces, for exec/setns
  /// config.json as accepted at create (compact JSON; empty if not stored), so delete's
  /// poststop hooks and exec's defaults use what create used even if the bundle changed.
  std::string configJson;
  bool operator==(const ContainerRecord &) const = default;
};

/// Version of the state.json layout; parseRecord rejects files from a newer layout.
inline constexpr int kRecordFormatVersion = 1;

/// Serializes a record as state.json text (pretty-printed, newline-terminated).
std::string serializeRecord(const ContainerRecord &record);

/// Parses state.json text. Unknown members are ignored so a newer runw's files still load.
Result<ContainerRecord> parseRecord(std::string_view json);

/// RFC 3339 UTC with nanoseconds, trailing zeros trimmed like Go's time.RFC3339Nano (runc's
/// `created`): 2026-05-01T10:00:00.1234Z, or 2026-05-01T10:00:00Z on a whole second.
std::string formatCreatedTime(const timespec &when);

/// formatCreatedTime of the current CLOCK_REALTIME.
std::string nowCreatedTime();

/// The OCI state document for a record whose live status is status (pid 0 when stopped, as
/// runc prints it).
oci::State toOciState(const ContainerRecord &record, oci::ContainerStatus status);

} // namespace runw::runtime::state
