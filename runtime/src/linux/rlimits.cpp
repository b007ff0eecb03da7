// SPDX-License-Identifier: Apache-2.0
// process.rlimits: setrlimit for each configured resource, with errors that say why.
#include "linux/process_security.h"

#include "support/strings.h"

#include <sys/capability.h>
#include <sys/resource.h>

namespace runw::runtime::security {
namespace {

std::string limitText(rlim_t value) {
  return value == RLIM_INFINITY ? std::string("unlimited") : strprintf("{}", value);
}

// CAP_SYS_RESOURCE in the effective set lets setrlimit raise a hard limit (setrlimit(2)).
bool haveSysResource() {
  cap_t caps = ::cap_get_proc();
  if (caps == nullptr) {
    return false;
  }
  cap_flag_value_t value = CAP_CLEAR;
  const int rc = ::cap_get_flag(caps, CAP_SYS_RESOURCE, CAP_EFFECTIVE, &value);
  ::cap_free(caps);
  return rc == 0 && value == CAP_SET;
}

Result<void> applyOne(const RlimitConfig &limit) {
  const rlimit wanted{static_cast<rlim_t>(limit.soft), static_cast<rlim_t>(limit.hard)};
  const std::string what = strprintf("setting {} to soft {}, hard {}", limit.name,
                                     limitText(wanted.rlim_cur), limitText(wanted.rlim_max));
  if (wanted.rlim_cur > wanted.rlim_max) {
    return fail(ErrorCode::Invalid, what + ": the soft limit is above the hard limit");
  }
  const int resource = limit.resource;
  if (::setrlimit(resource, &wanted) == 0) {
    return {};
  }
  const int err = errno;
  rlimit current{};
  if (err == EPERM && ::getrlimit(resource, &current) == 0 && wanted.rlim_max > current.rlim_max) {
    return failErrno(strprintf("{}: raising the hard limit above the current {} needs "
                               "CAP_SYS_RESOURCE{}",
                               what, limitText(current.rlim_max),
                               haveSysResource() ? " (held, but the kernel refused)"
                                                 : ", which this process lacks"),
                     err);
  }
  if (err == EPERM && limit.resource == RLIMIT_NOFILE) {
    return failErrno(what + ": above fs.nr_open", err);
  }
  return failErrno(what, err);
}

} // namespace

Result<void> applyRlimits(const std::vector<RlimitConfig> &rlimits) {
  for (const RlimitConfig &limit : rlimits) {
    TRY(applyOne(limit));
  }
  return {};
}

} // namespace runw::runtime::security
