// SPDX-License-Identifier: Apache-2.0
// The host-side race: the harness keeps exchanging SANDBOX/dir (a directory whose secret says
// "inside") with SANDBOX/swap (a symlink to a host directory whose secret says "OUTSIDE") while
// this loop opens dir/secret. Every open must either fail or read "inside".
//
// Usage: escape_race SANDBOX ROUNDS
#include "check.h"

#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv) {
  sandboxFromArgs(argc, argv);
  const int rounds = argc > 2 ? atoi(argv[2]) : 2000;
  const char *secret = inSandbox("dir/secret");
  int inside = 0;
  int failed = 0;
  int outside = 0;
  for (int round = 0; round < rounds; ++round) {
    const int fd = open(secret, O_RDONLY);
    if (fd < 0) {
      ++failed;
      continue;
    }
    char buffer[64] = {0};
    const ssize_t got = read(fd, buffer, sizeof buffer - 1);
    CHECK(close(fd) == 0, "close");
    if (got > 0 && strstr(buffer, "OUTSIDE") != NULL) {
      ++outside;
    } else if (got > 0 && strcmp(buffer, "inside\n") == 0) {
      ++inside;
    }
  }
  // The split depends on scheduling, so it goes to stderr; stdout stays deterministic.
  fprintf(stderr, "escape_race: %d rounds: %d inside, %d failed, %d outside\n", rounds, inside,
          failed, outside);
  printf("host-race: %s\n", outside == 0 ? "blocked" : "ESCAPED");
  return outside == 0 ? 0 : 1;
}
