// SPDX-License-Identifier: Apache-2.0
// Instance: exports of an instantiated module, invoke, and the instantiate entry point.
#include "api/store_impl.h"

#include "engine/engine.h"
#include "runtime/const_eval.h"
#include "runtime/instantiate.h"

#include <fmt/format.h>

#include <string>
#include <utility>

namespace runw::engine {
namespace {

Result<Extern> findExport(const rt::ModuleInstance &instance, std::string_view name,
                          ExternKind kind, std::string_view kindName) {
  const auto it = instance.exports.find(name);
  if (it == instance.exports.end()) {
    return fail(ErrorCode::NotFound, fmt::format("unknown export \"{}\"", name));
  }
  if (it->second.kind != kind) {
    return fail(ErrorCode::Invalid, fmt::format("export \"{}\" is not a {}", name, kindName));
  }
  return it->second;
}

Result<void> checkArgs(const FuncType &type, std::span<const Value> args) {
  if (args.size() != type.params.size()) {
    return fail(ErrorCode::Invalid,
                fmt::format("expected {} arguments, got {}", type.params.size(), args.size()));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != type.params[i]) {
      return fail(ErrorCode::Invalid,
                  fmt::format("argument {} must be {}, got {}", i, valTypeName(type.params[i]),
                              valTypeName(args[i].type())));
    }
  }
  return {};
}

} // namespace

Result<std::vector<Value>> Instance::invoke(std::string_view exportName,
                                            std::span<const Value> args) {
  const Extern found = TRY(findExport(*impl_, exportName, ExternKind::Func, "function"));
  auto &function = *static_cast<rt::FunctionInstance *>(found.object);
  TRY(checkArgs(function.type, args));
  return store_->impl().thread.call(function, args);
}

std::optional<Extern> Instance::exported(std::string_view name) const {
  const auto it = impl_->exports.find(name);
  if (it == impl_->exports.end()) {
    return std::nullopt;
  }
  return it->second;
}

Result<Value> Instance::globalValue(std::string_view exportName) const {
  const Extern found = TRY(findExport(*impl_, exportName, ExternKind::Global, "global"));
  return rt::readGlobal(*static_cast<const rt::GlobalInstance *>(found.object));
}

std::span<uint8_t> Instance::memory(std::string_view exportName) const {
  const auto it = impl_->exports.find(exportName);
  if (it == impl_->exports.end() || it->second.kind != ExternKind::Memory) {
    return {};
  }
  return static_cast<const rt::MemoryInstance *>(it->second.object)->bytes();
}

Result<Instance> instantiate(Store &store, const ValidatedModule &module, const Linker &linker) {
  Store::Impl &impl = store.impl();
  // The instance joins the Store before anything is allocated: after a trap in segment
  // initialization or start, its functions may already be referenced from imported tables.
  impl.instances.push_back(std::make_unique<Instance::Impl>());
  Instance::Impl &instance = *impl.instances.back();
  const size_t functionsBefore = impl.objects.functions.size();
  auto result = rt::instantiate(impl.objects, impl.thread, instance, module.sharedImpl(), linker);
  if (!result) {
    // Only function instances point back at their module instance, so an instance that
    // allocated none (every link error, for one) can go.
    if (impl.objects.functions.size() == functionsBefore) {
      impl.instances.pop_back();
    }
    return std::unexpected(std::move(result).error());
  }
  return Instance(store, &instance);
}

} // namespace runw::engine
