// SPDX-License-Identifier: Apache-2.0
// Small per-process attributes: oom_score_adj and no_new_privs.
#include "linux/process_security.h"

#include "support/strings.h"
#include "support/unique_fd.h"

#include <fcntl.h>
#include <sys/prctl.h>

namespace runw::runtime::security {

Result<void> setOomScoreAdj(int value) {
  // proc(5): the range is -1000..1000; the kernel would answer EINVAL without saying why.
  if (value < -1000 || value > 1000) {
    return fail(ErrorCode::Invalid,
                strprintf("oomScoreAdj {} is outside the range -1000..1000", value));
  }
  UniqueFd fd(::open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC));
  if (!fd) {
    return failErrno("opening /proc/self/oom_score_adj");
  }
  const std::string text = strprintf("{}", value);
  const ssize_t wrote = ::write(fd.get(), text.data(), text.size());
  if (wrote != static_cast<ssize_t>(text.size())) {
    const int err = wrote < 0 ? errno : EIO;
    // Going below the last value a privileged writer set needs CAP_SYS_RESOURCE (EACCES).
    return failErrno(strprintf("writing {} to /proc/self/oom_score_adj{}", value,
                               err == EACCES ? " (lowering it needs CAP_SYS_RESOURCE)" : ""),
                     err);
  }
  return {};
}

Result<void> setNoNewPrivileges() {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return failErrno("prctl(PR_SET_NO_NEW_PRIVS)");
  }
  return {};
}

} // namespace runw::runtime::security
