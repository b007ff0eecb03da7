// SPDX-License-Identifier: Apache-2.0
// WASI random_get through getentropy and arc4random_buf: buffers are filled, differ from call to
// call and are not constant.
#define _GNU_SOURCE
#include "check.h"

#include <stdint.h>
#include <unistd.h>

// A buffer of one repeated byte (zeros included) is what an unimplemented random_get leaves.
static int constant(const unsigned char *bytes, size_t size) {
  for (size_t i = 1; i < size; ++i) {
    if (bytes[i] != bytes[0]) {
      return 0;
    }
  }
  return 1;
}

int main(void) {
  unsigned char first[64];
  unsigned char second[64];
  memset(first, 0, sizeof first);
  memset(second, 0, sizeof second);
  CHECK(getentropy(first, sizeof first) == 0, "getentropy");
  CHECK(getentropy(second, sizeof second) == 0, "getentropy");
  CHECK(!constant(first, sizeof first), "getentropy fills the buffer with varied bytes");
  CHECK(memcmp(first, second, sizeof first) != 0, "two getentropy calls differ");
  CHECK_FAILS(getentropy(first, 257), EIO, "getentropy of more than 256 bytes");
  printf("getentropy: ok\n");

  static unsigned char big[65536];
  arc4random_buf(big, sizeof big);
  CHECK(!constant(big, sizeof big), "arc4random_buf output varies");
  unsigned counts[256] = {0};
  for (size_t i = 0; i < sizeof big; ++i) {
    ++counts[big[i]];
  }
  // 256 expected per value; a value missing altogether from 64 KiB means broken randomness.
  for (int value = 0; value < 256; ++value) {
    CHECK(counts[value] > 100 && counts[value] < 450, "arc4random_buf bytes spread evenly");
  }
  const uint32_t a = arc4random();
  const uint32_t b = arc4random();
  const uint32_t c = arc4random();
  CHECK(!(a == b && b == c), "arc4random varies");
  printf("arc4random: ok\n");
  return 0;
}
