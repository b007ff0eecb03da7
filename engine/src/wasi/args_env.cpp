// SPDX-License-Identifier: Apache-2.0
// args_get, args_sizes_get, environ_get, environ_sizes_get: the command line and environment,
// as NUL-terminated strings packed into one guest buffer plus an array of pointers into it.
#include "functions.h"

#include <cstring>
#include <string>
#include <vector>

namespace runw::engine::wasi::fn {

namespace {

/// Bytes the strings take with their NULs; Errno::Overflow when the count or the total do not
/// fit the u32 the guest receives (wasm32 could not address them anyway).
WasiResult<uint32_t> packedSize(const std::vector<std::string> &list) {
  uint64_t total = 0;
  for (const std::string &item : list) {
    total += uint64_t{item.size()} + 1;
  }
  if (list.size() > UINT32_MAX || total > UINT32_MAX) {
    return std::unexpected(Errno::Overflow);
  }
  return static_cast<uint32_t>(total);
}

R storeSizes(const std::vector<std::string> &list, GuestMemory &m, uint32_t countPtr,
             uint32_t sizePtr) {
  const auto size = packedSize(list);
  if (!size) {
    return std::unexpected(size.error());
  }
  if (!m.contains(countPtr, 4) || !m.contains(sizePtr, 4)) {
    return std::unexpected(Errno::Fault);
  }
  (void)m.store<uint32_t>(countPtr, static_cast<uint32_t>(list.size()));
  (void)m.store<uint32_t>(sizePtr, *size);
  return {};
}

/// Writes the pointer array at pointers and the strings at buffer. Both ranges are checked
/// before anything is written, so a Fault leaves guest memory as it was.
R pack(const std::vector<std::string> &list, GuestMemory &m, uint32_t pointers, uint32_t buffer) {
  const auto size = packedSize(list);
  if (!size) {
    return std::unexpected(size.error());
  }
  auto text = m.bytes(buffer, *size);
  if (!text || !m.contains(pointers, uint64_t{list.size()} * 4)) {
    return std::unexpected(Errno::Fault);
  }
  // buffer + *size <= memory size <= 2^32, so every offset below stays inside u32.
  uint32_t offset = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string &item = list[i];
    (void)m.store<uint32_t>(pointers + static_cast<uint32_t>(i * 4), buffer + offset);
    std::memcpy(text->data() + offset, item.data(), item.size());
    offset += static_cast<uint32_t>(item.size());
    (*text)[offset++] = 0;
  }
  return {};
}

} // namespace

R argsGet(State &s, GuestMemory &m, uint32_t argv, uint32_t argvBuf) {
  return pack(s.args, m, argv, argvBuf);
}

R argsSizesGet(State &s, GuestMemory &m, uint32_t argcPtr, uint32_t argvBufSizePtr) {
  return storeSizes(s.args, m, argcPtr, argvBufSizePtr);
}

R environGet(State &s, GuestMemory &m, uint32_t environPtrs, uint32_t environBuf) {
  return pack(s.env, m, environPtrs, environBuf);
}

R environSizesGet(State &s, GuestMemory &m, uint32_t countPtr, uint32_t bufSizePtr) {
  return storeSizes(s.env, m, countPtr, bufSizePtr);
}

} // namespace runw::engine::wasi::fn
