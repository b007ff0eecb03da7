// SPDX-License-Identifier: Apache-2.0
// The wast2json driver: converts a .wast script into a temporary directory and parses it.
#pragma once

#include "spectest/command.h"

#include "support/result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace runw::spectest {

/// The Debian package that provides wast2json, named in the "not found" error.
inline constexpr std::string_view kWast2JsonPackage = "wabt";

/// A private temporary directory, removed with its contents when the object is destroyed.
class TempDir {
public:
  /// Creates a fresh directory under $TMPDIR (or /tmp) named `<prefix>XXXXXX`.
  static Result<TempDir> create(std::string_view prefix);
  TempDir(TempDir &&other) noexcept;
  TempDir &operator=(TempDir &&other) noexcept;
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  ~TempDir();

  /// The directory's path (empty after being moved from).
  [[nodiscard]] const std::filesystem::path &path() const { return path_; }

private:
  explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
  void remove() noexcept;
  std::filesystem::path path_;
};

/// A converted script: its commands and the directory holding the module files they name.
struct ConvertedScript {
  TempDir dir;
  Script script;
};

/// Runs `wast2json FILE -o DIR/<stem>.json` (posix_spawnp; `program` may be a path) and parses
/// the result. A missing program is ErrorCode::NotFound naming the package; a failing
/// conversion is ErrorCode::Invalid carrying wast2json's own message.
Result<ConvertedScript> convertWast(const std::filesystem::path &wastFile,
                                    const std::string &program = "wast2json");

/// Reads a module file a command names, relative to the converted script's directory.
Result<std::vector<uint8_t>> readModuleFile(const ConvertedScript &converted,
                                            std::string_view filename);

} // namespace runw::spectest
