// SPDX-License-Identifier: Apache-2.0
// Thread: the value stack and call stack, and entering the interpreter from the API.
#include "interp/interp.h"

namespace runw::engine::interp {

Thread::Thread(uint32_t maxCallDepth, size_t valueStackSlots)
    : maxCallDepth_(maxCallDepth), values_(valueStackSlots) {
  frames_.reserve(maxCallDepth);
}

} // namespace runw::engine::interp
