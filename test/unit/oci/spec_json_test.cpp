// SPDX-License-Identifier: Apache-2.0
// config.json model: parsing, errors that name the JSON path, round trips.
#include "oci/json.h"

#include <gtest/gtest.h>

namespace runw::oci {
namespace {

TEST(SpecJson, ParsesMinimal) {
  auto spec = parseSpec(
      R"({"ociVersion":"1.2.0","process":{"user":{"uid":0,"gid":0},"cwd":"/","args":["sh"]}})");
  ASSERT_TRUE(spec.has_value()) << spec.error().describe();
  EXPECT_EQ(spec->ociVersion, "1.2.0");
  ASSERT_TRUE(spec->process->args.has_value());
  EXPECT_EQ((*spec->process->args)[0], "sh");
}

TEST(SpecJson, NamesPathOfWrongType) {
  auto spec = parseSpec(
      R"({"ociVersion":"1.2.0","process":{"user":{"uid":0,"gid":0},"cwd":"/","args":[1]}})");
  ASSERT_FALSE(spec.has_value());
  EXPECT_EQ(spec.error().describe(), "process.args[0]: expected string, got number");
}

} // namespace
} // namespace runw::oci
