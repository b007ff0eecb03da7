// SPDX-License-Identifier: Apache-2.0
// runw run: create, start, and in the foreground wait for the exit and delete.
#include "container/common.h"
#include "container/foreground.h"

namespace runw::runtime {

Result<int> runContainer(const RuntimeOptions &options, const RunOptions &run) {
  if (!run.detach) {
    TRY(container::prepareForeground());
  }
  const pid_t pid = TRY(createContainer(options, run.create));
  if (Result<void> started = startContainer(options, run.create.id); !started) {
    (void)deleteContainer(options, run.create.id, true);
    return std::unexpected(started.error());
  }
  if (run.detach) {
    return 0;
  }
  const int status = TRY(container::waitForeground(pid));
  if (!run.keep) {
    TRY(deleteContainer(options, run.create.id, true));
  }
  return status;
}

} // namespace runw::runtime
