// SPDX-License-Identifier: Apache-2.0
#include "listen_socket.h"

#include <fmt/format.h>

#include <arpa/inet.h>
#include <charconv>
#include <cstdint>
#include <netinet/in.h>
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

// A numeric IPv4 or IPv6 address and port as a sockaddr. inet_pton rather than getaddrinfo:
// runw-wasm is a static binary, and only numeric addresses are accepted anyway.
Result<sockaddr_storage> numericAddress(std::string_view address, socklen_t &length) {
  const HostPort parts = TRY(splitHostPort(address));
  unsigned long port = 0;
  const auto [end, ec] =
      std::from_chars(parts.port.data(), parts.port.data() + parts.port.size(), port);
  if (ec != std::errc() || end != parts.port.data() + parts.port.size() || port > 65535) {
    return fail(ErrorCode::Invalid, fmt::format("--tcp-listen: '{}': bad port", address));
  }
  sockaddr_storage storage{};
  auto *v4 = reinterpret_cast<sockaddr_in *>(&storage);
  auto *v6 = reinterpret_cast<sockaddr_in6 *>(&storage);
  if (::inet_pton(AF_INET, parts.host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    length = sizeof(sockaddr_in);
  } else if (::inet_pton(AF_INET6, parts.host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    length = sizeof(sockaddr_in6);
  } else {
    return fail(ErrorCode::Invalid,
                fmt::format("--tcp-listen: '{}': not a numeric IPv4 or IPv6 address", address));
  }
  return storage;
}

} // namespace

Result<UniqueFd> openTcpListener(std::string_view address) {
  socklen_t length = 0;
  const sockaddr_storage bound = TRY(numericAddress(address, length));
  UniqueFd socket(::socket(bound.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  const int one = 1;
  const bool ok = socket &&
                  ::setsockopt(socket.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0 &&
                  ::bind(socket.get(), reinterpret_cast<const sockaddr *>(&bound), length) == 0 &&
                  ::listen(socket.get(), kBacklog) == 0;
  const int savedErrno = errno;
  if (!ok) {
    return failErrno(fmt::format("--tcp-listen: cannot listen on {}", address), savedErrno);
  }
  return socket;
}

} // namespace runw::wasmtool
