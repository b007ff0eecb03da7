// SPDX-License-Identifier: Apache-2.0
// The WASI memhog example: grows the heap 1 MiB at a time until malloc fails, then traps.
//
// Usage: memhog.wasm [MAX_MIB]
// Each step mallocs 1 MiB, writes every byte of it (so the pages really are in use) and prints
// "allocated N MiB". When malloc fails (memory.grow returned -1, e.g. at the cap runw derives
// from the container's memory limit) it prints "memhog: malloc failed after N MiB" on stderr and
// calls abort(), a wasm trap (exit 134 under runw). With MAX_MIB it stops after that many MiB
// and exits 0 instead.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kStep = 1 << 20 };

int main(int argc, char **argv) {
  const long max = argc > 1 ? strtol(argv[1], NULL, 10) : -1;
  // Each block links to the previous one so all stay reachable: an allocation whose memory is
  // never read may otherwise be optimized away.
  void **chain = NULL;
  long mib = 0;
  while (max < 0 || mib < max) {
    void **block = malloc(kStep);
    if (block == NULL) {
      fflush(stdout);
      fprintf(stderr, "memhog: malloc failed after %ld MiB\n", mib);
      abort();
    }
    memset(block, 0x5a, kStep);
    *block = chain;
    chain = block;
    ++mib;
    printf("allocated %ld MiB\n", mib);
    fflush(stdout);
  }
  printf("memhog: stopped at %ld MiB\n", mib);
  return 0;
}
