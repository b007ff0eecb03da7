// SPDX-License-Identifier: Apache-2.0
// Allocates 1 MiB blocks until malloc fails (memory.grow returns -1 at runw-wasm's
// --max-memory cap), touching each, then reports how far it got; the cap is argv[1] in MiB.
#include "check.h"

int main(int argc, char **argv) {
  CHECK(argc == 2, "usage: memory_hog CAP_MIB");
  const long cap = strtol(argv[1], NULL, 10);
  long blocks = 0;
  // The blocks are chained so they stay reachable: clang may otherwise drop a malloc whose
  // memory is never read, and with it the allocation this program exists to make.
  void **chain = NULL;
  for (;;) {
    void **block = malloc(1 << 20);
    if (block == NULL) {
      break;
    }
    memset(block, 0x5a, 1 << 20);
    *block = chain;
    chain = block;
    ++blocks;
    CHECK(blocks <= cap, "allocated more than the cap");
  }
  long chained = 0;
  for (void **at = chain; at != NULL; at = *at) {
    ++chained;
  }
  CHECK(chained == blocks, "every block is still there");
  // The module's own data and stack take part of the cap, so some MiB are not available.
  CHECK(blocks >= cap - 2, "malloc failed well before the cap");
  printf("malloc failed cleanly below the %ld MiB cap\n", cap);
  return 0;
}
