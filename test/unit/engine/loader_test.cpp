// SPDX-License-Identifier: Apache-2.0
// Loader tests: preamble, section framing and order, cross-section counts, a module using
// every section, and hostile input (huge counts, every truncation, random bytes).
#include "loader/loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <random>
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

// The error message of a failed load, or "<loaded>".
std::string loadError(const std::vector<uint8_t> &bytes) {
  auto result = loader::loadModule(bytes);
  return result ? std::string("<loaded>") : result.error().message;
}

// A module with every section, two custom sections and a name section.
std::vector<uint8_t> richModule() {
  return withPreamble({
      0x01, 0x0A,                  // type section, 10 bytes
      0x02,                        // 2 types
      0x60, 0x00, 0x00,            // () -> ()
      0x60, 0x02, 0x7F, 0x7E,      // (i32 i64) ->
      0x01, 0x7F,                  //   (i32)
      0x00, 0x04,                  // custom section, 4 bytes
      0x03, 'a',  'b',  'c',       // name "abc", no content
      0x02, 0x16,                  // import section, 22 bytes
      0x03,                        // 3 imports
      0x01, 'm',  0x01, 'f',       // "m" "f"
      0x00, 0x00,                  //   func, type 0
      0x01, 'm',  0x01, 't',       // "m" "t"
      0x01, 0x70, 0x00, 0x01,      //   table funcref, min 1
      0x01, 'm',  0x01, 'g',       // "m" "g"
      0x03, 0x7F, 0x00,            //   global const i32
      0x03, 0x03,                  // function section, 3 bytes
      0x02, 0x00, 0x01,            // 2 functions: types 0 and 1
      0x04, 0x04,                  // table section, 4 bytes
      0x01, 0x6F, 0x00, 0x02,      // 1 table: externref, min 2
      0x05, 0x04,                  // memory section, 4 bytes
      0x01, 0x01, 0x01, 0x03,      // 1 memory: min 1 max 3
      0x06, 0x06,                  // global section, 6 bytes
      0x01, 0x7F, 0x01,            // 1 global: mutable i32
      0x41, 0x2A, 0x0B,            //   i32.const 42, end
      0x07, 0x0E,                  // export section, 14 bytes
      0x02,                        // 2 exports
      0x04, 'm',  'a',  'i',  'n', // "main"
      0x00, 0x02,                  //   func 2
      0x03, 'm',  'e',  'm',       // "mem"
      0x02, 0x00,                  //   memory 0
      0x08, 0x01, 0x00,            // start section: func 0
      0x09, 0x0D,                  // element section, 13 bytes
      0x02,                        // 2 segments
      0x00, 0x41, 0x00, 0x0B,      // form 0: offset i32.const 0
      0x01, 0x01,                  //   funcs [1]
      0x05, 0x70,                  // form 5: passive funcref
      0x01, 0xD2, 0x00, 0x0B,      //   [ref.func 0]
      0x0C, 0x01, 0x02,            // data count section: 2
      0x0A, 0x0B,                  // code section, 11 bytes
      0x02,                        // 2 bodies
      0x02, 0x00, 0x0B,            // 2 bytes: no locals, end
      0x06, 0x01, 0x02, 0x7D,      // 6 bytes: 2 f32 locals
      0x20, 0x00, 0x0B,            //   local.get 0, end
      0x0B, 0x0B,                  // data section, 11 bytes
      0x02,                        // 2 segments
      0x00, 0x41, 0x00, 0x0B,      // form 0: offset i32.const 0
      0x02, 'h',  'i',             //   "hi"
      0x01, 0x01, 'x',             // form 1: passive "x"
      0x00, 0x15,                  // custom section, 21 bytes
      0x04, 'n',  'a',  'm',  'e', // "name"
      0x00, 0x05,                  // module name subsection, 5 bytes
      0x04, 'd',  'e',  'm',  'o', //   "demo"
      0x01, 0x07,                  // function names subsection, 7 bytes
      0x01, 0x02,                  //   1 entry: func 2
      0x04, 'm',  'a',  'i',  'n', //   "main"
  });
}

