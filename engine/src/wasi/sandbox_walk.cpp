// SPDX-License-Identifier: Apache-2.0
// The component-by-component resolver: every directory on the way is opened with O_NOFOLLOW
// and held, symlinks are read and spliced into the remaining components, and `..` pops back
// to the directory held before, so neither a symlink nor a concurrent rename can lead outside.
#include "sandbox_walk.h"

#include "host_call.h"
#include "host_errno.h"

#include <algorithm>
#include <array>
#include <fcntl.h>
#include <limits.h>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace runw::engine::wasi {

namespace {

/// The components still to resolve, last one first (so the next is back() and a symlink's
/// target is spliced in with push_back).
using Pending = std::vector<std::string>;

/// Splits path at '/' (repeated slashes count once) and appends its components to pending in
/// reverse order. Returns whether path ended in '/'.
bool pushComponents(std::string_view path, Pending &pending) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start < path.size()) {
    const size_t slash = std::min(path.find('/', start), path.size());
    if (slash > start) {
      parts.push_back(path.substr(start, slash - start));
    }
    start = slash + 1;
  }
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    pending.emplace_back(*it);
  }
  return !path.empty() && path.back() == '/';
}

/// A symlink's target, or nothing when name (beneath dirFd) is not a symlink (any more).
std::optional<std::string> readSymlink(int dirFd, const char *name) {
  std::array<char, PATH_MAX> buffer{};
  const ssize_t length = ::readlinkat(dirFd, name, buffer.data(), buffer.size());
  if (length < 0 || static_cast<size_t>(length) >= buffer.size()) {
    return std::nullopt;
  }
  return std::string(buffer.data(), static_cast<size_t>(length));
}

class Walk {
public:
  explicit Walk(int base) : base_(base) {}

  /// The directory the next component is looked up in.
  [[nodiscard]] int current() const { return held_.empty() ? base_ : held_.back().get(); }

  /// `..`: back to the directory held before; above the starting one is an escape.
  [[nodiscard]] WasiResult<void> up() {
    if (held_.empty()) {
      return std::unexpected(Errno::NotCapable);
    }
    held_.pop_back();
    return {};
  }

