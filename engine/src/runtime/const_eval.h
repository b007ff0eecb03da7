// SPDX-License-Identifier: Apache-2.0
// Constant expression evaluation (core spec 4.4.9) and conversion between typed Values and
// the Slot cells that globals store them in.
#pragma once

#include "ast/module.h"

#include "engine/types.h"
#include "runtime/objects.h"
#include "support/result.h"

namespace runw::engine::rt {

/// Evaluates a validated constant expression of module in the context of an instance being
/// built: global.get reads instance.globals, ref.func yields instance.functions[i]. The
/// referenced globals and functions must already be allocated.
Result<Value> evalConstExpr(const ast::Module &module, const ModuleInstance &instance,
                            const ast::ConstExpr &expr);

/// The value a global holds, typed by its global type.
Value readGlobal(const GlobalInstance &global);

/// Stores value in global's cells (a v128 fills both; others zero the unused bits).
void writeGlobal(GlobalInstance &global, const Value &value);

} // namespace runw::engine::rt
