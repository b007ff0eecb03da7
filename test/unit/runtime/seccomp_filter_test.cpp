// SPDX-License-Identifier: Apache-2.0
// SeccompConfig -> BPF: the exported program holds the actions, syscalls and comparisons asked for.
#include "linux/process_security.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <vector>

namespace runw::runtime::security {
namespace {

std::vector<sock_filter> exportProgram(const SeccompConfig &config) {
  auto fd = exportSeccompBpf(config);
  EXPECT_TRUE(fd) << (fd ? "" : fd.error().describe());
  if (!fd) {
    return {};
  }
  struct stat st {};
  EXPECT_EQ(::fstat(fd->get(), &st), 0);
  std::vector<sock_filter> program(static_cast<size_t>(st.st_size) / sizeof(sock_filter));
  const size_t bytes = program.size() * sizeof(sock_filter);
  EXPECT_EQ(::read(fd->get(), program.data(), bytes), static_cast<ssize_t>(bytes));
  EXPECT_GT(program.size(), 0U);
  return program;
}

bool hasInsn(const std::vector<sock_filter> &program, uint16_t code, uint32_t k) {
  return std::any_of(program.begin(), program.end(),
                     [&](const sock_filter &insn) { return insn.code == code && insn.k == k; });
}

constexpr uint16_t kRet = BPF_RET | BPF_K;
constexpr uint16_t kJeq = BPF_JMP | BPF_JEQ | BPF_K;
constexpr uint16_t kJgt = BPF_JMP | BPF_JGT | BPF_K;
constexpr uint16_t kJge = BPF_JMP | BPF_JGE | BPF_K;
constexpr uint16_t kAnd = BPF_ALU | BPF_AND | BPF_K;

SeccompRule rule(std::vector<std::string> names, SeccompAction action,
                 std::optional<uint32_t> errnoRet = std::nullopt,
                 std::vector<SeccompArg> args = {}) {
  return SeccompRule{std::move(names), action, errnoRet, std::move(args)};
}

TEST(SecuritySeccompFilter, AllowByDefaultWithErrnoRuleForMkdir) {
  SeccompConfig config;
  config.defaultAction = SeccompAction::Allow;
  config.syscalls = {rule({"mkdir"}, SeccompAction::Errno, 38)};
  const auto program = exportProgram(config);
  EXPECT_TRUE(hasInsn(program, kJeq, SYS_mkdir));
  EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_ERRNO | 38U));
  EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_ALLOW));
  EXPECT_FALSE(hasInsn(program, kRet, SECCOMP_RET_ERRNO | EPERM));
}

TEST(SecuritySeccompFilter, ErrnoDefaultsToEpermAndDefaultErrnoRetIsUsed) {
  SeccompConfig config;
  config.defaultAction = SeccompAction::Errno;
  config.defaultErrnoRet = 38;
  config.syscalls = {rule({"read", "write"}, SeccompAction::Allow),
                     rule({"mkdir"}, SeccompAction::Errno)};
  const auto program = exportProgram(config);
  EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_ERRNO | 38U));   // default action
  EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_ERRNO | EPERM)); // mkdir without errnoRet
  EXPECT_TRUE(hasInsn(program, kJeq, SYS_read));
  EXPECT_TRUE(hasInsn(program, kJeq, SYS_write));
}

TEST(SecuritySeccompFilter, EveryActionReachesTheProgram) {
  SeccompConfig config;
  config.defaultAction = SeccompAction::KillProcess;
  config.syscalls = {
      rule({"read"}, SeccompAction::Allow),        rule({"write"}, SeccompAction::Log),
      rule({"getpid"}, SeccompAction::Trap),       rule({"getppid"}, SeccompAction::Trace, 7),
      rule({"getuid"}, SeccompAction::KillThread), rule({"getgid"}, SeccompAction::Errno, 5)};
  const auto program = exportProgram(config);
  EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_KILL_PROCESS));
  EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_ALLOW));
  EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_LOG));
  EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_TRAP));
  EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_TRACE | 7U));
  EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_KILL_THREAD));
  EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_ERRNO | 5U));
}

TEST(SecuritySeccompFilter, ArgumentComparisons) {
  SeccompConfig config;
  config.syscalls = {
      rule({"personality"}, SeccompAction::Errno, 1, {{0, 0x1234567, 0, SeccompOperator::Equal}}),
      rule({"setns"}, SeccompAction::Errno, 2, {{1, 0x2345678, 0, SeccompOperator::GreaterThan}}),
      rule({"unshare"}, SeccompAction::Errno, 3,
           {{0, 0x3456789, 0, SeccompOperator::GreaterEqual}}),
      rule({"clone"}, SeccompAction::Errno, 4,
           {{0, 0x7e020000, 0x0c020000, SeccompOperator::MaskedEqual}}),
      rule({"kill"}, SeccompAction::Errno, 6, {{1, 0x4567890, 0, SeccompOperator::NotEqual}}),
      rule({"tkill"}, SeccompAction::Errno, 8, {{1, 0x5678901, 0, SeccompOperator::LessThan}}),
      rule({"tgkill"}, SeccompAction::Errno, 9, {{2, 0x6789012, 0, SeccompOperator::LessEqual}}),
  };
  const auto program = exportProgram(config);
  EXPECT_TRUE(hasInsn(program, kJeq, 0x1234567));
  EXPECT_TRUE(hasInsn(program, kJgt, 0x2345678));
  EXPECT_TRUE(hasInsn(program, kJge, 0x3456789));
  // MASKED_EQ: value is the mask, valueTwo the datum compared after the AND.
  EXPECT_TRUE(hasInsn(program, kAnd, 0x7e020000));
  EXPECT_TRUE(hasInsn(program, kJeq, 0x0c020000));
  EXPECT_TRUE(hasInsn(program, kJeq, 0x4567890)); // NE is JEQ with the branches swapped
  EXPECT_TRUE(hasInsn(program, kJge, 0x5678901)); // LT is JGE swapped
  EXPECT_TRUE(hasInsn(program, kJgt, 0x6789012)); // LE is JGT swapped
  for (uint32_t ret : {1U, 2U, 3U, 4U, 6U, 8U, 9U}) {
    EXPECT_TRUE(hasInsn(program, kRet, SECCOMP_RET_ERRNO | ret)) << ret;
  }
}

