// SPDX-License-Identifier: Apache-2.0
// ConsoleLoop: one epoll thread copying stdin fifo → pty master → stdout fifo for every terminal.
#include "console_loop.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <string>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace runw::shim {
namespace {

using Clock = std::chrono::steady_clock;

// One read per event and direction; PIPE_BUF-sized like containerd's copy buffers.
constexpr std::size_t kChunk = 4096;

// Which fd of a console an epoll event is about; packed below the id in epoll_event.data.
enum Role : int { kMaster = 0, kIn = 1, kOut = 2 };
constexpr int kRoleBits = 2;
// epoll data of the wake eventfd; console ids start at 1.
constexpr std::uint64_t kWakeData = 0;

bool retryLater(ssize_t n) { return n < 0 && (errno == EAGAIN || errno == EINTR); }

} // namespace

struct ConsoleLoop::Console {
  Id id = 0;
  UniqueFd master;
  TerminalStdio stdio;
  std::string toMaster;                    ///< read from stdin, not yet taken by the pty
  std::string toOut;                       ///< read from the pty, not yet taken by the stdout fifo
  std::array<std::uint32_t, 3> interest{}; ///< registered epoll events per Role; 0 = none
  bool masterDone = false;    ///< the master read EOF/EIO (no slave left) or failed: output ended
  bool stdinEof = false;      ///< the stdin fifo read EOF: every writer, ours too, is gone
  bool eofQueued = false;     ///< VEOF is in toMaster (or was sent)
  bool lineOpen = false;      ///< the last byte sent to the pty did not end a line
  bool exited = false;        ///< finish() was called
  bool done = false;          ///< finished: the output is closed and onDrained handed out
  Clock::time_point deadline; ///< after exit: give up if nothing moved by then
  OnDrained onDrained;

  [[nodiscard]] int fd(int role) const {
    switch (role) {
    case kMaster:
      return master.get();
    case kIn:
      return stdio.in.get();
    default:
      return stdio.out.get();
    }
  }
};

ConsoleLoop::ConsoleLoop(std::chrono::milliseconds drainIdle) : drainIdle_(drainIdle) {}

ConsoleLoop::~ConsoleLoop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    wake();
    thread_.join();
  }
}

ConsoleLoop::Console *ConsoleLoop::find(Id id) {
  auto it = consoles_.find(id);
  return it == consoles_.end() ? nullptr : it->second.get();
}

Result<void> ConsoleLoop::ensureStarted() {
  if (epoll_) {
    return {};
  }
  UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
  if (!epoll) {
    return failErrno("epoll_create1");
  }
  UniqueFd wakeFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wakeFd) {
    return failErrno("eventfd");
  }
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = kWakeData;
  if (::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, wakeFd.get(), &event) != 0) {
    return failErrno("epoll_ctl of the wake eventfd");
  }
  epoll_ = std::move(epoll);
  wakeFd_ = std::move(wakeFd);
  thread_ = std::jthread([this](const std::stop_token &stop) { run(stop); });
  return {};
}

void ConsoleLoop::wake() {
  std::uint64_t one = 1;
  // A full counter (never in practice) still leaves the eventfd readable, which is the point.
  (void)!::write(wakeFd_.get(), &one, sizeof one);
}

Result<ConsoleLoop::Id> ConsoleLoop::add(UniqueFd master, TerminalStdio stdio) {
  std::lock_guard lock(mutex_);
  TRY(ensureStarted());
  auto console = std::make_unique<Console>();
  console->id = nextId_++;
  console->master = std::move(master);
  console->stdio = std::move(stdio);
  Console &added = *console;
  consoles_.emplace(added.id, std::move(console));
  updateInterest(added);
  return added.id;
}

Result<void> ConsoleLoop::resize(Id id, std::uint16_t width, std::uint16_t height) {
  std::lock_guard lock(mutex_);
  Console *console = find(id);
  if (console == nullptr) {
    return fail(ErrorCode::NotFound, "no terminal " + std::to_string(id));
  }
  winsize size{};
  size.ws_col = width;
  size.ws_row = height;
  if (::ioctl(console->master.get(), TIOCSWINSZ, &size) != 0) {
    return failErrno("setting the terminal size (TIOCSWINSZ)");
  }
  return {};
}

void ConsoleLoop::closeStdin(Id id) {
  std::lock_guard lock(mutex_);
  if (Console *console = find(id); console != nullptr) {
    // The fifo reads EOF (an EPOLLHUP on its reader) once containerd's writer is closed too.
    console->stdio.inHold.reset();
  }
}

