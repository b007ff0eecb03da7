// SPDX-License-Identifier: Apache-2.0
// Kernel: a small stack-based bytecode VM (switch dispatch) running a nested-loop program that
// hashes ITERATIONS values; the checksum (i32) is the program's final accumulator.

#ifndef ITERATIONS
#define ITERATIONS 60000
#endif

enum Op {
  kPush,  // push imm
  kLoad,  // push local[imm]
  kStore, // local[imm] = pop
  kAdd,
  kSub,
  kMul,
  kXor,
  kShr,  // a >> imm (logical)
  kJnz,  // if pop != 0 goto imm
  kJmp,  // goto imm
  kHalt, // return local[0]
};

typedef struct {
  unsigned char op;
  int imm;
} Insn;

// locals: 0 = acc, 1 = i (outer counter), 2 = j (inner counter)
// acc = 0; i = ITERATIONS
// outer: j = 16
// inner: acc = (acc ^ (acc >> 7)) * 31 + i + j; j = j - 1; if j goto inner
//        i = i - 1; if i goto outer
// halt
static const Insn kProgram[] = {
    /* 0 */ {kPush, 0},
    /* 1 */ {kStore, 0},
    /* 2 */ {kLoad, 3}, // i = local[3], seeded from a volatile so it is not constant
    /* 3 */ {kStore, 1},
    /* 4 outer */ {kPush, 16},
    /* 5 */ {kStore, 2},
    /* 6 inner */ {kLoad, 0},
    /* 7 */ {kLoad, 0},
    /* 8 */ {kShr, 7},
    /* 9 */ {kXor, 0},
    /* 10 */ {kPush, 31},
    /* 11 */ {kMul, 0},
    /* 12 */ {kLoad, 1},
    /* 13 */ {kAdd, 0},
    /* 14 */ {kLoad, 2},
    /* 15 */ {kAdd, 0},
    /* 16 */ {kStore, 0},
    /* 17 */ {kLoad, 2},
    /* 18 */ {kPush, 1},
    /* 19 */ {kSub, 0},
    /* 20 */ {kStore, 2},
    /* 21 */ {kLoad, 2},
    /* 22 */ {kJnz, 6},
    /* 23 */ {kLoad, 1},
    /* 24 */ {kPush, 1},
    /* 25 */ {kSub, 0},
    /* 26 */ {kStore, 1},
    /* 27 */ {kLoad, 1},
    /* 28 */ {kJnz, 4},
    /* 29 */ {kHalt, 0},
};

static volatile int iterations = ITERATIONS;

static unsigned int interpret(const Insn *code, unsigned int *locals) {
  unsigned int stack[16];
  int sp = 0;
  int pc = 0;
  for (;;) {
    const Insn insn = code[pc++];
    switch (insn.op) {
    case kPush:
      stack[sp++] = (unsigned int)insn.imm;
      break;
    case kLoad:
      stack[sp++] = locals[insn.imm];
      break;
    case kStore:
      locals[insn.imm] = stack[--sp];
      break;
    case kAdd:
      sp--;
      stack[sp - 1] += stack[sp];
      break;
    case kSub:
      sp--;
      stack[sp - 1] -= stack[sp];
      break;
    case kMul:
      sp--;
      stack[sp - 1] *= stack[sp];
      break;
    case kXor:
      sp--;
      stack[sp - 1] ^= stack[sp];
      break;
    case kShr:
      stack[sp - 1] >>= insn.imm;
      break;
    case kJnz:
      if (stack[--sp] != 0) {
        pc = insn.imm;
      }
      break;
    case kJmp:
      pc = insn.imm;
      break;
    case kHalt:
    default:
      return locals[0];
    }
  }
}

int run(void) {
  unsigned int locals[4];
  locals[0] = 0;
  locals[1] = 0;
  locals[2] = 0;
  locals[3] = (unsigned int)iterations;
  return (int)interpret(kProgram, locals);
}
