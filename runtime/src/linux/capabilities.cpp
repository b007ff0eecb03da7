// SPDX-License-Identifier: Apache-2.0
// The five capability sets: bounding via PR_CAPBSET_DROP, E/P/I via capset, ambient via prctl.
#include "linux/process_security.h"

#include "support/strings.h"

#include <algorithm>
#include <sys/capability.h>
#include <sys/prctl.h>

namespace runw::runtime::security {
namespace {

bool contains(const std::vector<CapNumber> &set, CapNumber cap) {
  return std::find(set.begin(), set.end(), cap) != set.end();
}

std::string names(const std::vector<CapNumber> &set) {
  std::vector<std::string> out;
  out.reserve(set.size());
  for (CapNumber cap : set) {
    out.push_back(capabilityName(cap));
  }
  return out.empty() ? std::string("(none)") : join(out, ",");
}

// Keeps the caps of `set` that `held` says are available, naming the others in `missing`.
std::vector<CapNumber> keepHeld(const std::vector<CapNumber> &set,
                                const std::vector<CapNumber> &held,
                                std::vector<CapNumber> &missing) {
  std::vector<CapNumber> out;
  for (CapNumber cap : set) {
    if (contains(held, cap)) {
      out.push_back(cap);
    } else if (!contains(missing, cap)) {
      missing.push_back(cap);
    }
  }
  return out;
}

Result<void> setFlag(cap_t caps, cap_flag_t flag, const std::vector<CapNumber> &set) {
  if (set.empty()) {
    return {};
  }
  if (::cap_set_flag(caps, flag, static_cast<int>(set.size()), set.data(), CAP_SET) != 0) {
    return failErrno("cap_set_flag(" + names(set) + ")");
  }
  return {};
}

} // namespace

Result<HeldCapabilities> currentCapabilities() {
  cap_t caps = ::cap_get_proc();
  if (caps == nullptr) {
    return failErrno("cap_get_proc");
  }
  HeldCapabilities held;
  for (CapNumber cap = 0; cap <= kernelLastCap(); ++cap) {
    cap_flag_value_t value = CAP_CLEAR;
    if (::cap_get_flag(caps, cap, CAP_PERMITTED, &value) == 0 && value == CAP_SET) {
      held.permitted.push_back(cap);
    }
    if (::prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1) {
      held.bounding.push_back(cap);
    }
  }
  ::cap_free(caps);
  return held;
}

RestrictedCapabilities restrictToHeld(const CapabilitySets &sets, const HeldCapabilities &held) {
  RestrictedCapabilities out;
  std::vector<CapNumber> missing;
  out.sets.bounding = keepHeld(sets.bounding, held.bounding, missing);
  out.sets.effective = keepHeld(sets.effective, held.permitted, missing);
  out.sets.permitted = keepHeld(sets.permitted, held.permitted, missing);
  out.sets.inheritable = keepHeld(sets.inheritable, held.permitted, missing);
  out.sets.ambient = keepHeld(sets.ambient, held.permitted, missing);
  for (CapNumber cap : missing) {
    out.unavailable.push_back(capabilityName(cap));
  }
  return out;
}

Result<void> applyBoundingSet(const std::vector<CapNumber> &keep) {
  const CapNumber last = kernelLastCap();
  for (CapNumber cap = 0; cap <= last; ++cap) {
    // Only drop what is still there: a drop needs CAP_SETPCAP even when it changes nothing.
    if (contains(keep, cap) || ::prctl(PR_CAPBSET_READ, cap, 0, 0, 0) != 1) {
      continue;
    }
    if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
      return failErrno(
          strprintf("dropping {} from the bounding set (needs CAP_SETPCAP)", capabilityName(cap)));
    }
  }
  return {};
}

Result<void> setKeepCapabilities(bool keep) {
  if (::prctl(PR_SET_KEEPCAPS, keep ? 1 : 0, 0, 0, 0) != 0) {
    return failErrno(strprintf("prctl(PR_SET_KEEPCAPS, {})", keep ? 1 : 0));
  }
  return {};
}

Result<void> applyCapabilitySets(const CapabilitySets &sets) {
  cap_t caps = ::cap_init();
  if (caps == nullptr) {
    return failErrno("cap_init");
  }
  auto apply = [&]() -> Result<void> {
    TRY(setFlag(caps, CAP_EFFECTIVE, sets.effective));
    TRY(setFlag(caps, CAP_PERMITTED, sets.permitted));
    TRY(setFlag(caps, CAP_INHERITABLE, sets.inheritable));
    // capset(2) only narrows: every cap must already be permitted (effective also must be in
    // the new permitted set).
    if (::cap_set_proc(caps) != 0) {
      return failErrno(strprintf("capset effective={} permitted={} inheritable={}",
                                 names(sets.effective), names(sets.permitted),
                                 names(sets.inheritable)));
    }
    return {};
  };
  Result<void> done = apply();
  ::cap_free(caps);
  TRY(std::move(done));
  // Ambient caps are lost on setresuid and are kept separately from capset (prctl(2)).
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0) {
    return failErrno("clearing the ambient capability set");
  }
  for (CapNumber cap : sets.ambient) {
    // The kernel only raises an ambient cap that is permitted and inheritable. runc's default
    // spec lists ambient caps without an inheritable set, and runc then leaves them out
    // rather than fail: so does runw.
    if (!contains(sets.permitted, cap) || !contains(sets.inheritable, cap)) {
      continue;
    }
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0) {
      return failErrno(strprintf("raising {} in the ambient set (it must also be in the "
                                 "permitted and inheritable sets)",
                                 capabilityName(cap)));
    }
  }
  return {};
}

} // namespace runw::runtime::security
