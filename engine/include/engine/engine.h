// SPDX-License-Identifier: Apache-2.0
// Public facade of runw's WebAssembly engine. Today: identity and module detection; loading,
// validation and execution arrive with the engine issue.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace runw::engine {

/// The engine's own version string.
std::string_view version();

/// The WebAssembly core specification version the engine targets.
std::string_view targetWasmVersion();

/// True when bytes start with the WebAssembly binary preamble: the magic "\0asm" followed by
/// binary format version 1 (core spec 5.5.16 "Modules"). This is what decides that a
/// container's entrypoint is a wasm module when no annotation says so.
bool hasWasmPreamble(std::span<const uint8_t> bytes);

} // namespace runw::engine
