// SPDX-License-Identifier: Apache-2.0
// WASI path_rename and path_link inside one preopen (symlinks are in symlinks.c).
#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void renames(void) {
  writeFile("a.txt", "alpha\n");
  CHECK(rename(inSandbox("a.txt"), inSandbox("b.txt")) == 0, "rename a.txt b.txt");
  CHECK(access(inSandbox("a.txt"), F_OK) == -1 && errno == ENOENT, "a.txt is gone");
  CHECK(strcmp(readFile("b.txt"), "alpha\n") == 0, "b.txt has a.txt's content");
  writeFile("c.txt", "gamma\n");
  CHECK(rename(inSandbox("c.txt"), inSandbox("b.txt")) == 0, "rename over an existing file");
  CHECK(strcmp(readFile("b.txt"), "gamma\n") == 0, "the target was replaced");
  CHECK(mkdir(inSandbox("d1"), 0755) == 0 && mkdir(inSandbox("d2"), 0755) == 0, "mkdir d1 d2");
  CHECK(rename(inSandbox("b.txt"), inSandbox("d1/b.txt")) == 0, "rename into a directory");
  CHECK(rename(inSandbox("d1"), inSandbox("d3")) == 0, "rename a directory");
  CHECK(strcmp(readFile("d3/b.txt"), "gamma\n") == 0, "content follows the directory");
  CHECK(rename(inSandbox("d2"), inSandbox("d3")) == -1, "rename a directory over a non-empty one");
  CHECK(errno == ENOTEMPTY || errno == EEXIST, "ENOTEMPTY or EEXIST");
  CHECK_FAILS(rename(inSandbox("missing"), inSandbox("x")), ENOENT, "rename a missing file");
  CHECK_FAILS(rename(inSandbox("d2"), inSandbox("d3/b.txt")), ENOTDIR,
              "rename a directory over a file");
  printf("rename: ok\n");
}

static void hardLinks(void) {
  writeFile("orig.txt", "shared\n");
  CHECK(link(inSandbox("orig.txt"), inSandbox("hard.txt")) == 0, "link");
  struct stat a;
  struct stat b;
  CHECK(stat(inSandbox("orig.txt"), &a) == 0 && stat(inSandbox("hard.txt"), &b) == 0, "stat");
  CHECK(a.st_ino == b.st_ino && a.st_nlink == 2, "one inode, two links");
  CHECK(unlink(inSandbox("orig.txt")) == 0, "unlink the original");
  CHECK(strcmp(readFile("hard.txt"), "shared\n") == 0, "the link keeps the content");
  CHECK(stat(inSandbox("hard.txt"), &b) == 0 && b.st_nlink == 1, "one link left");
  CHECK_FAILS(link(inSandbox("hard.txt"), inSandbox("d3/b.txt")), EEXIST, "link over a file");
  printf("link: ok\n");
}

int main(int argc, char **argv) {
  sandboxFromArgs(argc, argv);
  renames();
  hardLinks();
  return 0;
}
