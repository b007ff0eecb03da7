// SPDX-License-Identifier: Apache-2.0
// What this build of runw supports, as the runtime-spec features document (features.md).
#pragma once

#include "oci/features.h"

namespace runw::runtime {

/// The features document `runw features` prints and the shim reports to containerd. It only
/// lists what runw implements today: callers such as containerd's CRI turn features on
/// (user namespaces, rro mounts) because this document claims them.
oci::Features supportedFeatures();

} // namespace runw::runtime
