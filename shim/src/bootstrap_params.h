// SPDX-License-Identifier: Apache-2.0
// containerd 2.3+'s bootstrap protocol: BootstrapParams on `start`'s stdin, BootstrapResult on
// its stdout. Older containerd writes nothing or a runtime-options Any there and reads a bare
// socket address back.
#pragma once

#include "containerd/runtime/bootstrap/v1/bootstrap.pb.h"

#include <optional>
#include <string>
#include <string_view>

namespace runw::shim {

/// The BootstrapParams in `input` (all of start's stdin), by containerd's own detection rule:
/// the bytes parse as BootstrapParams and its instance_id and namespace equal the -id and
/// -namespace flags. Anything else (empty input, or 1.6–2.2's runtime options) is nullopt.
std::optional<containerd::runtime::bootstrap::v1::BootstrapParams>
detectBootstrapParams(std::string_view input, std::string_view id, std::string_view ns);

/// The serialized BootstrapResult for a ttrpc shim at `address` speaking the Task API version
/// 3 (containerd.task.v3.Task, which the shim serves beside v2). Printed without a newline.
std::string encodeBootstrapResult(const std::string &address);

} // namespace runw::shim
