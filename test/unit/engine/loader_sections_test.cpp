// SPDX-License-Identifier: Apache-2.0
// Loader tests per section: types, imports, tables, memories, globals, exports, element and
// data segments, code bodies, custom and name sections, and the UTF-8 check of names.
#include "loader/decoder.h"
#include "loader/loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace runw::engine {
namespace {

std::vector<uint8_t> withPreamble(std::initializer_list<uint8_t> sections) {
  constexpr std::array<uint8_t, 8> kPreamble{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  // Sized up front: GCC 12 at -O3 warns (array-bounds) about inserting into a small vector.
  std::vector<uint8_t> out(kPreamble.size() + sections.size());
  std::copy(kPreamble.begin(), kPreamble.end(), out.begin());
  std::copy(sections.begin(), sections.end(), out.begin() + kPreamble.size());
  return out;
}

std::string loadError(const std::vector<uint8_t> &bytes) {
  auto result = loader::loadModule(bytes);
  return result ? std::string("<loaded>") : result.error().message;
}

std::vector<uint8_t> bytesOf(const ast::Module &module, ast::ByteRange range) {
  const auto view = module.view(range);
  return {view.begin(), view.end()};
}

// ---- types ----------------------------------------------------------------------------------

TEST(LoaderTypes, RejectsBadFormAndValueTypes) {
  EXPECT_EQ(loadError(withPreamble({
                0x01, 0x04, 0x01, // type section, 1 type
                0x61, 0x00, 0x00, // form 0x61 is not func
            })),
            "offset 0xb: malformed function type");
  EXPECT_EQ(loadError(withPreamble({
                0x01,
                0x05,
                0x01, // type section, 1 type
                0xE0,
                0x7F, // form as a two-byte s7
                0x00,
                0x00,
            })),
            "offset 0xb: integer representation too long");
  EXPECT_EQ(loadError(withPreamble({
                0x01, 0x05, 0x01, // type section, 1 type
                0x60, 0x01, 0x40, // 1 param of type 0x40
                0x00,             // no results
            })),
            "offset 0xd: malformed value type");
}

// ---- imports --------------------------------------------------------------------------------

TEST(LoaderImports, DecodesEveryKind) {
  auto module = loader::loadModule(withPreamble({
      0x02, 0x1E,             // import section, 30 bytes
      0x04,                   // 4 imports
      0x01, 'a',  0x01, 'f',  // "a" "f"
      0x00, 0x07,             //   func, type 7
      0x01, 'a',  0x01, 't',  // "a" "t"
      0x01, 0x6F, 0x01, 0x00, //   table externref, min 0
      0x05,                   //   max 5
      0x01, 'a',  0x01, 'm',  // "a" "m"
      0x02, 0x00, 0x02,       //   memory, min 2
      0x01, 'a',  0x01, 'g',  // "a" "g"
      0x03, 0x7E, 0x01,       //   global mutable i64
  }));
  ASSERT_TRUE(module) << module.error().message;
  ASSERT_EQ(module->imports.size(), 4U);
  EXPECT_EQ(module->imports[0].funcTypeIndex, 7U);
  EXPECT_EQ(module->imports[1].table.elemType, ValType::ExternRef);
  EXPECT_EQ(module->imports[1].table.limits.max, 5U);
  EXPECT_EQ(module->imports[2].memory.limits.min, 2U);
  EXPECT_FALSE(module->imports[2].memory.limits.max);
  EXPECT_EQ(module->imports[3].global, (GlobalType{ValType::I64, true}));
  EXPECT_EQ(module->importedFuncs + module->importedTables + module->importedMemories +
                module->importedGlobals,
            4U);
}

TEST(LoaderImports, RejectsBadKindAndMutability) {
  EXPECT_EQ(loadError(withPreamble({
                0x02, 0x05, 0x01, // import section, 1 import
                0x00, 0x00,       // "" ""
                0x04, 0x00,       // kind 4
            })),
            "offset 0xd: malformed import kind");
  EXPECT_EQ(loadError(withPreamble({
                0x02, 0x06, 0x01, // import section, 1 import
                0x00, 0x00,       // "" ""
                0x03, 0x7F, 0xFF, // global i32, mutability 0xff
            })),
            "offset 0xf: malformed mutability");
}

TEST(LoaderImports, RejectsBadLimitsFlags) {
  EXPECT_EQ(loadError(withPreamble({
                0x02, 0x06, 0x01, // import section, 1 import
                0x00, 0x00,       // "" ""
                0x02, 0x02, 0x00, // memory, flags 2 (shared is not 2.0)
            })),
            "offset 0xe: integer too large");
  EXPECT_EQ(loadError(withPreamble({
                0x05,
                0x05,
                0x01, // memory section, 1 memory
                0x81,
                0x00, // flags as a two-byte LEB128
                0x00,
                0x00,
            })),
            "offset 0xb: integer representation too long");
}

TEST(LoaderImports, RejectsNamesThatAreNotUtf8) {
  EXPECT_EQ(loadError(withPreamble({
                0x02, 0x07, 0x01, // import section, 1 import
                0x02, 0xC0, 0x80, // module name: overlong NUL
                0x00,             // ""
                0x00, 0x00,       // func, type 0
            })),
            "offset 0xb: malformed UTF-8 encoding");
}

TEST(LoaderImports, RejectsNameLongerThanTheBinary) {
  EXPECT_EQ(loadError(withPreamble({
                0x02, 0x04, 0x01, // import section, 1 import
                0x7F, 0x00, 0x00, // module name of 127 bytes
            })),
            "offset 0xb: length out of bounds");
}

// ---- tables, memories, globals, exports, start ---------------------------------------------

TEST(LoaderDefinitions, DecodesTablesMemoriesGlobals) {
  auto module = loader::loadModule(withPreamble({
      0x04, 0x05, 0x01,       // table section, 1 table
      0x70, 0x00, 0x80, 0x01, // funcref, min 128 (two-byte LEB128)
      0x05, 0x07, 0x02,       // memory section, 2 memories
      0x00, 0x01,             //   min 1
      0x01, 0x00, 0x80, 0x02, //   min 0, max 256
      0x06, 0x0B, 0x02,       // global section, 2 globals
      0x7C, 0x00,             //   const f64
      0x23, 0x00, 0x0B,       //   global.get 0, end
      0x7F, 0x00,             //   const i32
      0x41, 0x7F, 0x0B,       //   i32.const -1, end
  }));
  ASSERT_TRUE(module) << module.error().message;
  EXPECT_EQ(module->tables[0].limits.min, 128U);
  EXPECT_EQ(module->memories[1].limits.max, 256U);
  EXPECT_EQ(bytesOf(*module, module->globals[0].init.code),
            (std::vector<uint8_t>{0x23, 0x00, 0x0B}));
  EXPECT_EQ(module->globals[1].type.type, ValType::I32);
}

TEST(LoaderDefinitions, RejectsNonReferenceTableType) {
  EXPECT_EQ(loadError(withPreamble({
                0x04, 0x04, 0x01, // table section, 1 table
                0x7F, 0x00, 0x00, // i32 is no element type
            })),
            "offset 0xb: malformed reference type");
}

TEST(LoaderDefinitions, DecodesExportsAndStart) {
  auto module = loader::loadModule(withPreamble({
      0x07, 0x09, 0x02,      // export section, 2 exports
      0x01, 'g', 0x03, 0x04, //   "g" global 4
      0x01, 't', 0x01, 0x00, //   "t" table 0
      0x08, 0x01, 0x03,      // start section: func 3
  }));
  ASSERT_TRUE(module) << module.error().message;
  EXPECT_EQ(module->exports[0].name, "g");
  EXPECT_EQ(module->exports[0].kind, ExternKind::Global);
  EXPECT_EQ(module->exports[0].index, 4U);
  EXPECT_EQ(module->exports[1].kind, ExternKind::Table);
  EXPECT_EQ(module->start, 3U);
}

TEST(LoaderDefinitions, RejectsBadExportKind) {
  EXPECT_EQ(loadError(withPreamble({
                0x07, 0x05, 0x01,      // export section, 1 export
                0x01, 'x', 0x04, 0x00, //   kind 4
            })),
            "offset 0xd: malformed export kind");
}

TEST(LoaderDefinitions, RejectsIllegalOpcodeInConstExpr) {
  EXPECT_EQ(loadError(withPreamble({
                0x06, 0x05, 0x01, // global section, 1 global
                0x7F, 0x00,       //   const i32
                0xF3, 0x0B,       //   opcode 0xf3 does not exist
            })),
            "offset 0xd: illegal opcode");
}

TEST(LoaderDefinitions, ConstExprExtentFollowsNesting) {
  auto module = loader::loadModule(withPreamble({
      0x06, 0x09, 0x01, // global section, 1 global
      0x7F, 0x00,       //   const i32
      0x02, 0x40,       //   block
      0x0B,             //   end (of block)
      0x41, 0x01,       //   i32.const 1
      0x0B,             //   end (of expression)
  }));
  ASSERT_TRUE(module) << module.error().message;
  EXPECT_EQ(module->globals[0].init.code.size, 6U);
}

// ---- element segments ----------------------------------------------------------------------

TEST(LoaderElements, DecodesAllEightForms) {
  auto module = loader::loadModule(withPreamble({
      0x09, 0x33, 0x08,             // element section, 8 segments
      0x00, 0x41, 0x01, 0x0B,       // 0: active table 0, offset i32.const 1
      0x01, 0x00,                   //    funcs [0]
      0x01, 0x00, 0x01, 0x01,       // 1: passive, elemkind funcref, funcs [1]
      0x02, 0x03, 0x41, 0x00, 0x0B, // 2: active table 3, offset i32.const 0
      0x00, 0x02, 0x00, 0x01,       //    elemkind, funcs [0 1]
      0x03, 0x00, 0x01, 0x02,       // 3: declarative, funcs [2]
      0x04, 0x41, 0x00, 0x0B,       // 4: active table 0, offset i32.const 0
      0x01, 0xD2, 0x00, 0x0B,       //    [ref.func 0]
      0x05, 0x6F,                   // 5: passive externref
      0x01, 0xD0, 0x6F, 0x0B,       //    [ref.null extern]
      0x06, 0x01, 0x41, 0x00, 0x0B, // 6: active table 1, offset i32.const 0
      0x70, 0x00,                   //    funcref, no items
      0x07, 0x70,                   // 7: declarative funcref
      0x01, 0xD2, 0x01, 0x0B,       //    [ref.func 1]
  }));
  ASSERT_TRUE(module) << module.error().message;
  const auto &elems = module->elements;
  ASSERT_EQ(elems.size(), 8U);
  EXPECT_EQ(elems[0].mode, ast::SegmentMode::Active);
  EXPECT_EQ(bytesOf(*module, elems[0].offset.code), (std::vector<uint8_t>{0x41, 0x01, 0x0B}));
  EXPECT_EQ(elems[0].itemFuncIndices, (std::vector<uint32_t>{0}));
  EXPECT_EQ(elems[1].mode, ast::SegmentMode::Passive);
  EXPECT_EQ(elems[2].tableIndex, 3U);
  EXPECT_EQ(elems[2].itemFuncIndices, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(elems[3].mode, ast::SegmentMode::Declarative);
  EXPECT_TRUE(elems[4].usesExprs);
  EXPECT_EQ(elems[4].elemType, ValType::FuncRef);
  EXPECT_EQ(elems[5].elemType, ValType::ExternRef);
  EXPECT_EQ(bytesOf(*module, elems[5].itemExprs[0].code), (std::vector<uint8_t>{0xD0, 0x6F, 0x0B}));
  EXPECT_EQ(elems[6].tableIndex, 1U);
  EXPECT_TRUE(elems[6].itemExprs.empty());
  EXPECT_EQ(elems[7].mode, ast::SegmentMode::Declarative);
  EXPECT_EQ(elems[7].itemExprs.size(), 1U);
}

TEST(LoaderElements, RejectsBadFlagsKindAndType) {
  EXPECT_EQ(loadError(withPreamble({
                0x09, 0x02, 0x01, // element section, 1 segment
                0x08,             //   flags 8
            })),
            "offset 0xb: malformed elements segment kind");
  EXPECT_EQ(loadError(withPreamble({
                0x09, 0x04, 0x01, // element section, 1 segment
                0x01, 0x01, 0x00, //   passive, elemkind 1
            })),
            "offset 0xc: malformed element kind");
  EXPECT_EQ(loadError(withPreamble({
                0x09, 0x07, 0x01,       // element section, 1 segment
                0x05, 0x7F,             //   passive, type i32
                0x01, 0xD2, 0x00, 0x0B, //   [ref.func 0]
            })),
            "offset 0xc: malformed reference type");
}

TEST(LoaderElements, RejectsTruncatedOffset) {
  EXPECT_EQ(loadError(withPreamble({
                0x09, 0x03, 0x01, // element section, 1 segment
                0x00, 0x41,       //   offset i32.const without its value
            })),
            "offset 0xd: unexpected end of section or function");
}

// ---- data segments -------------------------------------------------------------------------

TEST(LoaderData, DecodesAllThreeForms) {
  auto module = loader::loadModule(withPreamble({
      0x0B, 0x11, 0x03,             // data section, 3 segments
      0x00, 0x41, 0x08, 0x0B,       // 0: memory 0, offset i32.const 8
      0x02, 'a',  'b',              //    "ab"
      0x01, 0x00,                   // 1: passive, empty
      0x02, 0x01, 0x41, 0x00, 0x0B, // 2: memory 1, offset i32.const 0
      0x01, 'c',                    //    "c"
  }));
  ASSERT_TRUE(module) << module.error().message;
  const auto &datas = module->datas;
  ASSERT_EQ(datas.size(), 3U);
  EXPECT_EQ(datas[0].mode, ast::SegmentMode::Active);
  EXPECT_EQ(bytesOf(*module, datas[0].init), (std::vector<uint8_t>{'a', 'b'}));
  EXPECT_EQ(datas[1].mode, ast::SegmentMode::Passive);
  EXPECT_EQ(datas[1].init.size, 0U);
  EXPECT_EQ(datas[2].memoryIndex, 1U);
  EXPECT_EQ(bytesOf(*module, datas[2].offset.code), (std::vector<uint8_t>{0x41, 0x00, 0x0B}));
}

TEST(LoaderData, RejectsBadFlagsAndShortInit) {
  EXPECT_EQ(loadError(withPreamble({
                0x0B, 0x02, 0x01, // data section, 1 segment
                0x03,             //   flags 3
            })),
            "offset 0xb: malformed data segment kind");
  EXPECT_EQ(loadError(withPreamble({
                0x0B,
                0x07,
                0x01, // data section, 1 segment
                0x01, //   passive
                0x05,
                'a',
                'b', //   5 bytes declared, 2 present
                'c',
                'd',
            })),
            "offset 0xd: unexpected end of section or function");
}

// ---- code ----------------------------------------------------------------------------------

TEST(LoaderCode, RunLengthDecodesLocals) {
  auto module = loader::loadModule(withPreamble({
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
      0x03, 0x02, 0x01, 0x00,             // function section: type 0
      0x0A, 0x0B, 0x01,                   // code section, 1 body
      0x09,                               //   9 bytes
      0x03,                               //   3 local runs
      0x00, 0x7F,                         //     0 i32
      0x02, 0x7E,                         //     2 i64
      0x01, 0x7B,                         //     1 v128
      0x01, 0x0B,                         //   nop, end
  }));
  ASSERT_TRUE(module) << module.error().message;
  EXPECT_EQ(module->bodies[0].locals,
            (std::vector<ValType>{ValType::I64, ValType::I64, ValType::V128}));
  EXPECT_EQ(bytesOf(*module, module->bodies[0].code), (std::vector<uint8_t>{0x01, 0x0B}));
}

TEST(LoaderCode, RejectsTooManyLocals) {
  // 2^32-1 + 2 locals: over the format's limit.
  auto overFormat = loader::loadModule(withPreamble({
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
      0x03, 0x02, 0x01, 0x00,             // function section: type 0
      0x0A, 0x0C, 0x01,                   // code section, 1 body
      0x0A, 0x02,                         //   10 bytes, 2 runs
      0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, //     2^32-1 i32
      0x02, 0x7E,                         //     2 i64
      0x0B,                               //   end
  }));
  ASSERT_FALSE(overFormat);
  EXPECT_EQ(overFormat.error().code, ErrorCode::Invalid);
  EXPECT_EQ(overFormat.error().message, "offset 0x16: too many locals");
  // 50001 locals: allowed by the format, above runw's cap.
  auto overCap = loader::loadModule(withPreamble({
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
      0x03, 0x02, 0x01, 0x00,             // function section: type 0
      0x0A, 0x08, 0x01,                   // code section, 1 body
      0x06, 0x01,                         //   6 bytes, 1 run
      0xD1, 0x86, 0x03, 0x7F,             //     50001 i32
      0x0B,                               //   end
  }));
  ASSERT_FALSE(overCap);
  EXPECT_EQ(overCap.error().code, ErrorCode::Limit);
  EXPECT_EQ(overCap.error().message, "offset 0x16: too many locals");
}

TEST(LoaderCode, RejectsLocalCountAbove32Bits) {
  EXPECT_EQ(loadError(withPreamble({
                0x0A, 0x0A, 0x01,                   // code section, 1 body
                0x08, 0x01,                         //   8 bytes, 1 run
                0x80, 0x80, 0x80, 0x80, 0x10, 0x7F, //     2^32 i32
                0x0B,                               //   end
            })),
            "offset 0x12: integer too large"); // where the fifth byte is read
}

TEST(LoaderCode, RejectsBodyWithoutEnd) {
  // At the end of the binary.
  EXPECT_EQ(loadError(withPreamble({
                0x0A, 0x05, 0x01, // code section, 1 body
                0x03, 0x00,       //   3 bytes, no locals
                0x41, 0x01,       //   i32.const 1 and no end
            })),
            "offset 0xf: unexpected end of section or function");
  // Followed by another body.
  EXPECT_EQ(loadError(withPreamble({
                0x0A, 0x07, 0x02, // code section, 2 bodies
                0x02, 0x00, 0x01, //   2 bytes: nop, no end
                0x02, 0x00, 0x0B, //   2 bytes: end
            })),
            "offset 0xe: END opcode expected");
  // The end is outside the declared body.
  EXPECT_EQ(loadError(withPreamble({
                0x0A, 0x05, 0x01, // code section, 1 body
                0x02, 0x00, 0x01, //   2 bytes: nop
                0x0B,             //   end, outside
                0x00, 0x00,       // empty custom section
            })),
            "offset 0xe: section size mismatch");
}

// ---- custom and name sections --------------------------------------------------------------

TEST(LoaderCustom, RejectsBadNames) {
  EXPECT_EQ(loadError(withPreamble({
                0x00, 0x03,       // custom section, 3 bytes
                0x02, 0xED, 0xA0, // name: truncated surrogate
            })),
            "offset 0xa: malformed UTF-8 encoding");
  EXPECT_EQ(loadError(withPreamble({
                0x00,
                0x00, // custom section, 0 bytes: no room for the name
                0x00,
                0x05,
                0x01,
                0x00,
                0x07,
                0x00,
                0x00,
            })),
            "offset 0xa: unexpected end");
}

TEST(LoaderCustom, IgnoresMalformedNameSection) {
  auto module = loader::loadModule(withPreamble({
      0x00, 0x0A,               // custom section, 10 bytes
      0x04, 'n', 'a', 'm', 'e', // "name"
      0x00, 0x05,               // module name subsection, 5 bytes
      0x04, 0xFF, 'x',          //   "\xff..." (not UTF-8, and short)
  }));
  ASSERT_TRUE(module) << module.error().message;
  EXPECT_FALSE(module->names.module);
  EXPECT_EQ(module->customs.size(), 1U);
}

TEST(LoaderNameSection, ParsesModuleAndFunctionNames) {
  const std::vector<uint8_t> content{
      0x00, 0x02, 0x01, 'm',        // module name "m"
      0x01, 0x07, 0x02,             // function names, 2 entries
      0x00, 0x01, 'a',              //   0 "a"
      0x05, 0x01, 'b',              //   5 "b"
      0x02, 0x03, 0x01, 0x00, 0x00, // local names: skipped
  };
  ast::Names names;
  ASSERT_TRUE(loader::parseNameSection(content, names));
  EXPECT_EQ(names.module, "m");
  EXPECT_EQ(names.functions.at(0), "a");
  EXPECT_EQ(names.functions.at(5), "b");
}

TEST(LoaderNameSection, RejectsTruncatedOrOversizedSubsections) {
  ast::Names names;
  EXPECT_FALSE(loader::parseNameSection(std::vector<uint8_t>{0x00, 0x09, 0x01}, names));
  EXPECT_FALSE(loader::parseNameSection(std::vector<uint8_t>{0x01, 0x03, 0xFF, 0xFF, 0x0F},
                                        names)); // 2^32-1 entries in 3 bytes
  EXPECT_FALSE(loader::parseNameSection(std::vector<uint8_t>{0x00, 0x03, 0x01, 'a', 'b'},
                                        names)); // junk after the module name
}

// ---- UTF-8 ---------------------------------------------------------------------------------

bool utf8(std::initializer_list<uint8_t> bytes) {
  return loader::isValidUtf8(std::vector<uint8_t>(bytes));
}

TEST(LoaderUtf8, AcceptsWellFormedSequences) {
  EXPECT_TRUE(utf8({}));
  EXPECT_TRUE(utf8({'a', 0x00, 0x7F}));
  EXPECT_TRUE(utf8({0xC2, 0x80}));             // U+0080
  EXPECT_TRUE(utf8({0xDF, 0xBF}));             // U+07FF
  EXPECT_TRUE(utf8({0xE0, 0xA0, 0x80}));       // U+0800
  EXPECT_TRUE(utf8({0xED, 0x9F, 0xBF}));       // U+D7FF
  EXPECT_TRUE(utf8({0xEE, 0x80, 0x80}));       // U+E000
  EXPECT_TRUE(utf8({0xEF, 0xBF, 0xBF}));       // U+FFFF
  EXPECT_TRUE(utf8({0xF0, 0x90, 0x80, 0x80})); // U+10000
  EXPECT_TRUE(utf8({0xF4, 0x8F, 0xBF, 0xBF})); // U+10FFFF
}

TEST(LoaderUtf8, RejectsMalformedSequences) {
  EXPECT_FALSE(utf8({0x80}));                   // lone continuation
  EXPECT_FALSE(utf8({0xC0, 0x80}));             // overlong U+0000
  EXPECT_FALSE(utf8({0xC1, 0xBF}));             // overlong U+007F
  EXPECT_FALSE(utf8({0xE0, 0x9F, 0xBF}));       // overlong U+07FF
  EXPECT_FALSE(utf8({0xED, 0xA0, 0x80}));       // surrogate U+D800
  EXPECT_FALSE(utf8({0xED, 0xBF, 0xBF}));       // surrogate U+DFFF
  EXPECT_FALSE(utf8({0xF0, 0x8F, 0xBF, 0xBF})); // overlong U+FFFF
  EXPECT_FALSE(utf8({0xF4, 0x90, 0x80, 0x80})); // U+110000
  EXPECT_FALSE(utf8({0xF5, 0x80, 0x80, 0x80})); // lead byte above F4
  EXPECT_FALSE(utf8({0xFF}));
  EXPECT_FALSE(utf8({0xE1, 0x80}));             // truncated
  EXPECT_FALSE(utf8({0xC2, 0x41}));             // continuation missing
  EXPECT_FALSE(utf8({0xF1, 0x80, 0x80, 0xC0})); // last byte not a continuation
}

} // namespace
} // namespace runw::engine
