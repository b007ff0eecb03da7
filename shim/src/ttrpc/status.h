// SPDX-License-Identifier: Apache-2.0
// ttrpc call status: the gRPC status codes, Status, and RpcResult (a payload or a Status).
#pragma once

#include "support/result.h"

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace runw::shim::ttrpc {

/// google.rpc.Code values; containerd's errdefs maps them back to its error kinds.
enum class Code : std::int32_t {
  Ok = 0,
  Cancelled = 1,
  Unknown = 2,
  InvalidArgument = 3,
  DeadlineExceeded = 4,
  NotFound = 5,
  AlreadyExists = 6,
  PermissionDenied = 7,
  ResourceExhausted = 8,
  FailedPrecondition = 9,
  Aborted = 10,
  OutOfRange = 11,
  Unimplemented = 12,
  Internal = 13,
  Unavailable = 14,
  DataLoss = 15,
  Unauthenticated = 16,
};

/// The outcome of one call as google.rpc.Status carries it (details are not used).
struct Status {
  Code code = Code::Ok;
  std::string message;

  friend bool operator==(const Status &, const Status &) = default;
};

/// A call's result: the serialized reply message, or a non-OK Status.
template <class T> using RpcResult = std::expected<T, Status>;

/// Builds a failed RpcResult of any type.
inline std::unexpected<Status> rpcFail(Code code, std::string message) {
  return std::unexpected<Status>(Status{code, std::move(message)});
}

/// The gRPC name of a code ("NotFound"), or "Code(<n>)" for a value outside the table.
std::string codeName(Code code);

/// Maps a runw::Error onto the closest status code, keeping its full description as the message.
Status statusFromError(const Error &error);

/// "ttrpc: <CodeName>: <message>", for logs and for Errors built from a failed call.
std::string describe(const Status &status);

} // namespace runw::shim::ttrpc
