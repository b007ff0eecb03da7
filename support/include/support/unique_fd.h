// SPDX-License-Identifier: Apache-2.0
// UniqueFd: owns one file descriptor and closes it exactly once.
#pragma once

#include <unistd.h>
#include <utility>

namespace runw {

/// Move-only owner of a file descriptor; -1 means empty.
class UniqueFd {
public:
  UniqueFd() = default;
  /// Takes ownership of fd.
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd &&other) noexcept : fd_(other.release()) {}
  UniqueFd &operator=(UniqueFd &&other) noexcept {
    reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd &) = delete;
  UniqueFd &operator=(const UniqueFd &) = delete;
  ~UniqueFd() { reset(); }

  /// The descriptor, still owned.
  [[nodiscard]] int get() const { return fd_; }
  /// True when a descriptor is held.
  explicit operator bool() const { return fd_ >= 0; }
  /// Gives up ownership without closing.
  int release() { return std::exchange(fd_, -1); }
  /// Closes the held descriptor (if any) and takes fd.
  void reset(int fd = -1) {
    if (fd_ >= 0) {
      // close() errors cannot be acted on here; the fd is gone either way (close(2)).
      (void)::close(fd_);
    }
    fd_ = fd;
  }

private:
  int fd_ = -1;
};

} // namespace runw
