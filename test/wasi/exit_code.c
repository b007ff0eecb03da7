// SPDX-License-Identifier: Apache-2.0
// WASI proc_exit and traps: `exit N` calls exit(N), `return N` returns N from main, `abort`
// calls abort() (an unreachable trap), `divide` divides by zero in divide_by().
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Kept out of line so the trap names this function.
__attribute__((noinline)) int divide_by(int numerator, int denominator) {
  return numerator / denominator;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("usage: exit_code exit N | return N | abort | divide\n");
    return 2;
  }
  const int code = argc > 2 ? atoi(argv[2]) : 0;
  printf("mode %s %d\n", argv[1], code);
  fflush(stdout);
  if (strcmp(argv[1], "exit") == 0) {
    exit(code);
  }
  if (strcmp(argv[1], "return") == 0) {
    return code;
  }
  if (strcmp(argv[1], "abort") == 0) {
    abort();
  }
  if (strcmp(argv[1], "divide") == 0) {
    volatile int zero = 0;
    printf("%d\n", divide_by(argc, zero));
    return 0;
  }
  printf("unknown mode %s\n", argv[1]);
  return 2;
}
