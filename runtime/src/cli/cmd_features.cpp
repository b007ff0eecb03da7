// SPDX-License-Identifier: Apache-2.0
// `runw features`: prints the features document (runtime-spec features.md) on stdout.
#include "commands.h"

#include "oci/features.h"
#include "runtime/features.h"

#include <string>
#include <unistd.h>

namespace runw::runtime::cli {

Result<int> cmdFeatures(CommandContext & /*context*/) {
  // runc encodes with SetIndent("", "    ") through a json.Encoder, which ends the document
  // with a newline.
  std::string text = oci::serialize(supportedFeatures(), oci::SerializeOptions{4, ' '});
  text += '\n';
  TRY(writeAll(STDOUT_FILENO, text).context("stdout"));
  return 0;
}

} // namespace runw::runtime::cli
