// SPDX-License-Identifier: Apache-2.0
// `runw state|list|ps`: read-only views of containers, in runc's output formats.
#include "commands.h"
#include "runtime_options.h"

#include "oci/state.h"
#include "runtime/container.h"
#include "support/strings.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace runw::runtime::cli {
namespace {

Result<int> printText(std::string_view text) {
  TRY(writeAll(STDOUT_FILENO, text).context("stdout"));
  return 0;
}

std::string memberText(const oci::State &state, std::string_view key) {
  for (const auto &[name, json] : state.extensions.members) {
    if (name == key && json.size() >= 2 && json.front() == '"') {
      return json.substr(1, json.size() - 2);
    }
  }
  return "";
}

// The user name of `uid` from /etc/passwd, as runc's list looks it up. Read directly rather
// than with getpwuid: runw is a static binary, where NSS lookups would need shared libraries.
std::optional<std::string> passwdName(uid_t uid) {
  std::ifstream passwd("/etc/passwd");
  std::string line;
  while (std::getline(passwd, line)) {
    // name:password:uid:gid:gecos:home:shell
    const std::size_t nameEnd = line.find(':');
    const std::size_t uidStart =
        nameEnd == std::string::npos ? nameEnd : line.find(':', nameEnd + 1);
    if (uidStart == std::string::npos) {
      continue;
    }
    const std::size_t uidEnd = line.find(':', uidStart + 1);
    if (line.substr(uidStart + 1, uidEnd - uidStart - 1) == std::to_string(uid)) {
      return line.substr(0, nameEnd);
    }
  }
  return std::nullopt;
}

std::string ownerName() {
  const uid_t uid = ::geteuid();
  return passwdName(uid).value_or(strprintf("#{}", uid));
}

// Columns as runc's text/tabwriter lays them out (minimum width 12, padding 3): each as wide as
// its widest cell, so a long bundle path or id never runs into the next column.
std::string listTable(const std::vector<oci::State> &states) {
  using Row = std::array<std::string, 6>;
  const std::string owner = ownerName();
  std::vector<Row> rows{{"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"}};
  for (const oci::State &state : states) {
    rows.push_back({state.id, std::to_string(state.pid.value_or(0)),
                    std::string(oci::containerStatusName(state.status)), state.bundle,
                    memberText(state, "created"), owner});
  }
  constexpr std::size_t kMinWidth = 12;
  constexpr std::size_t kPadding = 3;
  std::array<std::size_t, 6> width{};
  for (const Row &row : rows) {
    for (std::size_t column = 0; column < row.size(); ++column) {
      width[column] = std::max({width[column], kMinWidth, row[column].size() + kPadding});
    }
  }
  std::string out;
  for (const Row &row : rows) {
    for (std::size_t column = 0; column + 1 < row.size(); ++column) {
      out += row[column];
      out.append(width[column] - row[column].size(), ' ');
    }
    out += row.back();
    out += '\n';
  }
  return out;
}

// runc's list names the owner (its state prints ""), in both formats.
Result<std::string> listJson(const std::vector<oci::State> &states) {
  std::vector<std::string> items;
  const std::string owner = strprintf("\"{}\"", ownerName());
  for (oci::State state : states) {
    for (auto &[name, json] : state.extensions.members) {
      if (name == "owner") {
        json = owner;
      }
    }
    items.push_back(oci::serialize(state));
  }
  return strprintf("[{}]\n", join(items, ","));
}

std::vector<std::string_view> fieldsOf(std::string_view line) {
  std::vector<std::string_view> fields;
  for (const std::string_view part : split(line, ' ')) {
    if (!part.empty()) {
      fields.push_back(part);
    }
  }
  return fields;
}

size_t columnOf(std::string_view header, std::string_view name) {
  const std::vector<std::string_view> fields = fieldsOf(header);
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == name) {
      return i;
    }
  }
  return fields.size();
}

Result<void> checkFormat(const std::string &format) {
  if (format != "table" && format != "json") {
    return fail(ErrorCode::Invalid, strprintf("invalid format option: {}", format));
  }
  return {};
}

// runc's ps: the host's `ps` output, keeping the header and the lines of the container's pids.
Result<std::string> runPs(const std::vector<std::string> &psArgs) {
  std::array<int, 2> pipeFds{};
  if (::pipe2(pipeFds.data(), O_CLOEXEC) != 0) {
    return failErrno("pipe");
  }
  UniqueFd readEnd(pipeFds[0]);
  UniqueFd writeEnd(pipeFds[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), STDOUT_FILENO);
  std::vector<std::string> argv{"ps"};
  argv.insert(argv.end(), psArgs.begin(), psArgs.end());
  std::vector<char *> cArgs;
  for (std::string &arg : argv) {
    cArgs.push_back(arg.data());
  }
  cArgs.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, "ps", &actions, nullptr, cArgs.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return failErrno("running ps", rc);
  }
  writeEnd.reset();
  std::string out;
  std::array<char, 4096> buffer{};
  ssize_t n = 0;
  while ((n = ::read(readEnd.get(), buffer.data(), buffer.size())) > 0) {
    out.append(buffer.data(), static_cast<size_t>(n));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return fail(ErrorCode::Io, "ps failed");
  }
  return out;
}

std::string filterPsTable(std::string_view table, const std::set<pid_t> &pids) {
  const std::vector<std::string_view> lines = split(table, '\n');
  if (lines.empty()) {
    return "";
  }
  const size_t pidColumn = columnOf(lines.front(), "PID");
  std::string out = std::string(lines.front()) + "\n";
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string_view> fields = fieldsOf(lines[i]);
    if (pidColumn < fields.size() &&
        pids.contains(std::atoi(std::string(fields[pidColumn]).c_str()))) {
      out += std::string(lines[i]) + "\n";
    }
  }
  return out;
}

} // namespace

Result<int> cmdState(CommandContext &context) {
  const oci::State state =
      TRY(containerState(runtimeOptions(context), context.args.positionals.front()));
  return printText(oci::serialize(state, oci::SerializeOptions{2, ' '}) + "\n");
}

Result<int> cmdList(CommandContext &context) {
  const std::string format = context.args.flags.value("format").value_or("table");
  TRY(checkFormat(format));
  const std::vector<oci::State> states = TRY(listContainers(runtimeOptions(context)));
  if (context.args.flags.isSet("quiet")) {
    std::string out;
    for (const oci::State &state : states) {
      out += state.id + "\n";
    }
    return printText(out);
  }
  return printText(format == "json" ? TRY(listJson(states)) : listTable(states));
}

Result<int> cmdPs(CommandContext &context) {
  const std::string format = context.args.flags.value("format").value_or("table");
  TRY(checkFormat(format));
  const std::vector<pid_t> pids =
      TRY(containerPids(runtimeOptions(context), context.args.positionals.front()));
  if (format == "json") {
    return printText(fmt::format("[{}]\n", fmt::join(pids, ",")));
  }
  std::vector<std::string> psArgs(context.args.positionals.begin() + 1,
                                  context.args.positionals.end());
  if (psArgs.empty()) {
    psArgs.emplace_back("-ef");
  }
  const std::string table = TRY(runPs(psArgs));
  return printText(filterPsTable(table, std::set<pid_t>(pids.begin(), pids.end())));
}

} // namespace runw::runtime::cli
