// SPDX-License-Identifier: Apache-2.0
// /proc/<pid>/stat reading (proc(5) "/proc/pid/stat").
#include "state/proc_stat.h"

#include "support/strings.h"
#include "support/unique_fd.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace runw::runtime::state {
namespace {

// Fields after the closing ')' start at field 3; field N is at index N - 3.
constexpr size_t kStateIndex = 0;
constexpr size_t kPpidIndex = 1;
constexpr size_t kStartTimeIndex = 19;

template <class T> bool parseNumber(std::string_view text, T &out) {
  if (text.empty()) {
    return false;
  }
  const char *end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

std::vector<std::string_view> splitFields(std::string_view text) {
  std::vector<std::string_view> fields;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n')) {
      ++pos;
    }
    const size_t start = pos;
    while (pos < text.size() && text[pos] != ' ' && text[pos] != '\n') {
      ++pos;
    }
    if (pos > start) {
      fields.push_back(text.substr(start, pos - start));
    }
  }
  return fields;
}

} // namespace

Result<ProcStat> parseProcStat(std::string_view line) {
  const size_t open = line.find('(');
  const size_t close = line.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return fail(ErrorCode::Invalid, "malformed /proc stat line: no (comm)");
  }
  ProcStat stat;
  std::string_view pidText = line.substr(0, open);
  while (!pidText.empty() && pidText.back() == ' ') {
    pidText.remove_suffix(1);
  }
  if (!parseNumber(pidText, stat.pid)) {
    return fail(ErrorCode::Invalid, "malformed /proc stat line: bad pid");
  }
  stat.comm = std::string(line.substr(open + 1, close - open - 1));
  const std::vector<std::string_view> fields = splitFields(line.substr(close + 1));
  if (fields.size() <= kStartTimeIndex) {
    return fail(ErrorCode::Invalid,
                strprintf("malformed /proc stat line: {} fields after comm", fields.size()));
  }
  if (fields[kStateIndex].size() != 1) {
    return fail(ErrorCode::Invalid, "malformed /proc stat line: bad state");
  }
  stat.state = fields[kStateIndex][0];
  if (!parseNumber(fields[kPpidIndex], stat.ppid) ||
      !parseNumber(fields[kStartTimeIndex], stat.startTime)) {
    return fail(ErrorCode::Invalid, "malformed /proc stat line: bad number");
  }
  return stat;
}

Result<ProcStat> readProcStat(pid_t pid) {
  if (pid <= 0) {
    return fail(ErrorCode::Invalid, strprintf("invalid pid {}", pid));
  }
  const std::string path = strprintf("/proc/{}/stat", pid);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT || errno == ESRCH) {
      return fail(ErrorCode::NotFound, strprintf("process {} does not exist", pid));
    }
    return failErrno("opening " + path);
  }
  // The line is at most a few hundred bytes (comm is capped at 16); 4 KiB is ample.
  std::array<char, 4096> buffer{};
  size_t used = 0;
  while (used < buffer.size()) {
    const ssize_t got = ::read(fd.get(), buffer.data() + used, buffer.size() - used);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      // The process exited between open and read.
      if (errno == ESRCH) {
        return fail(ErrorCode::NotFound, strprintf("process {} does not exist", pid));
      }
      return failErrno("reading " + path);
    }
    if (got == 0) {
      break;
    }
    used += static_cast<size_t>(got);
  }
  return std::move(parseProcStat(std::string_view(buffer.data(), used))).context(path);
}

Result<uint64_t> processStartTime(pid_t pid) {
  const ProcStat stat = TRY(readProcStat(pid));
  return stat.startTime;
}

bool isExitedState(char state) { return state == 'Z' || state == 'X' || state == 'x'; }

} // namespace runw::runtime::state
