// SPDX-License-Identifier: Apache-2.0
// containerd 2.3+'s bootstrap protocol: BootstrapParams on `start`'s stdin, BootstrapResult on
// its stdout.
#include "bootstrap_params.h"

namespace runw::shim {

namespace bootstrap = containerd::runtime::bootstrap::v1;

std::optional<bootstrap::BootstrapParams>
detectBootstrapParams(std::string_view input, std::string_view id, std::string_view ns) {
  if (input.empty()) {
    return std::nullopt;
  }
  bootstrap::BootstrapParams params;
  if (!params.ParseFromArray(input.data(), static_cast<int>(input.size()))) {
    return std::nullopt;
  }
  // A runtime-options Any can parse as BootstrapParams too (both start with two strings);
  // only the echo of our own flags tells them apart.
  if (params.instance_id() != id || params.namespace_() != ns) {
    return std::nullopt;
  }
  return params;
}

std::string encodeBootstrapResult(const std::string &address) {
  bootstrap::BootstrapResult result;
  result.set_version(3);
  result.set_address(address);
  result.set_protocol("ttrpc");
  return result.SerializeAsString();
}

} // namespace runw::shim
