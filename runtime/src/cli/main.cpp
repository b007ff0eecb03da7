// SPDX-License-Identifier: Apache-2.0
// Entry point of the runw binary: runs the CLI and turns its result into the exit status.
#include "cli/commands.h"
#include "cli/log.h"

#include <string>
#include <vector>

int main(int argc, char **argv) {
  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  runw::runtime::cli::Logger log;
  const auto status = runw::runtime::cli::runCli(args, log);
  if (!status) {
    // As runc's fatal(): the error goes to the log (and to stderr when the log is a file),
    // and the exit status is 1 (interfaces.md 1.3).
    log.reportError(status.error().describe());
    return 1;
  }
  return *status;
}
