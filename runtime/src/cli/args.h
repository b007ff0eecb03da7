// SPDX-License-Identifier: Apache-2.0
// Table-driven command-line flag parser with runc's (Go flag / urfave/cli) grammar.
#pragma once

#include "support/result.h"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace runw::runtime::cli {

/// How a flag takes its value.
enum class FlagKind {
  Bool,  ///< `--debug`, or `--debug=false`; never consumes the next argument
  Value, ///< `--root DIR` or `--root=DIR`; the last occurrence wins
  List,  ///< like Value, but every occurrence is kept (`-e A -e B`)
};

/// One row of a flag table.
struct FlagSpec {
  std::string_view name;  ///< long name without dashes, e.g. "bundle"
  std::string_view alias; ///< short name without dashes, e.g. "b"; may be empty
  FlagKind kind = FlagKind::Bool;
  std::string_view valueName; ///< placeholder in help output, e.g. "DIR"
  std::string_view help;      ///< one-line description for help output
};

/// The flags found on a command line, keyed by FlagSpec::name.
class ParsedFlags {
public:
  /// True when the flag appeared at least once.
  [[nodiscard]] bool has(std::string_view name) const;
  /// A Bool flag's value: false when absent.
  [[nodiscard]] bool isSet(std::string_view name) const;
  /// The last value given to a Value flag, if any.
  [[nodiscard]] std::optional<std::string> value(std::string_view name) const;
  /// Every value given to a List flag, in command-line order.
  [[nodiscard]] std::vector<std::string> values(std::string_view name) const;
  /// Records one occurrence (Bool flags store "true" or "false").
  void add(std::string_view name, std::string value);

private:
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

/// What parseFlags found: the flags and the remaining positional arguments.
struct ParsedArgs {
  ParsedFlags flags;                    ///< flags by long name
  std::vector<std::string> positionals; ///< non-flag arguments, in order
};

/// Where flag parsing stops.
struct ParseOptions {
  /// Stop treating `-x` as a flag once this many positional arguments were seen; everything
  /// after goes to positionals verbatim. Global options use 1 (the command name ends them),
  /// like `exec` (the container id ends its flags, so `exec ID ls -l` keeps `-l`); nullopt
  /// lets flags and positionals interleave, as runc's other subcommands do.
  std::optional<size_t> stopAfterPositionals;
  /// Prefix of error messages, e.g. "runw spec".
  std::string_view context = "runw";
};

/// Parses args against table. Accepted spellings: `--name value`, `--name=value`,
/// `-name value`, `-name=value`, `-alias value`, `-alias=value`, `--alias`; Bool flags take
/// an optional `=true|false` (Go strconv.ParseBool spellings). `--` ends the flags and `-`
/// alone is a positional. A Value flag takes the next argument even when it starts with
/// `-`, as Go's flag package does (so `--resources -` works).
Result<ParsedArgs> parseFlags(std::span<const FlagSpec> table, std::span<const std::string> args,
                              const ParseOptions &options);

/// Go's strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False.
std::optional<bool> parseBool(std::string_view text);

} // namespace runw::runtime::cli
