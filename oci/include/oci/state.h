// SPDX-License-Identifier: Apache-2.0
// Typed model of the runtime-spec `state` document and the seccomp agent's container process state.
#pragma once

#include "oci/extensions.h"
#include "oci/json.h"
#include "oci/spec.h"
#include "support/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runw::oci {

/// Lifecycle status of a container (runtime.md "State", `status`).
enum class ContainerStatus {
  Creating, ///< being created (lifecycle step 2)
  Created,  ///< create finished; the user program has not been executed yet
  Running,  ///< the user program has been executed and has not exited
  Stopped,  ///< the container process has exited
  /// Frozen by `pause`. Not in runtime.md, but runc, crun and youki all report it and
  /// containerd, CRI-O and podman parse it, so runw does too.
  Paused,
};

/// The state of a container as printed by `runw state` and passed to hooks on stdin.
struct State {
  std::string ociVersion;
  std::string id;
  ContainerStatus status = ContainerStatus::Creating;
  /// Required on Linux when status is created or running; never negative.
  std::optional<int32_t> pid;
  std::string bundle; ///< absolute path of the bundle directory
  std::optional<StringMap> annotations;
  Extensions extensions;
  bool operator==(const State &) const = default;
};

/// Name of the seccomp notify fd in ContainerProcessState::fds (config-linux.md "Seccomp").
inline constexpr const char *kSeccompFdName = "seccompFd";

/// What the runtime sends to a seccomp agent over linux.seccomp.listenerPath.
struct ContainerProcessState {
  std::string ociVersion;
  /// Names of the fds passed with SCM_RIGHTS, in the same order (e.g. kSeccompFdName).
  std::optional<std::vector<std::string>> fds;
  int32_t pid = 0; ///< the container process as seen by the runtime; never negative
  std::optional<std::string> metadata; ///< linux.seccomp.listenerMetadata
  State state;
  Extensions extensions;
  bool operator==(const ContainerProcessState &) const = default;
};

/// The JSON spelling of a status ("running" for ContainerStatus::Running).
const char *containerStatusName(ContainerStatus status);

/// Parses a state document. Errors name the JSON path, like `status: unknown value "frozen" ...`.
Result<State> parseState(std::string_view json, const ParseLimits &limits = {});
/// Parses a container process state document.
Result<ContainerProcessState> parseContainerProcessState(std::string_view json,
                                                         const ParseLimits &limits = {});

/// Serializes a state document.
std::string serialize(const State &state, const SerializeOptions &options = {});
/// Serializes a container process state document.
std::string serialize(const ContainerProcessState &state, const SerializeOptions &options = {});

} // namespace runw::oci
