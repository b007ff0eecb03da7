// SPDX-License-Identifier: Apache-2.0
// pty allocation in the container and handing its master over a unix socket (SCM_RIGHTS).
#include "linux/console.h"

#include "support/strings.h"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

namespace runw::runtime::console {
namespace {

constexpr std::string_view kPtmxName = "/dev/ptmx";

Result<void> sendFd(int socketFd, int fd) {
  iovec data{const_cast<char *>(kPtmxName.data()), kPtmxName.size()};
  alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(int))> control{};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control.data();
  message.msg_controllen = control.size();
  cmsghdr *header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
  ssize_t sent = 0;
  do {
    sent = ::sendmsg(socketFd, &message, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) {
    return failErrno("sending the pty master to the console socket");
  }
  return {};
}

Result<UniqueFd> openSlave(int master) {
  if (::unlockpt(master) != 0) {
    return failErrno("unlockpt");
  }
  // TIOCGPTPEER opens the peer through the master itself, so no path lookup in /dev/pts
  // can be redirected.
  const int slave = ::ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) {
    return failErrno("opening the pty slave");
  }
  return UniqueFd(slave);
}

Result<void> makeStdio(int slave) {
  for (int target : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::dup2(slave, target) < 0) {
      return failErrno("dup2 of the pty slave");
    }
  }
  if (::ioctl(STDIN_FILENO, TIOCSCTTY, 0) != 0) {
    return failErrno("making the pty the controlling terminal");
  }
  return {};
}

} // namespace

Result<UniqueFd> connectConsoleSocket(const std::string &path) {
  sockaddr_un address{};
  if (path.empty() || path.size() >= sizeof(address.sun_path)) {
    return fail(ErrorCode::Invalid,
                strprintf("console socket path '{}' is empty or too long", path));
  }
  UniqueFd socketFd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!socketFd) {
    return failErrno("socket");
  }
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.data(), path.size());
  if (::connect(socketFd.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address) !=
      0) {
    return failErrno(strprintf("connecting to console socket {}", path));
  }
  return socketFd;
}

Result<void> setupConsole(int socketFd, uint32_t height, uint32_t width) {
  UniqueFd master(::open(kPtmxName.data(), O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!master) {
    return failErrno("opening /dev/ptmx");
  }
  UniqueFd slave = TRY(openSlave(master.get()));
  if (height != 0 && width != 0) {
    winsize size{};
    size.ws_row = static_cast<unsigned short>(height);
    size.ws_col = static_cast<unsigned short>(width);
    if (::ioctl(master.get(), TIOCSWINSZ, &size) != 0) {
      return failErrno("setting the terminal size");
    }
  }
  TRY(sendFd(socketFd, master.get()));
  TRY(makeStdio(slave.get()));
  return {};
}

} // namespace runw::runtime::console
