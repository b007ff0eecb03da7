// SPDX-License-Identifier: Apache-2.0
// Lowerer: translates one validated function body into the interpreter's code (code.h).
#pragma once

#include "ast/module.h"
#include "common/instr.h"
#include "interp/code.h"
#include "interp/interp.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace runw::engine::interp {

/// Translates function bodies of one module. Branch targets, operand slots and stack
/// heights are all resolved here, so the loop never searches for labels or decodes LEB128.
class Lowerer {
public:
  explicit Lowerer(const ast::Module &module);

  /// Translates defined function `definedIndex`. The body must have passed validation.
  Result<CompiledFunction> lower(uint32_t definedIndex);

private:
  struct Label {
    Opcode kind = Opcode::Block; ///< Block, Loop, If or End (the function)
    uint32_t height = 0;         ///< slot height below the block's parameters
    std::vector<ValType> params;
    std::vector<ValType> results;
    uint32_t loopPc = 0;          ///< Loop: where branches go
    std::vector<uint32_t> fixups; ///< words to patch with the end pc
    int64_t elseFixup = -1;       ///< If: the JumpUnless target word
    bool unreachable = false;     ///< rest of the body is dead code
    size_t typeDepth = 0;         ///< types_.size() at entry, below params
  };

  /// One operand: its type, its canonical slot (where it sits on the operand stack) and the
  /// slot that holds it now. They differ for a local.get that has not been copied yet: the
  /// consumer reads the local's slot directly (operand folding).
  struct Entry {
    ValType type;
    uint32_t canon;
    uint32_t slot;
  };
  void emit(uint64_t word) { code_.push_back(word); }
  void pushType(ValType type);
  void pushDeferred(ValType type, uint32_t slot);
  Entry popEntry();
  ValType popType() { return popEntry().type; }
  void materializeAll(bool exceptTop = false);
  void materializeReadersOf(uint32_t slot);
  bool stepFolded(const Instr &instr);
  bool redirectLastResult(const Entry &top, uint32_t slot);
  void popTypes(size_t count);
  [[nodiscard]] uint32_t cellsOfTypes(const std::vector<ValType> &types) const;
  void blockSignature(const BlockType &block, std::vector<ValType> &params,
                      std::vector<ValType> &results) const;

  bool step(const Instr &instr);
  bool stepControl(const Instr &instr);
  bool stepBranch(const Instr &instr);
  bool stepVariable(const Instr &instr);
  bool stepCall(const Instr &instr);
  bool stepReferenceAndTable(const Instr &instr);
  void stepFixed(const Instr &instr, std::string_view signature);
  void emitImmediates(const Instr &instr, ImmKind imm);
  void skipDead(const Instr &instr);

  void enter(Opcode kind, const BlockType &block);
  void finishBlock();
  void branchTo(uint32_t depth);
  void emitCopy(uint32_t dst, uint32_t src, uint32_t cells);
  void markUnreachable();
  [[nodiscard]] uint32_t localSlot(uint32_t index) const { return localOffsets_[index]; }
  [[nodiscard]] ValType localType(uint32_t index) const { return localTypes_[index]; }
  const FuncType &funcType(uint32_t funcIndex) const;

  const ast::Module &module_;
  std::vector<uint32_t> funcTypeIndices_; ///< whole function space
  std::vector<ValType> globalTypes_;
  std::vector<ValType> tableTypes_; ///< element type of every table

  std::vector<uint64_t> code_;
  std::vector<Entry> types_;
  /// The last fixed-signature instruction, so a following local.set can redirect its result.
  size_t lastFixedPc_ = 0;
  size_t lastFixedEnd_ = SIZE_MAX;
  uint32_t height_ = 0; ///< current operand height in cells, locals included
  uint32_t maxHeight_ = 0;
  std::vector<Label> labels_;
  std::vector<uint32_t> localOffsets_;
  std::vector<ValType> localTypes_;
  std::vector<uint32_t> brTargets_;
  uint32_t deadDepth_ = 0; ///< nested blocks opened inside dead code
};

/// Cells a value of this type takes in a frame.
constexpr uint32_t cellsOf(ValType type) { return type == ValType::V128 ? 2 : 1; }

} // namespace runw::engine::interp
