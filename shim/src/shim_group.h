// SPDX-License-Identifier: Apache-2.0
// Which shim serves a container: one shim per pod, as containerd's runc shim and runwasi do.
#pragma once

#include <string>

namespace runw::shim {

/// The grouping key of the container `id` whose bundle is `bundle`: the pod's sandbox id from
/// the config.json annotations `io.kubernetes.cri.sandbox-id` (CRI sets it on the sandbox and on
/// every container of the pod) or `io.containerd.runc.v2.group`, else the id itself. Containers
/// with the same key share one shim and its socket.
std::string groupingKey(const std::string &bundle, const std::string &id);

} // namespace runw::shim
