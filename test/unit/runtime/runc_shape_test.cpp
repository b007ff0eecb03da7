// SPDX-License-Identifier: Apache-2.0
// `runw spec` against the host's `runc spec`: the same JSON shape, member by member.
#include "run_program.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace runw::runtime {
namespace {

using Json = nlohmann::ordered_json;
using testing::readFile;
using testing::TempDir;

std::string typeName(const Json &value) {
  // Go writes every number the same way; signedness is nlohmann's detail.
  return value.is_number() ? "number" : value.type_name();
}

// Compares keys (in order) and value types at every level, not values: ociVersion and
// hostname legitimately differ. Every difference is recorded with its JSON path.
void compareShape(const Json &runc, const Json &runw, const std::string &path,
                  std::vector<std::string> &differences) {
  if (typeName(runc) != typeName(runw)) {
    differences.push_back(path + ": runc has " + typeName(runc) + ", runw has " + typeName(runw));
    return;
  }
  if (runc.is_object()) {
    std::vector<std::string> runcKeys;
    std::vector<std::string> runwKeys;
    for (const auto &[key, value] : runc.items()) {
      runcKeys.push_back(key);
    }
    for (const auto &[key, value] : runw.items()) {
      runwKeys.push_back(key);
    }
    if (runcKeys != runwKeys) {
      differences.push_back(path + ": runc keys " + Json(runcKeys).dump() + ", runw keys " +
                            Json(runwKeys).dump());
      return;
    }
    for (const auto &key : runcKeys) {
      compareShape(runc.at(key), runw.at(key), path + "." + key, differences);
    }
  } else if (runc.is_array()) {
    if (runc.size() != runw.size()) {
      differences.push_back(path + ": runc has " + std::to_string(runc.size()) +
                            " elements, runw " + std::to_string(runw.size()));
      return;
    }
    for (size_t i = 0; i < runc.size(); ++i) {
      compareShape(runc[i], runw[i], path + "[" + std::to_string(i) + "]", differences);
    }
  }
}

Json generate(const std::string &program, const std::vector<std::string> &args,
              const TempDir &dir) {
  const auto result = testing::runProgram(program, args, dir.path());
  EXPECT_EQ(result.exitCode, 0) << program << ": " << result.err;
  const Json json = Json::parse(readFile(dir.path() / "config.json"), nullptr, false);
  EXPECT_TRUE(json.is_object()) << program << " wrote no JSON object";
  return json;
}

void expectSameShape(const std::vector<std::string> &args) {
  // runw mirrors runc, so runc must be here to compare with: a missing runc is a failure.
  const auto runc = testing::findInPath("runc");
  ASSERT_TRUE(runc.has_value())
      << "runc is needed for this test (Debian: apt-get install runc); it was not found in "
         "$PATH or the sbin directories";
  TempDir runcDir;
  TempDir runwDir;
  Json fromRunc = generate(*runc, args, runcDir);
  const Json fromRunw = generate(testing::runwPath(), args, runwDir);
  // runc before 1.2 also listed the three capabilities as ambient; runc commit 0de195333
  // ("runc spec, libct/int: do not add ambient capabilities") removed that, and runw
  // follows current runc.
  if (fromRunc.contains("process")) {
    fromRunc["process"]["capabilities"].erase("ambient");
  }
  std::vector<std::string> differences;
  compareShape(fromRunc, fromRunw, "$", differences);
  EXPECT_TRUE(differences.empty()) << "runc: " << *runc << "\n" << Json(differences).dump(2);
  EXPECT_NE(fromRunc.at("ociVersion"), nullptr);
  EXPECT_EQ(fromRunw.at("hostname"), "runw");
}

TEST(RuncShape, SpecMatchesRunc) { expectSameShape({"spec"}); }

TEST(RuncShape, RootlessSpecMatchesRunc) { expectSameShape({"spec", "--rootless"}); }

TEST(RuncShape, IndentationMatchesRunc) {
  const auto runc = testing::findInPath("runc");
  ASSERT_TRUE(runc.has_value()) << "runc is needed for this test (Debian: apt-get install runc)";
  TempDir runcDir;
  TempDir runwDir;
  ASSERT_EQ(testing::runProgram(*runc, {"spec"}, runcDir.path()).exitCode, 0);
  ASSERT_EQ(testing::runw({"spec"}, runwDir.path()).exitCode, 0);
  const std::string runcText = readFile(runcDir.path() / "config.json");
  const std::string runwText = readFile(runwDir.path() / "config.json");
  // Same layout: a tab per level, ": " after keys, no newline after the closing brace.
  EXPECT_EQ(runcText.substr(0, 3), runwText.substr(0, 3));
  EXPECT_EQ(runcText.back(), runwText.back());
  EXPECT_NE(runwText.find("\n\t\t\"terminal\": true,\n"), std::string::npos);
  EXPECT_NE(runcText.find("\n\t\t\"terminal\": true,\n"), std::string::npos);
}

} // namespace
} // namespace runw::runtime
