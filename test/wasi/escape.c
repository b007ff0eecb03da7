// SPDX-License-Identifier: Apache-2.0
// Escape attempts that must all fail: `..`, absolute paths (through libc and raw path_open),
// symlinks created inside the preopen that point outside (absolute, relative, via a directory,
// chained), mutations outside, and a single-threaded race that swaps a symlink-to-outside over a
// directory name between opens.
//
// Usage: escape SANDBOX OUTSIDE_HOST_DIR. The harness lays out, next to the preopened SANDBOX,
// outside.txt and OUTSIDE_HOST_DIR/secret (both "OUTSIDE SECRET"), preopens an empty directory as
// "/", and puts input.txt ("inside") and racedir/secret ("inside") in SANDBOX.
#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static int gFailures = 0;

// 1 when text is the outside marker or looks like /etc/passwd.
static int isOutside(const char *text) {
  return strstr(text, "OUTSIDE") != NULL || strstr(text, "root:") != NULL;
}

static void verdict(const char *name, int escaped) {
  printf("%s: %s\n", name, escaped ? "ESCAPED" : "blocked");
  gFailures += escaped;
}

// Reads up to size-1 bytes of fd into buffer and closes fd.
static void readAndClose(int fd, char *buffer, size_t size) {
  memset(buffer, 0, size);
  const ssize_t got = read(fd, buffer, size - 1);
  (void)got;
  (void)close(fd);
}

// Opens path through libc; anything readable that is outside content is an escape.
static void tryOpen(const char *name, const char *path) {
  const int fd = open(path, O_RDONLY);
  char buffer[256] = {0};
  if (fd >= 0) {
    readAndClose(fd, buffer, sizeof buffer);
  }
  // A directory that opens is an escape too when it is the parent of the sandbox.
  verdict(name, fd >= 0 && (isOutside(buffer) || strcmp(name, "dotdot-dir") == 0));
}

// path_open relative to the preopen, bypassing wasi-libc's own path checks.
static void tryRawOpen(const char *name, int preopen, const char *path, int directory) {
  __wasi_fd_t fd = 0;
  const __wasi_errno_t error = __wasi_path_open(
      (__wasi_fd_t)preopen, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path,
      directory ? __WASI_OFLAGS_DIRECTORY : 0,
      __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN, 0, 0, &fd);
  char buffer[256] = {0};
  if (error == 0 && !directory) {
    readAndClose((int)fd, buffer, sizeof buffer);
  } else if (error == 0) {
    (void)close((int)fd);
  }
  verdict(name, error == 0 && (directory || isOutside(buffer)));
}

// Creates SANDBOX/link -> target (failing to create it also blocks) and opens SANDBOX/through.
static void trySymlink(const char *name, const char *target, const char *link,
                       const char *through) {
  if (symlink(target, inSandbox(link)) != 0) {
    verdict(name, 0);
    return;
  }
  tryOpen(name, inSandbox(through));
}

static void plainEscapes(int preopen, const char *outsideDir) {
  tryOpen("dotdot", inSandbox("../outside.txt"));
  tryOpen("sub-dotdot", inSandbox("sub/../../outside.txt"));
  tryOpen("dotdot-dir", inSandbox(".."));
  tryOpen("etc-passwd", "/etc/passwd");
  tryRawOpen("raw-dotdot", preopen, "../outside.txt", 0);
  tryRawOpen("raw-sub-dotdot", preopen, "sub/../../outside.txt", 0);
  tryRawOpen("raw-dotdot-dir", preopen, "..", 1);
  tryRawOpen("raw-etc-passwd", preopen, "/etc/passwd", 0);
  char hostPath[512];
  snprintf(hostPath, sizeof hostPath, "%s/secret", outsideDir);
  tryRawOpen("raw-host-absolute", preopen, hostPath, 0);
}

