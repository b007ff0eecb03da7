// SPDX-License-Identifier: Apache-2.0
// GuestMemory: every access is bounds-checked, including at the very end of memory.
#include "guest_memory.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace runw::engine::wasi {
namespace {

constexpr uint32_t kSize = 1024;

TEST(GuestMemory, LoadAndStoreUpToTheLastByte) {
  std::vector<uint8_t> bytes(kSize);
  GuestMemory memory(bytes);
  ASSERT_TRUE(memory.store<uint32_t>(kSize - 4, 0xA1B2C3D4U));
  EXPECT_EQ(bytes[kSize - 4], 0xD4); // little-endian
  EXPECT_EQ(*memory.load<uint32_t>(kSize - 4), 0xA1B2C3D4U);
  EXPECT_EQ(memory.store<uint32_t>(kSize - 3, 1).error(), Errno::Fault);
  EXPECT_EQ(memory.load<uint64_t>(kSize - 7).error(), Errno::Fault);
  EXPECT_EQ(memory.load<uint8_t>(UINT32_MAX).error(), Errno::Fault);
  EXPECT_TRUE(memory.store<uint8_t>(kSize - 1, 7));
}

TEST(GuestMemory, UnalignedAccess) {
  std::vector<uint8_t> bytes(kSize);
  GuestMemory memory(bytes);
  ASSERT_TRUE(memory.store<uint64_t>(3, 0x0102030405060708ULL));
  EXPECT_EQ(*memory.load<uint64_t>(3), 0x0102030405060708ULL);
  EXPECT_EQ(bytes[3], 0x08);
}

TEST(GuestMemory, BytesAndContains) {
  std::vector<uint8_t> bytes(kSize);
  GuestMemory memory(bytes);
  EXPECT_TRUE(memory.contains(kSize, 0));
  EXPECT_FALSE(memory.contains(kSize, 1));
  EXPECT_FALSE(memory.contains(UINT32_MAX, UINT32_MAX)); // no 32-bit wrap-around
  EXPECT_EQ(memory.bytes(10, 20)->size(), 20U);
  EXPECT_EQ(memory.bytes(kSize - 5, 6).error(), Errno::Fault);
}

TEST(GuestMemory, PathRejectsEmbeddedNul) {
  std::vector<uint8_t> bytes(kSize);
  GuestMemory memory(bytes);
  const char text[] = "a\0b";
  std::copy(text, text + 3, bytes.begin());
  EXPECT_EQ(memory.path(0, 3).error(), Errno::Inval);
  EXPECT_EQ(*memory.path(0, 1), "a");
  EXPECT_EQ(memory.path(kSize - 1, 2).error(), Errno::Fault);
}

TEST(GuestMemory, IovecsChecksEveryBuffer) {
  std::vector<uint8_t> bytes(kSize);
  GuestMemory memory(bytes);
  ASSERT_TRUE(memory.store<uint32_t>(0, 100));
  ASSERT_TRUE(memory.store<uint32_t>(4, 10));
  ASSERT_TRUE(memory.store<uint32_t>(8, kSize - 4)); // straddles the end
  ASSERT_TRUE(memory.store<uint32_t>(12, 5));
  auto one = memory.iovecs(0, 1);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->count(), 1);
  EXPECT_EQ(one->totalBytes(), 10U);
  EXPECT_EQ(one->data()[0].iov_base, bytes.data() + 100);
  EXPECT_EQ(memory.iovecs(0, 2).error(), Errno::Fault);
  // The array itself must lie inside the memory.
  EXPECT_EQ(memory.iovecs(kSize - 4, 1).error(), Errno::Fault);
  EXPECT_EQ(memory.iovecs(0, HostIovecs::kMax + 1).error(), Errno::Inval);
}

TEST(GuestMemory, ManyIovecsSpillToTheHeap) {
  std::vector<uint8_t> bytes(kSize);
  GuestMemory memory(bytes);
  constexpr uint32_t kCount = 40;
  for (uint32_t i = 0; i < kCount; ++i) {
    ASSERT_TRUE(memory.store<uint32_t>(i * 8, 512 + i));
    ASSERT_TRUE(memory.store<uint32_t>(i * 8 + 4, 1));
  }
  auto vec = memory.iovecs(0, kCount);
  ASSERT_TRUE(vec);
  EXPECT_EQ(vec->count(), static_cast<int>(kCount));
  EXPECT_EQ(vec->totalBytes(), kCount);
  for (uint32_t i = 0; i < kCount; ++i) {
    EXPECT_EQ(vec->data()[i].iov_base, bytes.data() + 512 + i);
  }
}

} // namespace
} // namespace runw::engine::wasi
