// SPDX-License-Identifier: Apache-2.0
// `containerd-shim-runw-v2 -info`: containerd 2.x's runtime introspection.
#include "runtime_info.h"

#include "containerd/types/introspection.pb.h"
#include "run_once.h"

#include "support/version.h"

#include <sys/wait.h>

namespace runw::shim {

namespace {

constexpr std::string_view kRuntimeName = "io.containerd.runw.v2";
// The type containerd's runc shim gives the features document (runtime-spec features.md).
constexpr std::string_view kFeaturesTypeUrl =
    "types.containerd.io/opencontainers/runtime-spec/1/features/Features";

} // namespace

std::string encodeRuntimeInfo(std::string_view optionsInput, const std::string &featuresJson) {
  containerd::types::RuntimeInfo info;
  info.set_name(std::string(kRuntimeName));
  info.mutable_version()->set_version(version::kRunw);
  info.mutable_version()->set_revision(version::kCommit);
  google::protobuf::Any options;
  if (!optionsInput.empty() &&
      options.ParseFromArray(optionsInput.data(), static_cast<int>(optionsInput.size())) &&
      !options.type_url().empty()) {
    *info.mutable_options() = options;
  }
  if (!featuresJson.empty()) {
    info.mutable_features()->set_type_url(std::string(kFeaturesTypeUrl));
    info.mutable_features()->set_value(featuresJson);
  }
  return info.SerializeAsString();
}

std::string runtimeFeaturesJson(const std::string &runw) {
  OnceResult ran = runOnce({runw, "features"}, /*captureStdout=*/true);
  return WIFEXITED(ran.status) && WEXITSTATUS(ran.status) == 0 ? ran.out : "";
}

} // namespace runw::shim
