// SPDX-License-Identifier: Apache-2.0
// The loader: WebAssembly binary bytes to an unvalidated ast::Module (core spec 5), syntax only.
#pragma once

#include "ast/module.h"

#include "support/result.h"

#include <cstdint>
#include <span>
#include <vector>

namespace runw::engine::loader {

/// Decodes a WebAssembly 2.0 binary: preamble, every section in the required order, and the
/// counts that must agree between sections (function/code, data count/data). It checks syntax
/// only; index spaces, types and constness are the validator's. Function bodies are kept as
/// byte ranges with their locals decoded; constant expressions are decoded only to find their
/// end. The "name" custom section fills Module::names when it is well formed and is ignored
/// otherwise.
///
/// Failures are ErrorCode::Invalid with the message "offset 0x<hex>: <text>", where text is
/// the reference interpreter's ("unexpected end", "section size mismatch", "malformed UTF-8
/// encoding", ...) so spec tests can match it. A function declaring more than kMaxLocals
/// locals fails with ErrorCode::Limit ("too many locals"); a binary over 4 GiB with
/// ErrorCode::Limit.
Result<ast::Module> loadModule(std::span<const uint8_t> bytes);
/// The same, keeping `bytes` as the module's own instead of copying them.
Result<ast::Module> loadModule(std::vector<uint8_t> &&bytes);

} // namespace runw::engine::loader
