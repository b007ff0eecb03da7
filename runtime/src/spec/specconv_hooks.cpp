// SPDX-License-Identifier: Apache-2.0
// hooks → HooksConfig: absolute paths, argv defaulting to {path}, timeouts in seconds.
#include "spec/specconv_parts.h"

#include "support/strings.h"

#include <climits>
#include <optional>
#include <string>
#include <vector>

namespace runw::runtime::specconv {
namespace {

Result<HookConfig> convertHook(const oci::Hook &hook, const std::string &path) {
  // config.md "POSIX-platform Hooks": path MUST be absolute (runw never searches PATH).
  if (!hook.path.starts_with('/')) {
    return invalidAt(path + ".path", strprintf("\"{}\" is not an absolute path", hook.path));
  }
  HookConfig out;
  out.path = hook.path;
  // execv needs an argv[0]; runtime-spec's args is argv including argv[0].
  out.args = hook.args && !hook.args->empty() ? *hook.args : std::vector<std::string>{hook.path};
  out.env = hook.env.value_or(std::vector<std::string>{});
  if (hook.timeout) {
    if (*hook.timeout <= 0) {
      return invalidAt(path + ".timeout",
                       strprintf("must be greater than 0, got {}", *hook.timeout));
    }
    // Longer than 68 years is the same as no timeout at all.
    out.timeoutSeconds = *hook.timeout > INT_MAX ? INT_MAX : static_cast<int>(*hook.timeout);
  }
  return out;
}

Result<std::vector<HookConfig>> convertStage(const std::optional<std::vector<oci::Hook>> &hooks,
                                             std::string_view stage) {
  std::vector<HookConfig> out;
  if (!hooks) {
    return out;
  }
  for (size_t i = 0; i < hooks->size(); ++i) {
    out.push_back(TRY(convertHook((*hooks)[i], strprintf("hooks.{}[{}]", stage, i))));
  }
  return out;
}

} // namespace

Result<HooksConfig> convertHooks(const oci::Hooks &hooks) {
  HooksConfig out;
  out.prestart = TRY(convertStage(hooks.prestart, "prestart"));
  out.createRuntime = TRY(convertStage(hooks.createRuntime, "createRuntime"));
  out.createContainer = TRY(convertStage(hooks.createContainer, "createContainer"));
  out.startContainer = TRY(convertStage(hooks.startContainer, "startContainer"));
  out.poststart = TRY(convertStage(hooks.poststart, "poststart"));
  out.poststop = TRY(convertStage(hooks.poststop, "poststop"));
  return out;
}

} // namespace runw::runtime::specconv
