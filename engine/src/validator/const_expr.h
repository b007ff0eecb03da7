// SPDX-License-Identifier: Apache-2.0
// Validation of constant expressions (core spec 3.3.10): global initializers, segment offsets
// and element items.
#pragma once

#include "ast/module.h"
#include "validator/context.h"

namespace runw::engine::validator {

/// Checks that expr is constant and yields exactly one value of type expected.
/// globalLimit is how many globals it may read (imported ones only, in WebAssembly 2.0).
Result<void> validateConstExpr(const Context &context, const ast::ConstExpr &expr, ValType expected,
                               uint32_t globalLimit);

/// Calls onRefFunc for every ref.func in expr (for C.refs); malformed bytes are ignored here
/// and reported by validateConstExpr.
template <class Fn>
void forEachRefFunc(const ast::Module &module, const ast::ConstExpr &expr, Fn &&onRefFunc);

} // namespace runw::engine::validator

#include "common/instr.h"

namespace runw::engine::validator {

template <class Fn>
void forEachRefFunc(const ast::Module &module, const ast::ConstExpr &expr, Fn &&onRefFunc) {
  ByteReader reader(module.view(expr.code), expr.code.offset);
  std::vector<uint32_t> targets;
  Instr instr;
  DecodeError error = DecodeError::None;
  while (!reader.atEnd() && decodeInstr(reader, instr, targets, error)) {
    if (instr.op == Opcode::RefFunc) {
      onRefFunc(instr.index);
    }
  }
}

} // namespace runw::engine::validator
