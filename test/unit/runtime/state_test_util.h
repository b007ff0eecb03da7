// SPDX-License-Identifier: Apache-2.0
// Helpers for the state tests: a mkdtemp root, records, forked children and their exit codes.
#pragma once

#include "state/record.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace runw::runtime::state::testing {

/// A fresh directory under /tmp, removed with everything in it at scope exit.
class TempDir {
public:
  TempDir() {
    std::string pattern = "/tmp/runw-state-test-XXXXXX";
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
  /// The directory; empty if mkdtemp failed.
  [[nodiscard]] const std::string &path() const { return path_; }
  /// path()/name.
  [[nodiscard]] std::string sub(const std::string &name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

/// A record with every required field set.
inline ContainerRecord makeRecord(std::string id) {
  ContainerRecord record;
  record.id = std::move(id);
  record.ociVersion = "1.2.1";
  record.bundle = "/tmp/bundle-" + record.id;
  record.rootfs = record.bundle + "/rootfs";
  record.created = nowCreatedTime();
  record.ownerUid = ::geteuid();
  return record;
}

/// Forks; the child runs body and _exits with its return value (never returning into gtest).
/// A child stuck for 30 s dies of SIGALRM, so a broken lock fails the test instead of hanging.
template <class Body> pid_t forkChild(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::alarm(30);
    ::_exit(body());
  }
  return pid;
}

/// Waits for pid: its exit code, 128+signal if killed, or -1 if waitpid failed.
inline int waitExit(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

/// A pipe whose ends close at scope exit.
struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() {
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      fds[0] = fds[1] = -1;
    }
  }
  Pipe(const Pipe &) = delete;
  Pipe &operator=(const Pipe &) = delete;
  ~Pipe() {
    closeRead();
    closeWrite();
  }
  void closeRead() {
    if (fds[0] >= 0) {
      ::close(fds[0]);
      fds[0] = -1;
    }
  }
  void closeWrite() {
    if (fds[1] >= 0) {
      ::close(fds[1]);
      fds[1] = -1;
    }
  }
  /// Writes one byte; false on failure.
  [[nodiscard]] bool signal(char byte = 'x') const { return ::write(fds[1], &byte, 1) == 1; }
  /// Reads one byte; '\0' on EOF or error.
  [[nodiscard]] char wait() const {
    char byte = 0;
    ssize_t got = 0;
    do {
      got = ::read(fds[0], &byte, 1);
    } while (got < 0 && errno == EINTR);
    return got == 1 ? byte : '\0';
  }
};

} // namespace runw::runtime::state::testing
