// SPDX-License-Identifier: Apache-2.0
// Unix socket helpers: address parsing, bind/listen, connect, SO_PEERCRED.
#include "ttrpc/unix_socket.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace runw::shim::ttrpc {
namespace {

constexpr std::string_view kUnixScheme = "unix://";

struct SocketAddress {
  sockaddr_un addr{};
  socklen_t length = 0;
};

Result<SocketAddress> makeAddress(std::string_view address) {
  auto path = TRY(socketPath(address));
  SocketAddress out;
  out.addr.sun_family = AF_UNIX;
  std::memcpy(out.addr.sun_path, path.data(), path.size());
  if (path.front() == '@') {
    // Abstract namespace (unix(7)): a leading NUL, and the length counts exactly the name.
    out.addr.sun_path[0] = '\0';
    out.length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size());
  } else {
    out.length = static_cast<socklen_t>(sizeof(out.addr));
  }
  return out;
}

} // namespace

Result<std::string> socketPath(std::string_view address) {
  if (address.starts_with(kUnixScheme)) {
    address.remove_prefix(kUnixScheme.size());
  } else if (address.find("://") != std::string_view::npos) {
    return fail(ErrorCode::Invalid, fmt::format("unsupported socket address '{}'", address));
  }
  if (address.empty()) {
    return fail(ErrorCode::Invalid, "empty socket address");
  }
  // sun_path holds 108 bytes including the terminating NUL of a path.
  if (address.size() >= sizeof(sockaddr_un::sun_path)) {
    return fail(ErrorCode::Invalid, fmt::format("socket path '{}' is longer than {} bytes", address,
                                                sizeof(sockaddr_un::sun_path) - 1));
  }
  return std::string(address);
}

Result<UniqueFd> listenUnix(std::string_view address, int backlog) {
  auto target = TRY(makeAddress(address));
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd) {
    return failErrno("creating unix socket");
  }
  if (::bind(fd.get(), reinterpret_cast<const sockaddr *>(&target.addr), target.length) != 0) {
    auto err = errno;
    auto result = failErrno(fmt::format("binding {}", address), err);
    if (err == EADDRINUSE) {
      result.error().code = ErrorCode::Exists;
    }
    return result;
  }
  if (::listen(fd.get(), backlog) != 0) {
    return failErrno(fmt::format("listening on {}", address));
  }
  return fd;
}

Result<UniqueFd> connectUnix(std::string_view address) {
  auto target = TRY(makeAddress(address));
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) {
    return failErrno("creating unix socket");
  }
  if (::connect(fd.get(), reinterpret_cast<const sockaddr *>(&target.addr), target.length) != 0) {
    auto err = errno;
    auto result = failErrno(fmt::format("connecting to {}", address), err);
    if (err == ENOENT || err == ECONNREFUSED) {
      result.error().code = ErrorCode::NotFound;
    }
    return result;
  }
  return fd;
}

Result<bool> peerIsSameUser(int fd) {
  ucred cred{};
  socklen_t length = sizeof(cred);
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) != 0) {
    return failErrno("reading peer credentials (SO_PEERCRED)");
  }
  return cred.uid == ::geteuid() && cred.gid == ::getegid();
}

} // namespace runw::shim::ttrpc
