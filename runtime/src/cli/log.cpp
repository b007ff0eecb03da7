// SPDX-License-Identifier: Apache-2.0
// Logger and the logrus line formats; escaping is done here so no JSON library is needed.
#include "log.h"

#include "support/strings.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

namespace runw::runtime::cli {
namespace {

// Length of the well-formed UTF-8 sequence starting at text[pos] (Unicode 15, table 3-7:
// no overlong forms, no surrogates, nothing above U+10FFFF), or 0 when it is ill-formed.
size_t utf8SequenceLength(std::string_view text, size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) {
    return 1;
  }
  size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : low;
    high = lead == 0xED ? 0x9F : high;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : low;
    high = lead == 0xF4 ? 0x8F : high;
  } else {
    return 0;
  }
  if (pos + length > text.size()) {
    return 0;
  }
  for (size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[pos + i]);
    if (byte < (i == 1 ? low : 0x80) || byte > (i == 1 ? high : 0xBF)) {
      return 0;
    }
  }
  return length;
}

// logrus's TextFormatter quotes a value unless it is made of these characters only.
bool needsQuoting(std::string_view text) {
  for (const char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       std::string_view("-._/@^+").find(c) != std::string_view::npos;
    if (!plain) {
      return true;
    }
  }
  return false;
}

std::string textValue(std::string_view text) {
  return needsQuoting(text) ? quoteGoString(text) : std::string(text);
}

} // namespace

std::string_view levelName(LogLevel level) {
  switch (level) {
  case LogLevel::Debug:
    return "debug";
  case LogLevel::Info:
    return "info";
  case LogLevel::Warning:
    return "warning";
  case LogLevel::Error:
    return "error";
  case LogLevel::Fatal:
    return "fatal";
  }
  return "error";
}

std::string escapeJsonString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t length = utf8SequenceLength(text, pos);
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (length == 0) {
      out += "\\ufffd";
      ++pos;
      continue;
    }
    const std::string_view sequence = text.substr(pos, length);
    pos += length;
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += static_cast<char>(byte);
    } else if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte == '\t') {
      out += "\\t";
    } else if (byte < 0x20) {
      out += strprintf("\\u{:04x}", byte);
    } else if (sequence == "\u2028" || sequence == "\u2029") {
      // Valid JSON, but JavaScript parsers before ES2019 reject them; Go escapes them too.
      out += sequence == "\u2028" ? "\\u2028" : "\\u2029";
    } else {
      out += sequence;
    }
  }
  return out;
}

std::string quoteGoString(std::string_view text) {
  static constexpr std::array<std::pair<char, char>, 9> kNamed{{{'\a', 'a'},
                                                                {'\b', 'b'},
                                                                {'\f', 'f'},
                                                                {'\n', 'n'},
                                                                {'\r', 'r'},
                                                                {'\t', 't'},
                                                                {'\v', 'v'},
                                                                {'"', '"'},
                                                                {'\\', '\\'}}};
  std::string out = "\"";
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t length = utf8SequenceLength(text, pos);
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (length > 1) {
      // C1 controls (U+0080..U+009F) are not printable; Go writes them as \u00XX.
      const auto second = static_cast<unsigned char>(text[pos + 1]);
      out += byte == 0xC2 && second < 0xA0 ? strprintf("\\u{:04x}", second)
                                           : std::string(text.substr(pos, length));
      pos += length;
      continue;
    }
    ++pos;
    const auto named = std::find_if(kNamed.begin(), kNamed.end(), [&](const auto &entry) {
      return static_cast<unsigned char>(entry.first) == byte;
    });
    if (named != kNamed.end()) {
      out += '\\';
      out += named->second;
    } else if (length == 0 || byte < 0x20 || byte == 0x7F) {
      out += strprintf("\\x{:02x}", byte);
    } else {
      out += static_cast<char>(byte);
    }
  }
  out += '"';
  return out;
}

std::string formatRfc3339Nano(const timespec &when) {
  tm utc{};
  const time_t seconds = when.tv_sec;
  gmtime_r(&seconds, &utc);
  std::array<char, 32> date{};
  const size_t length = std::strftime(date.data(), date.size(), "%Y-%m-%dT%H:%M:%S", &utc);
  return strprintf("{}.{:09}Z", std::string_view(date.data(), length), when.tv_nsec);
}

std::string formatLogLine(LogFormat format, LogLevel level, std::string_view message,
                          const timespec &when) {
  const std::string time = formatRfc3339Nano(when);
  if (format == LogFormat::Json) {
    // logrus's JSONFormatter sorts the keys: level, msg, time.
    return strprintf("{{\"level\":\"{}\",\"msg\":\"{}\",\"time\":\"{}\"}}\n", levelName(level),
                     escapeJsonString(message), time);
  }
  return strprintf("time={} level={} msg={}\n", quoteGoString(time), levelName(level),
                   textValue(message));
}

Result<void> writeAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return failErrno("write");
    }
    text.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

Result<void> Logger::openFile(const std::string &path) {
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return failErrno(strprintf("open log file {}", path));
  }
  file_.reset(fd);
  return {};
}

void Logger::log(LogLevel level, std::string_view message) {
  if (level < level_) {
    return;
  }
  timespec now{};
  (void)::clock_gettime(CLOCK_REALTIME, &now);
  const std::string line = formatLogLine(format_, level, message, now);
  // A log write that fails has nowhere better to be reported; the exit code still is.
  (void)writeAll(file_ ? file_.get() : STDERR_FILENO, line);
}

void Logger::reportError(std::string_view message) {
  log(LogLevel::Error, message);
  if (!toStderr()) {
    (void)writeAll(STDERR_FILENO, strprintf("{}\n", message));
  }
}

} // namespace runw::runtime::cli
