// SPDX-License-Identifier: Apache-2.0
// clock_res_get, clock_time_get, random_get, sched_yield, proc_raise: the host's clocks and
// entropy, and the two process calls that need no state.
#include "functions.h"
#include "host_call.h"
#include "host_errno.h"

#include <sched.h>
#include <sys/random.h>
#include <time.h>

namespace runw::engine::wasi::fn {

namespace {

/// The host clock behind a witx clockid; Errno::Inval for ids witx does not define.
WasiResult<clockid_t> hostClock(uint32_t id) {
  switch (static_cast<witx::ClockId>(id)) {
  case witx::ClockId::Realtime:
    return CLOCK_REALTIME;
  case witx::ClockId::Monotonic:
    return CLOCK_MONOTONIC;
  case witx::ClockId::ProcessCputime:
    return CLOCK_PROCESS_CPUTIME_ID;
  case witx::ClockId::ThreadCputime:
    return CLOCK_THREAD_CPUTIME_ID;
  }
  return std::unexpected(Errno::Inval);
}

uint64_t nanoseconds(const timespec &time) {
  return static_cast<uint64_t>(time.tv_sec) * 1'000'000'000ULL +
         static_cast<uint64_t>(time.tv_nsec);
}

} // namespace

R clockResGet(State & /*s*/, GuestMemory &m, uint32_t id, uint32_t resolutionPtr) {
  const auto clock = hostClock(id);
  if (!clock) {
    return std::unexpected(clock.error());
  }
  timespec resolution{};
  if (::clock_getres(*clock, &resolution) != 0) {
    return lastHostError();
  }
  return m.store<uint64_t>(resolutionPtr, nanoseconds(resolution));
}

R clockTimeGet(State & /*s*/, GuestMemory &m, uint32_t id, uint64_t /*precision*/,
               uint32_t timePtr) {
  // precision is a hint (witx: "maximum lag"); the host clock is always read exactly.
  const auto clock = hostClock(id);
  if (!clock) {
    return std::unexpected(clock.error());
  }
  timespec now{};
  if (::clock_gettime(*clock, &now) != 0) {
    return lastHostError();
  }
  return m.store<uint64_t>(timePtr, nanoseconds(now));
}

R randomGet(State & /*s*/, GuestMemory &m, uint32_t buf, uint32_t bufLen) {
  auto bytes = m.bytes(buf, bufLen);
  if (!bytes) {
    return std::unexpected(bytes.error());
  }
  // getrandom returns at most 32 MiB per call and may be cut short by a signal: loop.
  size_t done = 0;
  while (done < bytes->size()) {
    const ssize_t got =
        retryOnEintr([&] { return ::getrandom(bytes->data() + done, bytes->size() - done, 0); });
    if (got < 0) {
      return lastHostError();
    }
    done += static_cast<size_t>(got);
  }
  return {};
}

R schedYield(State & /*s*/, GuestMemory & /*m*/) {
  // sched_yield cannot fail on Linux.
  (void)::sched_yield();
  return {};
}

R procRaise(State & /*s*/, GuestMemory & /*m*/, uint32_t signal) {
  // A guest signal would be raised at the runtime's own process (killing it, or the whole
  // container init), and WASI defines no handlers to deliver it to, so no signal is raised:
  // witx's "none" (0) is the no-op it names, every defined signal is NotSup (wasmtime says
  // NotSup for 0 too), and numbers beyond witx's enum are Inval.
  if (signal == static_cast<uint32_t>(witx::Signal::None)) {
    return {};
  }
  if (signal > static_cast<uint32_t>(witx::Signal::Sys)) {
    return std::unexpected(Errno::Inval);
  }
  return std::unexpected(Errno::NotSup);
}

} // namespace runw::engine::wasi::fn