void ConsoleLoop::finish(Id id, OnDrained onDrained) {
  {
    std::lock_guard lock(mutex_);
    Console *console = find(id);
    if (console != nullptr && !console->done) {
      console->exited = true;
      console->onDrained = std::move(onDrained);
      console->deadline = Clock::now() + drainIdle_;
      // The loop thread takes it from here: it may be drained already, and its deadline now
      // bounds the wait.
      wake();
      return;
    }
  }
  onDrained();
}

void ConsoleLoop::remove(Id id) {
  std::lock_guard lock(mutex_);
  if (Console *console = find(id); console != nullptr) {
    forget(*console);
  }
}

void ConsoleLoop::forget(Console &console) {
  for (int role : {kMaster, kIn, kOut}) {
    setInterest(console, role, 0);
  }
  consoles_.erase(console.id);
}

void ConsoleLoop::run(const std::stop_token &stop) {
  // A stdout reader that vanished must cost this thread an EPIPE, never the shim a SIGPIPE.
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
  std::array<epoll_event, 16> events{};
  while (!stop.stop_requested()) {
    int timeout = 0;
    {
      std::lock_guard lock(mutex_);
      timeout = waitMillis();
    }
    int ready = ::epoll_wait(epoll_.get(), events.data(), static_cast<int>(events.size()), timeout);
    if (ready < 0 && errno != EINTR) {
      return;
    }
    std::vector<OnDrained> drained;
    {
      std::lock_guard lock(mutex_);
      for (int i = 0; i < ready; ++i) {
        handle(events[static_cast<std::size_t>(i)].data.u64, drained);
      }
      expireDeadlines(drained);
    }
    // Unlocked: a callback may call back into the loop (remove, resize).
    for (OnDrained &callback : drained) {
      if (callback) {
        callback();
      }
    }
  }
}

int ConsoleLoop::waitMillis() {
  auto now = Clock::now();
  int wait = -1;
  for (const auto &[id, console] : consoles_) {
    if (!console->exited || console->done) {
      continue;
    }
    auto left = std::chrono::ceil<std::chrono::milliseconds>(console->deadline - now).count();
    int millis = static_cast<int>(std::max<long>(0, left));
    wait = wait < 0 ? millis : std::min(wait, millis);
  }
  return wait;
}

void ConsoleLoop::handle(std::uint64_t data, std::vector<OnDrained> &drained) {
  if (data == kWakeData) {
    std::uint64_t count = 0;
    (void)!::read(wakeFd_.get(), &count, sizeof count);
    // finish() was called: a process whose output is already done finishes now.
    for (auto &[id, console] : consoles_) {
      if (console->exited && !console->done) {
        service(*console, drained);
      }
    }
    return;
  }
  if (Console *console = find(data >> kRoleBits); console != nullptr) {
    service(*console, drained);
  }
}

void ConsoleLoop::service(Console &console, std::vector<OnDrained> &drained) {
  if (console.done) {
    return;
  }
  // Level-triggered: trying every direction costs an EAGAIN at most, and whatever is still
  // ready is reported again.
  pumpInput(console);
  pumpOutput(console);
  if (!finishIfDone(console, drained)) {
    updateInterest(console);
  }
}

void ConsoleLoop::pumpInput(Console &console) {
  if (console.stdio.in && !console.stdinEof && console.toMaster.empty()) {
    std::array<char, kChunk> buffer{};
    ssize_t n = ::read(console.stdio.in.get(), buffer.data(), buffer.size());
    if (n > 0) {
      console.toMaster.assign(buffer.data(), static_cast<std::size_t>(n));
    } else if (!retryLater(n)) {
      console.stdinEof = true;
    }
  }
  if (!console.toMaster.empty() && console.masterDone) {
    console.toMaster.clear(); // no process is left to read it
  }
  if (!console.toMaster.empty()) {
    ssize_t n = ::write(console.master.get(), console.toMaster.data(), console.toMaster.size());
    if (n > 0) {
      char last = console.toMaster[static_cast<std::size_t>(n) - 1];
      console.lineOpen = last != '\n' && last != '\r';
      console.toMaster.erase(0, static_cast<std::size_t>(n));
    } else if (!retryLater(n)) {
      console.toMaster.clear(); // EIO: the slave side is gone
    }
  }
  if (console.stdinEof && !console.eofQueued && console.toMaster.empty() && !console.masterDone) {
    queueEof(console);
  }
}

