// SPDX-License-Identifier: Apache-2.0
// Sandbox: path resolution that never leaves a directory. Every guest path is resolved
// beneath the descriptor of the directory it is relative to (a preopen or a directory opened
// beneath one): `..` past that directory, absolute paths, and symlinks (or chains of them)
// that point outside all fail with Errno::NotCapable, also when another process swaps a
// component for a symlink while the walk runs.
//
// Two resolvers behind one interface: openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS
// where the kernel has it (Linux 5.6+), and a component-by-component walk with O_NOFOLLOW
// elsewhere (and when forced, so tests cover both).
#pragma once

#include "guest_memory.h"

#include "support/unique_fd.h"

#include <string>
#include <string_view>
#include <sys/types.h>

namespace runw::engine::wasi {

/// The directory that holds a path's last component, and that component.
struct ParentAndName {
  UniqueFd parent;  ///< opened beneath the starting directory (O_PATH | O_DIRECTORY)
  std::string name; ///< one component: never empty, never containing '/'
  /// The path ended in '/', so the name must be a directory.
  bool trailingSlash = false;
};

class Sandbox {
public:
  /// forceComponentWalk: use the portable walk even where openat2 exists.
  explicit Sandbox(bool forceComponentWalk = false);

  /// openat(dirFd, path, flags, mode), confined beneath dirFd. O_CLOEXEC and O_NOCTTY are
  /// added. followFinal: whether a symlink as the last component is followed (its target is
  /// confined too); when false, a final symlink gives what openat gives with O_NOFOLLOW
  /// (ELOOP, or the link itself with O_PATH). Errors: NotCapable for escapes, the host's
  /// errno otherwise (NoEnt for an empty path).
  [[nodiscard]] WasiResult<UniqueFd> open(int dirFd, std::string_view path, int flags, mode_t mode,
                                          bool followFinal) const;

  /// Resolves all but the last component of path beneath dirFd (following symlinks among them,
  /// confined), for operations that act on a name itself: mkdirat, unlinkat, renameat, linkat,
  /// symlinkat, readlinkat, fstatat with AT_SYMLINK_NOFOLLOW. A last component of "." or ".."
  /// is resolved too (its parent cannot be named beneath dirFd): then parent is that
  /// directory and name is ".", so callers' *at(parent, ".") calls fail or act as the kernel
  /// does for "." (EINVAL/EBUSY/EEXIST), and a stat sees the right directory.
  [[nodiscard]] WasiResult<ParentAndName> parent(int dirFd, std::string_view path) const;

  /// True when openat2 is in use (for diagnostics and tests).
  [[nodiscard]] bool usesOpenat2() const { return useOpenat2_; }

private:
  bool useOpenat2_;
};

} // namespace runw::engine::wasi
