// SPDX-License-Identifier: Apache-2.0
// The load and validate steps of the embedding API, over the loader and the validator.
#include "api/module_impl.h"
#include "loader/loader.h"
#include "validator/validator.h"

#include "engine/engine.h"

#include <utility>

namespace runw::engine {
namespace {

ImportDesc describeImport(const ast::Module &module, const ast::Import &import) {
  ImportDesc out;
  out.module = import.module;
  out.name = import.name;
  out.kind = import.kind;
  if (import.kind == ExternKind::Func && import.funcTypeIndex < module.types.size()) {
    out.func = module.types[import.funcTypeIndex];
  }
  out.table = import.table;
  out.memory = import.memory;
  out.global = import.global;
  return out;
}

std::vector<ImportDesc> describeImports(const ast::Module &module) {
  std::vector<ImportDesc> out;
  out.reserve(module.imports.size());
  for (const ast::Import &import : module.imports) {
    out.push_back(describeImport(module, import));
  }
  return out;
}

std::vector<ExportDesc> describeExports(const ast::Module &module) {
  std::vector<ExportDesc> out;
  out.reserve(module.exports.size());
  for (const ast::Export &exported : module.exports) {
    out.push_back(ExportDesc{exported.name, exported.kind});
  }
  return out;
}

} // namespace

Module::Module(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Module::Module(Module &&) noexcept = default;
Module &Module::operator=(Module &&) noexcept = default;
Module::~Module() = default;

std::vector<ImportDesc> Module::imports() const { return describeImports(impl_->ast); }
std::vector<ExportDesc> Module::exports() const { return describeExports(impl_->ast); }

ValidatedModule::ValidatedModule(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
ValidatedModule::ValidatedModule(ValidatedModule &&) noexcept = default;
ValidatedModule &ValidatedModule::operator=(ValidatedModule &&) noexcept = default;
ValidatedModule::~ValidatedModule() = default;

std::vector<ImportDesc> ValidatedModule::imports() const { return describeImports(impl_->ast); }
std::vector<ExportDesc> ValidatedModule::exports() const { return describeExports(impl_->ast); }

std::vector<FunctionExportDesc> ValidatedModule::exportedFunctions() const {
  const ast::Module &module = impl_->ast;
  std::vector<uint32_t> typeOf;
  for (const ast::Import &import : module.imports) {
    if (import.kind == ExternKind::Func) {
      typeOf.push_back(import.funcTypeIndex);
    }
  }
  typeOf.insert(typeOf.end(), module.functionTypeIndices.begin(), module.functionTypeIndices.end());
  std::vector<FunctionExportDesc> out;
  for (const ast::Export &exported : module.exports) {
    if (exported.kind == ExternKind::Func) {
      out.push_back(FunctionExportDesc{exported.name, module.types[typeOf[exported.index]]});
    }
  }
  return out;
}

Result<Module> load(std::span<const uint8_t> bytes) {
  ast::Module module = TRY(loader::loadModule(bytes));
  return Module(std::make_unique<Module::Impl>(Module::Impl{std::move(module)}));
}

Result<Module> load(std::vector<uint8_t> &&bytes) {
  ast::Module module = TRY(loader::loadModule(std::move(bytes)));
  return Module(std::make_unique<Module::Impl>(Module::Impl{std::move(module)}));
}

Result<ValidatedModule> validate(Module &&module) {
  TRY(validator::validateModule(module.impl().ast));
  auto impl = std::make_shared<ValidatedModule::Impl>();
  impl->ast = std::move(module.impl().ast);
  impl->functions = TRY(interp::compileModule(impl->ast));
  return ValidatedModule(std::move(impl));
}

} // namespace runw::engine
