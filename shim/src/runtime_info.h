// SPDX-License-Identifier: Apache-2.0
// `containerd-shim-runw-v2 -info`: containerd 2.x's runtime introspection.
#pragma once

#include <string>
#include <string_view>

namespace runw::shim {

/// The serialized containerd.types.RuntimeInfo: name io.containerd.runw.v2, runw's version and
/// commit, the options Any containerd passed (`optionsInput`, start's stdin; kept when it
/// parses as an Any) and runw's `features` JSON (`featuresJson`) as the features Any.
std::string encodeRuntimeInfo(std::string_view optionsInput, const std::string &featuresJson);

/// Runs `runw features` and returns its stdout; empty when runw cannot be run.
std::string runtimeFeaturesJson(const std::string &runw);

} // namespace runw::shim
