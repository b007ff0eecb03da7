// SPDX-License-Identifier: Apache-2.0
// Thread: the value stack and call stack, and entering the interpreter from the API.
#include "interp/interp.h"

#include <algorithm>
#include <cstdint>
#include <pthread.h>

namespace runw::engine::interp {
namespace {

// Native stack kept free below a call's start. One host -> wasm re-entry level takes about
// 2 KiB optimized but about 55 KiB under ASan, and the host function's own frames come on top.
constexpr size_t kNativeStackReserve = size_t{256} << 10;

// The calling OS thread's stack: [low, high), and the lowest address a call may start at.
struct NativeStack {
  uintptr_t low = 0;
  uintptr_t high = 0;
  uintptr_t floor = 0;
};

NativeStack currentNativeStack(uintptr_t here) {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) {
    return {};
  }
  void *low = nullptr;
  size_t size = 0;
  const int rc = pthread_attr_getstack(&attr, &low, &size);
  static_cast<void>(pthread_attr_destroy(&attr));
  if (rc != 0) {
    return {};
  }
  const auto base = reinterpret_cast<uintptr_t>(low);
  if (here < base || here - base >= size) {
    return {};
  }
  // The reported block may include static TLS above the stack (large under TSan), so the room
  // left is measured from here; a small stack keeps most of itself usable.
  return NativeStack{base, base + size, base + std::min(kNativeStackReserve, (here - base) / 4)};
}

} // namespace

Thread::Thread(uint32_t maxCallDepth, size_t valueStackSlots)
    : maxCallDepth_(maxCallDepth),
      values_(std::make_unique_for_overwrite<rt::Slot[]>(valueStackSlots)),
      valueSlots_(valueStackSlots) {
  frames_.reserve(maxCallDepth);
}

bool Thread::nativeStackLow() {
  const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  thread_local const NativeStack stack = currentNativeStack(here);
  // Outside the thread's own stack (a coroutine's, say) the bounds say nothing.
  return here >= stack.low && here < stack.high && here < stack.floor;
}

} // namespace runw::engine::interp
