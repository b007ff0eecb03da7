// SPDX-License-Identifier: Apache-2.0
// Translation of validated function bodies into the interpreter's slot-addressed code.
#include "interp/lower.h"

#include "validator/instr_facts.h"

#include <fmt/format.h>

namespace runw::engine::interp {

Lowerer::Lowerer(const ast::Module &module) : module_(module) {
  for (const ast::Import &import : module.imports) {
    if (import.kind == ExternKind::Func) {
      funcTypeIndices_.push_back(import.funcTypeIndex);
    } else if (import.kind == ExternKind::Global) {
      globalTypes_.push_back(import.global.type);
    } else if (import.kind == ExternKind::Table) {
      tableTypes_.push_back(import.table.elemType);
    }
  }
  funcTypeIndices_.insert(funcTypeIndices_.end(), module.functionTypeIndices.begin(),
                          module.functionTypeIndices.end());
  for (const ast::Global &global : module.globals) {
    globalTypes_.push_back(global.type.type);
  }
  for (const TableType &table : module.tables) {
    tableTypes_.push_back(table.elemType);
  }
}

const FuncType &Lowerer::funcType(uint32_t funcIndex) const {
  return module_.types[funcTypeIndices_[funcIndex]];
}

void Lowerer::pushType(ValType type) { pushDeferred(type, height_); }

void Lowerer::pushDeferred(ValType type, uint32_t slot) {
  types_.push_back(Entry{type, height_, slot});
  height_ += cellsOf(type);
  maxHeight_ = std::max(maxHeight_, height_);
}

Lowerer::Entry Lowerer::popEntry() {
  const Entry entry = types_.back();
  types_.pop_back();
  height_ -= cellsOf(entry.type);
  return entry;
}

// Copies every folded operand into its stack slot: control flow, calls and everything else
// that expects operands at their canonical positions run after this.
void Lowerer::materializeAll(bool exceptTop) {
  const size_t count = types_.size() - (exceptTop && !types_.empty() ? 1 : 0);
  for (size_t i = 0; i < count; ++i) {
    Entry &entry = types_[i];
    if (entry.slot != entry.canon) {
      emitCopy(entry.canon, entry.slot, cellsOf(entry.type));
      entry.slot = entry.canon;
    }
  }
}

// Before a local is overwritten, operands still reading it must take their copy.
void Lowerer::materializeReadersOf(uint32_t slot) {
  for (Entry &entry : types_) {
    if (entry.slot == slot && entry.slot != entry.canon) {
      emitCopy(entry.canon, entry.slot, cellsOf(entry.type));
      entry.slot = entry.canon;
    }
  }
}

// A value just computed into its stack slot by the previous instruction can be written
// straight into `slot` instead (local.set/tee after an arithmetic op or a constant).
bool Lowerer::redirectLastResult(const Entry &top, uint32_t slot) {
  if (lastFixedEnd_ != code_.size() || top.slot != top.canon ||
      aOf(code_[lastFixedPc_]) != top.canon) {
    return false;
  }
  for (const Entry &entry : types_) {
    if (entry.slot == slot) {
      return false;
    }
  }
  const uint64_t word = code_[lastFixedPc_];
  code_[lastFixedPc_] = header(opOf(word), slot, bOf(word));
  lastFixedEnd_ = SIZE_MAX;
  return true;
}

void Lowerer::popTypes(size_t count) {
  for (size_t i = 0; i < count; ++i) {
    popType();
  }
}

uint32_t Lowerer::cellsOfTypes(const std::vector<ValType> &types) const {
  uint32_t cells = 0;
  for (const ValType type : types) {
    cells += cellsOf(type);
  }
  return cells;
}

void Lowerer::blockSignature(const BlockType &block, std::vector<ValType> &params,
                             std::vector<ValType> &results) const {
  params.clear();
  results.clear();
  if (block.kind == BlockType::Kind::Value) {
    results.push_back(block.value);
  } else if (block.kind == BlockType::Kind::TypeIndex) {
    params = module_.types[block.typeIndex].params;
    results = module_.types[block.typeIndex].results;
  }
}

Result<CompiledFunction> Lowerer::lower(uint32_t definedIndex) {
  const ast::FunctionBody &body = module_.bodies[definedIndex];
  const FuncType &type = module_.types[module_.functionTypeIndices[definedIndex]];
  localOffsets_.clear();
  localTypes_.clear();
  uint32_t offset = 0;
  auto addLocal = [&](ValType local) {
    localOffsets_.push_back(offset);
    localTypes_.push_back(local);
    offset += cellsOf(local);
  };
  for (const ValType param : type.params) {
    addLocal(param);
  }
  const uint32_t paramSlots = offset;
  for (const ValType local : body.locals) {
    addLocal(local);
  }
  code_.clear();
  types_.clear();
  lastFixedEnd_ = SIZE_MAX;
  labels_.clear();
  deadDepth_ = 0;
  height_ = offset;
  maxHeight_ = offset;
  Label function;
  function.kind = Opcode::End;
  function.height = offset;
  function.results = type.results;
  labels_.push_back(std::move(function));

  ByteReader reader(module_.view(body.code), body.code.offset);
  Instr instr;
  DecodeError error = DecodeError::None;
  while (!labels_.empty()) {
    if (!decodeInstr(reader, instr, brTargets_, error)) {
      return fail(ErrorCode::Internal, "lowering a function that did not validate");
    }
    if (!step(instr)) {
      return fail(ErrorCode::Limit,
                  fmt::format("function {} needs more than {} stack cells",
                              module_.importedFuncs + definedIndex, kMaxFrameSlots));
    }
  }
  if (maxHeight_ > kMaxFrameSlots) {
    return fail(ErrorCode::Limit, "function frame too large");
  }
  CompiledFunction out;
  out.code = std::move(code_);
  out.paramSlots = paramSlots;
  out.localSlots = offset;
  out.frameSlots = maxHeight_;
  out.resultSlots = cellsOfTypes(type.results);
  return out;
}

void Lowerer::markUnreachable() {
  Label &label = labels_.back();
  label.unreachable = true;
  while (types_.size() > label.typeDepth) {
    popType();
  }
  height_ = label.height;
}

void Lowerer::emitCopy(uint32_t dst, uint32_t src, uint32_t cells) {
  if (dst == src || cells == 0) {
    return;
  }
  if (cells == 1) {
    emit(header(InternalOp::Copy1, dst, src));
  } else if (cells == 2) {
    emit(header(InternalOp::Copy2, dst, src));
  } else {
    emit(header(InternalOp::Copy, dst, src));
    emit(cells);
  }
}

void Lowerer::enter(Opcode kind, const BlockType &block) {
  Label label;
  label.kind = kind;
  blockSignature(block, label.params, label.results);
  const uint32_t paramCells = cellsOfTypes(label.params);
  label.height = height_ - paramCells;
  label.typeDepth = types_.size() - label.params.size();
  lastFixedEnd_ = SIZE_MAX;
  label.loopPc = static_cast<uint32_t>(code_.size());
  labels_.push_back(std::move(label));
  if (kind == Opcode::Loop) {
    emit(header(InternalOp::LoopHead));
  }
}

// Ends the innermost label: patches forward branches and leaves exactly its results.
void Lowerer::finishBlock() {
  Label label = std::move(labels_.back());
  labels_.pop_back();
  const auto endPc = static_cast<uint32_t>(code_.size());
  for (const uint32_t fixup : label.fixups) {
    code_[fixup] = endPc;
  }
  if (label.elseFixup >= 0) {
    code_[static_cast<size_t>(label.elseFixup)] = endPc;
  }
  while (types_.size() > label.typeDepth) {
    popType();
  }
  height_ = label.height;
  for (const ValType result : label.results) {
    pushType(result);
  }
}

// Emits the moves and the jump of a branch to the label `depth` levels out.
void Lowerer::branchTo(uint32_t depth) {
  Label &target = labels_[labels_.size() - 1 - depth];
  if (target.kind == Opcode::End) {
    const uint32_t cells = cellsOfTypes(target.results);
    emit(header(InternalOp::Return, height_ - cells, cells));
    return;
  }
  const std::vector<ValType> &carried =
      target.kind == Opcode::Loop ? target.params : target.results;
  const uint32_t cells = cellsOfTypes(carried);
  emitCopy(target.height, height_ - cells, cells);
  emit(header(InternalOp::Jump));
  if (target.kind == Opcode::Loop) {
    emit(target.loopPc);
  } else {
    target.fixups.push_back(static_cast<uint32_t>(code_.size()));
    emit(0);
  }
}

bool Lowerer::step(const Instr &instr) {
  if (labels_.back().unreachable) {
    skipDead(instr);
    return true;
  }
  if (stepFolded(instr)) {
    return height_ <= kMaxFrameSlots;
  }
  // A branch condition is consumed where it is; everything below it moves to its slot.
  materializeAll(instr.op == Opcode::If || instr.op == Opcode::BrIf);
  const OpcodeInfo &info = opcodeInfo(instr.op);
  if (!info.signature.empty()) {
    stepFixed(instr, info.signature);
    return height_ <= kMaxFrameSlots;
  }
  return stepControl(instr) && height_ <= kMaxFrameSlots;
}

// Dead code after br/return/unreachable: only block structure matters until the else or
// end that closes the unreachable label.
void Lowerer::skipDead(const Instr &instr) {
  switch (instr.op) {
  case Opcode::Block:
  case Opcode::Loop:
  case Opcode::If:
    ++deadDepth_;
    return;
  case Opcode::Else:
    if (deadDepth_ == 0) {
      labels_.back().unreachable = false;
      stepControl(instr);
    }
    return;
  case Opcode::End:
    if (deadDepth_ > 0) {
      --deadDepth_;
      return;
    }
    labels_.back().unreachable = false;
    stepControl(instr);
    return;
  default:
    return;
  }
}

} // namespace runw::engine::interp
