// SPDX-License-Identifier: Apache-2.0
// TCP listeners for `runw-wasm run --tcp-listen`: WASI preview1 cannot create sockets, so the
// host opens them and the module accepts on them.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <string_view>

namespace runw::wasmtool {

/// A listening TCP socket bound to "IPV4:PORT" or "[IPV6]:PORT" (numeric addresses only).
Result<UniqueFd> openTcpListener(std::string_view address);

} // namespace runw::wasmtool
