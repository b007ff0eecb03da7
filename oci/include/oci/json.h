// SPDX-License-Identifier: Apache-2.0
// Parsing and serializing the OCI documents: strict, bounded, with errors that name the JSON path.
#pragma once

#include "oci/spec.h"
#include "support/result.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace runw::oci {

/// Bounds applied before and while parsing, so hostile input cannot exhaust memory or stack.
struct ParseLimits {
  /// Largest accepted document. Real config.json files are a few KiB; a seccomp profile
  /// adds tens of KiB.
  size_t maxBytes = size_t{32} << 20;
  /// Deepest accepted nesting of objects and arrays. config.json needs 7.
  size_t maxDepth = 128;
};

/// How serialize() lays out its output.
struct SerializeOptions {
  /// Spaces (or tabs) per level; negative writes one compact line.
  int indent = -1;
  /// Character used for indentation (runc writes config.json with tabs).
  char indentChar = ' ';
};

/// Parses a config.json document. Errors read like `process.args[0]: expected string, got number`.
Result<Spec> parseSpec(std::string_view json, const ParseLimits &limits = {});
/// Parses a process document (`runw exec --process FILE`).
Result<Process> parseProcess(std::string_view json, const ParseLimits &limits = {});
/// Parses a resources document (`runw update --resources FILE`).
Result<Resources> parseResources(std::string_view json, const ParseLimits &limits = {});

/// Serializes a config.json document.
std::string serialize(const Spec &spec, const SerializeOptions &options = {});
/// Serializes a process document.
std::string serialize(const Process &process, const SerializeOptions &options = {});
/// Serializes a resources document.
std::string serialize(const Resources &resources, const SerializeOptions &options = {});

/// Reads a whole file of at most limits.maxBytes bytes (for config.json and friends).
Result<std::string> readDocumentFile(const std::string &path, const ParseLimits &limits = {});

} // namespace runw::oci
