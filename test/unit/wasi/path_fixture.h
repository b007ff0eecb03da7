// SPDX-License-Identifier: Apache-2.0
// Shared helpers for the sandbox and path_* tests: a temporary directory tree under /tmp that
// is removed at the end of the test, and small host file helpers.
#pragma once

#include "support/unique_fd.h"

#include <gtest/gtest.h>

#include <array>
#include <fcntl.h>
#include <filesystem>
#include <stdlib.h>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace runw::engine::wasi::pathtest {

/// A fresh directory under /tmp (mkdtemp), removed with everything in it on destruction.
class TempDir {
public:
  TempDir() {
    std::string pattern = "/tmp/runw-wasi-path-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
    }
  }
  ~TempDir() {
    if (!path_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(path_, ignored);
    }
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  [[nodiscard]] const std::string &path() const { return path_; }
  /// path() + "/" + relative.
  [[nodiscard]] std::string operator/(std::string_view relative) const {
    return path_ + "/" + std::string(relative);
  }

private:
  std::string path_;
};

/// Writes content to a new file at path (truncating one that exists).
inline void writeFile(const std::string &path, std::string_view content) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  ASSERT_TRUE(fd) << path;
  ASSERT_EQ(::write(fd.get(), content.data(), content.size()),
            static_cast<ssize_t>(content.size()));
}

inline void makeDir(const std::string &path) { ASSERT_EQ(::mkdir(path.c_str(), 0755), 0) << path; }

inline void makeSymlink(const std::string &target, const std::string &path) {
  ASSERT_EQ(::symlink(target.c_str(), path.c_str()), 0) << path;
}

/// Everything readable from fd (up to 4 KiB), from its current offset.
inline std::string readAll(int fd) {
  std::array<char, 4096> buffer{};
  const ssize_t length = ::read(fd, buffer.data(), buffer.size());
  return length <= 0 ? std::string() : std::string(buffer.data(), static_cast<size_t>(length));
}

/// A directory opened as a preopen is (O_RDONLY | O_DIRECTORY).
inline UniqueFd openDir(const std::string &path) {
  return UniqueFd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

/// lstat(path), or a zeroed stat when it fails (st_ino 0 never names a file).
inline struct stat lstatOf(const std::string &path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    info = {};
  }
  return info;
}

/// fstat(fd), or a zeroed stat when it fails.
inline struct stat fstatOf(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    info = {};
  }
  return info;
}

inline bool exists(const std::string &path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

} // namespace runw::engine::wasi::pathtest
