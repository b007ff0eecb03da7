// SPDX-License-Identifier: Apache-2.0
// A read-only preopen (--dir HOST:GUEST:ro): reads work, every mutation fails with EROFS.
#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  sandboxFromArgs(argc, argv);
  const char *input = inSandbox("input.txt");
  int fd = open(input, O_RDONLY);
  CHECK(fd >= 0, "open input.txt for reading");
  char buffer[64] = {0};
  CHECK(read(fd, buffer, sizeof buffer - 1) > 0, "read input.txt");
  printf("read: %s", buffer);
  struct stat info;
  CHECK(fstat(fd, &info) == 0 && S_ISREG(info.st_mode), "fstat");
  // POSIX says EBADF or EINVAL; a WASI runtime may refuse by rights (ENOTCAPABLE).
  CHECK(ftruncate(fd, 0) == -1 && (errno == EBADF || errno == EINVAL || errno == ENOTCAPABLE),
        "ftruncate a descriptor opened for reading fails");
  CHECK(close(fd) == 0, "close");
  CHECK(stat(inSandbox("sub"), &info) == 0 && S_ISDIR(info.st_mode), "stat sub");
  fd = open(inSandbox("sub/nested.txt"), O_RDONLY);
  CHECK(fd >= 0 && close(fd) == 0, "open sub/nested.txt for reading");
  printf("reads: ok\n");

  CHECK_FAILS(open(input, O_WRONLY), EROFS, "open for writing");
  CHECK_FAILS(open(input, O_RDWR), EROFS, "open for reading and writing");
  CHECK_FAILS(open(input, O_WRONLY | O_APPEND), EROFS, "open for appending");
  CHECK_FAILS(open(input, O_RDONLY | O_TRUNC), EROFS, "open with O_TRUNC");
  CHECK_FAILS(open(inSandbox("new.txt"), O_WRONLY | O_CREAT, 0644), EROFS, "create a file");
  CHECK_FAILS(open(inSandbox("sub/new.txt"), O_RDONLY | O_CREAT, 0644), EROFS,
              "create a file read-only in a subdirectory");
  CHECK_FAILS(mkdir(inSandbox("newdir"), 0755), EROFS, "mkdir");
  CHECK_FAILS(unlink(input), EROFS, "unlink");
  CHECK_FAILS(rmdir(inSandbox("empty")), EROFS, "rmdir");
  CHECK_FAILS(rename(input, inSandbox("moved.txt")), EROFS, "rename");
  CHECK_FAILS(link(input, inSandbox("hard.txt")), EROFS, "link");
  CHECK_FAILS(symlink("input.txt", inSandbox("soft")), EROFS, "symlink");
  CHECK_FAILS(truncate(input, 0), EROFS, "truncate");
  const struct timespec times[2] = {{1, 0}, {2, 0}};
  CHECK_FAILS(utimensat(AT_FDCWD, input, times, 0), EROFS, "utimensat");
  printf("writes: all EROFS\n");

  fd = open(input, O_RDONLY);
  CHECK(fd >= 0, "reopen input.txt");
  CHECK_FAILS(futimens(fd, times), EROFS, "futimens");
  CHECK(close(fd) == 0, "close");
  CHECK(read(0, buffer, 0) == 0, "stdin still works");
  printf("unchanged: ok\n");
  return 0;
}
