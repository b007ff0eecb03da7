// SPDX-License-Identifier: Apache-2.0
// Server: accept loop, connection threads and orderly stop.
#include "ttrpc/server.h"

#include "ttrpc/unix_socket.h"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <system_error>
#include <unistd.h>

namespace runw::shim::ttrpc {
namespace {

// Pause after a resource error on accept (EMFILE and friends), as ttrpc-go backs off.
constexpr int kAcceptBackoffMs = 100;

bool isTransientAcceptError(int err) {
  return err == EINTR || err == EAGAIN || err == EWOULDBLOCK || err == ECONNABORTED ||
         err == EPROTO || err == EPERM;
}

bool isResourceAcceptError(int err) {
  return err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM;
}

} // namespace

Server::Server(Registry registry, ServerOptions options)
    : registry_(std::move(registry)), options_(std::move(options)) {}

Server::~Server() { stop(); }

Result<void> Server::start(UniqueFd listener) {
  std::lock_guard lock(mutex_);
  if (stopping_ || acceptThread_.joinable()) {
    return fail(ErrorCode::Invalid, "ttrpc server already started or stopped");
  }
  // Non-blocking, so a connection that vanishes between poll and accept cannot hang the loop.
  int flags = ::fcntl(listener.get(), F_GETFL);
  if (flags < 0 || ::fcntl(listener.get(), F_SETFL, flags | O_NONBLOCK) != 0) {
    return failErrno("making the ttrpc listener non-blocking");
  }
  UniqueFd wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake) {
    return failErrno("creating the ttrpc server wake eventfd");
  }
  listener_ = std::move(listener);
  wakeFd_ = std::move(wake);
  acceptThread_ = std::thread([this] { acceptLoop(listener_.get()); });
  return {};
}

void Server::acceptLoop(int listener) {
  std::array<pollfd, 2> fds{pollfd{listener, POLLIN, 0}, pollfd{wakeFd_.get(), POLLIN, 0}};
  while (true) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      log(fmt::format("ttrpc server poll failed: {}", std::generic_category().message(errno)));
      return;
    }
    if (fds[1].revents != 0) {
      return;
    }
    if (fds[0].revents != 0 && !acceptOne(listener)) {
      return;
    }
    reapFinishedConnections();
  }
}

bool Server::acceptOne(int listener) {
  UniqueFd connection(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
  if (!connection) {
    int err = errno;
    if (isTransientAcceptError(err)) {
      return true;
    }
    log(fmt::format("ttrpc accept failed: {}", std::generic_category().message(err)));
    if (isResourceAcceptError(err)) {
      pollfd wake{wakeFd_.get(), POLLIN, 0};
      (void)::poll(&wake, 1, kAcceptBackoffMs);
      return true;
    }
    return false;
  }
  serveConnection(std::move(connection));
  return true;
}

void Server::serveConnection(UniqueFd connection) {
  if (options_.requireSameUser) {
    auto same = peerIsSameUser(connection.get());
    if (!same.has_value() || !*same) {
      log(same.has_value() ? "ttrpc: rejected a peer with another uid/gid"
                           : same.error().describe());
      return;
    }
  }
  reapFinishedConnections();
  std::lock_guard lock(mutex_);
  if (stopping_) {
    return;
  }
  auto served = std::make_shared<Connection>(std::move(connection), registry_,
                                             options_.maxInFlightPerConnection, options_.log,
                                             options_.callLog);
  const auto id = nextConnectionId_++;
  // Started under the lock, so its last step (which takes it) finds the entry.
  std::thread thread([this, served, id] {
    served->run();
    std::lock_guard done(mutex_);
    finishedConnections_.push_back(id);
    --openConnections_;
  });
  connections_.emplace(id, Served{std::move(served), std::move(thread)});
  ++openConnections_;
}

void Server::reapFinishedConnections() {
  std::vector<std::thread> done;
  {
    std::lock_guard lock(mutex_);
    for (auto id : finishedConnections_) {
      auto it = connections_.find(id);
      if (it != connections_.end()) {
        done.push_back(std::move(it->second.thread));
        connections_.erase(it);
      }
    }
    finishedConnections_.clear();
  }
  for (auto &thread : done) {
    thread.join();
  }
}

std::size_t Server::connectionCount() {
  std::lock_guard lock(mutex_);
  return openConnections_;
}

void Server::log(std::string_view message) const {
  if (options_.log) {
    options_.log(message);
  }
}

void Server::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  if (acceptThread_.joinable()) {
    const std::uint64_t one = 1;
    (void)::write(wakeFd_.get(), &one, sizeof(one));
    acceptThread_.join();
  }
  std::map<std::uint64_t, Served> connections;
  {
    std::lock_guard lock(mutex_);
    connections.swap(connections_);
    finishedConnections_.clear();
  }
  for (auto &[id, served] : connections) {
    served.connection->stop();
  }
  for (auto &[id, served] : connections) {
    served.thread.join();
  }
  std::lock_guard lock(mutex_);
  finishedConnections_.clear();
}

} // namespace runw::shim::ttrpc
