// SPDX-License-Identifier: Apache-2.0
// `runw spec [--bundle DIR] [--rootless]`: writes a starter config.json, never overwriting one.
#include "commands.h"

#include "oci/json.h"
#include "runtime/default_spec.h"
#include "support/strings.h"
#include "support/unique_fd.h"

#include <cerrno>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <utility>

namespace runw::runtime::cli {
namespace {

constexpr const char *kConfigName = "config.json";

// Creates dirFd/config.json with O_EXCL, so an existing file (or a symlink planted there) is
// never followed or truncated; a partly written file is removed again.
Result<void> writeNewConfig(int dirFd, std::string_view text) {
  UniqueFd file(::openat(dirFd, kConfigName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
  if (!file) {
    if (errno == EEXIST) {
      // runc's wording (spec.go).
      return fail(ErrorCode::Exists, strprintf("File {} exists. Remove it first", kConfigName));
    }
    return failErrno(strprintf("create {}", kConfigName));
  }
  auto written = writeAll(file.get(), text);
  if (written && ::close(file.release()) != 0) {
    written = failErrno(strprintf("close {}", kConfigName));
  }
  if (!written) {
    (void)::unlinkat(dirFd, kConfigName, 0);
    return std::move(written).context(strprintf("writing {}", kConfigName));
  }
  return {};
}

} // namespace

Result<int> cmdSpec(CommandContext &context) {
  oci::Spec spec = defaultSpec(isCgroup2UnifiedMode());
  if (context.args.flags.isSet("rootless")) {
    makeRootless(spec, ::geteuid(), ::getegid());
  }
  // runc writes json.MarshalIndent(spec, "", "\t"): tab indentation, no trailing newline.
  const std::string text = oci::serialize(spec, oci::SerializeOptions{1, '\t'});

  const std::string bundle = context.args.flags.value("bundle").value_or("");
  UniqueFd dir;
  if (!bundle.empty()) {
    dir.reset(::open(bundle.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!dir) {
      return failErrno(strprintf("bundle {}", bundle));
    }
  }
  TRY(writeNewConfig(dir ? dir.get() : AT_FDCWD, text));
  context.log.debug(strprintf("wrote {}/{}", bundle.empty() ? "." : bundle, kConfigName));
  return 0;
}

} // namespace runw::runtime::cli
