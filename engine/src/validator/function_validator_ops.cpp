// SPDX-License-Identifier: Apache-2.0
// Typing of the instructions without a fixed signature: control, calls, variables,
// references, tables and the parametric instructions (core spec 3.3.1-3.3.8).
#include "validator/function_validator.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace runw::engine::validator {
bool FunctionValidator::stepControl(const Instr &instr) {
  switch (instr.op) {
  case Opcode::Unreachable:
    markUnreachable();
    return true;
  case Opcode::Nop:
    return true;
  case Opcode::Block:
    return pushFrame(0x02, instr.block);
  case Opcode::Loop:
    return pushFrame(0x03, instr.block);
  case Opcode::If:
    return popExpect(ValType::I32) && pushFrame(0x04, instr.block);
  case Opcode::Else: {
    if (frames_.back().opcode != 0x04) {
      return failWith("else without if");
    }
    ControlFrame frame;
    if (!popFrame(frame)) {
      return false;
    }
    frame.opcode = 0x05;
    frame.unreachable = false;
    frame.height = static_cast<uint32_t>(values_.size());
    frames_.push_back(frame);
    return pushTypes(frame.startTypes);
  }
  case Opcode::End: {
    ControlFrame frame;
    if (!popFrame(frame)) {
      return false;
    }
    // An if without else behaves as if its else were empty: params must equal results.
    if (frame.opcode == 0x04 && !std::ranges::equal(frame.startTypes, frame.endTypes())) {
      return failWith("type mismatch");
    }
    return frames_.empty() || pushTypes(frame.endTypes());
  }
  default:
    return stepBranch(instr);
  }
}

bool FunctionValidator::stepBranch(const Instr &instr) {
  std::span<const ValType> types;
  switch (instr.op) {
  case Opcode::Br:
    if (!label(instr.index, types) || !popTypes(types)) {
      return false;
    }
    markUnreachable();
    return true;
  case Opcode::BrIf:
    return popExpect(ValType::I32) && label(instr.index, types) && popTypes(types) &&
           pushTypes(types);
  case Opcode::BrTable: {
    if (!popExpect(ValType::I32) || !label(brTargets_.back(), types)) {
      return false;
    }
    const size_t arity = types.size();
    for (const uint32_t target : brTargets_) {
      std::span<const ValType> targetTypes;
      if (!label(target, targetTypes)) {
        return false;
      }
      if (targetTypes.size() != arity) {
        return failWith("type mismatch");
      }
      // Each target checks the operands without consuming them (they may be Unknown).
      const size_t height = values_.size();
      std::vector<StackType> saved(
          values_.end() - static_cast<ptrdiff_t>(std::min(height - frames_.back().height, arity)),
          values_.end());
      if (!popTypes(targetTypes)) {
        return false;
      }
      values_.insert(values_.end(), saved.begin(), saved.end());
    }
    if (!popTypes(types)) {
      return false;
    }
    markUnreachable();
    return true;
  }
  case Opcode::Return:
    if (!popTypes(frames_.front().endTypes())) {
      return false;
    }
    markUnreachable();
    return true;
  default:
    return stepCall(instr);
  }
}

bool FunctionValidator::stepCall(const Instr &instr) {
  switch (instr.op) {
  case Opcode::Call: {
    if (instr.index >= context_.funcTypes.size()) {
      return failWithIndex("unknown function", instr.index);
    }
    const FuncType &type = context_.funcType(instr.index);
    return popTypes(type.params) && pushTypes(type.results);
  }
  case Opcode::CallIndirect: {
    if (!needTable(instr.index2)) {
      return false;
    }
    if (context_.tables[instr.index2].elemType != ValType::FuncRef) {
      return failWith("type mismatch");
    }
    if (instr.index >= context_.module->types.size()) {
      return failWithIndex("unknown type", instr.index);
    }
    const FuncType &type = context_.module->types[instr.index];
    return popExpect(ValType::I32) && popTypes(type.params) && pushTypes(type.results);
  }
  default:
    return stepVariable(instr);
  }
}

