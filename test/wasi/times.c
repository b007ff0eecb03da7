// SPDX-License-Identifier: Apache-2.0
// WASI timestamps: path_filestat_set_times (utimensat) and fd_filestat_set_times (futimens) set
// exact nanosecond times, the *_NOW flags take the realtime clock, UTIME_OMIT keeps a time, and
// writing a file moves its mtime.
#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void checkTimes(const char *relative, time_t atime, long atimeNs, time_t mtime, long mtimeNs,
                       const char *what) {
  struct stat info;
  CHECK(stat(inSandbox(relative), &info) == 0, "stat");
  if (info.st_atim.tv_sec != atime || info.st_atim.tv_nsec != atimeNs ||
      info.st_mtim.tv_sec != mtime || info.st_mtim.tv_nsec != mtimeNs) {
    printf("%s: atime=%lld.%09ld mtime=%lld.%09ld\n", what, (long long)info.st_atim.tv_sec,
           info.st_atim.tv_nsec, (long long)info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
    FAIL_NOW(what, 0);
  }
  printf("%s: atime=%lld.%09ld mtime=%lld.%09ld\n", what, (long long)atime, atimeNs,
         (long long)mtime, mtimeNs);
}

static long long nowSeconds(void) {
  struct timespec now;
  CHECK(clock_gettime(CLOCK_REALTIME, &now) == 0, "clock_gettime");
  return (long long)now.tv_sec;
}

int main(int argc, char **argv) {
  sandboxFromArgs(argc, argv);
  const int fd = open(inSandbox("stamped.txt"), O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0, "create stamped.txt");

  const struct timespec exact[2] = {{1000000000, 123456789}, {1500000000, 987654321}};
  CHECK(utimensat(AT_FDCWD, inSandbox("stamped.txt"), exact, 0) == 0, "utimensat");
  checkTimes("stamped.txt", 1000000000, 123456789, 1500000000, 987654321, "utimensat");

  const struct timespec omitAtime[2] = {{0, UTIME_OMIT}, {1600000000, 5}};
  CHECK(futimens(fd, omitAtime) == 0, "futimens with UTIME_OMIT");
  checkTimes("stamped.txt", 1000000000, 123456789, 1600000000, 5, "futimens");

  const struct timespec epoch[2] = {{0, 0}, {86400, 0}};
  CHECK(futimens(fd, epoch) == 0, "futimens to the epoch");
  checkTimes("stamped.txt", 0, 0, 86400, 0, "epoch");

  // Debian's wasi-libc (2022-05-10) miscompiles utimens_get_timestamps (fixed upstream later):
  // UTIME_NOW/UTIME_OMIT in the mtime slot give EINVAL and times == NULL sets both times to 0.
  // So the *_NOW flags are sent with raw WASI calls.
  const long long before = nowSeconds();
  const __wasi_fd_t preopen = (__wasi_fd_t)findPreopen(gSandbox);
  CHECK_WASI(__wasi_path_filestat_set_times(preopen, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
                                            "stamped.txt", 0, 0,
                                            __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW),
             0, "path_filestat_set_times ATIM_NOW|MTIM_NOW");
  struct stat info;
  CHECK(stat(inSandbox("stamped.txt"), &info) == 0, "stat");
  long long after = nowSeconds();
  CHECK(info.st_atim.tv_sec >= before - 1 && info.st_atim.tv_sec <= after + 1, "now: atime");
  CHECK(info.st_mtim.tv_sec >= before - 1 && info.st_mtim.tv_sec <= after + 1, "now: mtime");
  CHECK_WASI(__wasi_fd_filestat_set_times((__wasi_fd_t)fd, 0, 1700000000000000042ULL,
                                          __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM),
             0, "fd_filestat_set_times ATIM_NOW with an exact mtime");
  CHECK(fstat(fd, &info) == 0, "fstat");
  after = nowSeconds();
  CHECK(info.st_atim.tv_sec >= before - 1 && info.st_atim.tv_sec <= after + 1, "ATIM_NOW atime");
  CHECK(info.st_mtim.tv_sec == 1700000000 && info.st_mtim.tv_nsec == 42, "exact mtime kept");
  CHECK(futimens(fd, epoch) == 0, "futimens to the epoch");
  CHECK_WASI(__wasi_fd_filestat_set_times((__wasi_fd_t)fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW), 0,
             "fd_filestat_set_times MTIM_NOW");
  CHECK(fstat(fd, &info) == 0, "fstat");
  after = nowSeconds();
  CHECK(info.st_atim.tv_sec == 0 && info.st_atim.tv_nsec == 0, "MTIM_NOW keeps atime");
  CHECK(info.st_mtim.tv_sec >= before - 1 && info.st_mtim.tv_sec <= after + 1, "MTIM_NOW mtime");
  CHECK_WASI(__wasi_fd_filestat_set_times((__wasi_fd_t)fd, 1, 1,
                                          __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW),
             __WASI_ERRNO_INVAL, "MTIM together with MTIM_NOW");
  printf("NOW flags: within the realtime clock\n");

  CHECK(futimens(fd, epoch) == 0, "futimens to the epoch");
  CHECK(write(fd, "x", 1) == 1, "write");
  struct stat written;
  CHECK(fstat(fd, &written) == 0, "fstat");
  CHECK(written.st_mtim.tv_sec >= before - 1, "a write moves mtime to now");
  CHECK(written.st_ctim.tv_sec >= before - 1, "ctime is recent");
  printf("write: mtime moved to now\n");

  CHECK(symlink("stamped.txt", inSandbox("stamp-link")) == 0, "symlink");
  struct stat link;
  const struct timespec linkTimes[2] = {{1200000000, 0}, {1300000000, 0}};
  CHECK(utimensat(AT_FDCWD, inSandbox("stamp-link"), linkTimes, 0) == 0, "utimensat via link");
  checkTimes("stamped.txt", 1200000000, 0, 1300000000, 0, "through a symlink");
  CHECK(lstat(inSandbox("stamp-link"), &link) == 0, "lstat");
  CHECK(link.st_mtim.tv_sec != 1300000000, "the link itself keeps its own mtime");
  CHECK(close(fd) == 0, "close");
  CHECK_FAILS(utimensat(AT_FDCWD, inSandbox("missing"), exact, 0), ENOENT,
              "utimensat on a missing file");
  return 0;
}
