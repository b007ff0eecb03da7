// SPDX-License-Identifier: Apache-2.0
// runw's log sink: logrus-shaped text or JSON lines on stderr or in the --log file.
#pragma once

#include "support/result.h"
#include "support/unique_fd.h"

#include <ctime>
#include <string>
#include <string_view>

namespace runw::runtime::cli {

/// Severity of a log line; the names are logrus's, which callers parse.
enum class LogLevel { Debug, Info, Warning, Error, Fatal };

/// Line format selected by --log-format.
enum class LogFormat {
  Text, ///< logrus TextFormatter: time="..." level=error msg="..."
  Json, ///< logrus JSONFormatter: {"level":"error","msg":"...","time":"..."}
};

/// logrus's name of a level ("warning", not "warn").
std::string_view levelName(LogLevel level);

/// Escapes text for the inside of a JSON string (RFC 8259 section 7). Invalid UTF-8 becomes
/// U+FFFD, as Go's encoding/json does, so a log line always parses; containerd aborts
/// reading log.json at the first malformed value.
std::string escapeJsonString(std::string_view text);

/// Quotes text the way Go's strconv.Quote does, for logrus text-format values.
std::string quoteGoString(std::string_view text);

/// RFC 3339 UTC timestamp with nanoseconds: 2026-05-01T10:00:00.123456789Z.
std::string formatRfc3339Nano(const timespec &when);

/// One complete log line, newline included.
std::string formatLogLine(LogFormat format, LogLevel level, std::string_view message,
                          const timespec &when);

/// Writes all of text to fd, retrying on EINTR and short writes.
Result<void> writeAll(int fd, std::string_view text);

/// Where and how runw logs. Starts as text on stderr at info level, like runc before its
/// global options are applied.
class Logger {
public:
  /// Sends lines to path, opened O_CREAT|O_WRONLY|O_APPEND (mode 0644) as runc does; one
  /// write(2) per line keeps concurrent writers' lines whole.
  Result<void> openFile(const std::string &path);
  /// Selects the line format.
  void setFormat(LogFormat format) { format_ = format; }
  /// Lines below level are dropped.
  void setLevel(LogLevel level) { level_ = level; }
  /// True while lines go to stderr.
  [[nodiscard]] bool toStderr() const { return !file_; }
  /// Writes one line at level, if the level is enabled.
  void log(LogLevel level, std::string_view message);
  /// Shorthand for log(LogLevel::Debug, message).
  void debug(std::string_view message) { log(LogLevel::Debug, message); }
  /// runc's fatal(): logs message at error level, and when the log is a file also prints
  /// the bare message on stderr so a human (and conmon) sees it.
  void reportError(std::string_view message);

private:
  UniqueFd file_;
  LogFormat format_ = LogFormat::Text;
  LogLevel level_ = LogLevel::Info;
};

} // namespace runw::runtime::cli
