// SPDX-License-Identifier: Apache-2.0
// Running the runw CLI from the threaded shim (posix_spawn) and reaping every child (subreaper).
#include "runtime_client.h"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ; // NOLINT(readability-redundant-declaration)

namespace runw::shim {

namespace {

std::uint32_t waitStatus(int status) {
  if (WIFSIGNALED(status)) {
    return 128U + static_cast<std::uint32_t>(WTERMSIG(status));
  }
  return static_cast<std::uint32_t>(WEXITSTATUS(status));
}

// Reads both pipes to EOF and writes input into the stdin pipe, without deadlocking.
void pump(int inFd, const std::string &input, int outFd, int errFd, std::string &out,
          std::string &err) {
  std::size_t written = 0;
  std::vector<pollfd> fds;
  char buf[4096];
  while (true) {
    fds.clear();
    if (inFd >= 0) {
      fds.push_back({inFd, POLLOUT, 0});
    }
    if (outFd >= 0) {
      fds.push_back({outFd, POLLIN, 0});
    }
    if (errFd >= 0) {
      fds.push_back({errFd, POLLIN, 0});
    }
    if (fds.empty()) {
      return;
    }
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;
    }
    for (const pollfd &p : fds) {
      if (p.revents == 0) {
        continue;
      }
      if (p.fd == inFd) {
        ssize_t n = write(inFd, input.data() + written, input.size() - written);
        if (n > 0) {
          written += static_cast<std::size_t>(n);
        }
        if (n < 0 || written == input.size()) {
          close(inFd);
          inFd = -1;
        }
        continue;
      }
      ssize_t n = read(p.fd, buf, sizeof buf);
      if (n > 0) {
        (p.fd == outFd ? out : err).append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) {
        continue;
      }
      close(p.fd);
      (p.fd == outFd ? outFd : errFd) = -1;
    }
  }
}

Result<std::pair<int, int>> makePipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return failErrno("pipe2");
  }
  return std::pair<int, int>{fds[0], fds[1]};
}

// The runtime's own error (its json log, else its stderr), for the caller's Status message.
std::string describeFailure(const std::string &logPath, const RuntimeCall &call,
                            const RuntimeOutput &output) {
  std::string message = lastLogError(logPath);
  if (message.empty()) {
    message = output.err;
    while (!message.empty() && message.back() == '\n') {
      message.pop_back();
    }
  }
  std::string verb = call.args.empty() ? "" : call.args.front();
  return "runw " + verb + " failed (status " + std::to_string(output.status) + "): " + message;
}

} // namespace

Reaper::~Reaper() {
  thread_.request_stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Reaper::start() {
  thread_ = std::jthread([this](const std::stop_token &stop) { loop(stop); });
}

void Reaper::childSpawned() {
  {
    std::lock_guard lock(mutex_);
    ++spawned_;
  }
  spawnCv_.notify_all();
}

void Reaper::waitForChildren(const std::stop_token &stop, std::uint64_t seen) {
  std::unique_lock lock(mutex_);
  spawnCv_.wait(lock, stop, [&] { return spawned_ != seen; });
}

void Reaper::loop(const std::stop_token &stop) {
  while (!stop.stop_requested()) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mutex_);
      seen = spawned_;
    }
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      // A blocking waitpid needs no signal mask games, which posix_spawn'ed children would
      // inherit. With no children (ECHILD) none can appear but by our own spawns: every
      // orphan the subreaper adopts descends from a child. A spawn since `seen` loops at once.
      if (errno == ECHILD) {
        waitForChildren(stop, seen);
      }
      continue;
    }
    if (!WIFEXITED(status) && !WIFSIGNALED(status)) {
      continue;
    }
    ExitInfo info{waitStatus(status), std::chrono::system_clock::now()};
    OnExit callback;
    {
      std::lock_guard lock(mutex_);
      auto it = watched_.find(pid);
      if (it != watched_.end()) {
        callback = std::move(it->second);
        watched_.erase(it);
      } else {
        exited_[pid] = info;
      }
    }
    cv_.notify_all();
    if (callback) {
      callback(pid, info);
    }
  }
}

