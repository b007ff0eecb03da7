// SPDX-License-Identifier: Apache-2.0
// WASI poll_oneoff: poll() on a stdin pipe the harness filled ("ping\n", then closed), poll()
// with only a timeout, and nanosleep (a lone clock subscription).
#include "check.h"

#include <poll.h>
#include <time.h>
#include <unistd.h>

static long long monotonicMs(void) {
  struct timespec now;
  CHECK(clock_gettime(CLOCK_MONOTONIC, &now) == 0, "clock_gettime");
  return (long long)now.tv_sec * 1000LL + now.tv_nsec / 1000000;
}

int main(void) {
  struct pollfd input = {.fd = 0, .events = POLLIN, .revents = 0};
  CHECK(poll(&input, 1, 5000) == 1, "poll on stdin with data waiting");
  CHECK((input.revents & POLLIN) != 0, "stdin is readable");
  printf("poll stdin: readable\n");
  char buffer[16] = {0};
  CHECK(read(0, buffer, sizeof buffer - 1) == 5, "read 5 bytes from stdin");
  printf("stdin: %s", buffer);
  CHECK(read(0, buffer, sizeof buffer) == 0, "stdin at end of file");

  long long start = monotonicMs();
  CHECK(poll(NULL, 0, 50) == 0, "poll with only a timeout returns 0");
  CHECK(monotonicMs() - start >= 49, "poll waits for its timeout");
  printf("poll timeout: waited\n");

  start = monotonicMs();
  const struct timespec pause = {0, 30 * 1000 * 1000};
  CHECK(nanosleep(&pause, NULL) == 0, "nanosleep");
  CHECK(monotonicMs() - start >= 29, "nanosleep sleeps");
  CHECK(usleep(10000) == 0, "usleep");
  printf("nanosleep: slept\n");
  return 0;
}
