// SPDX-License-Identifier: Apache-2.0
// Traps say where they happened: the innermost wasm function, by its name-section name when
// the module has one, by index otherwise; the message itself stays the spec's trap text.
#include "module_bytes.h"

#include "engine/engine.h"

#include <gtest/gtest.h>

namespace runw::engine {
namespace {

using testing::body;
using testing::Bytes;
using testing::join;
using testing::section;
using testing::wasmModule;

// Two functions: 0 "outer" calls 1, which executes unreachable. withNames adds a name
// section that names function 1 "inner_fn".
Bytes trappingModule(bool withNames) {
  Bytes names = section(0x00, {0x04, 'n', 'a', 'm', 'e', // custom "name"
                               0x01, 0x0B,               //   function names, 11 bytes
                               0x01,                     //   1 entry
                               0x01, 0x08, 'i', 'n', 'n', 'e', 'r', '_', 'f', 'n'}); // 1 "inner_fn"
  return join({wasmModule({
                   section(0x01, {0x01, 0x60, 0x00, 0x00}), // types: () -> ()
                   section(0x03, {0x02, 0x00, 0x00}),       // functions: 2 of type 0
                   section(0x07, {0x01, 0x05, 'o', 'u', 't', 'e', 'r', 0x00, 0x00}), // "outer"
                   section(0x0A, join({{0x02},                         // code: 2 bodies
                                       body({0x00, 0x10, 0x01, 0x0B}), //   0: call 1
                                       body({0x00, 0x00, 0x0B})})),    //   1: unreachable
               }),
               withNames ? names : Bytes{}});
}

Error trapOf(const Bytes &bytes) {
  auto module = load(bytes);
  EXPECT_TRUE(module.has_value()) << module.error().describe();
  auto validated = validate(std::move(*module));
  EXPECT_TRUE(validated.has_value()) << validated.error().describe();
  Store store;
  auto instance = instantiate(store, *validated, Linker{});
  EXPECT_TRUE(instance.has_value()) << instance.error().describe();
  auto result = instance->invoke("outer", {});
  EXPECT_FALSE(result.has_value());
  return result.error();
}

TEST(TrapLocation, NamesTheInnermostFunctionFromTheNameSection) {
  const Error error = trapOf(trappingModule(true));
  EXPECT_EQ(error.code, ErrorCode::Trap);
  EXPECT_EQ(error.message, "unreachable");
  ASSERT_EQ(error.contextFrames.size(), 1U);
  EXPECT_EQ(error.contextFrames[0], "wasm function inner_fn");
  EXPECT_EQ(error.describe(), "wasm function inner_fn: unreachable");
}

TEST(TrapLocation, UsesTheIndexWithoutNames) {
  const Error error = trapOf(trappingModule(false));
  EXPECT_EQ(error.message, "unreachable");
  ASSERT_EQ(error.contextFrames.size(), 1U);
  EXPECT_EQ(error.contextFrames[0], "wasm function #1");
}

} // namespace
} // namespace runw::engine
