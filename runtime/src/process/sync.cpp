// SPDX-License-Identifier: Apache-2.0
// The sync socket: a fixed header {type, value} followed by optional text, one datagram each.
#include "process/sync.h"

#include "support/strings.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace runw::runtime::process {
namespace {

struct Header {
  uint32_t type = 0;
  uint32_t reserved = 0;
  int64_t value = 0;
};

constexpr size_t kMaxText = 60 * 1024;

} // namespace

Result<std::pair<UniqueFd, UniqueFd>> makeSyncPair() {
  std::array<int, 2> fds{};
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds.data()) != 0) {
    return failErrno("socketpair");
  }
  return std::pair<UniqueFd, UniqueFd>{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

Result<void> sendSync(int fd, SyncType type, int64_t value, std::string_view text) {
  text = text.substr(0, std::min(text.size(), kMaxText));
  std::string buffer(sizeof(Header) + text.size(), '\0');
  const Header header{static_cast<uint32_t>(type), 0, value};
  std::memcpy(buffer.data(), &header, sizeof header);
  std::memcpy(buffer.data() + sizeof header, text.data(), text.size());
  ssize_t sent = 0;
  do {
    sent = ::send(fd, buffer.data(), buffer.size(), MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) {
    return failErrno("sync socket send");
  }
  return {};
}

Result<SyncMessage> receiveSync(int fd) {
  std::string buffer(sizeof(Header) + kMaxText, '\0');
  ssize_t got = 0;
  do {
    got = ::recv(fd, buffer.data(), buffer.size(), 0);
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    return failErrno("sync socket receive");
  }
  if (got == 0) {
    return fail(ErrorCode::NotFound, "the container process exited during setup");
  }
  if (static_cast<size_t>(got) < sizeof(Header)) {
    return fail(ErrorCode::Internal, "sync socket: short message");
  }
  Header header;
  std::memcpy(&header, buffer.data(), sizeof header);
  SyncMessage message;
  message.type = static_cast<SyncType>(header.type);
  message.value = header.value;
  message.text.assign(buffer.data() + sizeof header, static_cast<size_t>(got) - sizeof header);
  return message;
}

Result<SyncMessage> expectSync(int fd, SyncType type) {
  SyncMessage message = TRY(receiveSync(fd));
  if (message.type == SyncType::Error) {
    return fail(ErrorCode::Io, message.text);
  }
  if (message.type != type) {
    return fail(ErrorCode::Internal,
                strprintf("sync socket: expected message {}, got {}", static_cast<uint32_t>(type),
                          static_cast<uint32_t>(message.type)));
  }
  return message;
}

} // namespace runw::runtime::process
