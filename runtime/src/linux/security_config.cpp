// SPDX-License-Identifier: Apache-2.0
// Name parsers for the process-security config: capabilities, rlimits, seccomp actions/operators.
#include "linux/security_config.h"

#include "support/strings.h"

#include <algorithm>
#include <array>
#include <sys/capability.h>
#include <sys/resource.h>
#include <utility>

namespace runw::runtime::security {
namespace {

// The RLIMIT_* names runc knows (libcontainer/configs rlimitMap).
constexpr std::array<std::pair<std::string_view, int>, 16> kRlimits{{
    {"RLIMIT_CPU", RLIMIT_CPU},
    {"RLIMIT_FSIZE", RLIMIT_FSIZE},
    {"RLIMIT_DATA", RLIMIT_DATA},
    {"RLIMIT_STACK", RLIMIT_STACK},
    {"RLIMIT_CORE", RLIMIT_CORE},
    {"RLIMIT_RSS", RLIMIT_RSS},
    {"RLIMIT_NPROC", RLIMIT_NPROC},
    {"RLIMIT_NOFILE", RLIMIT_NOFILE},
    {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
    {"RLIMIT_AS", RLIMIT_AS},
    {"RLIMIT_LOCKS", RLIMIT_LOCKS},
    {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
    {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
    {"RLIMIT_NICE", RLIMIT_NICE},
    {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
    {"RLIMIT_RTTIME", RLIMIT_RTTIME},
}};

constexpr std::array<std::pair<std::string_view, SeccompAction>, 9> kActions{{
    {"SCMP_ACT_KILL", SeccompAction::KillThread},
    {"SCMP_ACT_KILL_THREAD", SeccompAction::KillThread},
    {"SCMP_ACT_KILL_PROCESS", SeccompAction::KillProcess},
    {"SCMP_ACT_TRAP", SeccompAction::Trap},
    {"SCMP_ACT_ERRNO", SeccompAction::Errno},
    {"SCMP_ACT_TRACE", SeccompAction::Trace},
    {"SCMP_ACT_ALLOW", SeccompAction::Allow},
    {"SCMP_ACT_LOG", SeccompAction::Log},
    {"SCMP_ACT_NOTIFY", SeccompAction::Notify},
}};

constexpr std::array<std::pair<std::string_view, SeccompOperator>, 7> kOperators{{
    {"SCMP_CMP_NE", SeccompOperator::NotEqual},
    {"SCMP_CMP_LT", SeccompOperator::LessThan},
    {"SCMP_CMP_LE", SeccompOperator::LessEqual},
    {"SCMP_CMP_EQ", SeccompOperator::Equal},
    {"SCMP_CMP_GE", SeccompOperator::GreaterEqual},
    {"SCMP_CMP_GT", SeccompOperator::GreaterThan},
    {"SCMP_CMP_MASKED_EQ", SeccompOperator::MaskedEqual},
}};

template <class Table> auto lookup(const Table &table, std::string_view name) {
  const auto *it = std::find_if(table.begin(), table.end(),
                                [&](const auto &entry) { return entry.first == name; });
  return it == table.end() ? std::optional<decltype(it->second)>{} : it->second;
}

// runc matches "CAP_" + upper-case name exactly; libcap's cap_from_name would also take
// "chown", "cap_chown" or "12", which a config.json must not rely on.
bool looksLikeCapName(std::string_view name) {
  if (!name.starts_with("CAP_") || name.size() == 4) {
    return false;
  }
  return std::all_of(name.begin() + 4, name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

} // namespace

CapNumber kernelLastCap() { return ::cap_max_bits() - 1; }

Result<ParsedCapabilities> parseCapabilities(const std::vector<std::string> &names,
                                             CapNumber lastCap) {
  ParsedCapabilities out;
  std::vector<std::string> unknown;
  for (const std::string &name : names) {
    cap_value_t cap = 0;
    if (!looksLikeCapName(name) || ::cap_from_name(name.c_str(), &cap) != 0) {
      unknown.push_back('"' + name + '"');
      continue;
    }
    if (cap > lastCap) {
      out.unavailable.push_back(name);
      continue;
    }
    if (std::find(out.caps.begin(), out.caps.end(), cap) == out.caps.end()) {
      out.caps.push_back(cap);
    }
  }
  if (!unknown.empty()) {
    return fail(ErrorCode::Invalid,
                strprintf("unknown capabilit{} {} (names are upper case, e.g. CAP_NET_RAW)",
                          unknown.size() == 1 ? "y" : "ies", join(unknown, ", ")));
  }
  return out;
}

std::string capabilityName(CapNumber cap) {
  char *text = ::cap_to_name(cap);
  if (text == nullptr) {
    return strprintf("CAP_{}", cap);
  }
  std::string name = text;
  ::cap_free(text);
  // libcap spells known caps "cap_chown" and unknown ones as a bare number.
  if (!name.empty() && name[0] >= '0' && name[0] <= '9') {
    return "CAP_" + name;
  }
  std::transform(name.begin(), name.end(), name.begin(), [](char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  });
  return name;
}

Result<int> parseRlimitResource(std::string_view name) {
  if (auto resource = lookup(kRlimits, name)) {
    return *resource;
  }
  return fail(ErrorCode::Invalid, strprintf("unknown rlimit type \"{}\"", name));
}

Result<SeccompAction> parseSeccompAction(std::string_view name) {
  if (auto action = lookup(kActions, name)) {
    return *action;
  }
  return fail(ErrorCode::Invalid, strprintf("unknown seccomp action \"{}\"", name));
}

Result<SeccompOperator> parseSeccompOperator(std::string_view name) {
  if (auto op = lookup(kOperators, name)) {
    return *op;
  }
  return fail(ErrorCode::Invalid, strprintf("unknown seccomp operator \"{}\"", name));
}

std::string_view seccompActionName(SeccompAction action) {
  switch (action) {
  case SeccompAction::KillThread:
    return "SCMP_ACT_KILL_THREAD";
  case SeccompAction::KillProcess:
    return "SCMP_ACT_KILL_PROCESS";
  case SeccompAction::Trap:
    return "SCMP_ACT_TRAP";
  case SeccompAction::Errno:
    return "SCMP_ACT_ERRNO";
  case SeccompAction::Trace:
    return "SCMP_ACT_TRACE";
  case SeccompAction::Allow:
    return "SCMP_ACT_ALLOW";
  case SeccompAction::Log:
    return "SCMP_ACT_LOG";
  case SeccompAction::Notify:
    return "SCMP_ACT_NOTIFY";
  }
  return "SCMP_ACT_?";
}

} // namespace runw::runtime::security
