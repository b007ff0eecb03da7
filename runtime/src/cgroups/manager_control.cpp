// SPDX-License-Identifier: Apache-2.0
// Manager: freeze/thaw, listing the tasks, and signalling all of them.
#include "cgroups/cgfs.h"
#include "cgroups/manager.h"

#include "support/strings.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <thread>

namespace runw::runtime::cgroups {
namespace {

using Clock = std::chrono::steady_clock;
// Freezing waits for every task to reach a freezable point; a task stuck in an
// uninterruptible sleep can hold it up, so give up (and thaw) after this long.
constexpr auto kFreezeTimeout = std::chrono::seconds(5);

Result<std::string> freezerState(const std::string &dir) {
  std::string state = TRY(fs::readFile(fs::joinPath(dir, "freezer.state")));
  while (!state.empty() && state.back() == '\n') {
    state.pop_back();
  }
  return state;
}

Result<bool> v2Frozen(const std::string &dir) {
  std::string events = TRY(fs::readFile(fs::joinPath(dir, "cgroup.events")));
  return fs::keyedValue(events, "frozen").value_or(0) == 1;
}

Result<void> collectPids(const std::string &dir, std::vector<pid_t> &out) {
  std::vector<pid_t> here = TRY(fs::readProcs(dir));
  out.insert(out.end(), here.begin(), here.end());
  for (const std::string &child : TRY(fs::childCgroups(dir))) {
    TRY(collectPids(child, out));
  }
  return {};
}

// Polls until done() says so; the v1 freezer and cgroup.freeze both finish asynchronously.
template <class Done> Result<bool> waitFor(Done done) {
  auto deadline = Clock::now() + kFreezeTimeout;
  auto pause = std::chrono::microseconds(100);
  while (Clock::now() < deadline) {
    if (TRY(done())) {
      return true;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(10));
  }
  return false;
}

} // namespace

bool Manager::freezesOnV1() const { return v1Dir("freezer") != nullptr; }

Result<void> Manager::freeze() {
  if (freezesOnV1()) {
    const std::string &dir = v1Dir("freezer")->path;
    const std::string file = fs::joinPath(dir, "freezer.state");
    // The state goes FREEZING → FROZEN; writing FROZEN again retries tasks that were busy.
    bool frozen = TRY(waitFor([&]() -> Result<bool> {
      TRY(fs::writeFile(file, "FROZEN"));
      return TRY(freezerState(dir)) == "FROZEN";
    }));
    if (!frozen) {
      (void)fs::writeFile(file, "THAWED");
      return fail(ErrorCode::Io, strprintf("timed out freezing {}", dir));
    }
    return {};
  }
  if (!v2_) {
    return fail(ErrorCode::Unsupported, "no freezer: neither a v1 freezer nor cgroup2 is mounted");
  }
  TRY(fs::writeFile(fs::joinPath(*v2_, "cgroup.freeze"), "1"));
  bool frozen = TRY(waitFor([&]() { return v2Frozen(*v2_); }));
  if (!frozen) {
    (void)fs::writeFile(fs::joinPath(*v2_, "cgroup.freeze"), "0");
    return fail(ErrorCode::Io, strprintf("timed out freezing {}", *v2_));
  }
  return {};
}

Result<void> Manager::thaw() {
  if (freezesOnV1()) {
    return fs::writeFile(fs::joinPath(v1Dir("freezer")->path, "freezer.state"), "THAWED");
  }
  if (!v2_) {
    return fail(ErrorCode::Unsupported, "no freezer: neither a v1 freezer nor cgroup2 is mounted");
  }
  return fs::writeFile(fs::joinPath(*v2_, "cgroup.freeze"), "0");
}

Result<bool> Manager::isFrozen() const {
  if (freezesOnV1()) {
    return TRY(freezerState(v1Dir("freezer")->path)) == "FROZEN";
  }
  if (!v2_) {
    return false;
  }
  return v2Frozen(*v2_);
}

Result<std::vector<pid_t>> Manager::pids() const {
  // Every hierarchy holds the same tasks; the freezer's is the one kill and pause act on.
  std::string dir;
  if (freezesOnV1()) {
    dir = v1Dir("freezer")->path;
  } else if (v2_) {
    dir = *v2_;
  } else if (!v1_.empty()) {
    dir = v1_.front().path;
  } else {
    return fail(ErrorCode::NotFound, "no cgroup hierarchy");
  }
  std::vector<pid_t> out;
  TRY(collectPids(dir, out));
  return out;
}

Result<void> Manager::signalAll(int sig) const {
  for (pid_t pid : TRY(pids())) {
    if (::kill(pid, sig) != 0 && errno != ESRCH) {
      return failErrno(strprintf("cannot send signal {} to pid {}", sig, pid));
    }
  }
  return {};
}

Result<void> Manager::killAll(int sig) {
  if (sig == SIGKILL && !freezesOnV1() && v2_ && fs::exists(fs::joinPath(*v2_, "cgroup.kill"))) {
    // cgroup.kill (Linux 5.14) kills the whole subtree atomically, forks included.
    return fs::writeFile(fs::joinPath(*v2_, "cgroup.kill"), "1");
  }
  if (sig != SIGKILL) {
    return signalAll(sig);
  }
  // An empty cgroup needs no freeze: the first freeze of a cgroup patches kernel text (a
  // static key), which costs milliseconds on every delete of an exited container.
  if (TRY(pids()).empty()) {
    return {};
  }
  // Frozen tasks cannot fork between listing and signalling; SIGKILL takes effect at thaw.
  bool canFreeze = freezesOnV1() || v2_.has_value();
  if (canFreeze) {
    TRY(freeze());
  }
  auto signalled = signalAll(sig);
  if (canFreeze) {
    TRY(thaw());
  }
  return signalled;
}

} // namespace runw::runtime::cgroups
