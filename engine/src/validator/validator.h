// SPDX-License-Identifier: Apache-2.0
// Module validation (core spec chapter 3): every rule of WebAssembly 2.0's type system.
#pragma once

#include "ast/module.h"

#include "support/result.h"

namespace runw::engine::validator {

/// Validates a decoded module. Errors read `offset 0x2a: type mismatch`, with the spec's
/// reference-interpreter texts, so the spec tests' assert_invalid can be checked.
Result<void> validateModule(const ast::Module &module);

} // namespace runw::engine::validator
