// SPDX-License-Identifier: Apache-2.0
// WASI fd_readdir: a directory of 500 files plus a subdirectory, every name seen exactly once,
// across the many fd_readdir calls (and cookies) one listing needs, and again after rewinddir.
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

enum { kFiles = 500 };

// Lists dir once; counts[i] is how often file i was seen. Returns the number of entries that
// were neither ".", "..", a numbered file nor "subdir".
static int listOnce(DIR *dir, int counts[kFiles], int *subdirSeen) {
  int unexpected = 0;
  memset(counts, 0, sizeof(int) * kFiles);
  *subdirSeen = 0;
  for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
    int index = -1;
    char tail = 0;
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) {
      continue; // uvwasi omits them, POSIX allows either
    }
    if (strcmp(entry->d_name, "subdir") == 0) {
      CHECK(entry->d_type == DT_DIR, "d_type of subdir is DT_DIR");
      ++*subdirSeen;
    } else if (sscanf(entry->d_name, "file-%d.txt%c", &index, &tail) == 1 && index >= 0 &&
               index < kFiles) {
      CHECK(entry->d_type == DT_REG, "d_type of a file is DT_REG");
      ++counts[index];
    } else {
      printf("unexpected entry: %s\n", entry->d_name);
      ++unexpected;
    }
  }
  return unexpected;
}

static void report(const char *pass, const int counts[kFiles], int subdirSeen, int unexpected) {
  int once = 0;
  for (int i = 0; i < kFiles; ++i) {
    if (counts[i] == 1) {
      ++once;
    } else {
      printf("file-%03d.txt seen %d times\n", i, counts[i]);
    }
  }
  printf("%s: %d of %d files seen once, subdir seen %d, unexpected %d\n", pass, once, kFiles,
         subdirSeen, unexpected);
  CHECK(once == kFiles && subdirSeen == 1 && unexpected == 0, "every name seen exactly once");
}

int main(int argc, char **argv) {
  sandboxFromArgs(argc, argv);
  CHECK(mkdir(inSandbox("many"), 0755) == 0, "mkdir many");
  CHECK(mkdir(inSandbox("many/subdir"), 0755) == 0, "mkdir many/subdir");
  for (int i = 0; i < kFiles; ++i) {
    char name[64];
    snprintf(name, sizeof name, "many/file-%03d.txt", i);
    const int fd = open(inSandbox(name), O_WRONLY | O_CREAT | O_EXCL, 0644);
    CHECK(fd >= 0, "create a numbered file");
    CHECK(close(fd) == 0, "close");
  }
  printf("created %d files\n", kFiles);

  DIR *dir = opendir(inSandbox("many"));
  CHECK(dir != NULL, "opendir many");
  static int counts[kFiles];
  int subdirSeen = 0;
  int unexpected = listOnce(dir, counts, &subdirSeen);
  report("first pass", counts, subdirSeen, unexpected);
  rewinddir(dir);
  unexpected = listOnce(dir, counts, &subdirSeen);
  report("after rewinddir", counts, subdirSeen, unexpected);
  CHECK(closedir(dir) == 0, "closedir");

  DIR *empty = opendir(inSandbox("many/subdir"));
  CHECK(empty != NULL, "opendir many/subdir");
  int entries = 0;
  for (struct dirent *entry; (entry = readdir(empty)) != NULL;) {
    entries += strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0;
  }
  CHECK(closedir(empty) == 0, "closedir");
  printf("empty directory: %d entries\n", entries);
  CHECK(entries == 0, "an empty directory lists nothing but . and ..");
  CHECK_FAILS(opendir(inSandbox("many/file-000.txt")) == NULL ? -1 : 0, ENOTDIR,
              "opendir on a file");
  return 0;
}
