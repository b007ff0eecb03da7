// SPDX-License-Identifier: Apache-2.0
// Running a program to completion from the shim's single-threaded bootstrap actions.
#include "run_once.h"

#include "support/unique_fd.h"

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ; // NOLINT(readability-redundant-declaration)

namespace runw::shim {

namespace {

std::string readToEnd(int fd) {
  std::string out;
  std::array<char, 4096> buffer{};
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return out;
    }
    out.append(buffer.data(), static_cast<std::size_t>(n));
  }
}

} // namespace

OnceResult runOnce(std::vector<std::string> args, bool captureStdout) {
  OnceResult result;
  std::array<int, 2> pipe{-1, -1};
  if (captureStdout && ::pipe2(pipe.data(), O_CLOEXEC) != 0) {
    return result;
  }
  UniqueFd readEnd(pipe[0]);
  UniqueFd writeEnd(pipe[1]);
  std::vector<char *> argv;
  for (std::string &arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (captureStdout) {
    posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), 1);
  } else {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  }
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  writeEnd.reset();
  if (rc != 0) {
    return result;
  }
  if (captureStdout) {
    result.out = readToEnd(readEnd.get());
  }
  while (::waitpid(pid, &result.status, 0) < 0 && errno == EINTR) {
  }
  return result;
}

} // namespace runw::shim
