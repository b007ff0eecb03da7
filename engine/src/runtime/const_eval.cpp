// SPDX-License-Identifier: Apache-2.0
// Evaluates constant expressions for global initializers, segment offsets and element items.
#include "runtime/const_eval.h"

#include "common/instr.h"

#include <fmt/format.h>

#include <array>
#include <bit>
#include <optional>
#include <vector>

namespace runw::engine::rt {
namespace {

// The value one constant instruction pushes; nullopt for an instruction validation rejects.
std::optional<Value> constValue(const ModuleInstance &instance, const Instr &instr) {
  switch (instr.op) {
  case Opcode::I32Const:
    return Value::i32(static_cast<uint32_t>(instr.bits));
  case Opcode::I64Const:
    return Value::i64(instr.bits);
  case Opcode::F32Const:
    return Value::f32Bits(static_cast<uint32_t>(instr.bits));
  case Opcode::F64Const:
    return Value::f64Bits(instr.bits);
  case Opcode::V128Const:
    return Value::v128(V128{instr.bytes});
  case Opcode::RefNull:
    return Value::ref(instr.refType, Ref{});
  case Opcode::RefFunc:
    if (instr.index >= instance.functions.size()) {
      return std::nullopt;
    }
    return Value::ref(ValType::FuncRef, Ref{instance.functions[instr.index]});
  case Opcode::GlobalGet:
    if (instr.index >= instance.globals.size() || instance.globals[instr.index] == nullptr) {
      return std::nullopt;
    }
    return readGlobal(*instance.globals[instr.index]);
  default:
    return std::nullopt;
  }
}

} // namespace

Result<Value> evalConstExpr(const ast::Module &module, const ModuleInstance &instance,
                            const ast::ConstExpr &expr) {
  ByteReader reader(module.view(expr.code), expr.code.offset);
  std::vector<uint32_t> targets;
  std::optional<Value> result;
  Instr instr;
  DecodeError error = DecodeError::None;
  // Validation guarantees one value-producing instruction (2.0 has no extended constants),
  // so the last value pushed is the result.
  while (decodeInstr(reader, instr, targets, error)) {
    if (instr.op == Opcode::End) {
      if (!result) {
        break;
      }
      return *result;
    }
    result = constValue(instance, instr);
    if (!result) {
      break;
    }
  }
  return fail(
      ErrorCode::Internal,
      fmt::format("offset {:#x}: constant expression cannot be evaluated", reader.errorOffset()));
}

Value readGlobal(const GlobalInstance &global) {
  const Slot &lo = global.value[0];
  switch (global.type.type) {
  case ValType::I32:
    return Value::i32(lo.i32);
  case ValType::I64:
    return Value::i64(lo.i64);
  case ValType::F32:
    return Value::f32Bits(lo.i32);
  case ValType::F64:
    return Value::f64Bits(lo.i64);
  case ValType::V128: {
    const std::array<uint64_t, 2> halves{lo.i64, global.value[1].i64};
    return Value::v128(V128{std::bit_cast<std::array<uint8_t, 16>>(halves)});
  }
  case ValType::FuncRef:
  case ValType::ExternRef:
    return Value::ref(global.type.type, Ref{lo.ref});
  }
  return Value::i32(0);
}

void writeGlobal(GlobalInstance &global, const Value &value) {
  global.value[0].i64 = 0;
  global.value[1].i64 = 0;
  switch (value.type()) {
  case ValType::I32:
  case ValType::F32:
    global.value[0].i32 = value.i32();
    return;
  case ValType::I64:
  case ValType::F64:
    global.value[0].i64 = value.i64();
    return;
  case ValType::V128: {
    const auto halves = std::bit_cast<std::array<uint64_t, 2>>(value.v128().bytes);
    global.value[0].i64 = halves[0];
    global.value[1].i64 = halves[1];
    return;
  }
  case ValType::FuncRef:
  case ValType::ExternRef:
    global.value[0].ref = value.ref().ptr;
    return;
  }
}

} // namespace runw::engine::rt