bool FunctionValidator::stepVariable(const Instr &instr) {
  switch (instr.op) {
  case Opcode::LocalGet:
  case Opcode::LocalSet:
  case Opcode::LocalTee: {
    if (instr.index >= locals_.size()) {
      return failWithIndex("unknown local", instr.index);
    }
    const ValType type = locals_[instr.index];
    if (instr.op == Opcode::LocalGet) {
      return push(type);
    }
    return popExpect(type) && (instr.op == Opcode::LocalSet || push(type));
  }
  case Opcode::GlobalGet:
  case Opcode::GlobalSet: {
    if (instr.index >= context_.globals.size()) {
      return failWithIndex("unknown global", instr.index);
    }
    const GlobalType &global = context_.globals[instr.index];
    if (instr.op == Opcode::GlobalGet) {
      return push(global.type);
    }
    if (!global.isMutable) {
      return failWith("global is immutable");
    }
    return popExpect(global.type);
  }
  default:
    return stepReference(instr);
  }
}

bool FunctionValidator::stepReference(const Instr &instr) {
  switch (instr.op) {
  case Opcode::RefNull:
    return push(instr.refType);
  case Opcode::RefIsNull: {
    StackType got{};
    if (!pop(got)) {
      return false;
    }
    if (got != StackType::Unknown && got != StackType::FuncRef && got != StackType::ExternRef) {
      return failWith("type mismatch");
    }
    return push(ValType::I32);
  }
  case Opcode::RefFunc:
    if (instr.index >= context_.funcTypes.size()) {
      return failWithIndex("unknown function", instr.index);
    }
    if (!context_.declaredRefs.contains(instr.index)) {
      return failWith("undeclared function reference");
    }
    return push(ValType::FuncRef);
  default:
    return stepTable(instr);
  }
}

bool FunctionValidator::stepTable(const Instr &instr) {
  const bool elemOp = instr.op == Opcode::TableInit || instr.op == Opcode::ElemDrop;
  if (elemOp && instr.index >= context_.elemTypes.size()) {
    return failWithIndex("unknown elem segment", instr.index);
  }
  switch (instr.op) {
  case Opcode::ElemDrop:
    return true;
  case Opcode::TableInit:
    if (!needTable(instr.index2)) {
      return false;
    }
    if (context_.tables[instr.index2].elemType != context_.elemTypes[instr.index]) {
      return failWith("type mismatch");
    }
    return popExpect(ValType::I32) && popExpect(ValType::I32) && popExpect(ValType::I32);
  case Opcode::TableCopy:
    if (!needTable(instr.index) || !needTable(instr.index2)) {
      return false;
    }
    if (context_.tables[instr.index].elemType != context_.tables[instr.index2].elemType) {
      return failWith("type mismatch");
    }
    return popExpect(ValType::I32) && popExpect(ValType::I32) && popExpect(ValType::I32);
  default:
    break;
  }
  const bool tableOp = instr.op == Opcode::TableGet || instr.op == Opcode::TableSet ||
                       instr.op == Opcode::TableSize || instr.op == Opcode::TableGrow ||
                       instr.op == Opcode::TableFill;
  if (!tableOp) {
    return stepParametric(instr);
  }
  if (!needTable(instr.index)) {
    return false;
  }
  const ValType elem = context_.tables[instr.index].elemType;
  switch (instr.op) {
  case Opcode::TableGet:
    return popExpect(ValType::I32) && push(elem);
  case Opcode::TableSet:
    return popExpect(elem) && popExpect(ValType::I32);
  case Opcode::TableSize:
    return push(ValType::I32);
  case Opcode::TableGrow:
    return popExpect(ValType::I32) && popExpect(elem) && push(ValType::I32);
  default: // TableFill
    return popExpect(ValType::I32) && popExpect(elem) && popExpect(ValType::I32);
  }
}

bool FunctionValidator::stepParametric(const Instr &instr) {
  switch (instr.op) {
  case Opcode::Drop: {
    StackType ignored{};
    return pop(ignored);
  }
  case Opcode::Select: {
    StackType first{};
    StackType second{};
    if (!popExpect(StackType::I32) || !pop(first) || !pop(second)) {
      return false;
    }
    // Untyped select only works on numeric and vector types.
    const auto numeric = [](StackType t) {
      return t != StackType::FuncRef && t != StackType::ExternRef;
    };
    if (!numeric(first) || !numeric(second)) {
      return failWith("type mismatch");
    }
    if (first != second && first != StackType::Unknown && second != StackType::Unknown) {
      return failWith("type mismatch");
    }
    return push(first == StackType::Unknown ? second : first);
  }
  case Opcode::SelectT:
    if (instr.selectTypeCount != 1) {
      return failWith("invalid result arity");
    }
    return popExpect(ValType::I32) && popExpect(instr.refType) && popExpect(instr.refType) &&
           push(instr.refType);
  default:
    return failWith("illegal opcode");
  }
}

} // namespace runw::engine::validator
