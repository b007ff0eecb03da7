// SPDX-License-Identifier: Apache-2.0
// Unit tests of the forked shim server: its fds and session, and the rewritten command line.
#include "daemon_fork.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

namespace runw::shim {
namespace {

// A fake argv area laid out as the kernel does: the strings back to back, NUL-terminated.
struct FakeArgv {
  explicit FakeArgv(std::string area) : text(std::move(area)) {
    for (size_t at = 0; at < text.size(); at += std::string(text.data() + at).size() + 1) {
      argv.push_back(text.data() + at);
    }
  }
  std::string text;
  std::vector<char *> argv;
};

TEST(SetCommandLine, RewritesTheArgvAreaAndClearsTheRest) {
  FakeArgv fake(std::string("shim\0-id\0x\0start\0", 17));
  rememberCommandLine(static_cast<int>(fake.argv.size()), fake.argv.data());
  ASSERT_TRUE(setCommandLine({"shim", "-id", "x"}).has_value());
  EXPECT_EQ(fake.text, std::string("shim\0-id\0x\0\0\0\0\0\0\0", 17));
  rememberCommandLine(0, nullptr);
}

TEST(SetCommandLine, RefusesALongerLineAndKeepsTheOld) {
  const std::string original("shim\0start\0", 11);
  FakeArgv fake(original);
  rememberCommandLine(static_cast<int>(fake.argv.size()), fake.argv.data());
  EXPECT_FALSE(setCommandLine({"shim", "-namespace", "default"}).has_value());
  EXPECT_EQ(fake.text, original);
  rememberCommandLine(0, nullptr);
  EXPECT_FALSE(setCommandLine({"shim"}).has_value()) << "no area remembered";
}

bool isDevNull(int fd) {
  struct stat info {};
  return ::fstat(fd, &info) == 0 && S_ISCHR(info.st_mode) && major(info.st_rdev) == 1 &&
         minor(info.st_rdev) == 3;
}

TEST(ForkDaemon, ChildServesInItsOwnSessionWithTheListenerOnFd3) {
  std::array<int, 2> pair{};
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair.data()), 0);
  UniqueFd ours(pair[0]);
  UniqueFd listener(pair[1]);
  const pid_t parent = ::getpid();
  // The child reports on fd 3, the only fd it shares with us.
  auto forked = forkDaemon({}, listener, [parent] {
    const bool ok = ::getsid(0) == ::getpid() && ::getppid() == parent && isDevNull(0) &&
                    isDevNull(1) && isDevNull(2);
    const char verdict = ok ? 'y' : 'n';
    return ::write(3, &verdict, 1) == 1 ? 7 : 1;
  });
  ASSERT_TRUE(forked.has_value()) << forked.error().describe();
  listener.reset();
  char verdict = 0;
  ASSERT_EQ(::read(ours.get(), &verdict, 1), 1);
  EXPECT_EQ(verdict, 'y');
  int status = 0;
  const pid_t child = ::wait(&status);
  ASSERT_GT(child, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7) << "the child exits with serve's status";
}

} // namespace
} // namespace runw::shim
