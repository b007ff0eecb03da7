// SPDX-License-Identifier: Apache-2.0
// OomWatcher with stand-ins for the kernel's notifiers: an eventfd (cgroup v1) and an inotify
// watch on a memory.events file in a temp dir (cgroup v2). No root, no cgroups.
#include "oom_watcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>
#include <vector>

namespace runw::shim {
namespace {

using namespace std::chrono_literals;

// Collects the ids the watcher thread reports.
class Events {
public:
  OomWatcher::OnEvent callback() {
    return [this](const std::string &id) {
      std::lock_guard lock(mutex_);
      ids_.push_back(id);
      cv_.notify_all();
    };
  }
  // True when id was reported within 5 s.
  bool waitFor(const std::string &id) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, 5s,
                        [&] { return std::find(ids_.begin(), ids_.end(), id) != ids_.end(); });
  }
  std::vector<std::string> ids() {
    std::lock_guard lock(mutex_);
    return ids_;
  }

private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> ids_;
};

void signal(int eventFd) {
  std::uint64_t one = 1;
  ASSERT_EQ(::write(eventFd, &one, sizeof one), static_cast<ssize_t>(sizeof one));
}

void writeEvents(const std::string &path, int oom, int oomKill) {
  std::ofstream(path, std::ios::trunc)
      << "low 0\nhigh 0\nmax 4\noom " << oom << "\noom_kill " << oomKill << "\noom_group_kill 0\n";
}

// A temp dir removed at the end of the test.
struct TempDir {
  std::string path;
  TempDir() {
    std::string tmpl = ::testing::TempDir() + "oom-watcher-XXXXXX";
    path = ::mkdtemp(tmpl.data()) != nullptr ? tmpl : std::string();
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  ~TempDir() {
    ::unlink((path + "/memory.events").c_str());
    ::rmdir(path.c_str());
  }
};

TEST(OomWatcher, MemoryEventsOomCount) {
  EXPECT_EQ(oomCountOfMemoryEvents("low 0\nhigh 1\nmax 2\noom 3\noom_kill 4\n"), 3U);
  EXPECT_EQ(oomCountOfMemoryEvents("oom_kill 4\noom_group_kill 5\n"), 0U) << "no oom line";
  EXPECT_EQ(oomCountOfMemoryEvents(""), 0U);
}

TEST(OomWatcher, V1EventfdIsReportedOnceAndOrderedByWhoAsksFirst) {
  Events events;
  OomWatcher watcher(events.callback());
  UniqueFd kernelSide(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  ASSERT_TRUE(kernelSide);
  ASSERT_TRUE(watcher.add("c1", UniqueFd(::dup(kernelSide.get())), "").has_value());
  EXPECT_FALSE(watcher.takeNewOoms("c1")) << "no OOM yet";

  signal(kernelSide.get());
  EXPECT_TRUE(events.waitFor("c1")) << "the watcher thread did not report the eventfd";
  EXPECT_TRUE(watcher.takeNewOoms("c1"));
  EXPECT_FALSE(watcher.takeNewOoms("c1")) << "an OOM is taken once";

  // The exit path may ask before the watcher thread runs: it takes the OOM, the thread's
  // later question finds nothing.
  signal(kernelSide.get());
  EXPECT_TRUE(watcher.takeNewOoms("c1"));
  EXPECT_FALSE(watcher.takeNewOoms("c1"));
}

TEST(OomWatcher, V2MemoryEventsCountsOnlyNewOoms) {
  TempDir dir;
  ASSERT_FALSE(dir.path.empty());
  const std::string file = dir.path + "/memory.events";
  writeEvents(file, 2, 1); // OOMs from before the watch are not reported
  UniqueFd inotify(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
  ASSERT_TRUE(inotify);
  ASSERT_GE(::inotify_add_watch(inotify.get(), file.c_str(), IN_MODIFY), 0);
  Events events;
  OomWatcher watcher(events.callback());
  ASSERT_TRUE(watcher.add("c2", std::move(inotify), file).has_value());
  EXPECT_FALSE(watcher.takeNewOoms("c2"));

  writeEvents(file, 2, 1); // a change that is no OOM (memory.events also counts max, high)
  EXPECT_TRUE(events.waitFor("c2"));
  EXPECT_FALSE(watcher.takeNewOoms("c2"));

  writeEvents(file, 3, 2);
  EXPECT_TRUE(watcher.takeNewOoms("c2"));
  EXPECT_FALSE(watcher.takeNewOoms("c2"));
}

TEST(OomWatcher, RemovedAndUnknownIdsReportNothing) {
  Events events;
  OomWatcher watcher(events.callback());
  EXPECT_FALSE(watcher.takeNewOoms("nobody"));
  UniqueFd kernelSide(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  ASSERT_TRUE(kernelSide);
  ASSERT_TRUE(watcher.add("c3", UniqueFd(::dup(kernelSide.get())), "").has_value());
  ASSERT_TRUE(watcher.add("c4", UniqueFd(::dup(kernelSide.get())), "").has_value());
  watcher.remove("c3");
  signal(kernelSide.get());
  EXPECT_TRUE(events.waitFor("c4"));
  EXPECT_FALSE(watcher.takeNewOoms("c3"));
  for (const std::string &id : events.ids()) {
    EXPECT_NE(id, "c3") << "a removed container was reported";
  }
}

TEST(OomWatcher, ABadFdIsAnErrorNotACrash) {
  Events events;
  OomWatcher watcher(events.callback());
  auto added = watcher.add("bad", UniqueFd(), "");
  ASSERT_FALSE(added.has_value());
  EXPECT_NE(added.error().describe().find("bad"), std::string::npos) << added.error().describe();
}

} // namespace
} // namespace runw::shim
