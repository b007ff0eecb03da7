// SPDX-License-Identifier: Apache-2.0
// The WASI hello example: greets with $GREETING, lists its arguments and prints a file from the
// directory preopened as /data.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  const char *greeting = getenv("GREETING");
  printf("%s from WebAssembly!\n", greeting != NULL ? greeting : "Hello");
  for (int i = 1; i < argc; ++i) {
    printf("argument %d: %s\n", i, argv[i]);
  }
  FILE *message = fopen("/data/message.txt", "r");
  if (message == NULL) {
    fprintf(stderr, "hello: cannot open /data/message.txt: %s (preopen it with --dir HOST:/data)\n",
            strerror(errno));
    return 1;
  }
  printf("/data/message.txt says: ");
  char line[256];
  while (fgets(line, sizeof line, message) != NULL) {
    fputs(line, stdout);
  }
  fclose(message);
  return 0;
}
