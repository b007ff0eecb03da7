// SPDX-License-Identifier: Apache-2.0
// --pid-file writing and reading (runc utils_linux.go createPidFile).
#include "state/pid_file.h"

#include "state/fs_ops.h"

#include "support/strings.h"

#include <charconv>
#include <fcntl.h>

namespace runw::runtime::state {
namespace {

// A pid file is a few digits; anything longer is not one.
constexpr size_t kMaxPidFileBytes = 64;

struct SplitPath {
  std::string dir;
  std::string name;
};

Result<SplitPath> splitPath(const std::string &path) {
  const size_t slash = path.rfind('/');
  SplitPath out;
  if (slash == std::string::npos) {
    out = {".", path};
  } else {
    out = {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
  }
  if (out.name.empty() || out.name == "." || out.name == "..") {
    return fail(ErrorCode::Invalid, strprintf("pid file {}: not a file name", path));
  }
  return out;
}

Result<UniqueFd> openParent(const std::string &dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) {
    return failErrno("opening directory " + dir);
  }
  return fd;
}

} // namespace

Result<void> writePidFile(const std::string &path, pid_t pid) {
  if (pid <= 0) {
    return fail(ErrorCode::Invalid, strprintf("invalid pid {}", pid));
  }
  const SplitPath parts = TRY(splitPath(path));
  const UniqueFd dirFd = TRY(openParent(parts.dir));
  // 0666 before the umask, as runc creates it.
  return std::move(writeFileAtomicAt(dirFd.get(), parts.name, "." + parts.name,
                                     strprintf("{}", pid), 0666))
      .context("writing pid file " + path);
}

Result<pid_t> readPidFile(const std::string &path) {
  const SplitPath parts = TRY(splitPath(path));
  const UniqueFd dirFd = TRY(openParent(parts.dir));
  std::string text = TRY(std::move(readFileAt(dirFd.get(), parts.name, kMaxPidFileBytes))
                             .context("reading pid file " + path));
  if (!text.empty() && text.back() == '\n') {
    text.pop_back();
  }
  pid_t pid = 0;
  const char *end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, pid);
  if (text.empty() || ec != std::errc() || ptr != end || pid <= 0) {
    return fail(ErrorCode::Invalid, strprintf("pid file {}: not a pid", path));
  }
  return pid;
}

} // namespace runw::runtime::state
