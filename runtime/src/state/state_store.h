// SPDX-License-Identifier: Apache-2.0
// StateStore: the runw state root, one directory per container holding its state.json.
#pragma once

#include "state/container_lock.h"
#include "state/record.h"

#include "support/result.h"
#include "support/unique_fd.h"

#include <string>
#include <string_view>
#include <vector>

namespace runw::runtime::state {

/// Default --root.
inline constexpr const char *kDefaultStateRoot = "/run/runw";
/// The record inside a container directory.
inline constexpr const char *kStateFileName = "state.json";
/// The flock target inside a container directory (see ContainerLock).
inline constexpr const char *kLockFileName = "lock";
/// The fifo the created init blocks on until `start` opens it (runc's exec.fifo).
inline constexpr const char *kExecFifoName = "exec.fifo";

/// The state root (<root>, 0700) with one directory per container:
///   <root>/<id>/state.json   the ContainerRecord, replaced atomically on every save
///   <root>/<id>/lock         flocked by ContainerLock
///   <root>/<id>/exec.fifo    created by the process code for the create/start split
/// A container directory appears complete (it is built under a temporary name and renamed
/// into place) and disappears at once (renamed away, then deleted), so a runw killed at any
/// point leaves either the whole container or none of it, plus at most a temporary directory
/// that the next create removes. Temporary names contain '~', which no valid id does.
class StateStore {
public:
  /// Opens root, creating it and missing parents with mode 0700. A relative root is made
  /// absolute against the current directory (runc does the same).
  static Result<StateStore> open(std::string root);

  /// The absolute root directory.
  [[nodiscard]] const std::string &root() const { return root_; }
  /// An open descriptor of the root directory.
  [[nodiscard]] int rootFd() const { return rootFd_.get(); }
  /// <root>/<id>.
  [[nodiscard]] std::string containerDir(std::string_view id) const;
  /// <root>/<id>/exec.fifo.
  [[nodiscard]] std::string execFifoPath(std::string_view id) const;

  /// Claims record.id and writes its first state.json. Fails with ErrorCode::Exists
  /// ("container with given ID already exists: <id>") if the id is taken; of concurrent
  /// creators of one id exactly one succeeds. Returns the new container's exclusive lock.
  Result<ContainerLock> create(const ContainerRecord &record) const;

  /// Reads <root>/<id>/state.json. Needs no lock: saves are atomic, so a reader sees a whole
  /// record. A missing container gives ErrorCode::NotFound ("container does not exist: <id>").
  Result<ContainerRecord> load(std::string_view id) const;

  /// Atomically replaces the container's state.json. lock must be Exclusive and for record.id.
  Result<void> save(const ContainerLock &lock, const ContainerRecord &record) const;

  /// Removes the container directory and everything in it (never following symlinks), and
  /// releases the lock. lock must be Exclusive.
  Result<void> remove(ContainerLock &&lock) const;

  /// Every container with a readable record, sorted by id. Entries that are not containers
  /// (invalid names, symlinks, files, dirs without a valid state.json) are skipped.
  Result<std::vector<ContainerRecord>> list() const;

private:
  StateStore(std::string root, UniqueFd rootFd)
      : root_(std::move(root)), rootFd_(std::move(rootFd)) {}

  Result<UniqueFd> lockRoot() const;
  Result<void> collectGarbage() const;
  Result<std::string> buildContainerDir(const ContainerRecord &record, UniqueFd &dirFd,
                                        UniqueFd &lockFd) const;
  Result<void> publish(const std::string &tmpName, const std::string &id) const;

  std::string root_;
  UniqueFd rootFd_;
};

/// The message for a container that does not exist, shared by the store and ContainerLock.
/// It keeps runc's wording ("container does not exist"), which callers match.
std::string containerNotExistMessage(std::string_view id);

} // namespace runw::runtime::state
