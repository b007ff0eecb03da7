// SPDX-License-Identifier: Apache-2.0
// Linker: the names imports are resolved against.
#include "engine/engine.h"

#include <algorithm>
#include <utility>

namespace runw::engine {

void Linker::define(std::string module, std::string name, Extern value) {
  // A later definition of the same name replaces the earlier one, as re-registering a
  // module under the same name does in the spec test scripts.
  for (Entry &entry : entries_) {
    if (entry.module == module && entry.name == name) {
      entry.value = value;
      return;
    }
  }
  entries_.push_back(Entry{std::move(module), std::move(name), value});
}

std::optional<Extern> Linker::find(std::string_view module, std::string_view name) const {
  const auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry &entry) {
    return entry.module == module && entry.name == name;
  });
  if (it == entries_.end()) {
    return std::nullopt;
  }
  return it->value;
}

} // namespace runw::engine
