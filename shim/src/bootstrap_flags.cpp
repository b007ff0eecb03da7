// SPDX-License-Identifier: Apache-2.0
// The shim's command line as containerd passes it: Go `flag` syntax, then an action word.
#include "bootstrap_flags.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace runw::shim {

std::string Flags::get(const std::string &key) const {
  auto it = values.find(key);
  return it == values.end() ? "" : it->second;
}

Flags parseFlags(int argc, char **argv) {
  static constexpr std::array<std::string_view, 4> kBool = {"debug", "v", "version", "info"};
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.size() < 2 || arg[0] != '-') {
      flags.action = arg;
      break;
    }
    std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
    auto eq = name.find('=');
    if (eq != std::string::npos) {
      flags.values[name.substr(0, eq)] = name.substr(eq + 1);
    } else if (std::ranges::find(kBool, name) != kBool.end()) {
      flags.values[name] = "true";
    } else if (i + 1 < argc) {
      flags.values[name] = argv[++i];
    }
  }
  return flags;
}

} // namespace runw::shim
