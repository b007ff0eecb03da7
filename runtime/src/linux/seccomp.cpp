// SPDX-License-Identifier: Apache-2.0
// linux.seccomp: builds a libseccomp filter from SeccompConfig, loads it or exports its BPF.
#include "linux/process_security.h"

#include "support/strings.h"

#include <algorithm>
#include <array>
#include <memory>
#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>
#include <utility>

namespace runw::runtime::security {
namespace {

struct FilterRelease {
  void operator()(void *ctx) const { ::seccomp_release(ctx); }
};
using Filter = std::unique_ptr<void, FilterRelease>;

// seccomp(2) passes six syscall arguments.
constexpr uint32_t kMaxArgs = 6;
// SECCOMP_RET_DATA is 16 bits wide; libseccomp's SCMP_ACT_ERRNO(x) would silently mask the rest.
constexpr uint32_t kMaxRetData = 0xffff;

Result<uint32_t> toScmpAction(SeccompAction action, std::optional<uint32_t> errnoRet,
                              std::string_view what) {
  const bool takesErrno = action == SeccompAction::Errno || action == SeccompAction::Trace;
  if (errnoRet && !takesErrno) {
    return fail(ErrorCode::Invalid, strprintf("{}: errnoRet is only valid with SCMP_ACT_ERRNO or "
                                              "SCMP_ACT_TRACE, not {}",
                                              what, seccompActionName(action)));
  }
  // runtime-spec config-linux.md: errnoRet/defaultErrnoRet default to EPERM.
  const uint32_t ret = errnoRet.value_or(EPERM);
  if (ret > kMaxRetData) {
    return fail(ErrorCode::Invalid,
                strprintf("{}: errnoRet {} does not fit in 16 bits", what, ret));
  }
  switch (action) {
  case SeccompAction::KillThread:
    return SCMP_ACT_KILL_THREAD;
  case SeccompAction::KillProcess:
    return SCMP_ACT_KILL_PROCESS;
  case SeccompAction::Trap:
    return SCMP_ACT_TRAP;
  case SeccompAction::Errno:
    return SCMP_ACT_ERRNO(ret);
  case SeccompAction::Trace:
    return SCMP_ACT_TRACE(ret);
  case SeccompAction::Allow:
    return SCMP_ACT_ALLOW;
  case SeccompAction::Log:
    return SCMP_ACT_LOG;
  case SeccompAction::Notify:
    break;
  }
  return fail(ErrorCode::Unsupported,
              strprintf("{}: SCMP_ACT_NOTIFY is not supported by runw (it needs a seccomp agent "
                        "at listenerPath to answer the notifications)",
                        what));
}

scmp_compare toScmpCompare(SeccompOperator op) {
  switch (op) {
  case SeccompOperator::NotEqual:
    return SCMP_CMP_NE;
  case SeccompOperator::LessThan:
    return SCMP_CMP_LT;
  case SeccompOperator::LessEqual:
    return SCMP_CMP_LE;
  case SeccompOperator::Equal:
    return SCMP_CMP_EQ;
  case SeccompOperator::GreaterEqual:
    return SCMP_CMP_GE;
  case SeccompOperator::GreaterThan:
    return SCMP_CMP_GT;
  case SeccompOperator::MaskedEqual:
    return SCMP_CMP_MASKED_EQ;
  }
  return SCMP_CMP_EQ;
}

Result<void> addArchitecture(scmp_filter_ctx ctx, const std::string &name) {
  // libseccomp names architectures like our names minus the prefix, in lower case.
  constexpr std::string_view kPrefix = "SCMP_ARCH_";
  uint32_t token = 0;
  if (name.starts_with(kPrefix)) {
    std::string lower = name.substr(kPrefix.size());
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
      return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    token = ::seccomp_arch_resolve_name(lower.c_str());
  }
  if (token == 0) {
    return fail(ErrorCode::Invalid, strprintf("unknown seccomp architecture \"{}\"", name));
  }
  const int rc = ::seccomp_arch_add(ctx, token);
  if (rc != 0 && rc != -EEXIST) { // the native architecture is always in the filter
    return failErrno("adding seccomp architecture " + name, -rc);
  }
  return {};
}

Result<void> setFlag(scmp_filter_ctx ctx, const std::string &name) {
  constexpr std::array<std::pair<std::string_view, scmp_filter_attr>, 3> kFlags{{
      {"SECCOMP_FILTER_FLAG_TSYNC", SCMP_FLTATR_CTL_TSYNC},
      {"SECCOMP_FILTER_FLAG_LOG", SCMP_FLTATR_CTL_LOG},
      {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SCMP_FLTATR_CTL_SSB},
  }};
  const auto *it = std::find_if(kFlags.begin(), kFlags.end(),
                                [&](const auto &entry) { return entry.first == name; });
  if (it == kFlags.end()) {
    return fail(ErrorCode::Invalid, strprintf("unknown or unsupported seccomp flag \"{}\"", name));
  }
  const int rc = ::seccomp_attr_set(ctx, it->second, 1);
  if (rc != 0) {
    return failErrno(
        strprintf("seccomp flag {} is not supported by this kernel or libseccomp", name), -rc);
  }
  return {};
}

Result<std::vector<scmp_arg_cmp>> conditions(const SeccompRule &rule, std::string_view what) {
  std::vector<scmp_arg_cmp> out;
  for (const SeccompArg &arg : rule.args) {
    if (arg.index >= kMaxArgs) {
      return fail(ErrorCode::Invalid,
                  strprintf("{}: argument index {} is above 5", what, arg.index));
    }
    // For SCMP_CMP_MASKED_EQ datum_a is the mask and datum_b the value, as runc passes them.
    out.push_back({arg.index, toScmpCompare(arg.op), arg.value, arg.valueTwo});
  }
  return out;
}

bool hasRepeatedIndex(const std::vector<scmp_arg_cmp> &conds) {
  std::array<int, kMaxArgs> seen{};
  return std::any_of(conds.begin(), conds.end(),
                     [&](const scmp_arg_cmp &c) { return ++seen[c.arg] > 1; });
}

Result<void> addRule(scmp_filter_ctx ctx, const SeccompRule &rule, uint32_t defaultAction) {
  const std::string what = "seccomp rule for " + join(rule.names, ",");
  const uint32_t action = TRY(toScmpAction(rule.action, rule.errnoRet, what));
  // libseccomp refuses a rule equal to the default action (EACCES); runc skips it.
  if (action == defaultAction) {
    return {};
  }
  const std::vector<scmp_arg_cmp> conds = TRY(conditions(rule, what));
  // libseccomp ANDs the conditions of one rule but cannot test one argument twice; runc then
  // adds one rule per condition (an OR), and so do we.
  const bool split = hasRepeatedIndex(conds);
  for (const std::string &name : rule.names) {
    const int nr = ::seccomp_syscall_resolve_name(name.c_str());
    if (nr == __NR_SCMP_ERROR) {
      continue; // unknown to libseccomp: ignored, as runc does (newer profiles, older hosts)
    }
    int rc = 0;
    if (split) {
      for (const scmp_arg_cmp &cond : conds) {
        rc = rc != 0 ? rc : ::seccomp_rule_add_array(ctx, action, nr, 1, &cond);
      }
    } else {
      rc = ::seccomp_rule_add_array(ctx, action, nr, static_cast<unsigned>(conds.size()),
                                    conds.data());
    }
    if (rc != 0) {
      return failErrno(
          strprintf("adding seccomp rule {} for syscall {}", seccompActionName(rule.action), name),
          -rc);
    }
  }
  return {};
}

Result<Filter> buildFilter(const SeccompConfig &config) {
  const uint32_t defaultAction =
      TRY(toScmpAction(config.defaultAction, config.defaultErrnoRet, "seccomp defaultAction"));
  Filter filter(::seccomp_init(defaultAction));
  if (!filter) {
    return fail(ErrorCode::Invalid, "seccomp_init failed");
  }
  scmp_filter_ctx ctx = filter.get();
  // applyProcessSecurity sets no_new_privs itself, and only when the config asks for it; raw
  // return codes make seccomp_load report the kernel's errno instead of ECANCELED.
  if (::seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) != 0 ||
      ::seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1) != 0) {
    return fail(ErrorCode::Internal, "setting libseccomp filter attributes");
  }
  for (const std::string &arch : config.architectures) {
    TRY(addArchitecture(ctx, arch));
  }
  for (const std::string &flag : config.flags) {
    TRY(setFlag(ctx, flag));
  }
  for (const SeccompRule &rule : config.syscalls) {
    TRY(addRule(ctx, rule, defaultAction));
  }
  return filter;
}

} // namespace

Result<void> loadSeccompFilter(const SeccompConfig &config) {
  Filter filter = TRY(buildFilter(config));
  const int rc = ::seccomp_load(filter.get());
  if (rc != 0) {
    return failErrno(-rc == EACCES ? "loading the seccomp filter (without noNewPrivileges this "
                                     "needs CAP_SYS_ADMIN)"
                                   : "loading the seccomp filter",
                     -rc);
  }
  return {};
}

Result<UniqueFd> exportSeccompBpf(const SeccompConfig &config) {
  Filter filter = TRY(buildFilter(config));
  UniqueFd fd(::memfd_create("runw-seccomp-bpf", MFD_CLOEXEC));
  if (!fd) {
    return failErrno("memfd_create");
  }
  const int rc = ::seccomp_export_bpf(filter.get(), fd.get());
  if (rc != 0) {
    return failErrno("seccomp_export_bpf", -rc);
  }
  if (::lseek(fd.get(), 0, SEEK_SET) != 0) {
    return failErrno("rewinding the seccomp BPF memfd");
  }
  return fd;
}

} // namespace runw::runtime::security