TEST(LoaderPreamble, AcceptsEmptyModule) {
  auto module = loader::loadModule(withPreamble({}));
  ASSERT_TRUE(module) << module.error().message;
  EXPECT_TRUE(module->types.empty());
  EXPECT_FALSE(module->dataCount);
  EXPECT_FALSE(module->start);
  EXPECT_EQ(module->bytes.size(), 8U);
}

TEST(LoaderPreamble, RejectsTruncatedMagicAndVersion) {
  EXPECT_EQ(loadError({}), "offset 0x0: unexpected end");
  EXPECT_EQ(loadError({0x00, 0x61, 0x73}), "offset 0x0: unexpected end");
  EXPECT_EQ(loadError({0x00, 0x61, 0x73, 0x6D}), "offset 0x4: unexpected end");
  EXPECT_EQ(loadError({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00}), "offset 0x4: unexpected end");
}

TEST(LoaderPreamble, RejectsWrongMagicAndVersion) {
  EXPECT_EQ(loadError({'a', 's', 'm', 0x00, 0x01, 0x00, 0x00, 0x00}),
            "offset 0x0: magic header not detected");
  EXPECT_EQ(loadError({0xEF, 0xBB, 0xBF, 0x00, 0x61, 0x73, 0x6D, 0x01}), // UTF-8 BOM first
            "offset 0x0: magic header not detected");
  EXPECT_EQ(loadError({0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00}),
            "offset 0x4: unknown binary version");
  EXPECT_EQ(loadError({0x00, 0x61, 0x73, 0x6D, 0x00, 0x00, 0x00, 0x01}),
            "offset 0x4: unknown binary version");
}

TEST(LoaderSections, RejectsUnknownSectionIds) {
  EXPECT_EQ(loadError(withPreamble({0x0D, 0x00})), "offset 0x8: malformed section id");
  EXPECT_EQ(loadError(withPreamble({0x7F, 0x00})), "offset 0x8: malformed section id");
  EXPECT_EQ(loadError(withPreamble({0x80, 0x00, 0x01, 0x00})), // not a LEB128 id
            "offset 0x8: malformed section id");
}

TEST(LoaderSections, RejectsSizeMismatch) {
  // Declared longer than its contents: the section reads 4 of 7 bytes.
  EXPECT_EQ(loadError(withPreamble({
                0x01, 0x07,       // type section, 7 bytes
                0x01,             // 1 type
                0x60, 0x00, 0x00, // () -> ()
                0x60, 0x00, 0x00, // a type more than counted
            })),
            "offset 0xa: section size mismatch");
  // Declared shorter: reading goes on into the next byte.
  EXPECT_EQ(loadError(withPreamble({
                0x01, 0x03,       // type section, 3 bytes
                0x01,             // 1 type
                0x60, 0x00, 0x00, // () -> ()
            })),
            "offset 0xa: section size mismatch");
}

TEST(LoaderSections, RejectsSizeBeyondEnd) {
  EXPECT_EQ(loadError(withPreamble({
                0x01, 0x07,       // type section, 7 bytes
                0x02,             // 2 types
                0x60, 0x00, 0x00, // only 4 bytes follow
            })),
            "offset 0x9: length out of bounds");
  // A second module appended: 0x61 ('a') is read as the size of a custom section.
  EXPECT_EQ(loadError(withPreamble({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00})),
            "offset 0x9: length out of bounds");
}

TEST(LoaderSections, RejectsTruncatedSectionHeader) {
  EXPECT_EQ(loadError(withPreamble({0x01})), "offset 0x9: unexpected end");
  EXPECT_EQ(loadError(withPreamble({0x01, 0x80})), "offset 0xa: unexpected end");
}