TEST(SecuritySeccompFilter, RepeatedArgumentIndexBecomesSeparateRules) {
  SeccompConfig config;
  config.syscalls = {
      rule({"personality"}, SeccompAction::Errno, 1,
           {{0, 0x1111, 0, SeccompOperator::Equal}, {0, 0x2222, 0, SeccompOperator::Equal}})};
  const auto program = exportProgram(config);
  EXPECT_TRUE(hasInsn(program, kJeq, 0x1111));
  EXPECT_TRUE(hasInsn(program, kJeq, 0x2222));
}

TEST(SecuritySeccompFilter, UnknownSyscallNamesAreSkipped) {
  SeccompConfig known;
  known.syscalls = {rule({"mkdir"}, SeccompAction::Errno, 38)};
  SeccompConfig withUnknown;
  withUnknown.syscalls = {rule({"no_such_syscall_runw", "mkdir"}, SeccompAction::Errno, 38),
                          rule({"another_fake_syscall"}, SeccompAction::KillProcess)};
  const auto a = exportProgram(known);
  const auto b = exportProgram(withUnknown);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].code, b[i].code) << i;
    EXPECT_EQ(a[i].k, b[i].k) << i;
  }
}

TEST(SecuritySeccompFilter, RuleEqualToDefaultIsSkipped) {
  SeccompConfig config;
  config.syscalls = {rule({"getpid"}, SeccompAction::Allow),
                     rule({"mkdir"}, SeccompAction::Errno, 38)};
  const auto program = exportProgram(config);
  EXPECT_TRUE(hasInsn(program, kJeq, SYS_mkdir));
  EXPECT_FALSE(hasInsn(program, kJeq, SYS_getpid));
}

TEST(SecuritySeccompFilter, NotifyIsRefused) {
  SeccompConfig asRule;
  asRule.syscalls = {rule({"mkdir"}, SeccompAction::Notify)};
  asRule.listenerPath = "/run/agent.sock";
  SeccompConfig asDefault;
  asDefault.defaultAction = SeccompAction::Notify;
  for (const SeccompConfig &config : {asRule, asDefault}) {
    auto fd = exportSeccompBpf(config);
    ASSERT_FALSE(fd);
    EXPECT_EQ(fd.error().code, ErrorCode::Unsupported);
    EXPECT_NE(fd.error().describe().find("SCMP_ACT_NOTIFY is not supported"), std::string::npos)
        << fd.error().describe();
  }
}

TEST(SecuritySeccompFilter, ArchitecturesAreAddedAndBadOnesRefused) {
  SeccompConfig config;
  config.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"};
  config.syscalls = {rule({"mkdir"}, SeccompAction::Errno, 38)};
  const auto program = exportProgram(config);
  EXPECT_TRUE(hasInsn(program, kJeq, AUDIT_ARCH_X86_64));
  EXPECT_TRUE(hasInsn(program, kJeq, AUDIT_ARCH_I386));

  for (const char *bad : {"SCMP_ARCH_BOGUS", "x86_64", "SCMP_ARCH_"}) {
    config.architectures = {"SCMP_ARCH_X86_64", bad};
    auto fd = exportSeccompBpf(config);
    ASSERT_FALSE(fd) << bad;
    EXPECT_EQ(fd.error().code, ErrorCode::Invalid);
    EXPECT_NE(fd.error().describe().find(std::string("\"") + bad + "\""), std::string::npos)
        << fd.error().describe();
  }
}

TEST(SecuritySeccompFilter, FlagsAreAcceptedAndUnknownOnesRefused) {
  SeccompConfig config;
  config.flags = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                  "SECCOMP_FILTER_FLAG_SPEC_ALLOW"};
  EXPECT_TRUE(exportSeccompBpf(config)) << exportSeccompBpf(config).error().describe();
  config.flags = {"SECCOMP_FILTER_FLAG_BOGUS"};
  auto fd = exportSeccompBpf(config);
  ASSERT_FALSE(fd);
  EXPECT_NE(fd.error().describe().find("SECCOMP_FILTER_FLAG_BOGUS"), std::string::npos);
}

TEST(SecuritySeccompFilter, BadRulesAreRefused) {
  SeccompConfig errnoOnAllow;
  errnoOnAllow.defaultAction = SeccompAction::Errno;
  errnoOnAllow.syscalls = {rule({"read"}, SeccompAction::Allow, 5)};
  auto fd = exportSeccompBpf(errnoOnAllow);
  ASSERT_FALSE(fd);
  EXPECT_NE(fd.error().describe().find("errnoRet is only valid"), std::string::npos);

  SeccompConfig badIndex;
  badIndex.syscalls = {
      rule({"read"}, SeccompAction::Errno, 5, {{6, 1, 0, SeccompOperator::Equal}})};
  fd = exportSeccompBpf(badIndex);
  ASSERT_FALSE(fd);
  EXPECT_NE(fd.error().describe().find("argument index 6"), std::string::npos);

  SeccompConfig bigErrno;
  bigErrno.syscalls = {rule({"read"}, SeccompAction::Errno, 0x10000)};
  EXPECT_FALSE(exportSeccompBpf(bigErrno));
}

} // namespace
} // namespace runw::runtime::security
