// SPDX-License-Identifier: Apache-2.0
// Constant expressions: only *.const, ref.null, ref.func and global.get of an imported
// immutable global, then end, leaving one value of the expected type.
#include "validator/const_expr.h"

#include "common/instr.h"
#include "validator/errors.h"

#include <fmt/format.h>

#include <vector>

namespace runw::engine::validator {
namespace {

// The type a constant instruction pushes, or an error text.
std::string_view constType(const Context &context, const Instr &instr, uint32_t globalLimit,
                           ValType &out, std::string &scratch) {
  switch (instr.op) {
  case Opcode::I32Const:
    out = ValType::I32;
    return {};
  case Opcode::I64Const:
    out = ValType::I64;
    return {};
  case Opcode::F32Const:
    out = ValType::F32;
    return {};
  case Opcode::F64Const:
    out = ValType::F64;
    return {};
  case Opcode::V128Const:
    out = ValType::V128;
    return {};
  case Opcode::RefNull:
    out = instr.refType;
    return {};
  case Opcode::RefFunc:
    if (instr.index >= context.funcTypes.size()) {
      scratch = fmt::format("unknown function {}", instr.index);
      return scratch;
    }
    out = ValType::FuncRef;
    return {};
  case Opcode::GlobalGet:
    if (instr.index >= globalLimit || instr.index >= context.globals.size()) {
      scratch = fmt::format("unknown global {}", instr.index);
      return scratch;
    }
    if (context.globals[instr.index].isMutable) {
      return "constant expression required";
    }
    out = context.globals[instr.index].type;
    return {};
  default:
    return "constant expression required";
  }
}

} // namespace

Result<void> validateConstExpr(const Context &context, const ast::ConstExpr &expr, ValType expected,
                               uint32_t globalLimit) {
  ByteReader reader(context.module->view(expr.code), expr.code.offset);
  std::vector<uint32_t> targets;
  std::vector<ValType> stack;
  std::string scratch;
  Instr instr;
  DecodeError error = DecodeError::None;
  while (true) {
    if (!decodeInstr(reader, instr, targets, error)) {
      const auto text = reader.ok() ? decodeErrorText(error) : readErrorText(reader.error());
      return invalidAt(static_cast<uint32_t>(reader.errorOffset()), text);
    }
    if (instr.op == Opcode::End) {
      break;
    }
    ValType type{};
    const std::string_view problem = constType(context, instr, globalLimit, type, scratch);
    if (!problem.empty()) {
      return invalidAt(instr.offset, problem);
    }
    stack.push_back(type);
  }
  if (stack.size() != 1 || stack.front() != expected) {
    return invalidAt(instr.offset, "type mismatch");
  }
  return {};
}

} // namespace runw::engine::validator
