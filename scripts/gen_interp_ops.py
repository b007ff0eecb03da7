#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Generates engine/src/interp/ops_generated.inc from engine/src/common/opcodes.def: one
# interpreter handler per fixed-signature instruction (numeric, SIMD, loads and stores),
# calling the semantics in interp/numeric.h and interp/simd.h by their systematic names.
# Run it after editing opcodes.def; the output is committed.
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
defs = (root / "engine/src/common/opcodes.def").read_text()
pattern = re.compile(r'RUNW_OPCODE\((\w+),\s*(0x[0-9A-Fa-f]+),\s*(0x[0-9A-Fa-f]+),\s*ImmKind::(\w+),\s*"([^"]*)",\s*"([^"]*)"\)')

TRAPPING = {"i32DivS", "i32DivU", "i32RemS", "i32RemU", "i64DivS", "i64DivU", "i64RemS", "i64RemU",
            "i32TruncF32S", "i32TruncF32U", "i32TruncF64S", "i32TruncF64U",
            "i64TruncF32S", "i64TruncF32U", "i64TruncF64S", "i64TruncF64U"}
CELLS = {"i": 1, "l": 1, "f": 1, "d": 1, "v": 2}
CTYPE = {"i": "uint32_t", "l": "uint64_t", "f": "float", "d": "double", "v": "V128"}
FIELD = {"i": "i32", "l": "i64", "f": "f32", "d": "f64"}
HANDLED_ELSEWHERE = {"MemorySize", "MemoryGrow", "MemoryFill", "MemoryCopy", "MemoryInit", "DataDrop",
                     "I32Const", "I64Const", "F32Const", "F64Const", "V128Const"}


def camel(text):
    parts = re.split(r"[._]", text)
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


# Operand addressing (see interp/code.h): header A = destination slot, header B = first
# operand slot, word 1 = second operand slot | third << 32 (only with two or more operands),
# then the immediates. Operands may live anywhere in the frame (locals included).
OPERAND = ["fp + bOf(w)", "fp + static_cast<uint32_t>(pc[1])", "fp + static_cast<uint32_t>(pc[1] >> 32)"]


def read(letter, index):
    ptr = OPERAND[index]
    if letter == "v":
        return f"loadV128({ptr})"
    return f"({ptr})->{FIELD[letter]}"


def write(letter, value):
    if letter == "v":
        return f"storeV128(fp + aOf(w), {value});"
    return f"fp[aOf(w)].{FIELD[letter]} = {value};"


def access_bits(text, letter_type):
    m = re.search(r"\.(load|store)(\d+)?(?:x(\d+))?", text)
    if m.group(2) is None:
        return {"i32": 32, "i64": 64, "f32": 32, "f64": 64, "v128": 128}[text.split(".")[0]]
    bits = int(m.group(2))
    if m.group(3):
        bits *= int(m.group(3))
    return bits


LANES = {1: "i8x16", 2: "i16x8", 4: "i32x4", 8: "i64x2"}
RAW = {1: "uint8_t", 2: "uint16_t", 4: "uint32_t", 8: "uint64_t"}


def memory_handler(name, imm, text, params, results):
    nbytes = access_bits(text, None) // 8
    first_imm = 2 if len(params) >= 2 else 1
    words = first_imm + (2 if imm == "MemArgLane" else 1)
    lane = f"static_cast<uint8_t>(pc[{first_imm + 1}])"
    out = [f"HANDLER({name}) {{",
           f"  const uint64_t ea = uint64_t{{(fp + bOf(w))->i32}} + pc[{first_imm}];",
           f"  if (ea + {nbytes} > memSize()) {{", "    TRAP(OutOfBoundsMemory);", "  }",
           "  uint8_t *at = memBase + ea;"]
    is_store = ".store" in text
    scalar = text.split(".")[0]
    if not is_store:
        if scalar == "v128":
            if "_lane" in text:
                wide = "uint64_t" if nbytes == 8 else "uint32_t"
                out.append(f"  {RAW[nbytes]} raw; std::memcpy(&raw, at, {nbytes});")
                out.append(f"  const V128 r = simd::{LANES[nbytes]}ReplaceLane({read('v', 1)}, {lane}, static_cast<{wide}>(raw));")
            elif "_splat" in text:
                wide = "uint64_t" if nbytes == 8 else "uint32_t"
                out.append(f"  {RAW[nbytes]} raw; std::memcpy(&raw, at, {nbytes});")
                out.append(f"  const V128 r = simd::{LANES[nbytes]}Splat(static_cast<{wide}>(raw));")
            elif "_zero" in text:
                out.append("  V128 r{}; std::memcpy(r.bytes.data(), at, %d);" % nbytes)
            elif "x" in text.split(".")[1]:
                m = re.search(r"load(\d+)x(\d+)_([su])", text)
                src, sign = int(m.group(1)), m.group(3).upper()
                dst = {8: "i16x8", 16: "i32x4", 32: "i64x2"}[src]
                srcl = {8: "I8x16", 16: "I16x8", 32: "I32x4"}[src]
                out.append("  V128 v{}; std::memcpy(v.bytes.data(), at, 8);")
                out.append(f"  const V128 r = simd::{dst}ExtendLow{srcl}{sign}(v);")
            else:
                out.append("  V128 r{}; std::memcpy(r.bytes.data(), at, 16);")
            out.append("  storeV128(fp + aOf(w), r);")
        else:
            m = re.search(r"load(\d+)_([su])", text)
            field = FIELD[{"i32": "i", "i64": "l", "f32": "f", "f64": "d"}[scalar]]
            full = {"i32": "uint32_t", "i64": "uint64_t", "f32": "uint32_t", "f64": "uint64_t"}[scalar]
            if m:
                bits, sign = int(m.group(1)), m.group(2)
                raw = ("int" if sign == "s" else "uint") + f"{bits}_t"
                out.append(f"  {raw} raw; std::memcpy(&raw, at, {nbytes});")
                if sign == "s":
                    signed_full = full.replace("uint", "int")
                    out.append(f"  fp[aOf(w)].{field} = static_cast<{full}>(static_cast<{signed_full}>(raw));")
                else:
                    out.append(f"  fp[aOf(w)].{field} = static_cast<{full}>(raw);")
            else:
                out.append(f"  std::memcpy(&fp[aOf(w)].{field}, at, {nbytes});")
    else:
        if scalar == "v128":
            if "_lane" in text:
                suffix = "U" if nbytes <= 2 else ""
                out.append(f"  const auto lane = static_cast<{RAW[nbytes]}>(simd::{LANES[nbytes]}ExtractLane{suffix}({read('v', 1)}, {lane}));")
                out.append(f"  std::memcpy(at, &lane, {nbytes});")
            else:
                out.append(f"  const V128 v = {read('v', 1)};")
                out.append("  std::memcpy(at, v.bytes.data(), 16);")
        else:
            letter = {"i32": "i", "i64": "l", "f32": "f", "f64": "d"}[scalar]
            if nbytes < (4 if scalar in ("i32", "f32") else 8):
                out.append(f"  const auto narrow = static_cast<{RAW[nbytes]}>({read(letter, 1)});")
                out.append(f"  std::memcpy(at, &narrow, {nbytes});")
            else:
                out.append(f"  const auto value = {read(letter, 1)};")
                out.append(f"  std::memcpy(at, &value, {nbytes});")
    out.append(f"  NEXT({words});")
    out.append("}")
    return out


