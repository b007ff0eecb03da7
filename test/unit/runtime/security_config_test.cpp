// SPDX-License-Identifier: Apache-2.0
// Capability and rlimit name parsing, seccomp name parsing, and narrowing caps to held ones.
#include "linux/process_security.h"
#include "linux/security_config.h"

#include <gtest/gtest.h>

#include <linux/capability.h>
#include <sys/resource.h>

namespace runw::runtime::security {
namespace {

TEST(SecurityCapabilities, ParsesUpperCaseNames) {
  auto parsed = parseCapabilities({"CAP_CHOWN", "CAP_NET_RAW", "CAP_NET_BIND_SERVICE"}, 40);
  ASSERT_TRUE(parsed) << parsed.error().describe();
  EXPECT_EQ(parsed->caps, (std::vector<CapNumber>{CAP_CHOWN, CAP_NET_RAW, CAP_NET_BIND_SERVICE}));
  EXPECT_TRUE(parsed->unavailable.empty());
}

TEST(SecurityCapabilities, KeepsDuplicatesOnce) {
  auto parsed = parseCapabilities({"CAP_KILL", "CAP_KILL"}, 40);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->caps, std::vector<CapNumber>{CAP_KILL});
}

TEST(SecurityCapabilities, UnknownNamesAreOneErrorNamingAll) {
  auto parsed = parseCapabilities({"CAP_CHOWN", "CAP_BOGUS", "UNKNOWN_CAP"}, 40);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::Invalid);
  const std::string text = parsed.error().describe();
  EXPECT_NE(text.find("\"CAP_BOGUS\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"UNKNOWN_CAP\""), std::string::npos) << text;
  EXPECT_EQ(text.find("CAP_CHOWN\""), std::string::npos) << text;
}

TEST(SecurityCapabilities, NamesAreCaseSensitiveLikeRunc) {
  for (const char *name : {"cap_net_raw", "Cap_Net_Raw", "CAP_net_raw", "NET_RAW", "13", "CAP_"}) {
    auto parsed = parseCapabilities({name}, 40);
    ASSERT_FALSE(parsed) << name;
    EXPECT_NE(parsed.error().describe().find(name), std::string::npos) << name;
  }
}

TEST(SecurityCapabilities, CapsTheKernelLacksAreDroppedNotRefused) {
  // As if the running kernel ended at CAP_NET_ADMIN (12): CAP_NET_RAW (13) is known to libcap.
  auto parsed = parseCapabilities({"CAP_CHOWN", "CAP_NET_RAW", "CAP_CHECKPOINT_RESTORE"}, 12);
  ASSERT_TRUE(parsed) << parsed.error().describe();
  EXPECT_EQ(parsed->caps, std::vector<CapNumber>{CAP_CHOWN});
  EXPECT_EQ(parsed->unavailable,
            (std::vector<std::string>{"CAP_NET_RAW", "CAP_CHECKPOINT_RESTORE"}));
}

TEST(SecurityCapabilities, KernelLastCapIsAtLeastCapAuditRead) {
  // CAP_AUDIT_READ (37) arrived in Linux 3.16.
  EXPECT_GE(kernelLastCap(), CAP_AUDIT_READ);
}

TEST(SecurityCapabilities, NamesRoundTrip) {
  EXPECT_EQ(capabilityName(CAP_NET_BIND_SERVICE), "CAP_NET_BIND_SERVICE");
  EXPECT_EQ(capabilityName(CAP_CHOWN), "CAP_CHOWN");
  EXPECT_EQ(capabilityName(63), "CAP_63");
}

TEST(SecurityCapabilities, RestrictToHeldLeavesOutWhatCannotBeGranted) {
  CapabilitySets sets;
  sets.bounding = {CAP_CHOWN, CAP_SYS_RESOURCE};
  sets.effective = {CAP_CHOWN, CAP_SYS_RESOURCE};
  sets.permitted = {CAP_CHOWN, CAP_SYS_RESOURCE};
  sets.inheritable = {CAP_KILL};
  sets.ambient = {};
  const HeldCapabilities held{{CAP_CHOWN}, {CAP_CHOWN, CAP_KILL}};
  const RestrictedCapabilities out = restrictToHeld(sets, held);
  EXPECT_EQ(out.sets.bounding, std::vector<CapNumber>{CAP_CHOWN});
  EXPECT_EQ(out.sets.effective, std::vector<CapNumber>{CAP_CHOWN});
  EXPECT_EQ(out.sets.permitted, std::vector<CapNumber>{CAP_CHOWN});
  EXPECT_TRUE(out.sets.inheritable.empty());
  EXPECT_EQ(out.unavailable, (std::vector<std::string>{"CAP_SYS_RESOURCE", "CAP_KILL"}));
}

