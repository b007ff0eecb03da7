// SPDX-License-Identifier: Apache-2.0
// Store: owner of runtime objects; creates host functions, tables, memories and globals.
#include "api/store_impl.h"

#include "engine/engine.h"
#include "runtime/const_eval.h"

#include <fmt/format.h>

#include <utility>

namespace runw::engine {
namespace {

Result<void> checkLimits(const Limits &limits) {
  if (limits.max && limits.min > *limits.max) {
    return fail(ErrorCode::Invalid, fmt::format("size minimum {} must not be greater than the "
                                                "maximum {}",
                                                limits.min, *limits.max));
  }
  return {};
}

} // namespace

Store::Store(const StoreLimits &limits) : impl_(std::make_unique<Impl>(limits)) {
  impl_->thread.store = this;
}

Store::~Store() = default;

void Store::interrupt() { impl_->thread.interruptRequested.store(true, std::memory_order_relaxed); }

Extern Store::createHostFunction(FuncType type, HostFunction function) {
  auto object = std::make_unique<rt::FunctionInstance>();
  object->type = std::move(type);
  object->host = std::move(function);
  impl_->objects.functions.push_back(std::move(object));
  return Extern{ExternKind::Func, impl_->objects.functions.back().get()};
}

Result<Extern> Store::createTable(const TableType &type, Value initial) {
  if (!isRefType(type.elemType) || initial.type() != type.elemType) {
    return fail(ErrorCode::Invalid,
                fmt::format("table of {} cannot be filled with a {}", valTypeName(type.elemType),
                            valTypeName(initial.type())));
  }
  TRY(checkLimits(type.limits));
  auto table = TRY(rt::createTable(type, initial.ref().ptr));
  impl_->objects.tables.push_back(std::move(table));
  return Extern{ExternKind::Table, impl_->objects.tables.back().get()};
}

Result<Extern> Store::createMemory(const MemoryType &type) {
  TRY(checkLimits(type.limits));
  auto memory = TRY(rt::MemoryInstance::create(type, impl_->objects.limits.maxMemoryPages));
  impl_->objects.memories.push_back(std::move(memory));
  return Extern{ExternKind::Memory, impl_->objects.memories.back().get()};
}

Result<Extern> Store::createGlobal(const GlobalType &type, Value initial) {
  if (initial.type() != type.type) {
    return fail(ErrorCode::Invalid,
                fmt::format("global of type {} cannot hold a {}", valTypeName(type.type),
                            valTypeName(initial.type())));
  }
  auto global = std::make_unique<rt::GlobalInstance>();
  global->type = type;
  rt::writeGlobal(*global, initial);
  impl_->objects.globals.push_back(std::move(global));
  return Extern{ExternKind::Global, impl_->objects.globals.back().get()};
}

} // namespace runw::engine
