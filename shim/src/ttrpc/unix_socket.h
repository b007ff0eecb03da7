// SPDX-License-Identifier: Apache-2.0
// Unix stream sockets for ttrpc: listen, connect (unix:// addresses) and the peer credential check.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <string>
#include <string_view>

namespace runw::shim::ttrpc {

/// The filesystem path (or "@name" for an abstract socket) of an address: "unix:///run/x.sock",
/// "/run/x.sock" and "@name" are accepted. Fails (Invalid) for other schemes and overlong paths.
Result<std::string> socketPath(std::string_view address);

/// A close-on-exec, non-blocking listening socket bound to address. The socket file is created
/// with the process umask; an existing file makes it fail (Exists).
Result<UniqueFd> listenUnix(std::string_view address, int backlog = 64);

/// A close-on-exec blocking socket connected to address.
Result<UniqueFd> connectUnix(std::string_view address);

/// True when the peer of a connected unix socket has our effective uid and gid (SO_PEERCRED),
/// which is what containerd's shims require (ttrpc UnixSocketRequireSameUser).
Result<bool> peerIsSameUser(int fd);

} // namespace runw::shim::ttrpc
