// SPDX-License-Identifier: Apache-2.0
// The WASI loop example: never ends, so only a signal (podman stop, ctr task kill) can stop it.
//
// Usage: loop.wasm [--sleep]
// It prints "loop: running" once, then spins on the CPU inside wasm code; with --sleep it
// instead sleeps in one-second steps (blocked in the WASI poll_oneoff host call).
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const int sleeping = argc > 1 && strcmp(argv[1], "--sleep") == 0;
  printf("loop: running (%s)\n", sleeping ? "sleeping" : "spinning");
  fflush(stdout);
  // volatile: without a side effect the optimizer may reduce the spin to a bare branch, which
  // is still endless but no longer exercises the interpreter's instruction loop.
  volatile unsigned long counter = 0;
  for (;;) {
    if (sleeping) {
      sleep(1);
    }
    counter = counter + 1;
  }
}
