// SPDX-License-Identifier: Apache-2.0
#include "listen_socket.h"

#include <fmt/format.h>

#include <netdb.h>
#include <string>
#include <sys/socket.h>

namespace runw::wasmtool {

namespace {

constexpr int kBacklog = 128;

struct HostPort {
  std::string host;
  std::string port;
};

Result<HostPort> splitHostPort(std::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == address.size()) {
    return fail(ErrorCode::Invalid, fmt::format("--tcp-listen: '{}' is not ADDRESS:PORT", address));
  }
  std::string_view host = address.substr(0, colon);
  if (host.starts_with('[') && host.ends_with(']')) {
    host = host.substr(1, host.size() - 2);
  }
  return HostPort{std::string(host), std::string(address.substr(colon + 1))};
}

} // namespace

Result<UniqueFd> openTcpListener(std::string_view address) {
  const HostPort parts = TRY(splitHostPort(address));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
  addrinfo *found = nullptr;
  const int rc = ::getaddrinfo(parts.host.c_str(), parts.port.c_str(), &hints, &found);
  if (rc != 0) {
    return fail(ErrorCode::Invalid,
                fmt::format("--tcp-listen: '{}': {}", address, ::gai_strerror(rc)));
  }
  UniqueFd socket(::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  const int one = 1;
  const bool ok = socket &&
                  ::setsockopt(socket.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0 &&
                  ::bind(socket.get(), found->ai_addr, found->ai_addrlen) == 0 &&
                  ::listen(socket.get(), kBacklog) == 0;
  const int savedErrno = errno;
  ::freeaddrinfo(found);
  if (!ok) {
    return failErrno(fmt::format("--tcp-listen: cannot listen on {}", address), savedErrno);
  }
  return socket;
}

} // namespace runw::wasmtool
