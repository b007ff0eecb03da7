// SPDX-License-Identifier: Apache-2.0
// The WASI echo example: prints its words, argv, chosen env vars and files, writes files, exits.
//
// Usage: echo.wasm [WORD | --argv | --env NAME | --environ | --cat PATH | --write PATH TEXT
//                  | --exit CODE | --]...
// Options run in order. Plain words are printed on one line, space-separated (like echo(1)),
// flushed before the output of the next option and at the end. --argv prints every argument as
// `argv[I]=VALUE` (argv[0] included), --env prints `NAME=VALUE` (or `NAME is unset`), --environ
// prints the whole environment, --cat prints a file (e.g. one on a bind mount), --write replaces
// a file with TEXT and a newline (to test writable and read-only mounts), --exit ends with CODE.
// After `--` every argument is a word. A failed --cat or --write reports `echo: ...: <strerror>`
// on stderr and exits 1 at once.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

// Words collected for the current output line (printed before any option's own output).
static int pendingWords = 0;

static void flushWords(void) {
  if (pendingWords > 0) {
    putchar('\n');
    pendingWords = 0;
  }
}

static void addWord(const char *word) {
  printf(pendingWords > 0 ? " %s" : "%s", word);
  ++pendingWords;
}

static int failWith(const char *what, const char *path) {
  const int err = errno;
  fflush(stdout);
  fprintf(stderr, "echo: %s %s: %s\n", what, path, strerror(err));
  return 1;
}

static int catFile(const char *path) {
  FILE *file = fopen(path, "r");
  if (file == NULL) {
    return failWith("cannot open", path);
  }
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, file)) > 0) {
    fwrite(buffer, 1, n, stdout);
  }
  const int failed = ferror(file);
  fclose(file);
  return failed ? failWith("cannot read", path) : 0;
}

static int writeFile(const char *path, const char *text) {
  FILE *file = fopen(path, "w");
  if (file == NULL) {
    return failWith("cannot write", path);
  }
  // fclose flushes, so a full disk or a late EROFS shows up there.
  const int failed = fprintf(file, "%s\n", text) < 0;
  if (fclose(file) != 0 || failed) {
    return failWith("cannot write", path);
  }
  return 0;
}

static int usage(const char *why) {
  fflush(stdout);
  fprintf(stderr, "echo: %s\n", why);
  return 2;
}

int main(int argc, char **argv) {
  int wordsOnly = 0;
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    if (wordsOnly || arg[0] != '-' || arg[1] != '-') {
      addWord(arg);
      continue;
    }
    flushWords();
    if (strcmp(arg, "--") == 0) {
      wordsOnly = 1;
    } else if (strcmp(arg, "--argv") == 0) {
      for (int j = 0; j < argc; ++j) {
        printf("argv[%d]=%s\n", j, argv[j]);
      }
    } else if (strcmp(arg, "--environ") == 0) {
      for (char **entry = environ; *entry != NULL; ++entry) {
        printf("%s\n", *entry);
      }
    } else if (strcmp(arg, "--env") == 0 && i + 1 < argc) {
      const char *value = getenv(argv[++i]);
      if (value != NULL) {
        printf("%s=%s\n", argv[i], value);
      } else {
        printf("%s is unset\n", argv[i]);
      }
    } else if (strcmp(arg, "--cat") == 0 && i + 1 < argc) {
      if (catFile(argv[++i]) != 0) {
        return 1;
      }
    } else if (strcmp(arg, "--write") == 0 && i + 2 < argc) {
      if (writeFile(argv[i + 1], argv[i + 2]) != 0) {
        return 1;
      }
      printf("wrote %s\n", argv[i + 1]);
      i += 2;
    } else if (strcmp(arg, "--exit") == 0 && i + 1 < argc) {
      fflush(stdout);
      return atoi(argv[++i]);
    } else {
      return usage("unknown option or missing operand (see the comment at the top of echo.c)");
    }
  }
  flushWords();
  return 0;
}
