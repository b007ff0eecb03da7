// SPDX-License-Identifier: Apache-2.0
// WASI sockets on a preopened TCP listener (runw-wasm --tcp-listen): sock_accept a connection,
// sock_recv a line, sock_send it back in upper case, sock_shutdown, and check the errors for a
// descriptor that is not a socket and for bad flags.
#include "check.h"

#include <ctype.h>

// The listener is the first descriptor after stdio when no directory is preopened.
#define LISTENER 3

static size_t receiveLine(__wasi_fd_t connection, char *buffer, size_t size) {
  size_t used = 0;
  while (used + 1 < size && (used == 0 || buffer[used - 1] != '\n')) {
    __wasi_iovec_t iov = {(uint8_t *)buffer + used, size - 1 - used};
    __wasi_size_t got = 0;
    __wasi_roflags_t flags = 0;
    CHECK_WASI(__wasi_sock_recv(connection, &iov, 1, 0, &got, &flags), 0, "sock_recv");
    if (got == 0) {
      break;
    }
    used += got;
  }
  buffer[used] = '\0';
  return used;
}

int main(void) {
  __wasi_fdstat_t stat;
  CHECK_WASI(__wasi_fd_fdstat_get(LISTENER, &stat), 0, "fdstat of the listener");
  CHECK(stat.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM, "the listener is a stream socket");

  __wasi_fd_t connection = 0;
  CHECK_WASI(__wasi_sock_accept(LISTENER, 0, &connection), 0, "sock_accept");
  char line[256];
  const size_t length = receiveLine(connection, line, sizeof line);
  for (size_t i = 0; i < length; ++i) {
    line[i] = (char)toupper((unsigned char)line[i]);
  }
  __wasi_ciovec_t out = {(const uint8_t *)line, length};
  __wasi_size_t sent = 0;
  CHECK_WASI(__wasi_sock_send(connection, &out, 1, 0, &sent), 0, "sock_send");
  CHECK(sent == length, "sent the whole line");
  CHECK_WASI(__wasi_sock_shutdown(connection, __WASI_SDFLAGS_WR), 0, "sock_shutdown");
  CHECK_WASI(__wasi_sock_shutdown(connection, 0), __WASI_ERRNO_INVAL, "shutdown without flags");
  CHECK_WASI(__wasi_sock_shutdown(1, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK,
             "shutdown of stdout");
  __wasi_fd_t none = 0;
  CHECK_WASI(__wasi_sock_accept(1, 0, &none), __WASI_ERRNO_NOTSOCK, "accept on stdout");
  CHECK_WASI(__wasi_fd_close(connection), 0, "close the connection");
  printf("echoed %zu bytes\n", length);
  return 0;
}