TEST(LoaderSections, RejectsDuplicateAndMisorderedSections) {
  EXPECT_EQ(loadError(withPreamble({
                0x08, 0x01, 0x00, // start section
                0x08, 0x01, 0x00, // start section again
            })),
            "offset 0xb: unexpected content after last section");
  EXPECT_EQ(loadError(withPreamble({
                0x0A, 0x01, 0x00, // code section, no bodies
                0x03, 0x01, 0x00, // function section after it
            })),
            "offset 0xb: unexpected content after last section");
  EXPECT_EQ(loadError(withPreamble({
                0x0A, 0x01, 0x00, // code section, no bodies
                0x0C, 0x01, 0x00, // data count section must precede code
            })),
            "offset 0xb: unexpected content after last section");
}

TEST(LoaderSections, AcceptsDataCountBetweenElementAndCode) {
  auto module = loader::loadModule(withPreamble({
      0x09, 0x01, 0x00, // element section, no segments
      0x0C, 0x01, 0x00, // data count section: 0
      0x0A, 0x01, 0x00, // code section, no bodies
      0x0B, 0x01, 0x00, // data section, no segments
  }));
  ASSERT_TRUE(module) << module.error().message;
  EXPECT_EQ(module->dataCount, 0U);
}

TEST(LoaderSections, AcceptsCustomSectionsAnywhere) {
  auto module = loader::loadModule(withPreamble({
      0x00, 0x02, 0x01, 'a', // custom "a"
      0x01, 0x01, 0x00,      // type section, no types
      0x00, 0x02, 0x01, 'b', // custom "b"
      0x0B, 0x01, 0x00,      // data section, no segments
      0x00, 0x03, 0x01, 'c', // custom "c"
      0x07,                  //   content
  }));
  ASSERT_TRUE(module) << module.error().message;
  ASSERT_EQ(module->customs.size(), 3U);
  EXPECT_EQ(module->customs[2].name, "c");
  ASSERT_EQ(module->customs[2].content.size, 1U);
  EXPECT_EQ(module->view(module->customs[2].content)[0], 0x07);
}

TEST(LoaderCounts, RejectsFunctionsWithoutCode) {
  EXPECT_EQ(loadError(withPreamble({
                0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
                0x03, 0x03, 0x02, 0x00, 0x00,       // function section: 2 functions
            })),
            "offset 0x13: function and code section have inconsistent lengths");
  EXPECT_EQ(loadError(withPreamble({
                0x0A, 0x04, 0x01, // code section, 1 body
                0x02, 0x00, 0x0B, //   no locals, end
            })),
            "offset 0xe: function and code section have inconsistent lengths");
}

TEST(LoaderCounts, RejectsDataCountMismatch) {
  EXPECT_EQ(loadError(withPreamble({
                0x0C, 0x01, 0x03, // data count section: 3
                0x0B, 0x05, 0x02, // data section, 2 segments
                0x01, 0x00,       //   passive, empty
                0x01, 0x00,       //   passive, empty
            })),
            "offset 0x12: data count and data section have inconsistent lengths");
  EXPECT_EQ(loadError(withPreamble({
                0x0C, 0x01, 0x01, // data count section: 1, no data section
            })),
            "offset 0xb: data count and data section have inconsistent lengths");
}

TEST(LoaderModule, DecodesEverySection) {
  auto module = loader::loadModule(richModule());
  ASSERT_TRUE(module) << module.error().message;
  ASSERT_EQ(module->types.size(), 2U);
  EXPECT_EQ(module->types[1].params, (std::vector<ValType>{ValType::I32, ValType::I64}));
  EXPECT_EQ(module->imports.size(), 3U);
  EXPECT_EQ(module->importedFuncs, 1U);
  EXPECT_EQ(module->importedTables, 1U);
  EXPECT_EQ(module->importedMemories, 0U);
  EXPECT_EQ(module->importedGlobals, 1U);
  EXPECT_EQ(module->functionTypeIndices, (std::vector<uint32_t>{0, 1}));
  ASSERT_EQ(module->tables.size(), 1U);
  EXPECT_EQ(module->tables[0].elemType, ValType::ExternRef);
  ASSERT_EQ(module->memories.size(), 1U);
  EXPECT_EQ(module->memories[0].limits.max, 3U);
  ASSERT_EQ(module->globals.size(), 1U);
  EXPECT_TRUE(module->globals[0].type.isMutable);
  EXPECT_EQ(module->exports.size(), 2U);
  EXPECT_EQ(module->start, 0U);
  EXPECT_EQ(module->elements.size(), 2U);
  EXPECT_EQ(module->dataCount, 2U);
  ASSERT_EQ(module->bodies.size(), 2U);
  EXPECT_EQ(module->bodies[1].locals, (std::vector<ValType>{ValType::F32, ValType::F32}));
  EXPECT_EQ(module->datas.size(), 2U);
  EXPECT_EQ(module->customs.size(), 2U);
  EXPECT_EQ(module->names.module, "demo");
  EXPECT_EQ(module->names.functions.at(2), "main");
}

