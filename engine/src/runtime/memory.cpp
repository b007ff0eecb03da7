// SPDX-License-Identifier: Apache-2.0
// MemoryInstance: linear memory reserved once with mmap and grown in place with mprotect.
#include "runtime/objects.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <sys/mman.h>

namespace runw::engine::rt {
namespace {

// The largest number of pages a 32-bit memory can address (4 GiB, core spec 2.3.8).
constexpr uint32_t kMaxPages = 65536;

} // namespace

Result<std::unique_ptr<MemoryInstance>> MemoryInstance::create(const MemoryType &type,
                                                               uint32_t storeMaxPages) {
  const uint32_t typeMax = std::min(type.limits.max.value_or(kMaxPages), kMaxPages);
  const uint32_t maxPages = std::min(typeMax, storeMaxPages);
  if (type.limits.min > maxPages) {
    return fail(ErrorCode::Limit, fmt::format("memory of {} pages exceeds the limit of {} pages",
                                              type.limits.min, maxPages));
  }
  // A memory that can never hold a page still needs a valid, distinct base address, so at
  // least one (inaccessible) page is reserved.
  const uint64_t reserved = std::max<uint64_t>(maxPages, 1) * kPageSize;
  // PROT_NONE + MAP_NORESERVE reserves address space only; pages are committed by mprotect.
  void *base = ::mmap(nullptr, static_cast<size_t>(reserved), PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    return failErrno(fmt::format("reserving {} bytes for a linear memory", reserved));
  }
  std::unique_ptr<MemoryInstance> memory(new MemoryInstance());
  memory->type_ = type;
  memory->base_ = static_cast<uint8_t *>(base);
  memory->reservedBytes_ = reserved;
  memory->maxPages_ = maxPages;
  const uint64_t initial = uint64_t{type.limits.min} * kPageSize;
  if (initial > 0 && ::mprotect(base, static_cast<size_t>(initial), PROT_READ | PROT_WRITE) != 0) {
    return failErrno(fmt::format("committing {} bytes of a linear memory", initial));
  }
  memory->sizeBytes_ = initial;
  return memory;
}

MemoryInstance::~MemoryInstance() {
  if (base_ != nullptr) {
    static_cast<void>(::munmap(base_, static_cast<size_t>(reservedBytes_)));
  }
}

uint32_t MemoryInstance::grow(uint32_t deltaPages) {
  constexpr uint32_t kFailed = 0xFFFFFFFF;
  const uint32_t oldPages = pages();
  const uint64_t newPages = uint64_t{oldPages} + deltaPages;
  if (newPages > maxPages_) {
    return kFailed;
  }
  if (deltaPages == 0) {
    return oldPages;
  }
  const uint64_t newBytes = newPages * kPageSize;
  // The new pages are fresh anonymous memory, so they read as zero as the spec requires.
  if (::mprotect(base_ + sizeBytes_, static_cast<size_t>(newBytes - sizeBytes_),
                 PROT_READ | PROT_WRITE) != 0) {
    return kFailed;
  }
  sizeBytes_ = newBytes;
  // The instance's type tracks its current size (core spec 4.5.3.9 "Growing memories").
  type_.limits.min = static_cast<uint32_t>(newPages);
  return oldPages;
}

} // namespace runw::engine::rt
