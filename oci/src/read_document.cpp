// SPDX-License-Identifier: Apache-2.0
// Reading a JSON document file with the size limit applied before any allocation.
#include "oci/json.h"
#include "support/unique_fd.h"

#include <fmt/format.h>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::oci {

Result<std::string> readDocumentFile(const std::string &path, const ParseLimits &limits) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) {
      return fail(ErrorCode::NotFound, fmt::format("{} not found", path));
    }
    return failErrno(fmt::format("open {}", path));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return failErrno(fmt::format("stat {}", path));
  }
  if (!S_ISREG(info.st_mode)) {
    return fail(ErrorCode::Invalid, fmt::format("{} is not a regular file", path));
  }
  if (static_cast<uint64_t>(info.st_size) > limits.maxBytes) {
    return fail(ErrorCode::Limit, fmt::format("{} is {} bytes, larger than the {} byte limit", path,
                                              info.st_size, limits.maxBytes));
  }
  std::string text;
  // Read until EOF rather than trusting st_size, but never past the limit.
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return failErrno(fmt::format("read {}", path));
    }
    if (got == 0) {
      return text;
    }
    text.append(buffer, static_cast<size_t>(got));
    if (text.size() > limits.maxBytes) {
      return fail(ErrorCode::Limit,
                  fmt::format("{} is larger than the {} byte limit", path, limits.maxBytes));
    }
  }
}

} // namespace runw::oci
