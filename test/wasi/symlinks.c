// SPDX-License-Identifier: Apache-2.0
// WASI path_symlink and path_readlink inside one preopen: links that stay inside resolve (with
// POSIX semantics: targets relative to the link's directory, O_NOFOLLOW, truncating readlink).
#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void symlinks(void) {
  CHECK(symlink("hard.txt", inSandbox("soft")) == 0, "symlink soft -> hard.txt");
  CHECK(symlink("d3/b.txt", inSandbox("soft-deep")) == 0, "symlink soft-deep -> d3/b.txt");
  CHECK(symlink("../hard.txt", inSandbox("d3/up")) == 0, "symlink d3/up -> ../hard.txt");
  CHECK(symlink("nowhere", inSandbox("dangling")) == 0, "symlink dangling -> nowhere");
  CHECK(symlink("d3", inSandbox("dirlink")) == 0, "symlink dirlink -> d3");
  char target[64] = {0};
  CHECK(readlink(inSandbox("soft"), target, sizeof target) == 8, "readlink returns 8 bytes");
  CHECK(memcmp(target, "hard.txt", 8) == 0, "readlink returns the target");
  char small[4] = {0};
  CHECK(readlink(inSandbox("soft"), small, sizeof small) == 4, "readlink truncates");
  CHECK(strcmp(readFile("soft"), "shared\n") == 0, "open through a symlink");
  CHECK(strcmp(readFile("soft-deep"), "gamma\n") == 0, "open through a symlink with a slash");
  CHECK(strcmp(readFile("d3/up"), "shared\n") == 0, "a symlink with .. that stays inside");
  CHECK(strcmp(readFile("dirlink/b.txt"), "gamma\n") == 0, "a symlink as a directory");
  CHECK_FAILS(open(inSandbox("dangling"), O_RDONLY), ENOENT, "open a dangling symlink");
  CHECK_FAILS(readlink(inSandbox("hard.txt"), target, sizeof target), EINVAL,
              "readlink on a regular file");
  struct stat info;
  CHECK(lstat(inSandbox("soft"), &info) == 0 && S_ISLNK(info.st_mode), "lstat sees the link");
  CHECK(stat(inSandbox("soft"), &info) == 0 && S_ISREG(info.st_mode), "stat follows the link");
  CHECK_FAILS(open(inSandbox("soft"), O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on a link");
  CHECK_FAILS(symlink("x", inSandbox("soft")), EEXIST, "symlink over an existing name");
  CHECK(rename(inSandbox("soft"), inSandbox("soft2")) == 0, "rename a symlink");
  CHECK(strcmp(readFile("soft2"), "shared\n") == 0, "the renamed link still resolves");
  CHECK(unlink(inSandbox("soft2")) == 0, "unlink a symlink");
  CHECK(strcmp(readFile("hard.txt"), "shared\n") == 0, "unlinking a link keeps the target");
  CHECK(symlink("loop-b", inSandbox("loop-a")) == 0 && symlink("loop-a", inSandbox("loop-b")) == 0,
        "symlink loop-a <-> loop-b");
  CHECK_FAILS(open(inSandbox("loop-a"), O_RDONLY), ELOOP, "open a symlink loop");
  printf("symlink/readlink: ok\n");
}

int main(int argc, char **argv) {
  sandboxFromArgs(argc, argv);
  CHECK(mkdir(inSandbox("d3"), 0755) == 0, "mkdir d3");
  writeFile("d3/b.txt", "gamma\n");
  writeFile("hard.txt", "shared\n");
  symlinks();
  return 0;
}
