// SPDX-License-Identifier: Apache-2.0
// Kernel: sieve of Eratosthenes over [0, LIMIT), repeated REPEAT times; checksum mixes the prime
// count with the sum of the primes.

#ifndef LIMIT
#define LIMIT 2000000
#endif
#ifndef REPEAT
#define REPEAT 8
#endif

static volatile int limit = LIMIT;

static unsigned char composite[LIMIT];

long long run(void) {
  int n = limit;
  long long count = 0;
  unsigned long long sum = 0;
  for (int r = 0; r < REPEAT; r++) {
    for (int i = 0; i < n; i++) {
      composite[i] = 0;
    }
    count = 0;
    sum = 0;
    for (int i = 2; i < n; i++) {
      if (composite[i]) {
        continue;
      }
      count++;
      sum += (unsigned long long)i;
      for (long long j = (long long)i * i; j < n; j += i) {
        composite[j] = 1;
      }
    }
  }
  return (long long)(sum * 31u + (unsigned long long)count);
}
