// SPDX-License-Identifier: Apache-2.0
// poll_oneoff: waits for the first of a set of clock deadlines and descriptor readiness
// events, with ppoll(2) (or clock_nanosleep(2) when only clocks are subscribed).
#include "fd_table.h"
#include "functions.h"
#include "host_call.h"
#include "host_errno.h"

#include <algorithm>
#include <optional>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace runw::engine::wasi::fn {

namespace {

namespace l = witx::layout;
using witx::EventType;

constexpr uint64_t kNanosPerSecond = 1'000'000'000ULL;

/// One parsed subscription and, once known, the event it produced.
struct Subscription {
  uint64_t userdata = 0;
  EventType type = EventType::Clock;
  uint64_t deadline = 0;           ///< clock: CLOCK_MONOTONIC nanoseconds
  std::optional<size_t> pollIndex; ///< fd: its entry in the ppoll array
  bool fired = false;
  Errno error = Errno::Success;
  uint64_t nbytes = 0;
  uint16_t flags = 0;
};

uint64_t nowNanos(clockid_t clock) {
  timespec now{};
  (void)::clock_gettime(clock, &now);
  return static_cast<uint64_t>(now.tv_sec) * kNanosPerSecond + static_cast<uint64_t>(now.tv_nsec);
}

timespec timespecOf(uint64_t nanos) {
  timespec out{};
  out.tv_sec = static_cast<time_t>(nanos / kNanosPerSecond);
  out.tv_nsec = static_cast<long>(nanos % kNanosPerSecond);
  return out;
}

/// A clock subscription's deadline on CLOCK_MONOTONIC. Only the realtime and monotonic clocks
/// can be waited on (as in wasmtime): the CPU-time clocks do not advance while the guest waits.
/// A realtime deadline is converted once, so a later jump of the wall clock does not move it.
R parseClock(GuestMemory &m, uint32_t at, Subscription &sub) {
  const uint32_t id = *m.load<uint32_t>(at + l::kSubscriptionClockId);
  const uint64_t timeout = *m.load<uint64_t>(at + l::kSubscriptionClockTimeout);
  const uint16_t flags = *m.load<uint16_t>(at + l::kSubscriptionClockFlags);
  if ((flags & ~witx::kSubscriptionClockAbstime) != 0) {
    return std::unexpected(Errno::Inval);
  }
  const bool absolute = flags != 0;
  const uint64_t now = nowNanos(CLOCK_MONOTONIC);
  uint64_t wait = timeout;
  if (id == static_cast<uint32_t>(witx::ClockId::Monotonic)) {
    wait = absolute ? (timeout > now ? timeout - now : 0) : timeout;
  } else if (id == static_cast<uint32_t>(witx::ClockId::Realtime)) {
    const uint64_t wall = nowNanos(CLOCK_REALTIME);
    wait = absolute ? (timeout > wall ? timeout - wall : 0) : timeout;
  } else {
    return std::unexpected(Errno::Inval);
  }
  sub.deadline = wait > UINT64_MAX - now ? UINT64_MAX : now + wait;
  return {};
}

/// Bytes left between a regular file's offset and its end: what fd_read could return now.
uint64_t bytesToEof(int fd) {
  struct stat info {};
  const off_t offset = ::lseek(fd, 0, SEEK_CUR);
  if (offset < 0 || ::fstat(fd, &info) != 0 || info.st_size <= offset) {
    return 0;
  }
  return static_cast<uint64_t>(info.st_size - offset);
}

/// An fd subscription: a bad fd or missing right fires at once with that error (the call
/// itself succeeds, as witx's per-event error field intends); a regular file is always ready
/// (poll(2) says so too; nbytes is the bytes left to end of file, where wasmtime now reports 1
/// plus HANGUP at the end); anything else
/// joins the ppoll set.
void parseFd(State &s, GuestMemory &m, uint32_t at, Subscription &sub,
             std::vector<pollfd> &pollfds) {
  const uint32_t fd = *m.load<uint32_t>(at + l::kSubscriptionFd);
  auto entry = s.fds.get(fd, witx::rights::kPollFdReadwrite);
  if (!entry) {
    sub.fired = true;
    sub.error = entry.error();
    return;
  }
  const int host = (*entry)->host.get();
  if ((*entry)->type == witx::Filetype::RegularFile) {
    sub.fired = true;
    sub.nbytes = sub.type == EventType::FdRead ? bytesToEof(host) : 0;
    return;
  }
  const short events = sub.type == EventType::FdRead ? POLLIN : POLLOUT;
  sub.pollIndex = pollfds.size();
  pollfds.push_back(pollfd{host, events, 0});
}

WasiResult<std::vector<Subscription>> parse(State &s, GuestMemory &m, uint32_t in, uint32_t count,
                                            std::vector<pollfd> &pollfds) {
  std::vector<Subscription> subs(count);
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t at = in + i * l::kSubscriptionSize;
    Subscription &sub = subs[i];
    sub.userdata = *m.load<uint64_t>(at + l::kSubscriptionUserdata);
    const uint8_t tag = *m.load<uint8_t>(at + l::kSubscriptionTag);
    if (tag > static_cast<uint8_t>(EventType::FdWrite)) {
      return std::unexpected(Errno::Inval);
    }
    sub.type = static_cast<EventType>(tag);
    if (sub.type == EventType::Clock) {
      if (auto ok = parseClock(m, at, sub); !ok) {
        return std::unexpected(ok.error());
      }
    } else {
      parseFd(s, m, at, sub, pollfds);
    }
  }
  return subs;
}

