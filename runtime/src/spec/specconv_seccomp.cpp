// SPDX-License-Identifier: Apache-2.0
// linux.seccomp → security::SeccompConfig (names of actions and operators resolved here).
#include "spec/container_config.h"
#include "spec/specconv_parts.h"

#include "support/strings.h"

#include <string>
#include <vector>

namespace runw::runtime {
namespace {

Result<security::SeccompArg> convertArg(const oci::SeccompArg &arg, const std::string &path) {
  security::SeccompArg out;
  out.index = arg.index;
  out.value = arg.value;
  out.valueTwo = arg.valueTwo.value_or(0);
  out.op = TRY(specconv::at(security::parseSeccompOperator(arg.op), path + ".op"));
  return out;
}

Result<security::SeccompRule> convertRule(const oci::SeccompSyscall &rule,
                                          const std::string &path) {
  if (rule.names.empty()) {
    return specconv::invalidAt(path + ".names", "must not be empty");
  }
  security::SeccompRule out;
  out.names = rule.names;
  out.action = TRY(specconv::at(security::parseSeccompAction(rule.action), path + ".action"));
  out.errnoRet = rule.errnoRet;
  if (rule.args) {
    for (size_t i = 0; i < rule.args->size(); ++i) {
      out.args.push_back(TRY(convertArg((*rule.args)[i], strprintf("{}.args[{}]", path, i))));
    }
  }
  return out;
}

} // namespace

Result<security::SeccompConfig> toSeccompConfig(const oci::Seccomp &seccomp) {
  security::SeccompConfig out;
  out.defaultAction = TRY(specconv::at(security::parseSeccompAction(seccomp.defaultAction),
                                       "linux.seccomp.defaultAction"));
  out.defaultErrnoRet = seccomp.defaultErrnoRet;
  // Architectures and flags stay names: they are resolved against libseccomp when the filter
  // is built. Absent flags stay empty (runc would add SPEC_ALLOW when the kernel has it).
  out.architectures = seccomp.architectures.value_or(std::vector<std::string>{});
  out.flags = seccomp.flags.value_or(std::vector<std::string>{});
  out.listenerPath = seccomp.listenerPath;
  if (seccomp.syscalls) {
    for (size_t i = 0; i < seccomp.syscalls->size(); ++i) {
      out.syscalls.push_back(
          TRY(convertRule((*seccomp.syscalls)[i], strprintf("linux.seccomp.syscalls[{}]", i))));
    }
  }
  return out;
}

} // namespace runw::runtime
