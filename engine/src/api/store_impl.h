// SPDX-License-Identifier: Apache-2.0
// What the API's Store and Instance hold: the Store owns every runtime object and the one
// interpreter thread that runs code in it.
#pragma once

#include "interp/interp.h"

#include "engine/engine.h"
#include "runtime/instantiate.h"
#include "runtime/objects.h"

#include <memory>
#include <vector>

namespace runw::engine {

/// An instance is its module instance; the Store owns it.
struct Instance::Impl : rt::ModuleInstance {};

/// Everything a Store owns, and the interpreter thread its code runs on.
struct Store::Impl {
  /// Cells of the value stack: 8 MiB, far deeper than maxCallDepth frames usually need.
  static constexpr size_t kValueStackSlots = size_t{1} << 20;

  explicit Impl(const StoreLimits &limits)
      : objects{limits, {}, {}, {}, {}}, thread(limits.maxCallDepth, kValueStackSlots) {}

  rt::StoreObjects objects; ///< functions, tables, memories, globals
  /// Module instances, including failed ones whose functions other objects may still reference.
  std::vector<std::unique_ptr<Instance::Impl>> instances;
  interp::Thread thread; ///< runs start functions and invoke
};

} // namespace runw::engine