void ConsoleLoop::queueEof(Console &console) {
  char eof = '\x04';
  bool canonical = true;
  termios modes{};
  if (::tcgetattr(console.master.get(), &modes) == 0) {
    if (modes.c_cc[VEOF] != _POSIX_VDISABLE) {
      eof = static_cast<char>(modes.c_cc[VEOF]);
    }
    canonical = (modes.c_lflag & ICANON) != 0;
  }
  // In canonical mode VEOF hands the reader what the line holds; only on an empty line does the
  // read return 0. So a pending partial line needs a second VEOF for the program to see EOF.
  console.toMaster.assign(canonical && console.lineOpen ? 2 : 1, eof);
  console.eofQueued = true;
}

void ConsoleLoop::pumpOutput(Console &console) {
  bool moved = false;
  if (!console.masterDone && console.toOut.empty()) {
    std::array<char, kChunk> buffer{};
    ssize_t n = ::read(console.master.get(), buffer.data(), buffer.size());
    if (n > 0) {
      moved = true;
      if (console.stdio.out) {
        console.toOut.assign(buffer.data(), static_cast<std::size_t>(n));
      }
    } else if (!retryLater(n)) {
      // EIO: every slave fd is closed, and the kernel has handed us all they wrote.
      console.masterDone = true;
    }
  }
  if (!console.toOut.empty()) {
    ssize_t n = ::write(console.stdio.out.get(), console.toOut.data(), console.toOut.size());
    if (n > 0) {
      moved = true;
      console.toOut.erase(0, static_cast<std::size_t>(n));
    } else if (!retryLater(n)) {
      // The stdout fifo is broken: drop the output from now on, but keep reading the pty so the
      // program never blocks on a full terminal.
      setInterest(console, kOut, 0);
      console.stdio.out.reset();
      console.toOut.clear();
    }
  }
  if (moved && console.exited) {
    console.deadline = Clock::now() + drainIdle_;
  }
  if (console.masterDone && console.toOut.empty()) {
    endOutput(console);
  }
}

void ConsoleLoop::endOutput(Console &console) {
  // Closing our (only) writer lets containerd's reader see EOF, which ends ctr's copy.
  setInterest(console, kOut, 0);
  console.stdio.out.reset();
  console.toOut.clear();
}

bool ConsoleLoop::finishIfDone(Console &console, std::vector<OnDrained> &drained) {
  if (!console.exited || console.done) {
    return false;
  }
  bool outputDone = console.masterDone && console.toOut.empty();
  if (!outputDone && Clock::now() < console.deadline) {
    return false;
  }
  endOutput(console);
  for (int role : {kMaster, kIn}) {
    setInterest(console, role, 0);
  }
  console.done = true;
  drained.push_back(std::move(console.onDrained));
  return true;
}

void ConsoleLoop::expireDeadlines(std::vector<OnDrained> &drained) {
  auto now = Clock::now();
  for (auto &[id, console] : consoles_) {
    if (console->exited && !console->done && console->deadline <= now) {
      finishIfDone(*console, drained);
    }
  }
}

void ConsoleLoop::updateInterest(Console &console) {
  std::uint32_t master = 0;
  if (!console.masterDone) {
    // EPOLLIN only while the last chunk is out: a slow stdout reader slows the program down
    // (through the full pty) instead of growing our buffer.
    master = (console.toOut.empty() ? EPOLLIN : 0U) | (console.toMaster.empty() ? 0U : EPOLLOUT);
  }
  setInterest(console, kMaster, master);
  bool wantIn = console.stdio.in && !console.stdinEof && console.toMaster.empty();
  setInterest(console, kIn, wantIn ? EPOLLIN : 0U);
  setInterest(console, kOut, console.stdio.out && !console.toOut.empty() ? EPOLLOUT : 0U);
}

void ConsoleLoop::setInterest(Console &console, int role, std::uint32_t events) {
  std::uint32_t &current = console.interest[static_cast<std::size_t>(role)];
  int fd = console.fd(role);
  if (events == current || fd < 0) {
    return;
  }
  // An fd with nothing to wait for leaves the set: a hung-up fd would otherwise report
  // EPOLLHUP on every wait.
  int op = events == 0 ? EPOLL_CTL_DEL : (current == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD);
  epoll_event event{};
  event.events = events;
  event.data.u64 = (console.id << kRoleBits) | static_cast<std::uint64_t>(role);
  if (::epoll_ctl(epoll_.get(), op, fd, &event) == 0 || op == EPOLL_CTL_DEL) {
    current = events;
    return;
  }
  // Not pollable (never for fifos and ptys): treat the stream as ended rather than spin.
  if (role == kMaster) {
    console.masterDone = true;
  } else if (role == kIn) {
    console.stdinEof = true;
  } else {
    console.stdio.out.reset();
    console.toOut.clear();
  }
}

} // namespace runw::shim
