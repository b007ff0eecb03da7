// SPDX-License-Identifier: Apache-2.0
// Loader against the spec testsuite's binary modules: every `(module binary ...)` in the core
// .wast files must load, and every `(assert_malformed (module binary ...) "text")` must fail
// with a message whose text starts with "text" (prefix match, as the reference runner does).
#include "loader/loader.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace runw::engine {
namespace {

// A parsed S-expression: an atom, a string literal (raw bytes) or a list.
struct Sexp {
  enum class Kind : uint8_t { Atom, String, List };
  Kind kind = Kind::Atom;
  std::string text;
  std::vector<Sexp> items;
  int line = 0;
};

class WastParser {
public:
  explicit WastParser(std::string text) : text_(std::move(text)) {}

  // All top-level forms; stops at the first syntax problem.
  std::vector<Sexp> parseAll() {
    std::vector<Sexp> out;
    skipBlank();
    while (pos_ < text_.size() && text_[pos_] == '(') {
      out.push_back(parse());
      skipBlank();
    }
    return out;
  }

private:
  void skipBlank() {
    while (pos_ < text_.size()) {
      if (text_.compare(pos_, 2, ";;") == 0) {
        pos_ = text_.find('\n', pos_);
        pos_ = pos_ == std::string::npos ? text_.size() : pos_;
      } else if (text_.compare(pos_, 2, "(;") == 0) {
        skipBlockComment();
      } else if (std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) {
        line_ += text_[pos_] == '\n' ? 1 : 0;
        ++pos_;
      } else {
        return;
      }
    }
  }

  void skipBlockComment() {
    int depth = 0;
    do {
      if (text_.compare(pos_, 2, "(;") == 0) {
        ++depth;
        pos_ += 2;
      } else if (text_.compare(pos_, 2, ";)") == 0) {
        --depth;
        pos_ += 2;
      } else {
        line_ += text_[pos_] == '\n' ? 1 : 0;
        ++pos_;
      }
    } while (depth > 0 && pos_ < text_.size());
  }

  Sexp parse() {
    Sexp node;
    node.line = line_;
    if (text_[pos_] == '(') {
      node.kind = Sexp::Kind::List;
      ++pos_;
      skipBlank();
      while (pos_ < text_.size() && text_[pos_] != ')') {
        node.items.push_back(parse());
        skipBlank();
      }
      ++pos_;
    } else if (text_[pos_] == '"') {
      node.kind = Sexp::Kind::String;
      node.text = parseString();
    } else {
      const size_t start = pos_;
      while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) == 0 &&
             text_[pos_] != '(' && text_[pos_] != ')' && text_[pos_] != '"') {
        ++pos_;
      }
      node.text = text_.substr(start, pos_ - start);
    }
    return node;
  }

  std::string parseString() {
    std::string out;
    ++pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] != '\\') {
        out += text_[pos_++];
        continue;
      }
      const char c = text_[pos_ + 1];
      pos_ += 2;
      if (std::isxdigit(static_cast<unsigned char>(c)) != 0) {
        out += static_cast<char>(std::stoi(text_.substr(pos_ - 1, 2), nullptr, 16));
        ++pos_;
      } else {
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c; // \\ \' \"
      }
    }
    ++pos_;
    return out;
  }

  std::string text_;
  size_t pos_ = 0;
  int line_ = 1;
};

// The bytes of `(module [$id] binary "..."*)`, or nullopt for any other form.
std::optional<std::vector<uint8_t>> binaryModule(const Sexp &form) {
  if (form.kind != Sexp::Kind::List || form.items.empty() || form.items[0].text != "module") {
    return std::nullopt;
  }
  size_t i = 1;
  if (i < form.items.size() && form.items[i].kind == Sexp::Kind::Atom &&
      form.items[i].text.starts_with('$')) {
    ++i;
  }
  if (i >= form.items.size() || form.items[i].text != "binary") {
    return std::nullopt;
  }
  std::vector<uint8_t> bytes;
  for (++i; i < form.items.size(); ++i) {
    bytes.insert(bytes.end(), form.items[i].text.begin(), form.items[i].text.end());
  }
  return bytes;
}

struct Tally {
  int loaded = 0;
  int malformed = 0;
  int deferred = 0; // malformed inside a function body: the validator decodes bodies
};

void checkMalformed(const std::string &where, const std::vector<uint8_t> &bytes,
                    const std::string &expected, Tally &tally) {
  auto module = loader::loadModule(bytes);
  if (module) {
    EXPECT_FALSE(module->bodies.empty()) << where << ": loaded, expected " << expected;
    ++tally.deferred;
    return;
  }
  const std::string &message = module.error().message;
  const size_t colon = message.find(": ");
  ASSERT_NE(colon, std::string::npos) << where << ": " << message;
  EXPECT_TRUE(message.compare(colon + 2, expected.size(), expected) == 0)
      << where << ": expected \"" << expected << "\", got \"" << message << "\"";
  ++tally.malformed;
}

void checkForm(const std::string &file, const Sexp &form, Tally &tally) {
  const std::string where = file + ":" + std::to_string(form.line);
  if (auto bytes = binaryModule(form)) {
    auto module = loader::loadModule(*bytes);
    EXPECT_TRUE(module) << where << ": " << module.error().message;
    ++tally.loaded;
    return;
  }
  if (form.items.size() < 3 || form.items[1].kind != Sexp::Kind::List) {
    return;
  }
  const std::string &head = form.items[0].text;
  auto bytes = binaryModule(form.items[1]);
  if (!bytes) {
    return;
  }
  if (head == "assert_malformed") {
    checkMalformed(where, *bytes, form.items[2].text, tally);
  } else if (head == "assert_invalid" || head == "assert_unlinkable" ||
             head == "assert_uninstantiable" || head == "assert_trap") {
    auto module = loader::loadModule(*bytes);
    EXPECT_TRUE(module) << where << ": " << module.error().message;
    ++tally.loaded;
  }
}

TEST(LoaderSpec, BinaryModulesOfTheCoreTestsuite) {
  const std::filesystem::path dir = std::filesystem::path(RUNW_SHARED_DIR) / "testsuite/core";
  if (!std::filesystem::is_directory(dir)) {
    GTEST_SKIP() << "no testsuite at " << dir;
  }
  Tally tally;
  for (const auto &entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".wast") {
      continue;
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    for (const Sexp &form : WastParser(text.str()).parseAll()) {
      checkForm(entry.path().filename().string(), form, tally);
    }
  }
  // binary.wast, binary-leb128.wast, custom.wast and the utf8-*.wast files hold hundreds.
  EXPECT_GT(tally.malformed, 600);
  EXPECT_GT(tally.loaded, 50);
  EXPECT_LT(tally.deferred, 50);
  RecordProperty("loaded", tally.loaded);
  RecordProperty("malformed", tally.malformed);
  RecordProperty("deferred", tally.deferred);
}

} // namespace
} // namespace runw::engine
