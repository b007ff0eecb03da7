// SPDX-License-Identifier: Apache-2.0
// Lowering of each instruction group: control, branches, variables, calls, references and
// tables, and the fixed-signature instructions (numeric, SIMD, memory).
#include "interp/lower.h"
#include "validator/instr_facts.h"

#include <array>
#include <cstring>

namespace runw::engine::interp {

bool Lowerer::stepControl(const Instr &instr) {
  switch (instr.op) {
  case Opcode::Unreachable:
    emit(header(Opcode::Unreachable));
    markUnreachable();
    return true;
  case Opcode::Nop:
    return true;
  case Opcode::Block:
  case Opcode::Loop:
    enter(instr.op, instr.block);
    return true;
  case Opcode::If: {
    const uint32_t condition = popEntry().slot;
    enter(Opcode::If, instr.block);
    emit(header(InternalOp::JumpUnless, condition));
    labels_.back().elseFixup = static_cast<int64_t>(code_.size());
    emit(0);
    return true;
  }
  case Opcode::Else: {
    Label &label = labels_.back();
    emit(header(InternalOp::Jump));
    label.fixups.push_back(static_cast<uint32_t>(code_.size()));
    emit(0);
    code_[static_cast<size_t>(label.elseFixup)] = code_.size();
    label.elseFixup = -1;
    label.kind = Opcode::Block; // the else arm ends like a block
    while (types_.size() > label.typeDepth) {
      popType();
    }
    height_ = label.height;
    for (const ValType param : label.params) {
      pushType(param);
    }
    return true;
  }
  case Opcode::End: {
    if (labels_.size() == 1) {
      const uint32_t cells = cellsOfTypes(labels_.back().results);
      emit(header(InternalOp::Return, height_ - cells, cells));
      labels_.pop_back();
      return true;
    }
    finishBlock();
    return true;
  }
  default:
    return stepBranch(instr);
  }
}

bool Lowerer::stepBranch(const Instr &instr) {
  switch (instr.op) {
  case Opcode::Br:
    branchTo(instr.index);
    markUnreachable();
    return true;
  case Opcode::BrIf: {
    const uint32_t condition = popEntry().slot;
    // Skip the branch's moves and jump when the condition is false.
    emit(header(InternalOp::JumpUnless, condition));
    const size_t skip = code_.size();
    emit(0);
    branchTo(instr.index);
    code_[skip] = code_.size();
    return true;
  }
  case Opcode::BrTable: {
    popType();
    const uint32_t index = height_;
    const auto count = static_cast<uint32_t>(brTargets_.size() - 1);
    emit(header(InternalOp::Table, index, count));
    for (const uint32_t depth : brTargets_) {
      Label &target = labels_[labels_.size() - 1 - depth];
      if (target.kind == Opcode::End) {
        // A branch to the function label returns: target pc 0 marks "return".
        const uint32_t cells = cellsOfTypes(target.results);
        emit(~uint64_t{0});
        emit(uint64_t{0} | (uint64_t{height_ - cells} << 24) | (uint64_t{cells} << 48));
        continue;
      }
      const auto &carried = target.kind == Opcode::Loop ? target.params : target.results;
      const uint32_t cells = cellsOfTypes(carried);
      if (target.kind == Opcode::Loop) {
        emit(target.loopPc);
      } else {
        target.fixups.push_back(static_cast<uint32_t>(code_.size()));
        emit(0);
      }
      emit(uint64_t{target.height} | (uint64_t{height_ - cells} << 24) | (uint64_t{cells} << 48));
    }
    markUnreachable();
    return true;
  }
  case Opcode::Return: {
    const uint32_t cells = cellsOfTypes(labels_.front().results);
    emit(header(InternalOp::Return, height_ - cells, cells));
    markUnreachable();
    return true;
  }
  default:
    return stepVariable(instr);
  }
}

bool Lowerer::stepVariable(const Instr &instr) {
  switch (instr.op) {
  case Opcode::Drop:
    popType();
    return true;
  case Opcode::Select:
  case Opcode::SelectT: {
    popType();
    popType();
    const ValType type = popType();
    const uint32_t base = height_;
    emit(header(cellsOf(type) == 2 ? InternalOp::Select2 : InternalOp::Select1, base));
    pushType(type);
    return true;
  }
  case Opcode::LocalGet: {
    const ValType type = localType(instr.index);
    emitCopy(height_, localSlot(instr.index), cellsOf(type));
    pushType(type);
    return true;
  }
  case Opcode::LocalSet:
  case Opcode::LocalTee: {
    const ValType type = popType();
    emitCopy(localSlot(instr.index), height_, cellsOf(type));
    if (instr.op == Opcode::LocalTee) {
      pushType(type);
    }
    return true;
  }
  case Opcode::GlobalGet: {
    const ValType type = globalTypes_[instr.index];
    emit(header(cellsOf(type) == 2 ? InternalOp::GlobalGet2 : InternalOp::GlobalGet1, height_));
    emit(instr.index);
    pushType(type);
    return true;
  }
  case Opcode::GlobalSet: {
    const ValType type = popType();
    emit(header(cellsOf(type) == 2 ? InternalOp::GlobalSet2 : InternalOp::GlobalSet1, height_));
    emit(instr.index);
    return true;
  }
  default:
    return stepCall(instr);
  }
}

bool Lowerer::stepCall(const Instr &instr) {
  switch (instr.op) {
  case Opcode::Call: {
    const FuncType &type = funcType(instr.index);
    popTypes(type.params.size());
    emit(header(Opcode::Call, height_));
    emit(instr.index);
    for (const ValType result : type.results) {
      pushType(result);
    }
    return true;
  }
  case Opcode::CallIndirect: {
    const FuncType &type = module_.types[instr.index];
    popType();
    const uint32_t indexSlot = height_;
    popTypes(type.params.size());
    emit(header(Opcode::CallIndirect, height_, indexSlot));
    emit(uint64_t{instr.index} | (uint64_t{instr.index2} << 32));
    for (const ValType result : type.results) {
      pushType(result);
    }
    return true;
  }
  default:
    return stepReferenceAndTable(instr);
  }
}

bool Lowerer::stepReferenceAndTable(const Instr &instr) {
  switch (instr.op) {
  case Opcode::RefNull:
    emit(header(InternalOp::Const1, height_));
    emit(0);
    pushType(instr.refType);
    return true;
  case Opcode::RefIsNull:
    popType();
    emit(header(Opcode::RefIsNull, height_));
    pushType(ValType::I32);
    return true;
  case Opcode::RefFunc:
    emit(header(Opcode::RefFunc, height_));
    emit(instr.index);
    pushType(ValType::FuncRef);
    return true;
  case Opcode::ElemDrop:
    emit(header(Opcode::ElemDrop));
    emit(instr.index);
    return true;
  default:
    break;
  }
  // Table instructions: A = first operand, word1 = immediates.
  size_t pops = 0;
  bool hasResult = false;
  switch (instr.op) {
  case Opcode::TableGet:
    pops = 1;
    hasResult = true;
    break;
  case Opcode::TableSet:
    pops = 2;
    break;
  case Opcode::TableSize:
    hasResult = true;
    break;
  case Opcode::TableGrow:
    pops = 2;
    hasResult = true;
    break;
  case Opcode::TableFill:
  case Opcode::TableInit:
  case Opcode::TableCopy:
    pops = 3;
    break;
  default:
    return false;
  }
  popTypes(pops);
  emit(header(instr.op, height_));
  emit(uint64_t{instr.index} | (uint64_t{instr.index2} << 32));
  if (hasResult) {
    pushType(instr.op == Opcode::TableGet ? tableTypes_[instr.index] : ValType::I32);
  }
  return true;
}

namespace {

// Fixed-signature instructions whose handlers are written by hand and read their operands
// from consecutive stack slots (bulk memory and memory.size/grow).
bool readsConsecutiveOperands(Opcode op) {
  switch (op) {
  case Opcode::MemorySize:
  case Opcode::MemoryGrow:
  case Opcode::MemoryFill:
  case Opcode::MemoryCopy:
  case Opcode::MemoryInit:
  case Opcode::DataDrop:
    return true;
  default:
    return false;
  }
}

} // namespace

// Instructions that work on folded operands without copying them to the stack first.
bool Lowerer::stepFolded(const Instr &instr) {
  const OpcodeInfo &info = opcodeInfo(instr.op);
  if (!info.signature.empty()) {
    if (readsConsecutiveOperands(instr.op)) {
      return false;
    }
    stepFixed(instr, info.signature);
    return true;
  }
  switch (instr.op) {
  case Opcode::LocalGet:
    pushDeferred(localType(instr.index), localSlot(instr.index));
    return true;
  case Opcode::LocalSet:
  case Opcode::LocalTee: {
    const Entry top = popEntry();
    const uint32_t local = localSlot(instr.index);
    materializeReadersOf(local);
    if (!redirectLastResult(top, local)) {
      emitCopy(local, top.slot, cellsOf(top.type));
    }
    lastFixedEnd_ = SIZE_MAX;
    if (instr.op == Opcode::LocalTee) {
      pushDeferred(top.type, local);
    }
    return true;
  }
  case Opcode::Drop:
    popEntry();
    return true;
  case Opcode::GlobalSet: {
    const Entry top = popEntry();
    emit(
        header(cellsOf(top.type) == 2 ? InternalOp::GlobalSet2 : InternalOp::GlobalSet1, top.slot));
    emit(instr.index);
    lastFixedEnd_ = SIZE_MAX;
    return true;
  }
  default:
    return false;
  }
}

// Operands are addressed where they are (code.h): header A = destination, header B = first
// operand, then a word with the second and third operands, then the immediates. The
// hand-written bulk-memory handlers keep consecutive operands at A.
void Lowerer::stepFixed(const Instr &instr, std::string_view signature) {
  const size_t colon = signature.find(':');
  std::array<uint32_t, 3> operands{};
  for (size_t i = colon; i > 0; --i) {
    operands[i - 1] = popEntry().slot;
  }
  const uint32_t dst = height_;
  const OpcodeInfo &info = opcodeInfo(instr.op);
  lastFixedPc_ = code_.size();
  switch (info.imm) {
  case ImmKind::I32:
  case ImmKind::I64:
  case ImmKind::F32:
  case ImmKind::F64:
    emit(header(InternalOp::Const1, dst));
    emit(instr.bits);
    break;
  case ImmKind::V128: {
    uint64_t lo = 0;
    uint64_t hi = 0;
    std::memcpy(&lo, instr.bytes.data(), 8);
    std::memcpy(&hi, instr.bytes.data() + 8, 8);
    emit(header(InternalOp::Const2, dst));
    emit(lo);
    emit(hi);
    break;
  }
  default:
    if (readsConsecutiveOperands(instr.op)) {
      emit(header(instr.op, dst));
      if (info.imm == ImmKind::MemoryInit || info.imm == ImmKind::Data) {
        emit(instr.index);
      }
      break;
    }
    emit(header(instr.op, dst, operands[0]));
    if (colon >= 2) {
      emit(uint64_t{operands[1]} | (uint64_t{operands[2]} << 32));
    }
    emitImmediates(instr, info.imm);
    break;
  }
  for (const char letter : signature.substr(colon + 1)) {
    pushType(validator::signatureLetterType(letter));
  }
  // memory.grow and the bulk-memory handlers read their operands at A too, so their A cannot
  // be redirected to a local: the operand would then be read from that local.
  const bool redirectable = signature.size() > colon + 1 && !readsConsecutiveOperands(instr.op);
  lastFixedEnd_ = redirectable ? code_.size() : SIZE_MAX;
}

void Lowerer::emitImmediates(const Instr &instr, ImmKind imm) {
  switch (imm) {
  case ImmKind::MemArg:
    emit(instr.mem.offset);
    break;
  case ImmKind::MemArgLane:
    emit(instr.mem.offset);
    emit(instr.lane);
    break;
  case ImmKind::Lane:
    emit(instr.lane);
    break;
  case ImmKind::Shuffle: {
    uint64_t lo = 0;
    uint64_t hi = 0;
    std::memcpy(&lo, instr.bytes.data(), 8);
    std::memcpy(&hi, instr.bytes.data() + 8, 8);
    emit(lo);
    emit(hi);
    break;
  }
  default:
    break;
  }
}

Result<std::vector<CompiledFunction>> compileModule(const ast::Module &module) {
  std::vector<CompiledFunction> out;
  out.reserve(module.bodies.size());
  Lowerer lowerer(module);
  for (uint32_t i = 0; i < module.bodies.size(); ++i) {
    out.push_back(TRY(lowerer.lower(i)));
  }
  return out;
}

} // namespace runw::engine::interp
