// SPDX-License-Identifier: Apache-2.0
// validateContainerId: runc's accepted ids, and hostile ids that would name another path.
#include "state/container_id.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace runw::runtime::state {
namespace {

using namespace std::string_literals;

TEST(StateContainerId, AcceptsRuncIds) {
  const std::vector<std::string> ids = {
      "a",
      "abc-123",
      "A_b.c+d-e",
      "...",
      ".a",
      "a..b",
      "..a",
      "a.",
      "_",
      "+",
      "-",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      std::string(kMaxContainerIdLength, 'x')};
  for (const std::string &id : ids) {
    EXPECT_TRUE(validateContainerId(id)) << id;
  }
}

TEST(StateContainerId, EmptyIdHasRuncMessage) {
  const auto result = validateContainerId("");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::Invalid);
  EXPECT_EQ(result.error().message, "container id cannot be empty");
}

TEST(StateContainerId, RejectsHostileIds) {
  const std::vector<std::string> ids = {
      "../../etc/x",
      "a/b",
      "/abs",
      "abs/",
      ".",
      "..",
      "a b",
      " a",
      "a\tb",
      "a\nb",
      "a\0b"s,
      "\0"s,
      "é",
      "容器",
      "a,b", // ',' slipped through runc's old regex [\w+-\.] range
      "a:b",
      "a*",
      "a\\b",
      "$(id)",
      "a;b",
      std::string(kMaxContainerIdLength + 1, 'x'),
      std::string(1025, 'a')};
  for (const std::string &id : ids) {
    const auto result = validateContainerId(id);
    ASSERT_FALSE(result) << id;
    EXPECT_EQ(result.error().code, ErrorCode::Invalid) << id;
    EXPECT_EQ(result.error().message.rfind("invalid container ID format: ", 0), 0u)
        << result.error().message;
  }
}

TEST(StateContainerId, ErrorEscapesControlBytesAndTruncates) {
  const auto withNul = validateContainerId("a\0b"s);
  ASSERT_FALSE(withNul);
  EXPECT_NE(withNul.error().message.find("\"a\\x00b\""), std::string::npos)
      << withNul.error().message;
  EXPECT_EQ(withNul.error().message.find('\0'), std::string::npos);

  const auto longId = validateContainerId(std::string(1025, 'a'));
  ASSERT_FALSE(longId);
  EXPECT_LT(longId.error().message.size(), 200u);
  EXPECT_NE(longId.error().message.find("1025 bytes"), std::string::npos);
}

} // namespace
} // namespace runw::runtime::state
