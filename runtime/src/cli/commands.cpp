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

constexpr std::array kCreateFlags{
    FlagSpec{"bundle", "b", Value, "DIR",
             "path to the root of the bundle directory, defaults to the current directory"},
    FlagSpec{"console-socket", "", Value, "PATH",
             "path to an AF_UNIX socket which will receive a file descriptor referencing the "
             "master end of the console's pseudoterminal"},
    FlagSpec{"pidfd-socket", "", Value, "PATH", "accepted; runw does not send a pidfd"},
    FlagSpec{"pid-file", "", Value, "FILE", "specify the file to write the process id to"},
    FlagSpec{"no-pivot", "", Bool, "",
             "do not use pivot root to jail process inside rootfs; this should be used whenever "
             "the rootfs is on top of a ramdisk"},
    FlagSpec{"no-new-keyring", "", Bool, "",
             "do not create a new session keyring for the container"},
    FlagSpec{"preserve-fds", "", Value, "N",
             "pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in "
             "total)"},
};

constexpr std::array kRunFlags{
    FlagSpec{"bundle", "b", Value, "DIR",
             "path to the root of the bundle directory, defaults to the current directory"},
    FlagSpec{"console-socket", "", Value, "PATH",
             "path to an AF_UNIX socket which will receive the console's pseudoterminal master"},
    FlagSpec{"pidfd-socket", "", Value, "PATH", "accepted; runw does not send a pidfd"},
    FlagSpec{"detach", "d", Bool, "", "detach from the container's process"},
    FlagSpec{"keep", "", Bool, "", "do not delete the container after it exits"},
    FlagSpec{"pid-file", "", Value, "FILE", "specify the file to write the process id to"},
    FlagSpec{"no-subreaper", "", Bool, "", "disable the use of the subreaper (accepted)"},
    FlagSpec{"no-pivot", "", Bool, "", "do not use pivot root to jail process inside rootfs"},
    FlagSpec{"no-new-keyring", "", Bool, "",
             "do not create a new session keyring for the container"},
    FlagSpec{"preserve-fds", "", Value, "N", "pass N additional file descriptors to the container"},
};

constexpr std::array kDeleteFlags{
    FlagSpec{"force", "f", Bool, "",
             "forcibly deletes the container if it is still running (uses SIGKILL)"},
};

constexpr std::array kKillFlags{
    FlagSpec{"all", "a", Bool, "",
             "send the specified signal to all processes inside the container"},
};

constexpr std::array kFormatFlags{
    FlagSpec{"format", "f", Value, "FORMAT", "select one of: table or json (default: \"table\")"},
};

constexpr std::array kListFlags{
    FlagSpec{"format", "f", Value, "FORMAT", "select one of: table or json (default: \"table\")"},
    FlagSpec{"quiet", "q", Bool, "", "display only container IDs"},
};

constexpr std::array kExecFlags{
    FlagSpec{"console-socket", "", Value, "PATH",
             "path to an AF_UNIX socket which will receive the console's pseudoterminal master"},
    FlagSpec{"pidfd-socket", "", Value, "PATH", "accepted; runw does not send a pidfd"},
    FlagSpec{"cwd", "", Value, "DIR", "current working directory in the container"},
    FlagSpec{"env", "e", List, "KEY=VALUE", "set environment variables"},
    FlagSpec{"tty", "t", Bool, "", "allocate a pseudo-TTY"},
    FlagSpec{"user", "u", Value, "UID[:GID]", "UID (format: <uid>[:<gid>])"},
    FlagSpec{"additional-gids", "g", List, "GID", "additional gids"},
    FlagSpec{"process", "p", Value, "FILE", "path to the process.json"},
    FlagSpec{"detach", "d", Bool, "", "detach from the container's process"},
    FlagSpec{"pid-file", "", Value, "FILE", "specify the file to write the process id to"},
    FlagSpec{"process-label", "", Value, "LABEL", "set the asm process label (accepted)"},
    FlagSpec{"apparmor", "", Value, "PROFILE", "set the apparmor profile (accepted)"},
    FlagSpec{"no-new-privs", "", Bool, "", "set the no new privileges value for the process"},
    FlagSpec{"cap", "c", List, "CAP", "add a capability to the bounding set for the process"},
    FlagSpec{"preserve-fds", "", Value, "N", "pass N additional file descriptors to the process"},
    FlagSpec{"cgroup", "", List, "PATH", "run in a sub-cgroup (accepted, not applied)"},
    FlagSpec{"ignore-paused", "", Bool, "", "allow exec in a paused container (accepted)"},
};

