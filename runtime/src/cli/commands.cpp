// SPDX-License-Identifier: Apache-2.0
// The global flag table and the command table with every runc subcommand.
#include "commands.h"

#include "support/strings.h"

#include <array>
#include <climits>
#include <string>
#include <unistd.h>
#include <vector>

namespace runw::runtime::cli {
namespace {

using enum FlagKind;

constexpr std::array kGlobalFlags{
    FlagSpec{"debug", "", Bool, "", "enable debug logging"},
    FlagSpec{"log", "", Value, "FILE",
             "set the log file to write runw logs to (default is '/dev/stderr')"},
    FlagSpec{"log-format", "", Value, "FORMAT", "set the log format ('text' (default), or 'json')"},
    FlagSpec{"root", "", Value, "DIR",
             "root directory for storage of container state (this should be located in tmpfs) "
             "(default: \"/run/runw\")"},
    FlagSpec{"systemd-cgroup", "", Bool, "",
             "enable systemd cgroup support, expects cgroupsPath to be of form "
             "\"slice:prefix:name\" for e.g. \"system.slice:runw:434234\""},
    FlagSpec{"rootless", "", Value, "MODE",
             "ignore cgroup permission errors ('true', 'false', or 'auto') (default: \"auto\")"},
    FlagSpec{"help", "h", Bool, "", "show help"},
    FlagSpec{"version", "v", Bool, "", "print the version"},
};

constexpr std::array kSpecFlags{
    FlagSpec{"bundle", "b", Value, "DIR", "path to the root of the bundle directory"},
    FlagSpec{"rootless", "", Bool, "", "generate a configuration for a rootless container"},
};

constexpr std::span<const FlagSpec> kNoFlags{};
constexpr std::optional<size_t> kUnbounded = std::nullopt;

// runc's order and one-line usages (runc main.go and the *.go command files). Implementing a
// command means giving its row a handler and a flag table; until then the row's nullptr
// handler makes runw report "not implemented yet" instead of silently doing nothing.
constexpr std::array kCommands{
    CommandSpec{"checkpoint", "", "<container-id>", "checkpoint a running container", kNoFlags, 1,
                1, kUnbounded, nullptr},
    CommandSpec{"create", "", "<container-id>", "create a container", kNoFlags, 1, 1, kUnbounded,
                nullptr},
    CommandSpec{"delete", "", "<container-id>",
                "delete any resources held by the container often used with detached container",
                kNoFlags, 1, 1, kUnbounded, nullptr},
    CommandSpec{"events", "", "<container-id>",
                "display container events such as OOM notifications, cpu, memory, and IO usage "
                "statistics",
                kNoFlags, 1, 1, kUnbounded, nullptr},
    // exec stops parsing flags after the container id so `exec ID ls -l` keeps `-l`.
    CommandSpec{"exec", "",
                "<container-id> <command> [command options] || -p process.json <container-id>",
                "execute new process inside the container", kNoFlags, 1, kUnbounded, 1, nullptr},
    CommandSpec{"kill", "", "<container-id> [signal]",
                "kill sends the specified signal (default: SIGTERM) to the container's init "
                "process",
                kNoFlags, 1, 2, kUnbounded, nullptr},
    CommandSpec{"list", "", "", "lists containers started by runw with the given root", kNoFlags, 0,
                0, kUnbounded, nullptr},
    CommandSpec{"pause", "", "<container-id>", "pause suspends all processes inside the container",
                kNoFlags, 1, 1, kUnbounded, nullptr},
    CommandSpec{"ps", "", "<container-id> [ps options]",
                "ps displays the processes running inside a container", kNoFlags, 1, kUnbounded,
                kUnbounded, nullptr},
    CommandSpec{"restore", "", "<container-id>", "restore a container from a previous checkpoint",
                kNoFlags, 1, 1, kUnbounded, nullptr},
    CommandSpec{"resume", "", "<container-id>",
                "resumes all processes that have been previously paused", kNoFlags, 1, 1,
                kUnbounded, nullptr},
    CommandSpec{"run", "", "<container-id>", "create and run a container", kNoFlags, 1, 1,
                kUnbounded, nullptr},
    CommandSpec{"spec", "", "", "create a new specification file", kSpecFlags, 0, 0, kUnbounded,
                cmdSpec},
    CommandSpec{"start", "", "<container-id>",
                "executes the user defined process in a created container", kNoFlags, 1, 1,
                kUnbounded, nullptr},
    CommandSpec{"state", "", "<container-id>", "output the state of a container", kNoFlags, 1, 1,
                kUnbounded, nullptr},
    CommandSpec{"update", "", "<container-id>", "update container resource constraints", kNoFlags,
                1, 1, kUnbounded, nullptr},
    CommandSpec{"features", "", "", "show the enabled features", kNoFlags, 0, 0, kUnbounded,
                cmdFeatures},
    CommandSpec{"help", "h", "[command]", "Shows a list of commands or help for one command",
                kNoFlags, 0, 1, kUnbounded, cmdHelp},
};

// Go's filepath.Abs: join with the working directory, then clean lexically.
Result<std::string> absolutePath(std::string_view path) {
  std::string joined;
  if (!path.starts_with('/')) {
    std::array<char, PATH_MAX> cwd{};
    if (::getcwd(cwd.data(), cwd.size()) == nullptr) {
      return failErrno("getcwd");
    }
    joined = strprintf("{}/", cwd.data());
  }
  joined += path;
  std::vector<std::string_view> parts;
  for (const auto part : split(joined, '/')) {
    if (part.empty() || part == ".") {
      continue;
    }
    if (part == "..") {
      if (!parts.empty()) {
        parts.pop_back();
      }
      continue;
    }
    parts.push_back(part);
  }
  return strprintf("/{}", join(parts, "/"));
}

Result<RootlessMode> parseRootless(std::string_view text) {
  if (text == "auto") {
    return RootlessMode::Auto;
  }
  if (const auto value = parseBool(text)) {
    return *value ? RootlessMode::True : RootlessMode::False;
  }
  return fail(ErrorCode::Invalid,
              strprintf("invalid --rootless value '{}' (want true, false or auto)", text));
}

} // namespace

std::span<const CommandSpec> commandTable() { return kCommands; }

std::span<const FlagSpec> globalFlags() { return kGlobalFlags; }

const CommandSpec *findCommand(std::string_view name) {
  for (const auto &command : kCommands) {
    if (command.name == name || (!command.alias.empty() && command.alias == name)) {
      return &command;
    }
  }
  return nullptr;
}

Result<GlobalOptions> makeGlobalOptions(const ParsedFlags &flags) {
  GlobalOptions options;
  if (const auto root = flags.value("root")) {
    options.root = TRY(absolutePath(*root));
    // "", "." in / or "../.." resolve to / as well; state files must never land there.
    if (options.root == "/") {
      return fail(ErrorCode::Invalid, "Option --root argument should not be set to /");
    }
  }
  options.logPath = flags.value("log").value_or("");
  const std::string format = flags.value("log-format").value_or("text");
  if (format == "json") {
    options.logFormat = LogFormat::Json;
  } else if (format != "text" && !format.empty()) {
    return fail(ErrorCode::Invalid, strprintf("invalid log-format: {}", format));
  }
  options.debug = flags.isSet("debug");
  options.systemdCgroup = flags.isSet("systemd-cgroup");
  options.rootless = TRY(parseRootless(flags.value("rootless").value_or("auto")));
  options.help = flags.isSet("help");
  options.version = flags.isSet("version");
  return options;
}

} // namespace runw::runtime::cli
