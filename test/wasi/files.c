// SPDX-License-Identifier: Apache-2.0
// WASI files and directories: create, write, read, mkdir, rmdir, unlink, stat, truncate.
#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void writeAll(int fd, const char *text) {
  const size_t length = strlen(text);
  CHECK(write(fd, text, length) == (ssize_t)length, "write");
}

static void createAndRead(void) {
  CHECK(mkdir(inSandbox("work"), 0755) == 0, "mkdir work");
  const char *file = inSandbox("work/notes.txt");
  int fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0644);
  CHECK(fd >= 0, "create work/notes.txt");
  for (int i = 0; i < 3; ++i) {
    writeAll(fd, "line of text\n");
  }
  struct stat info;
  CHECK(fstat(fd, &info) == 0, "fstat");
  CHECK(S_ISREG(info.st_mode) && info.st_size == 39, "fstat: regular file of 39 bytes");
  CHECK(close(fd) == 0, "close");

  fd = open(file, O_RDONLY);
  CHECK(fd >= 0, "open for reading");
  char buffer[128] = {0};
  CHECK(read(fd, buffer, sizeof buffer) == 39, "read 39 bytes");
  CHECK(strncmp(buffer, "line of text\nline of text\nline of text\n", 39) == 0, "content");
  CHECK(read(fd, buffer, sizeof buffer) == 0, "read at end of file returns 0");
  CHECK_FAILS(write(fd, "x", 1), EBADF, "write to a read-only descriptor");
  CHECK(close(fd) == 0, "close");
  printf("create/write/read: ok\n");

  fd = open(file, O_WRONLY | O_APPEND);
  CHECK(fd >= 0, "open for append");
  writeAll(fd, "tail\n");
  CHECK(close(fd) == 0, "close");
  CHECK(stat(file, &info) == 0 && info.st_size == 44, "append grows the file to 44 bytes");
  CHECK(truncate(file, 5) == 0, "truncate");
  CHECK(stat(file, &info) == 0 && info.st_size == 5, "truncate to 5 bytes");
  fd = open(file, O_WRONLY | O_TRUNC);
  CHECK(fd >= 0, "open with O_TRUNC");
  CHECK(fstat(fd, &info) == 0 && info.st_size == 0, "O_TRUNC empties the file");
  CHECK(ftruncate(fd, 4096) == 0, "ftruncate");
  CHECK(fstat(fd, &info) == 0 && info.st_size == 4096, "ftruncate to 4096 bytes");
  CHECK(close(fd) == 0, "close");
  printf("append/truncate: ok\n");
}

static void errors(void) {
  const char *file = inSandbox("work/notes.txt");
  CHECK_FAILS(open(file, O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST, "O_EXCL on an existing file");
  CHECK_FAILS(open(inSandbox("missing.txt"), O_RDONLY), ENOENT, "open a missing file");
  CHECK_FAILS(open(inSandbox("work/notes.txt/x"), O_RDONLY), ENOTDIR, "a file used as directory");
  CHECK_FAILS(mkdir(inSandbox("work"), 0755), EEXIST, "mkdir an existing directory");
  CHECK_FAILS(rmdir(inSandbox("work")), ENOTEMPTY, "rmdir a non-empty directory");
  CHECK_FAILS(unlink(inSandbox("work")), EISDIR, "unlink a directory");
  CHECK_FAILS(rmdir(file), ENOTDIR, "rmdir a file");
  CHECK_FAILS(open(inSandbox("work"), O_WRONLY), EISDIR, "open a directory for writing");
  CHECK_FAILS(open(file, O_RDONLY | O_DIRECTORY), ENOTDIR, "O_DIRECTORY on a file");
  printf("errors: ok\n");
}

static void statAndRemove(void) {
  struct stat info;
  CHECK(stat(inSandbox("work"), &info) == 0 && S_ISDIR(info.st_mode), "stat: directory");
  CHECK(stat(inSandbox("work/notes.txt"), &info) == 0 && S_ISREG(info.st_mode), "stat: file");
  CHECK(info.st_nlink == 1, "stat: one link");
  struct stat again;
  const int fd = open(inSandbox("work/notes.txt"), O_RDONLY);
  CHECK(fd >= 0 && fstat(fd, &again) == 0, "fstat");
  CHECK(again.st_ino == info.st_ino && again.st_dev == info.st_dev, "stat and fstat agree");
  CHECK(close(fd) == 0, "close");
  CHECK(unlink(inSandbox("work/notes.txt")) == 0, "unlink");
  CHECK_FAILS(stat(inSandbox("work/notes.txt"), &info), ENOENT, "stat after unlink");
  CHECK(rmdir(inSandbox("work")) == 0, "rmdir");
  CHECK_FAILS(stat(inSandbox("work"), &info), ENOENT, "stat after rmdir");
  printf("stat/unlink/rmdir: ok\n");
}

static void readFixture(void) {
  const int fd = open(inSandbox("input.txt"), O_RDONLY);
  CHECK(fd >= 0, "open input.txt");
  char buffer[256] = {0};
  const ssize_t got = read(fd, buffer, sizeof buffer - 1);
  CHECK(got > 0, "read input.txt");
  CHECK(close(fd) == 0, "close");
  printf("input.txt: %s", buffer);
}

int main(int argc, char **argv) {
  sandboxFromArgs(argc, argv);
  readFixture();
  createAndRead();
  errors();
  statAndRemove();
  return 0;
}