constexpr std::array kEventsFlags{
    FlagSpec{"interval", "", Value, "DURATION", "set the stats collection interval (default: 5s)"},
    FlagSpec{"stats", "", Bool, "", "display the container's stats then exit"},
};

constexpr std::array kUpdateFlags{
    FlagSpec{"resources", "r", Value, "FILE",
             "path to the file containing the resources to update or '-' to read from stdin"},
    FlagSpec{"memory", "", Value, "BYTES", "memory limit (in bytes)"},
    FlagSpec{"memory-swap", "", Value, "BYTES", "total memory usage (memory + swap)"},
    FlagSpec{"pids-limit", "", Value, "N", "maximum number of pids allowed in the container"},
    FlagSpec{"cpu-quota", "", Value, "US", "CPU CFS hardcap limit (in usecs)"},
    FlagSpec{"cpu-period", "", Value, "US", "CPU CFS period to be used for hardcapping"},
    FlagSpec{"cpu-share", "", Value, "N", "CPU shares (relative weight vs. other containers)"},
    FlagSpec{"cpuset-cpus", "", Value, "LIST", "CPU(s) to use"},
    FlagSpec{"cpuset-mems", "", Value, "LIST", "memory node(s) to use"},
};

constexpr std::span<const FlagSpec> kNoFlags{};
constexpr std::optional<size_t> kUnbounded = std::nullopt;

// runc's order and one-line usages (runc main.go and the *.go command files). Implementing a
// command means giving its row a handler and a flag table; until then the row's nullptr
// handler makes runw report "not implemented yet" instead of silently doing nothing.
constexpr std::array kCommands{
    CommandSpec{"checkpoint", "", "<container-id>", "checkpoint a running container", kNoFlags, 1,
                1, kUnbounded, nullptr},
    CommandSpec{"create", "", "<container-id>", "create a container", kCreateFlags, 1, 1,
                kUnbounded, cmdCreate},
    CommandSpec{"delete", "", "<container-id>",
                "delete any resources held by the container often used with detached container",
                kDeleteFlags, 1, 1, kUnbounded, cmdDelete},
    CommandSpec{"events", "", "<container-id>",
                "display container events such as OOM notifications, cpu, memory, and IO usage "
                "statistics",
                kEventsFlags, 1, 1, kUnbounded, cmdEvents},
    // exec stops parsing flags after the container id so `exec ID ls -l` keeps `-l`.
    CommandSpec{"exec", "",
                "<container-id> <command> [command options] || -p process.json <container-id>",
                "execute new process inside the container", kExecFlags, 1, kUnbounded, 1, cmdExec},
    CommandSpec{"kill", "", "<container-id> [signal]",
                "kill sends the specified signal (default: SIGTERM) to the container's init "
                "process",
                kKillFlags, 1, 2, kUnbounded, cmdKill},
    CommandSpec{"list", "", "", "lists containers started by runw with the given root", kListFlags,
                0, 0, kUnbounded, cmdList},
    CommandSpec{"pause", "", "<container-id>", "pause suspends all processes inside the container",
                kNoFlags, 1, 1, kUnbounded, cmdPause},
    CommandSpec{"ps", "", "<container-id> [ps options]",
                "ps displays the processes running inside a container", kFormatFlags, 1, kUnbounded,
                kUnbounded, cmdPs},
    CommandSpec{"restore", "", "<container-id>", "restore a container from a previous checkpoint",
                kNoFlags, 1, 1, kUnbounded, nullptr},
    CommandSpec{"resume", "", "<container-id>",
                "resumes all processes that have been previously paused", kNoFlags, 1, 1,
                kUnbounded, cmdResume},
    CommandSpec{"run", "", "<container-id>", "create and run a container", kRunFlags, 1, 1,
                kUnbounded, cmdRun},
    CommandSpec{"spec", "", "", "create a new specification file", kSpecFlags, 0, 0, kUnbounded,
                cmdSpec},
    CommandSpec{"start", "", "<container-id>",
                "executes the user defined process in a created container", kNoFlags, 1, 1,
                kUnbounded, cmdStart},
    CommandSpec{"state", "", "<container-id>", "output the state of a container", kNoFlags, 1, 1,
                kUnbounded, cmdState},
    CommandSpec{"update", "", "<container-id>", "update container resource constraints",
                kUpdateFlags, 1, 1, kUnbounded, cmdUpdate},
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
