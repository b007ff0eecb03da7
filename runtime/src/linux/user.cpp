// SPDX-License-Identifier: Apache-2.0
// process.user: supplementary groups, gid, uid and umask.
#include "linux/process_security.h"

#include "support/strings.h"
#include "support/unique_fd.h"

#include <array>
#include <fcntl.h>
#include <grp.h>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::runtime::security {
namespace {

// runc's default when process.user.umask is absent (libcontainer/rootfs_linux.go).
constexpr uint32_t kDefaultUmask = 0022;

// user_namespaces(7): after "deny" is written to /proc/self/setgroups, setgroups(2) fails with
// EPERM even for an empty list; a missing file means a kernel without the knob (always allowed).
bool setgroupsDenied() {
  UniqueFd fd(::open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC));
  if (!fd) {
    return false;
  }
  std::array<char, 16> buf{};
  const ssize_t got = ::read(fd.get(), buf.data(), buf.size());
  return got >= 4 && std::string_view(buf.data(), static_cast<size_t>(got)).starts_with("deny");
}

std::string gidList(const std::vector<uint32_t> &gids) {
  std::vector<std::string> parts;
  parts.reserve(gids.size());
  for (uint32_t gid : gids) {
    parts.push_back(strprintf("{}", gid));
  }
  return join(parts, ",");
}

} // namespace

Result<void> switchUser(const UserConfig &user) {
  const std::vector<gid_t> groups(user.additionalGids.begin(), user.additionalGids.end());
  if (setgroupsDenied()) {
    if (!groups.empty()) {
      return fail(ErrorCode::Invalid,
                  "additionalGids given, but setgroups is denied in this user namespace");
    }
  } else if (::setgroups(groups.size(), groups.data()) != 0) {
    return failErrno(strprintf("setgroups({})", gidList(user.additionalGids)));
  }
  // Groups before uid: once the uid is not 0 the effective set is empty, so CAP_SETGID is gone.
  // glibc's set*id wrappers apply the change to every thread of the process.
  if (::setresgid(user.gid, user.gid, user.gid) != 0) {
    return failErrno(strprintf("setresgid({})", user.gid));
  }
  if (::setresuid(user.uid, user.uid, user.uid) != 0) {
    return failErrno(strprintf("setresuid({})", user.uid));
  }
  return {};
}

Result<void> applyUmask(const UserConfig &user) {
  const uint32_t mask = user.umask.value_or(kDefaultUmask);
  if (mask > 0777) {
    return fail(ErrorCode::Invalid, strprintf("umask {:o} has bits outside 0777", mask));
  }
  ::umask(static_cast<mode_t>(mask));
  return {};
}

} // namespace runw::runtime::security
