// SPDX-License-Identifier: Apache-2.0
// WasiFixture: a guest memory, a WASI state and host resources (pipes, temp directories) for
// tests that call the preview1 functions directly.
#pragma once

#include "fd_table.h"
#include "functions.h"
#include "state.h"

#include "support/unique_fd.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <ftw.h>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace runw::engine::wasi::test {

using witx::Errno;
using R = WasiResult<void>;

/// The errno a guest would receive for r.
inline Errno errnoOf(const R &r) { return r ? Errno::Success : r.error(); }

class WasiFixture : public ::testing::Test {
protected:
  static constexpr uint32_t kMemorySize = 65536;

  void TearDown() override {
    for (const std::string &dir : dirs_) {
      (void)::nftw(
          dir.c_str(),
          [](const char *path, const struct stat *, int, FTW *) { return ::remove(path); }, 16,
          FTW_DEPTH | FTW_PHYS);
    }
  }

  template <class T> T load(uint32_t at) const {
    T value{};
    std::memcpy(&value, bytes_.data() + at, sizeof(T));
    return value;
  }
  template <class T> void put(uint32_t at, T value) {
    std::memcpy(bytes_.data() + at, &value, sizeof(T));
  }
  void putBytes(uint32_t at, std::string_view text) {
    std::memcpy(bytes_.data() + at, text.data(), text.size());
  }
  [[nodiscard]] std::string text(uint32_t at, uint32_t length) const {
    return {reinterpret_cast<const char *>(bytes_.data() + at), length};
  }
  /// Writes one guest iovec {buf, len} at at.
  void putIovec(uint32_t at, uint32_t buf, uint32_t len) {
    put<uint32_t>(at, buf);
    put<uint32_t>(at + 4, len);
  }

  /// Adds host as a guest fd with every right its type allows.
  uint32_t add(UniqueFd host) {
    auto entry = entryForHostFd(std::move(host));
    EXPECT_TRUE(entry.has_value());
    return addEntry(std::move(*entry));
  }
  uint32_t addEntry(FdEntry entry) {
    auto fd = state_.fds.insert(std::move(entry));
    EXPECT_TRUE(fd.has_value());
    return *fd;
  }
  FdEntry &entry(uint32_t fd) { return **state_.fds.get(fd); }

  /// A pipe: {read end, write end}, both close-on-exec.
  static std::pair<UniqueFd, UniqueFd> makePipe() {
    int ends[2] = {-1, -1};
    EXPECT_EQ(::pipe2(ends, O_CLOEXEC), 0);
    return {UniqueFd(ends[0]), UniqueFd(ends[1])};
  }

  /// A fresh directory under /tmp, removed with its contents after the test.
  std::string tempDir() {
    std::string pattern = "/tmp/runw-wasi-XXXXXX";
    EXPECT_NE(::mkdtemp(pattern.data()), nullptr);
    dirs_.push_back(pattern);
    return pattern;
  }

  /// Opens path (created when flags say so) with mode 0644.
  static UniqueFd openHost(const std::string &path, int flags) {
    UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC, 0644));
    EXPECT_TRUE(fd) << path;
    return fd;
  }

  /// A guest fd for a new regular file holding content, opened read-write.
  uint32_t addFile(std::string_view content, int extraFlags = 0) {
    const std::string path = tempDir() + "/file";
    UniqueFd host = openHost(path, O_RDWR | O_CREAT | O_TRUNC | extraFlags);
    EXPECT_EQ(::write(host.get(), content.data(), content.size()),
              static_cast<ssize_t>(content.size()));
    EXPECT_EQ(::lseek(host.get(), 0, SEEK_SET), 0);
    return add(std::move(host));
  }

  std::vector<uint8_t> bytes_ = std::vector<uint8_t>(kMemorySize);
  GuestMemory mem_{bytes_};
  WasiContext::State state_{false};

private:
  std::vector<std::string> dirs_;
};

} // namespace runw::engine::wasi::test
