// SPDX-License-Identifier: Apache-2.0
// sock_accept, sock_recv, sock_send, sock_shutdown: preview1's socket calls, on sockets the
// host handed the guest (preview1 cannot open or bind sockets itself).
#include "fd_table.h"
#include "functions.h"
#include "host_call.h"
#include "host_errno.h"

#include <sys/socket.h>

namespace runw::engine::wasi::fn {

namespace rights = witx::rights;

namespace {

/// The entry of a socket fd: Errno::Badf when not open, Errno::NotSock when it is no socket
/// (checked before rights, so a file gets NotSock whatever rights it has), then the rights.
WasiResult<FdEntry *> socketEntry(State &s, uint32_t fd, uint64_t required) {
  auto entry = s.fds.get(fd);
  if (!entry) {
    return entry;
  }
  const witx::Filetype type = (*entry)->type;
  if (type != witx::Filetype::SocketStream && type != witx::Filetype::SocketDgram) {
    return std::unexpected(Errno::NotSock);
  }
  return s.fds.get(fd, required);
}

/// A msghdr over the guest's iovecs (no address, no control data).
msghdr messageOf(const HostIovecs &vec) {
  msghdr message{};
  // sendmsg does not write through msg_iov; recvmsg writes only to the buffers.
  message.msg_iov = const_cast<iovec *>(vec.data());
  message.msg_iovlen = static_cast<size_t>(vec.count());
  return message;
}

} // namespace

R sockAccept(State &s, GuestMemory &m, uint32_t fd, uint32_t flags, uint32_t fdPtr) {
  // witx allows only fdflags here, and of those only NONBLOCK means anything for a new socket.
  if ((flags & ~uint32_t{witx::fdflags::kNonblock}) != 0) {
    return std::unexpected(Errno::Inval);
  }
  auto entry = socketEntry(s, fd, rights::kSockAccept);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  // Checked first: a connection accepted and then dropped for a bad pointer would be lost.
  if (!m.contains(fdPtr, 4)) {
    return std::unexpected(Errno::Fault);
  }
  const int hostFlags =
      SOCK_CLOEXEC | ((flags & witx::fdflags::kNonblock) != 0 ? SOCK_NONBLOCK : 0);
  UniqueFd accepted(
      retryOnEintr([&] { return ::accept4((*entry)->host.get(), nullptr, nullptr, hostFlags); }));
  if (!accepted) {
    return lastHostError();
  }
  auto created = entryForHostFd(std::move(accepted));
  if (!created) {
    return std::unexpected(created.error());
  }
  const auto number = s.fds.insert(std::move(*created));
  if (!number) {
    return std::unexpected(number.error());
  }
  return m.store<uint32_t>(fdPtr, *number);
}

R sockRecv(State &s, GuestMemory &m, uint32_t fd, uint32_t riData, uint32_t riDataLen,
           uint32_t riFlags, uint32_t roDatalenPtr, uint32_t roFlagsPtr) {
  if ((riFlags & ~uint32_t{witx::kRecvPeek | witx::kRecvWaitall}) != 0) {
    return std::unexpected(Errno::Inval);
  }
  auto entry = socketEntry(s, fd, rights::kFdRead);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  if (!m.contains(roDatalenPtr, 4) || !m.contains(roFlagsPtr, 2)) {
    return std::unexpected(Errno::Fault);
  }
  const auto vec = m.iovecs(riData, riDataLen);
  if (!vec) {
    return std::unexpected(vec.error());
  }
  int hostFlags = (riFlags & witx::kRecvPeek) != 0 ? MSG_PEEK : 0;
  hostFlags |= (riFlags & witx::kRecvWaitall) != 0 ? MSG_WAITALL : 0;
  msghdr message = messageOf(*vec);
  const int host = (*entry)->host.get();
  const ssize_t got = retryOnEintr([&] { return ::recvmsg(host, &message, hostFlags); });
  if (got < 0) {
    return lastHostError();
  }
  // MSG_TRUNC in msg_flags: a datagram was longer than the buffers and its rest is gone.
  const uint16_t roFlags = (message.msg_flags & MSG_TRUNC) != 0 ? witx::kRecvDataTruncated : 0;
  (void)m.store<uint32_t>(roDatalenPtr, static_cast<uint32_t>(got));
  return m.store<uint16_t>(roFlagsPtr, roFlags);
}

R sockSend(State &s, GuestMemory &m, uint32_t fd, uint32_t siData, uint32_t siDataLen,
           uint32_t siFlags, uint32_t soDatalenPtr) {
  // witx's siflags defines no flags.
  if (siFlags != 0) {
    return std::unexpected(Errno::Inval);
  }
  auto entry = socketEntry(s, fd, rights::kFdWrite);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  if (!m.contains(soDatalenPtr, 4)) {
    return std::unexpected(Errno::Fault);
  }
  const auto vec = m.iovecs(siData, siDataLen);
  if (!vec) {
    return std::unexpected(vec.error());
  }
  const msghdr message = messageOf(*vec);
  const int host = (*entry)->host.get();
  // MSG_NOSIGNAL: a closed peer is Errno::Pipe for the guest, not a SIGPIPE for the runtime.
  const ssize_t put = retryOnEintr([&] { return ::sendmsg(host, &message, MSG_NOSIGNAL); });
  if (put < 0) {
    return lastHostError();
  }
  return m.store<uint32_t>(soDatalenPtr, static_cast<uint32_t>(put));
}

R sockShutdown(State &s, GuestMemory & /*m*/, uint32_t fd, uint32_t how) {
  const uint32_t both = witx::kShutRd | witx::kShutWr;
  if (how == 0 || (how & ~both) != 0) {
    return std::unexpected(Errno::Inval);
  }
  auto entry = socketEntry(s, fd, rights::kSockShutdown);
  if (!entry) {
    return std::unexpected(entry.error());
  }
  const int hostHow = how == both ? SHUT_RDWR : (how == witx::kShutRd ? SHUT_RD : SHUT_WR);
  if (::shutdown((*entry)->host.get(), hostHow) != 0) {
    return lastHostError();
  }
  return {};
}

} // namespace runw::engine::wasi::fn
