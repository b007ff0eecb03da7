// SPDX-License-Identifier: Apache-2.0
// Native reference for bench/interp: built with -DKERNEL='"path/to/kernel.c"', it calls the
// kernel's run() once and prints the result as TYPE:VALUE (i32 or i64, signed decimal).

#include <stdio.h>

#include KERNEL

static void printI32(int value) { printf("i32:%d\n", value); }
static void printI64(long long value) { printf("i64:%lld\n", value); }

// The kernel may return either width; _Generic picks the printer from run()'s declared type.
#define PRINT_RESULT(value) _Generic((value), int : printI32, long long : printI64)(value)

int main(void) {
  PRINT_RESULT(run());
  return 0;
}