void Reaper::watch(pid_t pid, std::chrono::system_clock::time_point since, OnExit onExit) {
  std::unique_lock lock(mutex_);
  auto it = exited_.find(pid);
  if (it != exited_.end() && it->second.at < since) {
    exited_.erase(it);
    it = exited_.end();
  }
  if (it == exited_.end()) {
    watched_[pid] = std::move(onExit);
    return;
  }
  ExitInfo info = it->second;
  exited_.erase(it);
  lock.unlock();
  onExit(pid, info);
}

ExitInfo Reaper::waitFor(pid_t pid) {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return exited_.contains(pid); });
  ExitInfo info = exited_[pid];
  exited_.erase(pid);
  return info;
}

RuntimeClient::RuntimeClient(Reaper &reaper, std::string binary, std::string root)
    : reaper_(reaper), binary_(std::move(binary)), root_(std::move(root)) {}

std::string RuntimeClient::locate(const std::string &self) {
  auto slash = self.rfind('/');
  if (slash != std::string::npos) {
    std::string sibling = self.substr(0, slash + 1) + "runw";
    if (access(sibling.c_str(), X_OK) == 0) {
      return sibling;
    }
  }
  return "runw"; // posix_spawnp searches PATH
}

Result<RuntimeOutput> RuntimeClient::run(const std::string &bundle, const RuntimeCall &call) {
  const auto started = std::chrono::steady_clock::now();
  std::string logPath = bundle + "/log.json";
  std::vector<std::string> argv{binary_, "--root", root_, "--log", logPath, "--log-format", "json"};
  argv.insert(argv.end(), call.args.begin(), call.args.end());
  std::vector<char *> cargv;
  for (std::string &a : argv) {
    cargv.push_back(a.data());
  }
  cargv.push_back(nullptr);

  int inRead = -1;
  int inWrite = -1;
  int outRead = -1;
  int outWrite = -1;
  int errRead = -1;
  int errWrite = -1;
  if (call.stdinFd < 0) {
    auto [r, w] = TRY(makePipe());
    inRead = r;
    inWrite = w;
  }
  if (call.stdoutFd < 0) {
    auto [r, w] = TRY(makePipe());
    outRead = r;
    outWrite = w;
  }
  if (call.stderrFd < 0) {
    auto [r, w] = TRY(makePipe());
    errRead = r;
    errWrite = w;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, call.stdinFd >= 0 ? call.stdinFd : inRead, 0);
  posix_spawn_file_actions_adddup2(&actions, call.stdoutFd >= 0 ? call.stdoutFd : outWrite, 1);
  posix_spawn_file_actions_adddup2(&actions, call.stderrFd >= 0 ? call.stderrFd : errWrite, 2);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, binary_.c_str(), &actions, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == 0) {
    reaper_.childSpawned();
  }
  for (int fd : {inRead, outWrite, errWrite}) {
    if (fd >= 0) {
      close(fd);
    }
  }
  if (rc != 0) {
    for (int fd : {inWrite, outRead, errRead}) {
      if (fd >= 0) {
        close(fd);
      }
    }
    return failErrno("spawning " + binary_, rc);
  }
  RuntimeOutput output;
  pump(inWrite, call.input, outRead, errRead, output.out, output.err);
  output.status = reaper_.waitFor(pid).status;
  if (runLog_) {
    const std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - started;
    runLog_(fmt::format("runw {} {:.2f} ms (exit {})", call.args.empty() ? "" : call.args.front(),
                        took.count(), output.status));
  }
  if (output.status != 0) {
    return fail(ErrorCode::Io, describeFailure(logPath, call, output));
  }
  return output;
}

std::string lastLogError(const std::string &logPath) {
  std::ifstream in(logPath);
  std::string line;
  std::string message;
  while (std::getline(in, line)) {
    if (line.find("\"level\":\"error\"") == std::string::npos &&
        line.find("\"level\": \"error\"") == std::string::npos) {
      continue;
    }
    auto key = line.find("\"msg\":");
    if (key == std::string::npos) {
      continue;
    }
    auto start = line.find('"', key + 6);
    if (start == std::string::npos) {
      continue;
    }
    std::string text;
    for (std::size_t i = start + 1; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) {
        ++i;
      }
      text.push_back(line[i]);
    }
    message = text;
  }
  return message;
}

} // namespace runw::shim
