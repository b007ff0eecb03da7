// SPDX-License-Identifier: Apache-2.0
// Table instances: creation and table.grow within the type's max and the engine's element cap.
#include "runtime/instantiate.h"
#include "runtime/objects.h"

#include <fmt/format.h>

namespace runw::engine::rt {

Result<std::unique_ptr<TableInstance>> createTable(const TableType &type, const void *init) {
  if (type.limits.min > kMaxTableElements) {
    return fail(ErrorCode::Limit, fmt::format("table of {} elements exceeds the limit of {}",
                                              type.limits.min, kMaxTableElements));
  }
  auto table = std::make_unique<TableInstance>();
  table->type = type;
  table->elements.assign(type.limits.min, init);
  return table;
}

uint32_t TableInstance::grow(uint32_t delta, const void *init) {
  constexpr uint32_t kFailed = 0xFFFFFFFF;
  const uint64_t oldSize = elements.size();
  const uint64_t newSize = oldSize + delta;
  const uint64_t typeMax = type.limits.max.value_or(0xFFFFFFFF);
  if (newSize > typeMax || newSize > kMaxTableElements) {
    return kFailed;
  }
  elements.resize(static_cast<size_t>(newSize), init);
  // The instance's type tracks its current size (core spec 4.5.3.8 "Growing tables").
  type.limits.min = static_cast<uint32_t>(newSize);
  return static_cast<uint32_t>(oldSize);
}

} // namespace runw::engine::rt
