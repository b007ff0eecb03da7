// SPDX-License-Identifier: Apache-2.0
// FunctionValidator: type-checks one function body (core spec 3.3, appendix "Validation
// Algorithm") in a single pass over its instructions.
#pragma once

#include "common/instr.h"
#include "validator/context.h"
#include "validator/operand_stack.h"

#include <span>
#include <string>
#include <vector>

namespace runw::engine::validator {

/// Validates function bodies of one module; reuse one instance for all bodies so the stacks
/// keep their capacity.
class FunctionValidator {
public:
  explicit FunctionValidator(const Context &context) : context_(context) {}

  /// Checks the body of function funcIndex (an index into the function space).
  Result<void> validate(uint32_t funcIndex, const ast::FunctionBody &body);

private:
  // Each step returns false after recording error_ (a spec text) at the current offset.
  bool step(const Instr &instr);
  bool stepControl(const Instr &instr);
  bool stepBranch(const Instr &instr);
  bool stepCall(const Instr &instr);
  bool stepVariable(const Instr &instr);
  bool stepReference(const Instr &instr);
  bool stepTable(const Instr &instr);
  bool stepMemory(const Instr &instr);
  bool stepParametric(const Instr &instr);
  bool stepSignature(const Instr &instr, std::string_view signature);

  bool push(StackType type);
  bool push(ValType type) { return push(stackType(type)); }
  bool pop(StackType &out);
  bool popExpect(StackType expected, StackType *actual = nullptr);
  bool popExpect(ValType expected) { return popExpect(stackType(expected)); }
  bool popTypes(std::span<const ValType> types);
  bool pushTypes(std::span<const ValType> types);
  bool pushFrame(uint8_t opcode, const BlockType &block);
  bool popFrame(ControlFrame &out);
  void markUnreachable();
  bool label(uint32_t depth, std::span<const ValType> &types);
  bool blockTypes(const BlockType &block, std::span<const ValType> &params, ControlFrame &frame);
  bool checkMemArg(const Instr &instr);
  bool checkLane(const Instr &instr);
  bool needMemory(uint32_t index);
  bool needTable(uint32_t index);
  bool failWith(std::string_view text);
  bool failWithIndex(const char *text, uint32_t index); ///< "unknown local 5"

  const Context &context_;
  std::vector<StackType> values_;
  std::vector<ControlFrame> frames_;
  std::vector<ValType> locals_;
  std::vector<uint32_t> brTargets_;
  std::string error_; ///< spec text of the first failure
};

} // namespace runw::engine::validator
