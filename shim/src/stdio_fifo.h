// SPDX-License-Identifier: Apache-2.0
// Opening the stdio paths containerd passes (fifos, file://) as fds for a container process.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <string>

namespace runw::shim {

/// Opens one stdio path for the container: a fifo (plain path or fifo://) or file:// (append),
/// or /dev/null when the path is empty. Opening never blocks on a missing fifo peer.
Result<UniqueFd> openStdio(const std::string &path, bool forWriting);

} // namespace runw::shim
