// SPDX-License-Identifier: Apache-2.0
// Log lines: JSON escaping that always yields valid JSON, Go-style quoting, logrus shapes.
#include "cli/log.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace runw::runtime::cli {
namespace {

// Parses "\"" + escaped + "\"" and returns the decoded string, or fails the test.
std::string decodeJsonString(const std::string &escaped) {
  const auto json = nlohmann::json::parse("\"" + escaped + "\"", nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << escaped;
  return json.is_string() ? json.get<std::string>() : std::string();
}

TEST(EscapeJsonString, PlainTextIsUnchanged) {
  EXPECT_EQ(escapeJsonString("container does not exist"), "container does not exist");
  EXPECT_EQ(escapeJsonString(""), "");
}

TEST(EscapeJsonString, QuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(escapeJsonString("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(escapeJsonString("l1\nl2\r\t"), "l1\\nl2\\r\\t");
  EXPECT_EQ(escapeJsonString(std::string("\x01\x1f\0", 3)), "\\u0001\\u001f\\u0000");
  EXPECT_EQ(escapeJsonString("\x7f"), "\x7f"); // DEL is allowed in JSON strings
}

TEST(EscapeJsonString, ValidUtf8PassesAndLineSeparatorsAreEscaped) {
  EXPECT_EQ(escapeJsonString("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(escapeJsonString("a\xe2\x80\xa8z\xe2\x80\xa9"), "a\\u2028z\\u2029");
}

TEST(EscapeJsonString, InvalidUtf8BecomesReplacementCharacter) {
  // A lone continuation byte, a truncated sequence, an overlong '/', a UTF-16 surrogate, a
  // code point above U+10FFFF and bytes that never occur in UTF-8.
  EXPECT_EQ(escapeJsonString("\x80"), "\\ufffd");
  EXPECT_EQ(escapeJsonString("a\xe2\x82"), "a\\ufffd\\ufffd");
  EXPECT_EQ(escapeJsonString("\xc0\xaf"), "\\ufffd\\ufffd");
  EXPECT_EQ(escapeJsonString("\xed\xa0\x80"), "\\ufffd\\ufffd\\ufffd");
  EXPECT_EQ(escapeJsonString("\xf4\x90\x80\x80"), "\\ufffd\\ufffd\\ufffd\\ufffd");
  EXPECT_EQ(escapeJsonString("\xfe\xff"), "\\ufffd\\ufffd");
}

TEST(EscapeJsonString, EveryByteValueGivesValidJson) {
  std::string all;
  for (int byte = 0; byte < 256; ++byte) {
    all += static_cast<char>(byte);
  }
  const std::string decoded = decodeJsonString(escapeJsonString(all));
  EXPECT_EQ(decoded.substr(0, 128), all.substr(0, 128)); // ASCII round-trips exactly
  // Random bytes: whatever they are, the result must parse.
  std::srand(7);
  for (int round = 0; round < 200; ++round) {
    std::string noise;
    for (int i = 0; i < 16; ++i) {
      noise += static_cast<char>(std::rand() % 256);
    }
    (void)decodeJsonString(escapeJsonString(noise));
  }
}

TEST(QuoteGoString, MatchesStrconvQuote) {
  EXPECT_EQ(quoteGoString("File config.json exists. Remove it first"),
            "\"File config.json exists. Remove it first\"");
  EXPECT_EQ(quoteGoString("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
  EXPECT_EQ(quoteGoString("a\nb\tc\a\x01\x7f"), "\"a\\nb\\tc\\a\\x01\\x7f\"");
  EXPECT_EQ(quoteGoString("caf\xc3\xa9\xff"), "\"caf\xc3\xa9\\xff\"");
  EXPECT_EQ(quoteGoString("\xc2\x85"), "\"\\u0085\"");
}

TEST(FormatRfc3339Nano, PadsNanosecondsAndUsesUtc) {
  EXPECT_EQ(formatRfc3339Nano(timespec{0, 0}), "1970-01-01T00:00:00.000000000Z");
  EXPECT_EQ(formatRfc3339Nano(timespec{1777629600, 123456789}), "2026-05-01T10:00:00.123456789Z");
  EXPECT_EQ(formatRfc3339Nano(timespec{1777629600, 5}), "2026-05-01T10:00:00.000000005Z");
}

TEST(FormatLogLine, JsonLineIsLogrusShaped) {
  const std::string line =
      formatLogLine(LogFormat::Json, LogLevel::Error, "bad \"id\"\n", timespec{1777629600, 1});
  EXPECT_EQ(line, "{\"level\":\"error\",\"msg\":\"bad \\\"id\\\"\\n\","
                  "\"time\":\"2026-05-01T10:00:00.000000001Z\"}\n");
  const auto json = nlohmann::json::parse(line);
  EXPECT_EQ(json.at("level"), "error");
  EXPECT_EQ(json.at("msg"), "bad \"id\"\n");
}

TEST(FormatLogLine, TextLineIsLogrusShaped) {
  EXPECT_EQ(
      formatLogLine(LogFormat::Text, LogLevel::Warning, "container not running",
                    timespec{1777629600, 0}),
      "time=\"2026-05-01T10:00:00.000000000Z\" level=warning msg=\"container not running\"\n");
  // logrus leaves simple values unquoted.
  EXPECT_EQ(formatLogLine(LogFormat::Text, LogLevel::Debug, "ok", timespec{0, 0}),
            "time=\"1970-01-01T00:00:00.000000000Z\" level=debug msg=ok\n");
}

TEST(Logger, FileSinkAppendsJsonLinesAndDropsDisabledLevels) {
  char path[] = "/tmp/runw-log-test-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  {
    Logger log;
    ASSERT_TRUE(log.toStderr());
    ASSERT_TRUE(log.openFile(path).has_value());
    EXPECT_FALSE(log.toStderr());
    log.setFormat(LogFormat::Json);
    log.debug("hidden at info level");
    log.log(LogLevel::Info, "first");
    log.setLevel(LogLevel::Debug);
    log.debug("second");
  }
  std::string text;
  {
    FILE *file = std::fopen(path, "r");
    ASSERT_NE(file, nullptr);
    char buffer[4096];
    const size_t n = std::fread(buffer, 1, sizeof buffer, file);
    std::fclose(file);
    text.assign(buffer, n);
  }
  ::unlink(path);
  const auto newline = text.find('\n');
  ASSERT_NE(newline, std::string::npos) << text;
  const auto first = nlohmann::json::parse(text.substr(0, newline));
  const auto second = nlohmann::json::parse(text.substr(newline + 1));
  EXPECT_EQ(first.at("msg"), "first");
  EXPECT_EQ(first.at("level"), "info");
  EXPECT_EQ(second.at("msg"), "second");
  EXPECT_EQ(second.at("level"), "debug");
}

TEST(Logger, OpenFileErrorNamesThePath) {
  Logger log;
  auto opened = log.openFile("/nonexistent-dir/log.json");
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().describe(),
            "open log file /nonexistent-dir/log.json: No such file or directory");
  EXPECT_TRUE(log.toStderr());
}

} // namespace
} // namespace runw::runtime::cli
