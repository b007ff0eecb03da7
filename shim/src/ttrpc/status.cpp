// SPDX-License-Identifier: Apache-2.0
// Status helpers: code names and the runw::Error to status code mapping.
#include "ttrpc/status.h"

#include <fmt/format.h>

#include <array>

namespace runw::shim::ttrpc {

std::string codeName(Code code) {
  static constexpr std::array<std::string_view, 17> kNames{
      "OK",       "Canceled",       "Unknown",          "InvalidArgument",   "DeadlineExceeded",
      "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
      "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
      "DataLoss", "Unauthenticated"};
  auto raw = static_cast<std::int32_t>(code);
  if (raw < 0 || static_cast<std::size_t>(raw) >= kNames.size()) {
    return fmt::format("Code({})", raw);
  }
  return std::string(kNames[static_cast<std::size_t>(raw)]);
}

Status statusFromError(const Error &error) {
  Code code = Code::Unknown;
  switch (error.code) {
  case ErrorCode::Invalid:
    code = Code::InvalidArgument;
    break;
  case ErrorCode::NotFound:
    code = Code::NotFound;
    break;
  case ErrorCode::Exists:
    code = Code::AlreadyExists;
    break;
  case ErrorCode::Unsupported:
    code = Code::Unimplemented;
    break;
  case ErrorCode::Limit:
    code = Code::ResourceExhausted;
    break;
  case ErrorCode::Internal:
    code = Code::Internal;
    break;
  case ErrorCode::Io:
  case ErrorCode::Trap:
  case ErrorCode::Exit:
    code = Code::Unknown;
    break;
  }
  return Status{code, error.describe()};
}

std::string describe(const Status &status) {
  return fmt::format("ttrpc: {}: {}", codeName(status.code), status.message);
}

} // namespace runw::shim::ttrpc
