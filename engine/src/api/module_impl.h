// SPDX-License-Identifier: Apache-2.0
// What the API's Module and ValidatedModule hold.
#pragma once

#include "ast/module.h"
#include "interp/interp.h"

#include "engine/engine.h"

#include <vector>

namespace runw::engine {

struct Module::Impl {
  ast::Module ast;
};

/// A validated module and its functions translated for the interpreter.
struct ValidatedModule::Impl {
  ast::Module ast;
  std::vector<interp::CompiledFunction> functions; ///< one per defined function
};

} // namespace runw::engine
