// SPDX-License-Identifier: Apache-2.0
// FdTable: the guest's file descriptors. Each entry owns a host descriptor and carries what the
// guest may do with it (rights, read-only) and, for preopens, the name the guest sees.
#pragma once

#include "guest_memory.h"
#include "witx.h"

#include "support/unique_fd.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace runw::engine::wasi {

/// One entry of a directory listing, as fd_readdir hands it out.
struct DirEntryInfo {
  std::string name;
  uint64_t inode = 0;
  witx::Filetype type = witx::Filetype::Unknown;
};

/// A guest file descriptor.
struct FdEntry {
  UniqueFd host;
  witx::Filetype type = witx::Filetype::Unknown;
  uint64_t rightsBase = 0;
  uint64_t rightsInheriting = 0;
  /// The guest name of a preopened directory (fd_prestat_*); empty for everything else.
  std::optional<std::string> preopenPath;
  /// Under a read-only preopen: every mutation fails with Errno::Rofs.
  bool readOnly = false;
  /// fd_readdir's snapshot of the directory, read when a listing starts at cookie 0; cookies
  /// are indexes into it (so they stay valid while entries are added or removed).
  std::vector<DirEntryInfo> listing;
};

/// The rights that make sense for a descriptor of type (what the guest gets when it asks for
/// everything): no seek on streams, no readdir on files.
uint64_t rightsForType(witx::Filetype type);

/// A guest entry for an open host descriptor: its type from fstat and every right that type
/// allows (inheriting rights only for directories). Errno from fstat on failure.
WasiResult<FdEntry> entryForHostFd(UniqueFd host);

class FdTable {
public:
  /// Most descriptors the guest may hold at once (then Errno::Mfile).
  static constexpr uint32_t kMaxFds = 1U << 16;

  /// The entry of fd when it is open and has every right in required; Errno::Badf for a
  /// closed or unknown fd, Errno::NotCapable for missing rights.
  [[nodiscard]] WasiResult<FdEntry *> get(uint32_t fd, uint64_t required = 0);
  /// Adds entry under the lowest free number.
  [[nodiscard]] WasiResult<uint32_t> insert(FdEntry entry);
  /// Closes fd (Errno::Badf when not open).
  [[nodiscard]] WasiResult<void> close(uint32_t fd);
  /// Moves from onto to, closing what to held (both must be open, as wasmtime requires).
  [[nodiscard]] WasiResult<void> renumber(uint32_t from, uint32_t to);
  /// Number of slots (open or not) ever used.
  [[nodiscard]] uint32_t size() const { return static_cast<uint32_t>(entries_.size()); }

private:
  std::vector<std::optional<FdEntry>> entries_;
};

} // namespace runw::engine::wasi