static void symlinkEscapes(const char *outsideDir) {
  char hostSecret[512];
  snprintf(hostSecret, sizeof hostSecret, "%s/secret", outsideDir);
  trySymlink("symlink-etc-passwd", "/etc/passwd", "abs-link", "abs-link");
  trySymlink("symlink-host-absolute", hostSecret, "host-link", "host-link");
  trySymlink("symlink-dotdot", "../outside.txt", "rel-link", "rel-link");
  trySymlink("symlink-sub-dotdot", "../../outside.txt", "sub/rel-link", "sub/rel-link");
  trySymlink("symlink-up-dir", "..", "up", "up/outside.txt");
  trySymlink("symlink-host-dir", outsideDir, "host-dir", "host-dir/secret");
  // A chain whose last hop leaves: chain1 -> chain2 -> sub/chain3 -> ../../outside.txt.
  CHECK(symlink("chain2", inSandbox("chain1")) == 0, "symlink chain1");
  CHECK(symlink("sub/chain3", inSandbox("chain2")) == 0, "symlink chain2");
  trySymlink("symlink-chain", "../../outside.txt", "sub/chain3", "chain1");
  // A chain of directories: chain-dir -> sub/updir -> ../.., then chain-dir/outside.txt.
  CHECK(symlink("sub/updir", inSandbox("chain-dir")) == 0, "symlink chain-dir");
  trySymlink("symlink-dir-chain", "../..", "sub/updir", "chain-dir/outside.txt");

  // The control: links that stay inside must keep working, or "blocked" proves nothing.
  CHECK(symlink("sub/../input.txt", inSandbox("ok-link")) == 0, "symlink ok-link");
  const int fd = open(inSandbox("ok-link"), O_RDONLY);
  CHECK(fd >= 0, "open a symlink that stays inside");
  char buffer[64];
  readAndClose(fd, buffer, sizeof buffer);
  CHECK(strcmp(buffer, "inside\n") == 0, "ok-link reads input.txt");
  printf("inside-symlink: readable\n");
}

static void mutationEscapes(void) {
  verdict("unlink-outside", unlink(inSandbox("../outside.txt")) == 0);
  verdict("mkdir-outside", mkdir(inSandbox("../made-by-guest"), 0755) == 0);
  verdict("create-outside", open(inSandbox("../created-by-guest"), O_WRONLY | O_CREAT, 0644) >= 0);
  verdict("rename-out", rename(inSandbox("input.txt"), inSandbox("../moved-by-guest")) == 0);
  verdict("rename-in", rename(inSandbox("../outside.txt"), inSandbox("stolen.txt")) == 0);
  verdict("link-in", link(inSandbox("../outside.txt"), inSandbox("hard-stolen.txt")) == 0);
  struct stat info;
  verdict("stat-outside", stat(inSandbox("../outside.txt"), &info) == 0);
}

// One thread: swap racedir with a symlink to outside and back, opening racedir/secret each time.
// A runtime may refuse to create a symlink that points outside; then there is nothing to race.
static void guestRace(const char *outsideDir) {
  const char *links[2];
  int linkCount = 0;
  if (symlink("../outside", inSandbox("race-rel")) == 0) {
    links[linkCount++] = inSandbox("race-rel");
  }
  if (symlink(outsideDir, inSandbox("race-abs")) == 0) {
    links[linkCount++] = inSandbox("race-abs");
  }
  const char *dir = inSandbox("racedir");
  const char *parked = inSandbox("racedir-real");
  const char *secret = inSandbox("racedir/secret");
  int inside = 0;
  int outside = 0;
  const int rounds = linkCount == 0 ? 0 : 200;
  for (int round = 0; round < rounds; ++round) {
    CHECK(rename(dir, parked) == 0, "park racedir");
    CHECK(rename(links[round % linkCount], dir) == 0, "rename the symlink over racedir");
    int fd = open(secret, O_RDONLY);
    char buffer[64];
    if (fd >= 0) {
      readAndClose(fd, buffer, sizeof buffer);
      outside += isOutside(buffer);
    }
    CHECK(rename(dir, links[round % linkCount]) == 0, "move the symlink back");
    CHECK(rename(parked, dir) == 0, "restore racedir");
    fd = open(secret, O_RDONLY);
    CHECK(fd >= 0, "open racedir/secret");
    readAndClose(fd, buffer, sizeof buffer);
    inside += strcmp(buffer, "inside\n") == 0;
  }
  CHECK(inside == rounds, "racedir/secret readable whenever racedir is the directory");
  verdict("guest-race", outside != 0);
}

int main(int argc, char **argv) {
  sandboxFromArgs(argc, argv);
  CHECK(argc == 3, "usage: escape SANDBOX OUTSIDE_HOST_DIR");
  const int preopen = findPreopen(gSandbox);
  plainEscapes(preopen, argv[2]);
  symlinkEscapes(argv[2]);
  mutationEscapes();
  guestRace(argv[2]);
  printf("escapes: %d\n", gFailures);
  return gFailures == 0 ? 0 : 1;
}
