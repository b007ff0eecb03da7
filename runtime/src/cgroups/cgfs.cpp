// SPDX-License-Identifier: Apache-2.0
// cgroupfs file helpers: whole-file reads, single-write values, mkdir -p, leaf-first rmdir.
#include "cgroups/cgfs.h"

#include "support/strings.h"
#include "support/unique_fd.h"

#include <cerrno>
#include <charconv>
#include <chrono>
#include <dirent.h>
#include <fcntl.h>
#include <limits>
#include <optional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace runw::runtime::cgroups::fs {
namespace {

std::optional<uint64_t> parseUint(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  if (text == "max") {
    return std::numeric_limits<uint64_t>::max();
  }
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

Result<void> removeOne(const std::string &dir) {
  using namespace std::chrono_literals;
  // rmdir fails with EBUSY while tasks are still exiting (a killed task leaves the cgroup only
  // after its exit completes); 100 tries of 10 ms covers that without hanging forever.
  for (int attempt = 0;; ++attempt) {
    if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) {
      return {};
    }
    if (errno != EBUSY || attempt >= 100) {
      return failErrno(strprintf("cannot remove cgroup {}", dir));
    }
    std::this_thread::sleep_for(10ms);
  }
}

} // namespace

std::string joinPath(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.ends_with('/')) {
    a.remove_suffix(1);
  }
  while (b.starts_with('/')) {
    b.remove_prefix(1);
  }
  if (b.empty()) {
    return std::string(a);
  }
  if (a == "/") {
    return strprintf("/{}", b);
  }
  return strprintf("{}/{}", a, b);
}

Result<std::string> readFile(const std::string &path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    int err = errno;
    auto failure = failErrno(strprintf("cannot read {}", path), err);
    if (err == ENOENT) {
      failure.error().code = ErrorCode::NotFound;
    }
    return failure;
  }
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t got = ::read(fd.get(), buf, sizeof buf);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      return failErrno(strprintf("cannot read {}", path));
    }
    if (got == 0) {
      return out;
    }
    out.append(buf, static_cast<size_t>(got));
  }
}

Result<void> writeFile(const std::string &path, std::string_view value) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  ssize_t wrote = -1;
  if (fd) {
    do {
      wrote = ::write(fd.get(), value.data(), value.size());
    } while (wrote < 0 && errno == EINTR);
  }
  if (wrote < 0) {
    int err = errno;
    auto failure = failErrno(strprintf("cannot write \"{}\" to {}", value, path), err);
    if (err == ENOENT) {
      failure.error().code = ErrorCode::NotFound;
    }
    return failure;
  }
  return {};
}

Result<uint64_t> readUint(const std::string &path) {
  std::string text = TRY(readFile(path));
  std::optional<uint64_t> value = parseUint(text);
  if (!value) {
    return fail(ErrorCode::Invalid, strprintf("{} holds \"{}\", not a number", path, text));
  }
  return *value;
}

std::optional<uint64_t> keyedValue(std::string_view text, std::string_view key) {
  for (std::string_view line : split(text, '\n')) {
    if (line.size() > key.size() && line.starts_with(key) && line[key.size()] == ' ') {
      return parseUint(line.substr(key.size() + 1));
    }
  }
  return std::nullopt;
}

bool exists(const std::string &path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

Result<void> makeDirs(const std::string &path) {
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos != path.size() && path[pos] != '/') {
      continue;
    }
    std::string prefix = path.substr(0, pos);
    if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
      return failErrno(strprintf("cannot create cgroup {}", prefix));
    }
  }
  return {};
}

Result<std::vector<pid_t>> readProcs(const std::string &dir) {
  std::string text = TRY(readFile(joinPath(dir, "cgroup.procs")));
  std::vector<pid_t> pids;
  for (std::string_view line : split(text, '\n')) {
    int pid = 0;
    auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), pid);
    if (ec == std::errc() && end == line.data() + line.size() && pid > 0) {
      pids.push_back(pid);
    }
  }
  return pids;
}

Result<std::vector<std::string>> childCgroups(const std::string &dir) {
  DIR *handle = ::opendir(dir.c_str());
  if (handle == nullptr) {
    return failErrno(strprintf("cannot list cgroup {}", dir));
  }
  std::vector<std::string> children;
  while (const dirent *entry = ::readdir(handle)) {
    std::string_view name = entry->d_name;
    if (entry->d_type == DT_DIR && name != "." && name != "..") {
      children.push_back(joinPath(dir, name));
    }
  }
  ::closedir(handle);
  return children;
}

Result<void> removeTree(const std::string &dir) {
  if (!exists(dir)) {
    return {};
  }
  // A cgroup directory can only be removed once it has no child cgroups.
  std::vector<std::string> children = TRY(childCgroups(dir));
  for (const std::string &child : children) {
    TRY(removeTree(child));
  }
  return removeOne(dir);
}

} // namespace runw::runtime::cgroups::fs
