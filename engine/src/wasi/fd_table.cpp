// SPDX-License-Identifier: Apache-2.0
#include "fd_table.h"

#include "filestat.h"
#include "host_errno.h"

#include <sys/stat.h>

namespace runw::engine::wasi {

uint64_t rightsForType(witx::Filetype type) {
  using witx::Filetype;
  switch (type) {
  case Filetype::Directory:
    return witx::rights::kDirectoryBase;
  case Filetype::RegularFile:
  case Filetype::BlockDevice:
    return witx::rights::kRegularFileBase;
  case Filetype::SocketStream:
  case Filetype::SocketDgram:
    return witx::rights::kSocketBase;
  default:
    return witx::rights::kStreamBase;
  }
}

WasiResult<FdEntry> entryForHostFd(UniqueFd host) {
  struct stat info {};
  if (::fstat(host.get(), &info) != 0) {
    return lastHostError();
  }
  FdEntry entry;
  entry.type = filetypeOfFd(host.get(), info);
  entry.rightsBase = rightsForType(entry.type);
  entry.rightsInheriting =
      entry.type == witx::Filetype::Directory ? witx::rights::kDirectoryInheriting : 0;
  entry.host = std::move(host);
  return entry;
}

WasiResult<FdEntry *> FdTable::get(uint32_t fd, uint64_t required) {
  if (fd >= entries_.size() || !entries_[fd]) {
    return std::unexpected(Errno::Badf);
  }
  FdEntry &entry = *entries_[fd];
  if ((entry.rightsBase & required) != required) {
    return std::unexpected(Errno::NotCapable);
  }
  return &entry;
}

WasiResult<uint32_t> FdTable::insert(FdEntry entry) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (!entries_[i]) {
      entries_[i] = std::move(entry);
      return static_cast<uint32_t>(i);
    }
  }
  if (entries_.size() >= kMaxFds) {
    return std::unexpected(Errno::Mfile);
  }
  entries_.emplace_back(std::move(entry));
  return static_cast<uint32_t>(entries_.size() - 1);
}

WasiResult<void> FdTable::close(uint32_t fd) {
  if (fd >= entries_.size() || !entries_[fd]) {
    return std::unexpected(Errno::Badf);
  }
  entries_[fd].reset();
  return {};
}

WasiResult<void> FdTable::renumber(uint32_t from, uint32_t to) {
  if (from >= entries_.size() || !entries_[from] || to >= entries_.size() || !entries_[to]) {
    return std::unexpected(Errno::Badf);
  }
  if (from != to) {
    entries_[to] = std::move(entries_[from]);
    entries_[from].reset();
  }
  return {};
}

} // namespace runw::engine::wasi