def fixed_handler(name, prefix, imm, text, params, results):
    fn = camel(text.replace(" ", "_"))
    ns = "simd" if prefix.lower() == "0xfd" else "num"
    args = [read(letter, i) for i, letter in enumerate(params)]
    first_imm = 2 if len(params) >= 2 else 1
    words = first_imm
    if imm == "Lane":
        # simd.h takes the lane right after the vector: f(v, lane[, value]).
        args.insert(1, f"static_cast<uint8_t>(pc[{first_imm}])")
        words += 1
    if imm == "Shuffle":
        args.append(f"shuffleLanes(pc + {first_imm})")
        words += 2
    out = [f"HANDLER({name}) {{"]
    call = f"{ns}::{fn}({', '.join(args)}"
    if fn in TRAPPING:
        out.append("  num::Trap trap = num::Trap::None;")
        call += (", " if args else "") + "trap)"
    else:
        call += ")"
    if results:
        out.append(f"  const {CTYPE[results]} r = {call};")
        if fn in TRAPPING:
            out.append("  if (trap != num::Trap::None) {")
            out.append("    TRAP_NUMERIC(trap);")
            out.append("  }")
        out.append("  " + write(results, "r"))
    else:
        out.append(f"  {call};")
    out.append(f"  NEXT({words});")
    out.append("}")
    return out


lines = ["// SPDX-License-Identifier: Apache-2.0",
         "// Generated by scripts/gen_interp_ops.py from opcodes.def: do not edit by hand.",
         "// Handlers of the fixed-signature instructions, included inside the interpreter loop.", ""]
names = []
for name, prefix, code, imm, text, sig in pattern.findall(defs):
    if not sig or name in HANDLED_ELSEWHERE:
        continue
    params, results = sig.split(":")
    if imm in ("MemArg", "MemArgLane"):
        lines += memory_handler(name, imm, text, params, results)
    else:
        lines += fixed_handler(name, prefix, imm, text, params, results)
    names.append(name)
    lines.append("")
(root / "engine/src/interp/ops_generated.inc").write_text("\n".join(lines))
# The dispatch table: one label per wasm opcode and per internal op, in enum order; ops
# without a handler go to L_Invalid.
handled = set(names)
for inc in ("ops_control.inc", "ops_memory_table.inc"):
    handled |= set(re.findall(r"^HANDLER\((\w+)\)", (root / "engine/src/interp" / inc).read_text(), re.M))
internal_handled = set()
for inc in ("ops_control.inc", "ops_memory_table.inc"):
    internal_handled |= set(re.findall(r"^INTERNAL\((\w+)\)", (root / "engine/src/interp" / inc).read_text(), re.M))
code_h = (root / "engine/src/interp/code.h").read_text()
enum_body = code_h[code_h.index("enum class InternalOp"):]
enum_body = enum_body[enum_body.index("{") + 1:enum_body.index("};")]
internal = [m.group(1) for m in re.finditer(r"^\s*(\w+)(?:\s*=\s*First)?,", enum_body, re.M) if m.group(1) not in ("First", "Count")]
entries = []
for name, prefix, code, imm, text, sig in pattern.findall(defs):
    entries.append(f"&&L_{name}" if name in handled else "&&L_Invalid")
for name in internal:
    entries.append(f"&&L_Internal_{name}" if name in internal_handled else "&&L_Invalid")
(root / "engine/src/interp/ops_dispatch.inc").write_text(
    "// SPDX-License-Identifier: Apache-2.0\n"
    "// Generated by scripts/gen_interp_ops.py: the interpreter's dispatch table (opcode order).\n"
    + ",\n".join(entries) + "\n")
print(f"{len(names)} handlers", file=sys.stderr)
