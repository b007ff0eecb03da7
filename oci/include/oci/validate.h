// SPDX-License-Identifier: Apache-2.0
// Semantic checks of a parsed config.json beyond JSON types: the rules a Linux runtime relies on.
#pragma once

#include "oci/spec.h"
#include "support/result.h"

#include <optional>
#include <string_view>

namespace runw::oci {

/// Checks a parsed config.json for a Linux container. The first problem found is returned as
/// ErrorCode::Invalid with a message naming the JSON path, e.g.
/// `process.rlimits[1].type: duplicate rlimit "RLIMIT_NOFILE"`.
Result<void> validateSpec(const Spec &spec);

/// Checks an `exec --process` document with the same rules as config.json's `process`.
Result<void> validateProcess(const Process &process);

/// The Linux capability number of a `CAP_*` name (CAP_CHOWN is 0), up to
/// CAP_CHECKPOINT_RESTORE; nullopt for names this build does not know.
std::optional<int> capabilityNumber(std::string_view name);

} // namespace runw::oci
