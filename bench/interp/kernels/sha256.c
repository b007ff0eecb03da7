// SPDX-License-Identifier: Apache-2.0
// Kernel: SHA-256 (FIPS 180-4) over a pseudo-random buffer, chained ROUNDS times; checksum is the
// first 8 bytes of the final digest.

#ifndef BUF_SIZE
#define BUF_SIZE 65536
#endif
#ifndef ROUNDS
#define ROUNDS 100
#endif

typedef unsigned int u32;
typedef unsigned long long u64;

static volatile u32 seed = 0x2545f491u;

static unsigned char buffer[BUF_SIZE];

static const u32 kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static u32 rotr(u32 x, int n) { return (x >> n) | (x << (32 - n)); }

// FIPS 180-4 section 6.2.2: one 64-byte block into the eight working words.
static void compress(u32 state[8], const unsigned char *block) {
  u32 w[64];
  for (int i = 0; i < 16; i++) {
    w[i] = (u32)block[4 * i] << 24 | (u32)block[4 * i + 1] << 16 | (u32)block[4 * i + 2] << 8 |
           (u32)block[4 * i + 3];
  }
  for (int i = 16; i < 64; i++) {
    u32 s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    u32 s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  u32 a = state[0], b = state[1], c = state[2], d = state[3];
  u32 e = state[4], f = state[5], g = state[6], h = state[7];
  for (int i = 0; i < 64; i++) {
    u32 t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[i] + w[i];
    u32 t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

// Hashes buffer[0, BUF_SIZE) into digest; BUF_SIZE is a multiple of 64, so padding is one block.
static void sha256(unsigned char digest[32]) {
  u32 state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  for (int off = 0; off < BUF_SIZE; off += 64) {
    compress(state, buffer + off);
  }
  unsigned char pad[64];
  for (int i = 0; i < 64; i++) {
    pad[i] = 0;
  }
  pad[0] = 0x80;
  u64 bits = (u64)BUF_SIZE * 8;
  for (int i = 0; i < 8; i++) {
    pad[63 - i] = (unsigned char)(bits >> (8 * i));
  }
  compress(state, pad);
  for (int i = 0; i < 8; i++) {
    digest[4 * i] = (unsigned char)(state[i] >> 24);
    digest[4 * i + 1] = (unsigned char)(state[i] >> 16);
    digest[4 * i + 2] = (unsigned char)(state[i] >> 8);
    digest[4 * i + 3] = (unsigned char)state[i];
  }
}

long long run(void) {
  u32 x = seed;
  for (int i = 0; i < BUF_SIZE; i++) {
    x = x * 1664525u + 1013904223u;
    buffer[i] = (unsigned char)(x >> 24);
  }
  unsigned char digest[32];
  for (int r = 0; r < ROUNDS; r++) {
    sha256(digest);
    // Chain: the digest overwrites a moving window, so every round hashes different data.
    int at = (r * 32) % BUF_SIZE;
    for (int i = 0; i < 32; i++) {
      buffer[at + i] ^= digest[i];
    }
  }
  u64 result = 0;
  for (int i = 0; i < 8; i++) {
    result = result << 8 | digest[i];
  }
  return (long long)result;
}
