// SPDX-License-Identifier: Apache-2.0
// Kernel: the benchmarks-game fannkuch-redux over all permutations of N elements; returns the
// permutation checksum in the high 32 bits and the maximum flip count in the low 32.

#ifndef N
#define N 9
#endif

static volatile int size = N;

long long run(void) {
  int n = size;
  int perm[N], perm1[N], count[N];
  int maxFlips = 0, checksum = 0, permIndex = 0;
  for (int i = 0; i < n; i++) {
    perm1[i] = i;
  }
  int r = n;
  for (;;) {
    for (; r != 1; r--) {
      count[r - 1] = r;
    }
    for (int i = 0; i < n; i++) {
      perm[i] = perm1[i];
    }
    int flips = 0;
    for (int k = perm[0]; k != 0; k = perm[0]) {
      // Reverse the first k+1 elements.
      for (int i = 0, j = k; i < j; i++, j--) {
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      flips++;
    }
    if (flips > maxFlips) {
      maxFlips = flips;
    }
    checksum += (permIndex % 2 == 0) ? flips : -flips;
    // Next permutation in the benchmark's rotation order.
    for (;;) {
      if (r == n) {
        return (long long)checksum << 32 | (unsigned int)maxFlips;
      }
      int first = perm1[0];
      for (int i = 0; i < r; i++) {
        perm1[i] = perm1[i + 1];
      }
      perm1[r] = first;
      count[r]--;
      if (count[r] > 0) {
        break;
      }
      r++;
    }
    permIndex++;
  }
}
