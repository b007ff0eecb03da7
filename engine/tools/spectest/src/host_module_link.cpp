// SPDX-License-Identifier: Apache-2.0
// Creates the spectest host module's objects in a Store and defines them in a Linker.
#include "spectest/host_module.h"

#include <fmt/format.h>

#include <string>

namespace runw::spectest {

namespace {

Result<engine::Extern> createExport(engine::Store &store, const HostExportSpec &spec,
                                    std::FILE *printTo) {
  switch (spec.kind) {
  case engine::ExternKind::Func:
    return store.createHostFunction(
        spec.func,
        [printTo](engine::HostContext &, std::span<const engine::Value> args,
                  std::span<engine::Value>) -> Result<void> {
          if (printTo != nullptr) {
            const std::string text = formatPrint(args);
            static_cast<void>(std::fputs(text.c_str(), printTo)); // output is best effort
          }
          return {};
        });
  case engine::ExternKind::Table:
    return store.createTable(spec.table, spec.initial);
  case engine::ExternKind::Memory:
    return store.createMemory(spec.memory);
  case engine::ExternKind::Global:
    return store.createGlobal(spec.global, spec.initial);
  }
  return fail(ErrorCode::Internal, "unknown extern kind");
}

} // namespace

Result<void> defineSpectestModule(engine::Store &store, engine::Linker &linker,
                                  std::FILE *printTo) {
  for (const HostExportSpec &spec : spectestExports()) {
    const engine::Extern object =
        TRY(createExport(store, spec, printTo).context(fmt::format("spectest.{}", spec.name)));
    linker.define(std::string(kSpectestModule), std::string(spec.name), object);
  }
  return {};
}

} // namespace runw::spectest
