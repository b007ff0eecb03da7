// SPDX-License-Identifier: Apache-2.0
// WASI fd_seek/fd_tell and fd_pread/fd_pwrite: offsets move as POSIX says, positional I/O does
// not move them, and seeking past the end leaves a hole that reads as zeros.
#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static void seekAndTell(int fd) {
  CHECK(write(fd, "0123456789", 10) == 10, "write digits");
  CHECK(lseek(fd, 0, SEEK_CUR) == 10, "tell after write is 10");
  CHECK(lseek(fd, 3, SEEK_SET) == 3, "SEEK_SET 3");
  char buffer[16] = {0};
  CHECK(read(fd, buffer, 4) == 4 && memcmp(buffer, "3456", 4) == 0, "read 3456");
  CHECK(lseek(fd, 0, SEEK_CUR) == 7, "tell after read is 7");
  CHECK(lseek(fd, -2, SEEK_CUR) == 5, "SEEK_CUR -2");
  CHECK(lseek(fd, -1, SEEK_END) == 9, "SEEK_END -1");
  CHECK(read(fd, buffer, 16) == 1 && buffer[0] == '9', "read the last byte");
  CHECK_FAILS(lseek(fd, -100, SEEK_SET), EINVAL, "seek before the start");
  CHECK(lseek(fd, 0, SEEK_CUR) == 10, "a failed seek leaves the offset");
  printf("seek/tell: ok\n");
}

static void hole(int fd) {
  CHECK(lseek(fd, 100, SEEK_SET) == 100, "seek past the end");
  CHECK(write(fd, "end", 3) == 3, "write after the hole");
  struct stat info;
  CHECK(fstat(fd, &info) == 0 && info.st_size == 103, "size 103 after the hole");
  char buffer[90];
  memset(buffer, 'x', sizeof buffer);
  CHECK(pread(fd, buffer, sizeof buffer, 10) == (ssize_t)sizeof buffer, "pread the hole");
  for (size_t i = 0; i < sizeof buffer; ++i) {
    CHECK(buffer[i] == 0, "a hole reads as zeros");
  }
  printf("hole: ok\n");
}

static void positional(int fd) {
  const off_t before = lseek(fd, 0, SEEK_CUR);
  CHECK(pwrite(fd, "AB", 2, 1) == 2, "pwrite at 1");
  char buffer[8] = {0};
  CHECK(pread(fd, buffer, 4, 0) == 4 && memcmp(buffer, "0AB3", 4) == 0, "pread sees pwrite");
  CHECK(lseek(fd, 0, SEEK_CUR) == before, "pread/pwrite leave the offset");
  CHECK(pread(fd, buffer, 8, 200) == 0, "pread beyond the end returns 0");
  CHECK_FAILS(pread(fd, buffer, 4, -1), EINVAL, "pread at a negative offset");

  char first[3] = {0};
  char second[5] = {0};
  struct iovec parts[2] = {{first, 2}, {second, 4}};
  CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind");
  CHECK(readv(fd, parts, 2) == 6, "readv 6 bytes");
  CHECK(strcmp(first, "0A") == 0 && strcmp(second, "B345") == 0, "readv scatters in order");
  struct iovec out[2] = {{(void *)"xy", 2}, {(void *)"z", 1}};
  CHECK(writev(fd, out, 2) == 3, "writev 3 bytes");
  CHECK(pread(fd, buffer, 4, 5) == 4 && memcmp(buffer, "5xyz", 4) == 0, "writev gathers");
  printf("pread/pwrite/readv/writev: ok\n");
}

int main(int argc, char **argv) {
  sandboxFromArgs(argc, argv);
  const int fd = open(inSandbox("seek.bin"), O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0, "create seek.bin");
  seekAndTell(fd);
  hole(fd);
  positional(fd);
  CHECK(close(fd) == 0, "close");

  const int appendFd = open(inSandbox("seek.bin"), O_WRONLY | O_APPEND);
  CHECK(appendFd >= 0, "open for append");
  CHECK(lseek(appendFd, 0, SEEK_SET) == 0, "seek an append descriptor");
  CHECK(write(appendFd, "!", 1) == 1, "append one byte");
  CHECK(lseek(appendFd, 0, SEEK_CUR) == 104, "O_APPEND writes at the end");
  CHECK(close(appendFd) == 0, "close");
  printf("append: ok\n");
  return 0;
}