/// Fills in the fd events ppoll reported. POLLHUP and POLLERR (a pipe whose other end is
/// closed) make the subscription fire with the hangup flag, so the guest's next read or write
/// sees the end of file or EPIPE itself.
void collectFdEvents(std::vector<Subscription> &subs, const std::vector<pollfd> &pollfds) {
  for (Subscription &sub : subs) {
    if (!sub.pollIndex) {
      continue;
    }
    const pollfd &p = pollfds[*sub.pollIndex];
    if (p.revents == 0) {
      continue;
    }
    sub.fired = true;
    if ((p.revents & POLLNVAL) != 0) {
      sub.error = Errno::Badf;
      continue;
    }
    if ((p.revents & (POLLHUP | POLLERR)) != 0) {
      sub.flags = witx::kEventFdReadwriteHangup;
    }
    int available = 0;
    if (sub.type == EventType::FdRead && ::ioctl(p.fd, FIONREAD, &available) == 0) {
      sub.nbytes = static_cast<uint64_t>(std::max(available, 0));
    }
  }
}

/// Marks the clock subscriptions whose deadline has passed; true when any subscription fired.
bool collectClockEvents(std::vector<Subscription> &subs) {
  const uint64_t now = nowNanos(CLOCK_MONOTONIC);
  bool any = false;
  for (Subscription &sub : subs) {
    if (sub.type == EventType::Clock && sub.deadline <= now) {
      sub.fired = true;
    }
    any = any || sub.fired;
  }
  return any;
}

/// Blocks until some subscription fires: at once when one already has, else until the
/// earliest deadline or an fd event. Signals restart the wait with the time that is left.
R wait(std::vector<Subscription> &subs, std::vector<pollfd> &pollfds) {
  std::optional<uint64_t> deadline;
  bool ready = false;
  for (const Subscription &sub : subs) {
    ready = ready || sub.fired;
    if (sub.type == EventType::Clock) {
      deadline = std::min(deadline.value_or(UINT64_MAX), sub.deadline);
    }
  }
  for (;;) {
    const uint64_t now = nowNanos(CLOCK_MONOTONIC);
    const bool expired = ready || (deadline && *deadline <= now);
    if (pollfds.empty() && !expired) {
      // Only clocks: sleep to the absolute deadline, which survives EINTR restarts exactly.
      const timespec until = timespecOf(*deadline);
      (void)::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nullptr);
    } else if (!pollfds.empty()) {
      const timespec left = timespecOf(expired ? 0 : (deadline ? *deadline - now : 0));
      const int n =
          ::ppoll(pollfds.data(), pollfds.size(), expired || deadline ? &left : nullptr, nullptr);
      if (n < 0 && errno != EINTR) {
        return lastHostError();
      }
      if (n > 0) {
        collectFdEvents(subs, pollfds);
      }
    }
    if (collectClockEvents(subs)) {
      return {};
    }
  }
}

void storeEvent(GuestMemory &m, uint32_t at, const Subscription &sub) {
  auto bytes = *m.bytes(at, l::kEventSize);
  std::fill(bytes.begin(), bytes.end(), uint8_t{0});
  (void)m.store<uint64_t>(at + l::kEventUserdata, sub.userdata);
  (void)m.store<uint16_t>(at + l::kEventError, static_cast<uint16_t>(sub.error));
  (void)m.store<uint8_t>(at + l::kEventType, static_cast<uint8_t>(sub.type));
  if (sub.type != EventType::Clock) {
    (void)m.store<uint64_t>(at + l::kEventNbytes, sub.nbytes);
    (void)m.store<uint16_t>(at + l::kEventFlags, sub.flags);
  }
}

} // namespace

R pollOneoff(State &s, GuestMemory &m, uint32_t in, uint32_t out, uint32_t nsubscriptions,
             uint32_t neventsPtr) {
  // witx leaves zero subscriptions open; it would block forever, so it is Inval (as wasmtime).
  if (nsubscriptions == 0) {
    return std::unexpected(Errno::Inval);
  }
  if (!m.contains(in, uint64_t{nsubscriptions} * l::kSubscriptionSize) ||
      !m.contains(out, uint64_t{nsubscriptions} * l::kEventSize) || !m.contains(neventsPtr, 4)) {
    return std::unexpected(Errno::Fault);
  }
  std::vector<pollfd> pollfds;
  auto subs = parse(s, m, in, nsubscriptions, pollfds);
  if (!subs) {
    return std::unexpected(subs.error());
  }
  if (auto ok = wait(*subs, pollfds); !ok) {
    return ok;
  }
  uint32_t count = 0;
  for (const Subscription &sub : *subs) {
    if (sub.fired) {
      storeEvent(m, out + count * l::kEventSize, sub);
      ++count;
    }
  }
  return m.store<uint32_t>(neventsPtr, count);
}

} // namespace runw::engine::wasi::fn
