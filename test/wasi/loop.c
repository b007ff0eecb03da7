// SPDX-License-Identifier: Apache-2.0
// Never returns: the module runw-wasm's --timeout must stop.
#include <stdio.h>

int main(void) {
  printf("looping\n");
  fflush(stdout);
  volatile unsigned counter = 0;
  for (;;) {
    counter = counter + 1;
  }
}
