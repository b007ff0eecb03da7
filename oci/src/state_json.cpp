// SPDX-License-Identifier: Apache-2.0
// state and container process state documents <-> structs (runtime.md "State", config-linux.md
// "Seccomp").
#include "codec.h"

#include "oci/json.h"
#include "oci/state.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace runw::oci {

const char *containerStatusName(ContainerStatus status) {
  switch (status) {
  case ContainerStatus::Creating:
    return "creating";
  case ContainerStatus::Created:
    return "created";
  case ContainerStatus::Running:
    return "running";
  case ContainerStatus::Stopped:
    return "stopped";
  case ContainerStatus::Paused:
    return "paused";
  }
  return "unknown";
}

namespace detail {

template <> struct EnumNames<ContainerStatus> {
  static constexpr std::array<std::pair<ContainerStatus, const char *>, 5> kNames{{
      {ContainerStatus::Creating, "creating"},
      {ContainerStatus::Created, "created"},
      {ContainerStatus::Running, "running"},
      {ContainerStatus::Stopped, "stopped"},
      {ContainerStatus::Paused, "paused"},
  }};
};

// Member order follows runc's `state` output.
template <class Io> void fields(Io &io, State &v) {
  io.required("ociVersion", v.ociVersion);
  io.required("id", v.id);
  io.required("status", v.status);
  io.optional("pid", v.pid);
  io.required("bundle", v.bundle);
  io.optional("annotations", v.annotations);
  io.extensions(v.extensions);
}

template <class Io> void fields(Io &io, ContainerProcessState &v) {
  io.required("ociVersion", v.ociVersion);
  io.optional("fds", v.fds);
  io.required("pid", v.pid);
  io.optional("metadata", v.metadata);
  io.required("state", v.state);
  io.extensions(v.extensions);
}

namespace {

// state-schema.json gives pid "minimum": 0; a negative pid would make kill(2) signal a group.
Result<void> checkPid(int64_t pid, const char *path) {
  if (pid < 0) {
    return fail(ErrorCode::Invalid, fmt::format("{}: must not be negative, got {}", path, pid));
  }
  return {};
}

} // namespace
} // namespace detail

Result<State> parseState(std::string_view json, const ParseLimits &limits) {
  State state = TRY(detail::decodeDocument<State>(json, limits));
  if (state.pid) {
    TRY(detail::checkPid(*state.pid, "pid"));
  }
  return state;
}

Result<ContainerProcessState> parseContainerProcessState(std::string_view json,
                                                         const ParseLimits &limits) {
  ContainerProcessState state = TRY(detail::decodeDocument<ContainerProcessState>(json, limits));
  TRY(detail::checkPid(state.pid, "pid"));
  if (state.state.pid) {
    TRY(detail::checkPid(*state.state.pid, "state.pid"));
  }
  return state;
}

std::string serialize(const State &state, const SerializeOptions &options) {
  return detail::encodeDocument(state, options);
}

std::string serialize(const ContainerProcessState &state, const SerializeOptions &options) {
  return detail::encodeDocument(state, options);
}

} // namespace runw::oci
