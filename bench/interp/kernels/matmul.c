// SPDX-License-Identifier: Apache-2.0
// Kernel: dense N x N double matrix multiply (i-k-j order); checksum is the bits of a weighted sum.

#ifndef N
#define N 384
#endif

// volatile so the compiler cannot fold the whole computation into a constant.
static volatile unsigned int seed = 0x9e3779b9u;

static double a[N][N];
static double b[N][N];
static double c[N][N];

static unsigned int nextRandom(unsigned int *state) {
  // xorshift32
  unsigned int x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

long long run(void) {
  unsigned int state = seed;
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      // Small integers scaled by 1/64 keep every product and sum exact in a double.
      a[i][j] = (double)(nextRandom(&state) % 17u) / 64.0;
      b[i][j] = (double)(nextRandom(&state) % 13u) / 64.0;
      c[i][j] = 0.0;
    }
  }
  for (int i = 0; i < N; i++) {
    for (int k = 0; k < N; k++) {
      double aik = a[i][k];
      for (int j = 0; j < N; j++) {
        c[i][j] += aik * b[k][j];
      }
    }
  }
  double sum = 0.0;
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      sum += c[i][j] * (double)((i * 7 + j) % 11);
    }
  }
  union {
    double d;
    long long i;
  } bits = {sum};
  return bits.i;
}