TEST(SecurityRlimits, ResolvesEveryRuncName) {
  const std::pair<const char *, int> names[] = {
      {"RLIMIT_CPU", RLIMIT_CPU},           {"RLIMIT_FSIZE", RLIMIT_FSIZE},
      {"RLIMIT_DATA", RLIMIT_DATA},         {"RLIMIT_STACK", RLIMIT_STACK},
      {"RLIMIT_CORE", RLIMIT_CORE},         {"RLIMIT_RSS", RLIMIT_RSS},
      {"RLIMIT_NPROC", RLIMIT_NPROC},       {"RLIMIT_NOFILE", RLIMIT_NOFILE},
      {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},   {"RLIMIT_AS", RLIMIT_AS},
      {"RLIMIT_LOCKS", RLIMIT_LOCKS},       {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
      {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", RLIMIT_NICE},
      {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},     {"RLIMIT_RTTIME", RLIMIT_RTTIME},
  };
  for (const auto &[name, resource] : names) {
    auto parsed = parseRlimitResource(name);
    ASSERT_TRUE(parsed) << name;
    EXPECT_EQ(*parsed, resource) << name;
  }
}

TEST(SecurityRlimits, UnknownNamesAreErrorsNamingThem) {
  for (const char *name : {"RLIMIT_BOGUS", "rlimit_nofile", "NOFILE", ""}) {
    auto parsed = parseRlimitResource(name);
    ASSERT_FALSE(parsed) << name;
    EXPECT_EQ(parsed.error().code, ErrorCode::Invalid);
    EXPECT_NE(parsed.error().describe().find(std::string("\"") + name + "\""), std::string::npos)
        << parsed.error().describe();
  }
}

TEST(SecuritySeccompNames, ActionsAndOperators) {
  EXPECT_EQ(parseSeccompAction("SCMP_ACT_KILL").value(), SeccompAction::KillThread);
  EXPECT_EQ(parseSeccompAction("SCMP_ACT_KILL_THREAD").value(), SeccompAction::KillThread);
  EXPECT_EQ(parseSeccompAction("SCMP_ACT_KILL_PROCESS").value(), SeccompAction::KillProcess);
  EXPECT_EQ(parseSeccompAction("SCMP_ACT_TRAP").value(), SeccompAction::Trap);
  EXPECT_EQ(parseSeccompAction("SCMP_ACT_ERRNO").value(), SeccompAction::Errno);
  EXPECT_EQ(parseSeccompAction("SCMP_ACT_TRACE").value(), SeccompAction::Trace);
  EXPECT_EQ(parseSeccompAction("SCMP_ACT_ALLOW").value(), SeccompAction::Allow);
  EXPECT_EQ(parseSeccompAction("SCMP_ACT_LOG").value(), SeccompAction::Log);
  EXPECT_EQ(parseSeccompAction("SCMP_ACT_NOTIFY").value(), SeccompAction::Notify);
  EXPECT_FALSE(parseSeccompAction("SCMP_ACT_BOGUS"));
  EXPECT_EQ(parseSeccompOperator("SCMP_CMP_NE").value(), SeccompOperator::NotEqual);
  EXPECT_EQ(parseSeccompOperator("SCMP_CMP_LT").value(), SeccompOperator::LessThan);
  EXPECT_EQ(parseSeccompOperator("SCMP_CMP_LE").value(), SeccompOperator::LessEqual);
  EXPECT_EQ(parseSeccompOperator("SCMP_CMP_EQ").value(), SeccompOperator::Equal);
  EXPECT_EQ(parseSeccompOperator("SCMP_CMP_GE").value(), SeccompOperator::GreaterEqual);
  EXPECT_EQ(parseSeccompOperator("SCMP_CMP_GT").value(), SeccompOperator::GreaterThan);
  EXPECT_EQ(parseSeccompOperator("SCMP_CMP_MASKED_EQ").value(), SeccompOperator::MaskedEqual);
  auto bad = parseSeccompOperator("SCMP_CMP_XX");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().describe().find("SCMP_CMP_XX"), std::string::npos);
}

} // namespace
} // namespace runw::runtime::security
