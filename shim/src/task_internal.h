// SPDX-License-Identifier: Apache-2.0
// What the files of TaskService's handlers share: reply helpers and the init's pid file.
#pragma once

#include "containerd/events/task.pb.h"
#include "containerd/task/v2/shim.pb.h"
#include "task_service.h"
#include "ttrpc/status.h"

#include <chrono>
#include <cstdint>
#include <expected>
#include <fstream>
#include <google/protobuf/empty.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <string>
#include <sys/types.h>

namespace runw::shim {

// The names every handler file uses (this header is private to them).
namespace v2 = containerd::task::v2;
namespace ev = containerd::events;
using google::protobuf::Empty;
using ttrpc::CallContext;
using ttrpc::Code;
using ttrpc::rpcFail;

/// Sets a protobuf timestamp; a zero time point (never set) leaves it unset.
inline void setTime(google::protobuf::Timestamp *ts, std::chrono::system_clock::time_point at) {
  if (at.time_since_epoch().count() == 0) {
    return;
  }
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
  ts->set_seconds(ns / 1000000000);
  ts->set_nanos(static_cast<std::int32_t>(ns % 1000000000));
}

/// A pid as containerd's uint32 fields carry it.
inline std::uint32_t u32(pid_t pid) { return static_cast<std::uint32_t>(pid); }

/// An error reply with the error's code and message.
inline std::unexpected<ttrpc::Status> failed(const Error &error) {
  return std::unexpected(ttrpc::statusFromError(error));
}

/// NotFound for a container, or for one of its exec'd processes.
inline std::unexpected<ttrpc::Status> notFound(const std::string &id, const std::string &execId) {
  return ttrpc::rpcFail(ttrpc::Code::NotFound,
                        execId.empty() ? "container " + id + " not found"
                                       : "process " + execId + " of " + id + " not found");
}

/// The pid runw wrote to a --pid-file.
inline Result<pid_t> readPid(const std::string &path) {
  std::ifstream in(path);
  long pid = 0;
  if (!(in >> pid) || pid <= 0) {
    return fail(ErrorCode::Io, "reading pid file " + path);
  }
  return static_cast<pid_t>(pid);
}

} // namespace runw::shim
