// SPDX-License-Identifier: Apache-2.0
// WASI args_get/environ_get: prints argc, every argument and every environment entry, in order.
#include <stdio.h>

extern char **environ;

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; ++i) {
    printf("argv[%d]=%s\n", i, argv[i]);
  }
  int count = 0;
  for (char **entry = environ; *entry != NULL; ++entry) {
    printf("env[%d]=%s\n", count++, *entry);
  }
  printf("envc=%d\n", count);
  return 0;
}
