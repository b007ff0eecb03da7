// SPDX-License-Identifier: Apache-2.0
// Test helpers: run a program with posix_spawn in a directory and capture its output.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char **environ; // NOLINT(readability-redundant-declaration): POSIX, not in a header

namespace runw::runtime::testing {

/// What a finished program did.
struct ProgramResult {
  int exitCode = -1;     ///< exit status, or 128+signal
  std::string out;       ///< everything written to stdout
  std::string err;       ///< everything written to stderr
  bool timedOut = false; ///< killed because RunOptions::timeoutSeconds passed
};

/// How runProgram runs a program.
struct RunOptions {
  /// Fed to stdin through a pipe that is then closed (at most 64 KiB, the pipe's capacity);
  /// nullopt: stdin is /dev/null.
  std::optional<std::string> stdinText;
  /// SIGKILL the program after this long (ProgramResult::timedOut); 0 waits forever.
  int timeoutSeconds = 0;
};

/// A fresh directory under /tmp, removed with its contents at scope exit.
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "runw-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
    }
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  /// The directory.
  [[nodiscard]] const std::filesystem::path &path() const { return path_; }

private:
  std::filesystem::path path_;
};

/// The whole content of a file ("" when it cannot be read).
inline std::string readFile(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The build's runw binary.
inline std::string runwPath() { return std::string(RUNW_BIN_DIR) + "/runw"; }

/// The first executable called name in $PATH (plus the sbin directories, where Debian puts
/// runc), or nullopt.
inline std::optional<std::string> findInPath(const std::string &name) {
  std::string dirs = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  dirs += ":/usr/local/sbin:/usr/sbin:/sbin";
  std::stringstream stream(dirs);
  for (std::string dir; std::getline(stream, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

/// The read end of a pipe that holds text and whose write end is closed; -1 on failure.
inline int filledPipe(const std::string &text) {
  int ends[2] = {-1, -1};
  if (text.size() > 65536 || ::pipe2(ends, O_CLOEXEC) != 0) {
    return -1;
  }
  const bool written =
      ::write(ends[1], text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(ends[1]);
  if (!written) {
    ::close(ends[0]);
    return -1;
  }
  return ends[0];
}

/// Waits for pid; after timeoutSeconds (when > 0) kills it and sets result.timedOut.
inline int waitFor(pid_t pid, int timeoutSeconds, ProgramResult &result) {
  int status = 0;
  if (timeoutSeconds <= 0) {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid, SIGKILL);
      result.timedOut = true;
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status;
}

/// Runs program with args (argv[0] is added) in directory cwd, and waits. Stdin is /dev/null
/// unless options say otherwise.
inline ProgramResult runProgram(const std::string &program, const std::vector<std::string> &args,
                                const std::filesystem::path &cwd, const RunOptions &options = {}) {
  ProgramResult result;
  char outName[] = "/tmp/runw-test-out-XXXXXX";
  char errName[] = "/tmp/runw-test-err-XXXXXX";
  const int outFd = ::mkstemp(outName);
  const int errFd = ::mkstemp(errName);
  EXPECT_GE(outFd, 0);
  EXPECT_GE(errFd, 0);
  ::unlink(outName);
  ::unlink(errName);

  std::vector<std::string> argvStrings{program};
  argvStrings.insert(argvStrings.end(), args.begin(), args.end());
  std::vector<char *> argv;
  for (auto &arg : argvStrings) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const int stdinFd = options.stdinText ? filledPipe(*options.stdinText) : -1;
  EXPECT_TRUE(!options.stdinText || stdinFd >= 0) << "cannot fill a stdin pipe";
  if (stdinFd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, stdinFd, STDIN_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&actions, outFd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, errFd, STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid = -1;
  const int spawned = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (stdinFd >= 0) {
    ::close(stdinFd);
  }
  EXPECT_EQ(spawned, 0) << "cannot run " << program;
  if (spawned == 0) {
    const int status = waitFor(pid, options.timeoutSeconds, result);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  for (auto [fd, text] : {std::pair{outFd, &result.out}, std::pair{errFd, &result.err}}) {
    ::lseek(fd, 0, SEEK_SET);
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
      text->append(buffer, static_cast<size_t>(n));
    }
    ::close(fd);
  }
  return result;
}

/// Runs build/bin/runw with args in cwd.
inline ProgramResult runw(const std::vector<std::string> &args,
                          const std::filesystem::path &cwd = "/") {
  return runProgram(runwPath(), args, cwd);
}

} // namespace runw::runtime::testing