  /// Steps into the directory comp, or splices comp's target into pending when it is a
  /// symlink.
  [[nodiscard]] WasiResult<void> enter(const std::string &comp, Pending &pending) {
    const int fd = retryOnEintr([&] {
      return ::openat(current(), comp.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    });
    if (fd >= 0) {
      held_.emplace_back(fd);
      return {};
    }
    const int error = errno;
    // O_NOFOLLOW reports a symlink as ELOOP, or as ENOTDIR together with O_DIRECTORY.
    if (error == ELOOP || error == ENOTDIR) {
      if (auto target = readSymlink(current(), comp.c_str())) {
        auto spliced = splice(*target, pending);
        if (!spliced) {
          return std::unexpected(spliced.error());
        }
        return {};
      }
    }
    return std::unexpected(fromHostErrno(error));
  }

  /// Replaces a symlink by its target's components. Returns whether the target ended in '/'.
  [[nodiscard]] WasiResult<bool> splice(const std::string &target, Pending &pending) {
    if (++expansions_ > kMaxSymlinkExpansions) {
      return std::unexpected(Errno::Loop);
    }
    if (target.empty()) {
      return std::unexpected(Errno::NoEnt);
    }
    // An absolute target names the host's root, never something beneath the start.
    if (target.front() == '/') {
      return std::unexpected(Errno::NotCapable);
    }
    return pushComponents(target, pending);
  }

  /// The directory reached, as an O_PATH descriptor the caller owns.
  [[nodiscard]] WasiResult<UniqueFd> takeCurrent() {
    if (!held_.empty()) {
      UniqueFd out = std::move(held_.back());
      held_.pop_back();
      return out;
    }
    UniqueFd copy(::openat(base_, ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!copy) {
      return lastHostError();
    }
    return copy;
  }

private:
  int base_;
  std::vector<UniqueFd> held_;
  int expansions_ = 0;
};

/// What opening the last component gave: a descriptor, or a symlink spliced into pending
/// (then the walk goes on).
struct FinalStep {
  UniqueFd fd;
  bool spliced = false;
};

/// Opens the last component comp. The kernel never follows it (O_NOFOLLOW); when followFinal
/// and it is a symlink, its target is spliced into pending instead (and flags gains
/// O_DIRECTORY when that target ends in '/').
WasiResult<FinalStep> openFinal(Walk &walk, const std::string &comp, int &flags, mode_t mode,
                                bool followFinal, Pending &pending) {
  const int hostFlags = flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY;
  UniqueFd fd(
      retryOnEintr([&] { return ::openat(walk.current(), comp.c_str(), hostFlags, mode); }));
  std::optional<std::string> target;
  int error = 0;
  if (fd) {
    struct stat info {};
    // O_PATH | O_NOFOLLOW opens a symlink itself rather than failing with ELOOP.
    if (!followFinal || (flags & O_PATH) == 0 || ::fstat(fd.get(), &info) != 0 ||
        !S_ISLNK(info.st_mode)) {
      return FinalStep{std::move(fd), false};
    }
    target = readSymlink(fd.get(), "");
  } else {
    error = errno;
    if (followFinal && (error == ELOOP || error == ENOTDIR)) {
      target = readSymlink(walk.current(), comp.c_str());
    }
  }
  if (!target) {
    return std::unexpected(fromHostErrno(error == 0 ? ELOOP : error));
  }
  auto trailing = walk.splice(*target, pending);
  if (!trailing) {
    return std::unexpected(trailing.error());
  }
  // A target ending in '/' must name a directory, as a path ending in '/' must.
  if (*trailing && (flags & O_CREAT) == 0) {
    flags |= O_DIRECTORY;
  }
  return FinalStep{UniqueFd(), true};
}

/// The components of a non-empty relative path, and whether it ended in '/'.
struct Split {
  Pending pending;
  bool trailingSlash = false;
};

Split split(std::string_view path) {
  Split out;
  out.trailingSlash = pushComponents(path, out.pending);
  return out;
}

} // namespace

WasiResult<UniqueFd> walkOpen(int dirFd, std::string_view path, int flags, mode_t mode,
                              bool followFinal) {
  Split parts = split(path);
  if (parts.trailingSlash) {
    // As the kernel does: a trailing slash follows a final symlink and needs a directory; it
    // cannot create one (open_last_lookups gives EISDIR once the parent is found).
    followFinal = true;
    if ((flags & O_CREAT) == 0) {
      flags |= O_DIRECTORY;
    }
  }
  Walk walk(dirFd);
  Pending &pending = parts.pending;
  while (!pending.empty()) {
    const std::string comp = std::move(pending.back());
    pending.pop_back();
    if (comp == ".") {
      continue;
    }
    WasiResult<void> stepped;
    if (comp == "..") {
      stepped = walk.up();
    } else if (!pending.empty()) {
      stepped = walk.enter(comp, pending);
    } else if (parts.trailingSlash && (flags & O_CREAT) != 0) {
      return std::unexpected(Errno::IsDir);
    } else {
      auto step = openFinal(walk, comp, flags, mode, followFinal, pending);
      if (!step) {
        return std::unexpected(step.error());
      }
      if (!step->spliced) {
        return std::move(step->fd);
      }
    }
    if (!stepped) {
      return std::unexpected(stepped.error());
    }
  }
  // The path ended in "." or "..": it names the directory reached, which the kernel opens
  // (and refuses to create or write as it would any directory).
  UniqueFd fd(retryOnEintr(
      [&] { return ::openat(walk.current(), ".", flags | O_CLOEXEC | O_NOCTTY, mode); }));
  if (!fd) {
    return lastHostError();
  }
  return fd;
}

WasiResult<ParentAndName> walkParent(int dirFd, std::string_view path) {
  Split parts = split(path);
  Pending &pending = parts.pending;
  std::string name = ".";
  // A last "." or ".." is resolved with the rest: the directory it names is the parent.
  if (pending.front() != "." && pending.front() != "..") {
    name = std::move(pending.front());
    pending.erase(pending.begin());
  }
  Walk walk(dirFd);
  while (!pending.empty()) {
    const std::string comp = std::move(pending.back());
    pending.pop_back();
    WasiResult<void> stepped;
    if (comp == "..") {
      stepped = walk.up();
    } else if (comp != ".") {
      stepped = walk.enter(comp, pending);
    }
    if (!stepped) {
      return std::unexpected(stepped.error());
    }
  }
  auto parent = walk.takeCurrent();
  if (!parent) {
    return std::unexpected(parent.error());
  }
  return ParentAndName{std::move(*parent), std::move(name), parts.trailingSlash};
}

} // namespace runw::engine::wasi