TEST(LoaderModule, ByteRangesPointIntoOwnedBytes) {
  auto module = loader::loadModule(richModule());
  ASSERT_TRUE(module) << module.error().message;
  const auto init = module->view(module->globals[0].init.code);
  EXPECT_EQ(std::vector<uint8_t>(init.begin(), init.end()),
            (std::vector<uint8_t>{0x41, 0x2A, 0x0B}));
  const auto code = module->view(module->bodies[1].code);
  EXPECT_EQ(std::vector<uint8_t>(code.begin(), code.end()),
            (std::vector<uint8_t>{0x20, 0x00, 0x0B}));
  const auto data = module->view(module->datas[0].init);
  EXPECT_EQ(std::string(data.begin(), data.end()), "hi");
}

// ---- hostile input --------------------------------------------------------------------------

TEST(LoaderHostile, EveryTruncationFailsCleanly) {
  const auto bytes = richModule();
  for (size_t n = 0; n < bytes.size(); ++n) {
    const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<long>(n));
    auto module = loader::loadModule(prefix);
    // A prefix ending exactly between sections is a valid module unless counts disagree.
    if (!module) {
      EXPECT_EQ(module.error().code, ErrorCode::Invalid) << n;
      EXPECT_EQ(module.error().message.rfind("offset 0x", 0), 0U) << n;
    }
  }
}

TEST(LoaderHostile, HugeCountsFailBeforeAllocating) {
  // 0xFFFFFFFF as the count of each vector-of-things section.
  for (const uint8_t id : std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 9, 10, 11}) {
    EXPECT_EQ(loadError(withPreamble({
                  id, 0x05,                     // section, 5 bytes
                  0xFF, 0xFF, 0xFF, 0xFF, 0x0F, // count 2^32-1
              })),
              "offset 0xa: length out of bounds")
        << int{id};
  }
  EXPECT_EQ(loadError(withPreamble({
                0x01,
                0x09, // type section, 9 bytes
                0x01,
                0x60, // 1 type
                0xFF,
                0xFF,
                0xFF,
                0xFF,
                0x0F, // 2^32-1 params
                0x00,
                0x00,
            })),
            "offset 0xc: length out of bounds");
}

TEST(LoaderHostile, RandomBytesNeverCrash) {
  std::mt19937 rng(1234); // NOLINT(cert-msc51-cpp): reproducible on purpose
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 3000; ++round) {
    auto bytes = withPreamble({});
    const int length = byte(rng) % 64;
    for (int i = 0; i < length; ++i) {
      bytes.push_back(static_cast<uint8_t>(byte(rng)));
    }
    (void)loader::loadModule(bytes);
  }
}

TEST(LoaderHostile, MutatedModulesNeverCrash) {
  const auto original = richModule();
  std::mt19937 rng(42); // NOLINT(cert-msc51-cpp): reproducible on purpose
  std::uniform_int_distribution<size_t> position(8, original.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 5000; ++round) {
    auto bytes = original;
    for (int k = 0; k < 1 + round % 3; ++k) {
      bytes[position(rng)] = static_cast<uint8_t>(byte(rng));
    }
    auto module = loader::loadModule(bytes);
    if (!module) {
      EXPECT_NE(module.error().message.find("offset 0x"), std::string::npos);
    }
  }
}

} // namespace
} // namespace runw::engine
