// SPDX-License-Identifier: Apache-2.0
// The wast2json driver: posix_spawnp into a private temporary directory, then parse the JSON.
#include "spectest/driver.h"

#include "support/scope_exit.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <spawn.h>
#include <sys/wait.h>
#include <system_error>
#include <utility>

extern char **environ; // NOLINT(readability-redundant-declaration): POSIX leaves it undeclared

namespace runw::spectest {

namespace fs = std::filesystem;

namespace {

Result<std::string> readText(const fs::path &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return failErrno(fmt::format("cannot open {}", file.string()));
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// wast2json's diagnostics, trimmed to what fits in one error message.
std::string tail(std::string text) {
  constexpr size_t kMax = 2000;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text.size() > kMax ? "..." + text.substr(text.size() - kMax) : text;
}

// Runs argv with stdout and stderr sent to logFile; returns the wait status.
Result<int> spawnAndWait(const std::vector<std::string> &args, const fs::path &logFile) {
  posix_spawn_file_actions_t actions;
  if (int rc = posix_spawn_file_actions_init(&actions); rc != 0) {
    return failErrno("posix_spawn_file_actions_init", rc);
  }
  ScopeExit destroyActions([&actions] { posix_spawn_file_actions_destroy(&actions); });
  const std::string log = logFile.string();
  int rc = posix_spawn_file_actions_addopen(&actions, 1, log.c_str(),
                                            O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (rc == 0) {
    rc = posix_spawn_file_actions_adddup2(&actions, 1, 2);
  }
  if (rc != 0) {
    return failErrno("posix_spawn_file_actions", rc);
  }
  std::vector<char *> argv;
  for (const std::string &arg : args) {
    argv.push_back(const_cast<char *>(arg.c_str())); // NOLINT: posix_spawn's historic signature
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  if (rc == ENOENT) {
    return fail(ErrorCode::NotFound,
                fmt::format("{} not found in PATH: install the Debian package '{}' "
                            "(scripts/deps.sh installs it)",
                            args[0], kWast2JsonPackage));
  }
  if (rc != 0) {
    return failErrno(fmt::format("cannot run {}", args[0]), rc);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return failErrno(fmt::format("waitpid for {}", args[0]));
    }
  }
  return status;
}

} // namespace

Result<TempDir> TempDir::create(std::string_view prefix) {
  const char *base = std::getenv("TMPDIR"); // NOLINT(concurrency-mt-unsafe): read-only use
  std::string pattern =
      fmt::format("{}/{}XXXXXX", base != nullptr && *base != '\0' ? base : "/tmp", prefix);
  if (mkdtemp(pattern.data()) == nullptr) {
    return failErrno(fmt::format("mkdtemp {}", pattern));
  }
  return TempDir(fs::path(pattern));
}

TempDir::TempDir(TempDir &&other) noexcept : path_(std::exchange(other.path_, {})) {}

TempDir &TempDir::operator=(TempDir &&other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

TempDir::~TempDir() { remove(); }

void TempDir::remove() noexcept {
  if (!path_.empty()) {
    std::error_code ignored; // best effort: a leftover directory in /tmp is not worth a crash
    fs::remove_all(path_, ignored);
    path_.clear();
  }
}

Result<ConvertedScript> convertWast(const fs::path &wastFile, const std::string &program) {
  std::error_code ec;
  if (!fs::is_regular_file(wastFile, ec)) {
    return fail(ErrorCode::NotFound, fmt::format("{}: no such file", wastFile.string()));
  }
  TempDir dir = TRY(TempDir::create("runw-spectest-"));
  const fs::path json = dir.path() / (wastFile.stem().string() + ".json");
  const fs::path log = dir.path() / "wast2json.log";
  const int status = TRY(spawnAndWait({program, wastFile.string(), "-o", json.string()}, log));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const auto output = readText(log);
    return fail(ErrorCode::Invalid,
                fmt::format("{} {} failed ({}): {}", program, wastFile.string(),
                            WIFEXITED(status) ? fmt::format("exit {}", WEXITSTATUS(status))
                                              : fmt::format("signal {}", WTERMSIG(status)),
                            output ? tail(*output) : "no output"));
  }
  const std::string text = TRY(readText(json));
  Script script = TRY(parseScript(text).context(json.string()));
  return ConvertedScript{std::move(dir), std::move(script)};
}

Result<std::vector<uint8_t>> readModuleFile(const ConvertedScript &converted,
                                            std::string_view filename) {
  // The names come from wast2json and are plain basenames; refuse anything that leaves the dir.
  if (filename.empty() || filename.find('/') != std::string_view::npos || filename == "." ||
      filename == "..") {
    return fail(ErrorCode::Invalid, fmt::format("bad module file name \"{}\"", filename));
  }
  const std::string text = TRY(readText(converted.dir.path() / filename));
  return std::vector<uint8_t>(text.begin(), text.end());
}

} // namespace runw::spectest
