// SPDX-License-Identifier: Apache-2.0
// Self-checks shared by the WASI test programs: a failed check prints one FAIL line and exits 1.
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

// Stdout is the harness's evidence, so a FAIL line must reach it before the exit.
#define FAIL_NOW(what, err)                                                                        \
  do {                                                                                             \
    printf("FAIL: %s errno=%s\n", (what), strerror(err));                                          \
    fflush(stdout);                                                                                \
    exit(1);                                                                                       \
  } while (0)

// CHECK(cond, what): cond must hold; errno is printed to explain a failed call.
#define CHECK(cond, what)                                                                          \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      FAIL_NOW((what), errno);                                                                     \
    }                                                                                              \
  } while (0)

// CHECK_FAILS(call, expected, what): call must return -1 with errno == expected.
#define CHECK_FAILS(call, expected, what)                                                          \
  do {                                                                                             \
    errno = 0;                                                                                     \
    if ((call) != -1 || errno != (expected)) {                                                     \
      const int got_ = errno;                                                                      \
      printf("FAIL: %s (expected %s) errno=%s\n", (what), strerror(expected),                      \
             got_ == 0 ? "none, the call succeeded" : strerror(got_));                             \
      fflush(stdout);                                                                              \
      exit(1);                                                                                     \
    }                                                                                              \
  } while (0)

// CHECK_WASI(call, expected, what): a raw __wasi_* call must return expected.
#define CHECK_WASI(call, expected, what)                                                           \
  do {                                                                                             \
    const __wasi_errno_t got_ = (call);                                                            \
    if (got_ != (expected)) {                                                                      \
      printf("FAIL: %s (expected %s) errno=%s\n", (what), strerror(expected), strerror(got_));     \
      fflush(stdout);                                                                              \
      exit(1);                                                                                     \
    }                                                                                              \
  } while (0)

// The descriptor of the preopen whose guest name is name (fd_prestat_dir_name), or exits.
static inline int findPreopen(const char *name) {
  for (__wasi_fd_t fd = 3; fd < 64; ++fd) {
    __wasi_prestat_t prestat;
    if (__wasi_fd_prestat_get(fd, &prestat) != 0) {
      break;
    }
    char buffer[512];
    const size_t length = prestat.u.dir.pr_name_len;
    if (length >= sizeof buffer ||
        __wasi_fd_prestat_dir_name(fd, (uint8_t *)buffer, (__wasi_size_t)length) != 0) {
      continue;
    }
    buffer[length] = '\0';
    if (strcmp(buffer, name) == 0) {
      return (int)fd;
    }
  }
  printf("FAIL: no preopen named %s errno=%s\n", name, strerror(ENOENT));
  exit(1);
}

// The directory every program works in (argv[1]); set by sandboxFromArgs.
static const char *gSandbox = "";

// Takes argv[1] as the sandbox directory, or exits with a usage line.
static inline void sandboxFromArgs(int argc, char **argv) {
  if (argc < 2) {
    printf("FAIL: usage: %s SANDBOX_DIR errno=%s\n", argv[0], strerror(EINVAL));
    exit(1);
  }
  gSandbox = argv[1];
}

// SANDBOX/relative, in a fresh heap string (the programs are short-lived; nothing is freed).
static inline char *inSandbox(const char *relative) {
  const size_t size = strlen(gSandbox) + strlen(relative) + 2;
  char *path = (char *)malloc(size);
  if (path == NULL) {
    FAIL_NOW("malloc", ENOMEM);
  }
  snprintf(path, size, "%s/%s", gSandbox, relative);
  return path;
}

// Creates (or truncates) SANDBOX/relative with text.
static inline void writeFile(const char *relative, const char *text) {
  const int fd = open(inSandbox(relative), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0, "create a file");
  CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write");
  CHECK(close(fd) == 0, "close");
}

// The first 255 bytes of SANDBOX/relative, in a buffer the next call reuses.
static inline const char *readFile(const char *relative) {
  static char buffer[256];
  memset(buffer, 0, sizeof buffer);
  const int fd = open(inSandbox(relative), O_RDONLY);
  CHECK(fd >= 0, "open for reading");
  CHECK(read(fd, buffer, sizeof buffer - 1) >= 0, "read");
  CHECK(close(fd) == 0, "close");
  return buffer;
}
