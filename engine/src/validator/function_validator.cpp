// SPDX-License-Identifier: Apache-2.0
// Function-body type checking: the spec's validation algorithm, with fixed-signature
// instructions typed from opcodes.def and the rest by hand.
#include "validator/function_validator.h"

#include "validator/errors.h"
#include "validator/instr_facts.h"

#include <fmt/format.h>

#include <string>

namespace runw::engine::validator {
bool FunctionValidator::failWith(std::string_view text) {
  error_ = text;
  return false;
}

bool FunctionValidator::failWithIndex(const char *text, uint32_t index) {
  error_ = fmt::format("{} {}", text, index);
  return false;
}

bool FunctionValidator::push(StackType type) {
  values_.push_back(type);
  return true;
}

bool FunctionValidator::pop(StackType &out) {
  const ControlFrame &frame = frames_.back();
  if (values_.size() == frame.height) {
    if (frame.unreachable) {
      out = StackType::Unknown;
      return true;
    }
    return failWith("type mismatch");
  }
  out = values_.back();
  values_.pop_back();
  return true;
}

bool FunctionValidator::popExpect(StackType expected, StackType *actual) {
  StackType got{};
  if (!pop(got)) {
    return false;
  }
  if (got != expected && got != StackType::Unknown && expected != StackType::Unknown) {
    return failWith("type mismatch");
  }
  if (actual != nullptr) {
    *actual = got == StackType::Unknown ? expected : got;
  }
  return true;
}

bool FunctionValidator::popTypes(std::span<const ValType> types) {
  for (size_t i = types.size(); i > 0; --i) {
    if (!popExpect(types[i - 1])) {
      return false;
    }
  }
  return true;
}

bool FunctionValidator::pushTypes(std::span<const ValType> types) {
  for (const ValType type : types) {
    push(type);
  }
  return true;
}

void FunctionValidator::markUnreachable() {
  ControlFrame &frame = frames_.back();
  values_.resize(frame.height);
  frame.unreachable = true;
}

bool FunctionValidator::blockTypes(const BlockType &block, std::span<const ValType> &params,
                                   ControlFrame &frame) {
  params = {};
  switch (block.kind) {
  case BlockType::Kind::Empty:
    return true;
  case BlockType::Kind::Value:
    frame.inlineEnd = block.value;
    frame.endInline = true;
    return true;
  case BlockType::Kind::TypeIndex:
    if (block.typeIndex >= context_.module->types.size()) {
      return failWithIndex("unknown type", block.typeIndex);
    }
    const FuncType &type = context_.module->types[block.typeIndex];
    params = type.params;
    frame.endPtr = type.results.data();
    frame.endCount = static_cast<uint32_t>(type.results.size());
    return true;
  }
  return true;
}

bool FunctionValidator::pushFrame(uint8_t opcode, const BlockType &block) {
  ControlFrame frame;
  frame.opcode = opcode;
  std::span<const ValType> params;
  if (!blockTypes(block, params, frame) || !popTypes(params)) {
    return false;
  }
  frame.startTypes = params;
  frame.height = static_cast<uint32_t>(values_.size());
  frames_.push_back(frame);
  return pushTypes(params);
}

bool FunctionValidator::popFrame(ControlFrame &out) {
  const ControlFrame &frame = frames_.back();
  if (!popTypes(frame.endTypes())) {
    return false;
  }
  if (values_.size() != frame.height) {
    return failWith("type mismatch");
  }
  out = frame;
  frames_.pop_back();
  return true;
}

bool FunctionValidator::label(uint32_t depth, std::span<const ValType> &types) {
  if (depth >= frames_.size()) {
    return failWith("unknown label");
  }
  types = frames_[frames_.size() - 1 - depth].labelTypes();
  return true;
}

bool FunctionValidator::needMemory(uint32_t index) {
  return index < context_.memories.size() || failWithIndex("unknown memory", index);
}

bool FunctionValidator::needTable(uint32_t index) {
  return index < context_.tables.size() || failWithIndex("unknown table", index);
}

bool FunctionValidator::checkMemArg(const Instr &instr) {
  if (!needMemory(0)) {
    return false;
  }
  if (instr.mem.align > naturalAlignmentLog2(instr.op)) {
    return failWith("alignment must not be larger than natural");
  }
  return true;
}

bool FunctionValidator::checkLane(const Instr &instr) {
  return instr.lane < laneCount(instr.op) || failWith("invalid lane index");
}

Result<void> FunctionValidator::validate(uint32_t funcIndex, const ast::FunctionBody &body) {
  const FuncType &type = context_.funcType(funcIndex);
  locals_.assign(type.params.begin(), type.params.end());
  locals_.insert(locals_.end(), body.locals.begin(), body.locals.end());
  values_.clear();
  frames_.clear();
  ControlFrame function;
  function.opcode = 0x00;
  function.endPtr = type.results.data();
  function.endCount = static_cast<uint32_t>(type.results.size());
  frames_.push_back(function);

  ByteReader reader(context_.module->view(body.code), body.code.offset);
  Instr instr;
  DecodeError decodeError = DecodeError::None;
  while (!frames_.empty()) {
    if (reader.atEnd()) {
      return fail(
          ErrorCode::Invalid,
          fmt::format("offset {:#x}: unexpected end of section or function", reader.offset()));
    }
    if (!decodeInstr(reader, instr, brTargets_, decodeError)) {
      const std::string_view text =
          reader.ok() ? decodeErrorText(decodeError) : readErrorText(reader.error());
      return fail(ErrorCode::Invalid, fmt::format("offset {:#x}: {}", reader.errorOffset(), text));
    }
    if (!step(instr)) {
      return invalidAt(instr.offset, error_);
    }
  }
  if (!reader.atEnd()) {
    return invalidAt(static_cast<uint32_t>(reader.offset()), "section size mismatch");
  }
  return {};
}

bool FunctionValidator::step(const Instr &instr) {
  const OpcodeInfo &info = opcodeInfo(instr.op);
  if (info.imm == ImmKind::MemArg || info.imm == ImmKind::MemArgLane) {
    if (!checkMemArg(instr) || (info.imm == ImmKind::MemArgLane && !checkLane(instr))) {
      return false;
    }
  } else if (info.imm == ImmKind::Lane && !checkLane(instr)) {
    return false;
  } else if (info.imm == ImmKind::Shuffle) {
    for (const uint8_t lane : instr.bytes) {
      if (lane >= 32) {
        return failWith("invalid lane index");
      }
    }
  }
  if (!info.signature.empty()) {
    return stepMemory(instr) && stepSignature(instr, info.signature);
  }
  return stepControl(instr);
}

bool FunctionValidator::stepSignature(const Instr &instr, std::string_view signature) {
  (void)instr;
  const size_t colon = signature.find(':');
  const std::string_view params = signature.substr(0, colon);
  const std::string_view results = signature.substr(colon + 1);
  for (size_t i = params.size(); i > 0; --i) {
    if (!popExpect(stackType(signatureLetterType(params[i - 1])))) {
      return false;
    }
  }
  for (const char letter : results) {
    push(signatureLetterType(letter));
  }
  return true;
}

// Fixed-signature instructions that still need a context check before typing.
bool FunctionValidator::stepMemory(const Instr &instr) {
  switch (instr.op) {
  case Opcode::MemorySize:
  case Opcode::MemoryGrow:
  case Opcode::MemoryFill:
  case Opcode::MemoryCopy:
    return needMemory(0);
  case Opcode::MemoryInit:
    if (!needMemory(0)) {
      return false;
    }
    [[fallthrough]];
  case Opcode::DataDrop:
    if (!context_.dataCount) {
      return failWith("data count section required");
    }
    return instr.index < *context_.dataCount || failWithIndex("unknown data segment", instr.index);
  default:
    return true;
  }
}

} // namespace runw::engine::validator
