// SPDX-License-Identifier: Apache-2.0
// The shim's command line as containerd passes it: Go `flag` syntax, then an action word.
#pragma once

#include <map>
#include <string>

namespace runw::shim {

/// Flags by name (without dashes) and the action (`start`, `delete`, or empty for the daemon).
struct Flags {
  std::map<std::string, std::string> values;
  std::string action;
  /// The flag's value, or "" when it was not given.
  [[nodiscard]] std::string get(const std::string &key) const;
  /// True when a boolean flag was given.
  [[nodiscard]] bool has(const std::string &key) const { return values.contains(key); }
};

/// Parses `-x v`, `--x v`, `-x=v` and the boolean flags (-debug, -v, -version, -info);
/// parsing stops at the first word that is not a flag, which is the action.
Flags parseFlags(int argc, char **argv);

} // namespace runw::shim
