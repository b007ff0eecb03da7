// SPDX-License-Identifier: Apache-2.0
// runw-shim-call: calls a shim's Task CloseIO or ResizePty the way containerd does, for the
// integration tests (ctr never sends CloseIO to a process with a terminal).
//
// Usage: runw-shim-call close-stdin ADDRESS ID [EXEC_ID]
//        runw-shim-call resize ADDRESS ID EXEC_ID WIDTH HEIGHT   (EXEC_ID "" for the init)
// Prints "ok", or "<Code>: <message>" and exits 1 when the shim answers with an error.
#include "containerd/task/v2/shim.pb.h"
#include "ttrpc/client.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using runw::shim::ttrpc::Client;

int usage() {
  std::fputs("usage: runw-shim-call close-stdin ADDRESS ID [EXEC_ID]\n"
             "       runw-shim-call resize ADDRESS ID EXEC_ID WIDTH HEIGHT\n",
             stderr);
  return 2;
}

int call(const std::string &address, const char *method, const google::protobuf::MessageLite &req) {
  auto client = Client::connect(address);
  if (!client.has_value()) {
    std::fprintf(stderr, "runw-shim-call: %s\n", client.error().describe().c_str());
    return 2;
  }
  auto reply = (*client)->call("containerd.task.v2.Task", method, req.SerializeAsString());
  if (!reply.has_value()) {
    std::printf("%s: %s\n", runw::shim::ttrpc::codeName(reply.error().code).c_str(),
                reply.error().message.c_str());
    return 1;
  }
  std::puts("ok");
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  std::string verb = argc > 1 ? argv[1] : "";
  if (verb == "close-stdin" && (argc == 4 || argc == 5)) {
    containerd::task::v2::CloseIORequest req;
    req.set_id(argv[3]);
    req.set_exec_id(argc == 5 ? argv[4] : "");
    req.set_stdin(true);
    return call(argv[2], "CloseIO", req);
  }
  if (verb == "resize" && argc == 7) {
    containerd::task::v2::ResizePtyRequest req;
    req.set_id(argv[3]);
    req.set_exec_id(argv[4]);
    req.set_width(static_cast<std::uint32_t>(std::strtoul(argv[5], nullptr, 10)));
    req.set_height(static_cast<std::uint32_t>(std::strtoul(argv[6], nullptr, 10)));
    return call(argv[2], "ResizePty", req);
  }
  return usage();
}
