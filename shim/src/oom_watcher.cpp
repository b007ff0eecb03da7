// SPDX-License-Identifier: Apache-2.0
// OomWatcher: one thread and one epoll set for the OOM notifiers of all of a shim's containers.
#include "oom_watcher.h"

#include "support/strings.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <vector>

namespace runw::shim {

namespace {

constexpr int kMaxEvents = 16;

// Reads a small file (memory.events is about 100 bytes); empty on failure.
std::string readSmallFile(const std::string &path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  std::string out;
  if (!fd) {
    return out;
  }
  std::array<char, 1024> buf{};
  ssize_t n = 0;
  while ((n = ::read(fd.get(), buf.data(), buf.size())) > 0) {
    out.append(buf.data(), static_cast<std::size_t>(n));
  }
  return out;
}

// Empties a non-blocking fd, so the next change raises a new edge.
void drain(int fd) {
  std::array<char, 4096> buf{};
  while (::read(fd, buf.data(), buf.size()) > 0) {
  }
}

} // namespace

std::uint64_t oomCountOfMemoryEvents(std::string_view text) {
  for (std::string_view line : split(text, '\n')) {
    if (line.starts_with("oom ")) {
      std::uint64_t value = 0;
      std::string_view digits = line.substr(4);
      std::from_chars(digits.data(), digits.data() + digits.size(), value);
      return value;
    }
  }
  return 0;
}

OomWatcher::OomWatcher(OnEvent onEvent)
    : onEvent_(std::move(onEvent)), epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = wake_.get();
  if (!epoll_ || !wake_ || ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &wake) != 0) {
    epoll_.reset(); // add() reports the failure; without notifiers there is nothing to run
    return;
  }
  thread_ = std::jthread([this](const std::stop_token &stop) { loop(stop); });
}

OomWatcher::~OomWatcher() {
  if (thread_.joinable()) {
    thread_.request_stop();
    std::uint64_t one = 1;
    (void)!::write(wake_.get(), &one, sizeof one);
    thread_.join();
  }
}

Result<void> OomWatcher::add(const std::string &id, UniqueFd fd, std::string eventsFile) {
  if (!epoll_) {
    return fail(ErrorCode::Io,
                "the OOM watcher has no epoll set (epoll_create1 or eventfd failed)");
  }
  Watch watch{std::move(fd), std::move(eventsFile), 0};
  if (!watch.eventsFile.empty()) {
    drain(watch.fd.get());
    watch.seen = oomCountOfMemoryEvents(readSmallFile(watch.eventsFile));
  }
  // Edge-triggered: the loop only forwards the edge; takeNewOoms() reads the fd, so a level
  // trigger would spin until then.
  epoll_event event{};
  event.events = EPOLLIN | EPOLLET;
  event.data.fd = watch.fd.get();
  std::lock_guard lock(mutex_);
  if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, watch.fd.get(), &event) != 0) {
    return failErrno("adding the OOM notifier of " + id + " to epoll");
  }
  watches_.insert_or_assign(id, std::move(watch));
  return {};
}

void OomWatcher::remove(const std::string &id) {
  std::lock_guard lock(mutex_);
  auto it = watches_.find(id);
  if (it == watches_.end()) {
    return;
  }
  // Explicitly: a close only leaves the epoll set once no other fd (e.g. one held by a child
  // between posix_spawn's clone and exec) refers to the same open file.
  (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, it->second.fd.get(), nullptr);
  watches_.erase(it);
}

bool OomWatcher::takeNewOoms(const std::string &id) {
  std::lock_guard lock(mutex_);
  auto it = watches_.find(id);
  if (it == watches_.end()) {
    return false;
  }
  Watch &watch = it->second;
  if (watch.eventsFile.empty()) {
    // v1: the eventfd counts the OOM notifications since the last read.
    std::uint64_t count = 0;
    return ::read(watch.fd.get(), &count, sizeof count) == sizeof count && count > 0;
  }
  // v2: drain first, so a change after the read below raises a new edge.
  drain(watch.fd.get());
  const std::uint64_t count = oomCountOfMemoryEvents(readSmallFile(watch.eventsFile));
  if (count <= watch.seen) {
    return false;
  }
  watch.seen = count;
  return true;
}

std::string OomWatcher::idOf(int fd) const {
  for (const auto &[id, watch] : watches_) {
    if (watch.fd.get() == fd) {
      return id;
    }
  }
  return {};
}

void OomWatcher::loop(const std::stop_token &stop) {
  std::array<epoll_event, kMaxEvents> events{};
  std::vector<std::string> fired;
  while (!stop.stop_requested()) {
    const int n = ::epoll_wait(epoll_.get(), events.data(), kMaxEvents, -1);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return;
    }
    fired.clear();
    {
      std::lock_guard lock(mutex_);
      for (int i = 0; i < n; ++i) {
        const int fd = events[static_cast<std::size_t>(i)].data.fd;
        // An fd closed by remove() may have been reused by a newer watch: asking that
        // container once too often is harmless, takeNewOoms() decides.
        std::string id = fd == wake_.get() ? std::string() : idOf(fd);
        if (!id.empty()) {
          fired.push_back(std::move(id));
        }
      }
    }
    for (const std::string &id : fired) {
      onEvent_(id);
    }
  }
}

} // namespace runw::shim
