// SPDX-License-Identifier: Apache-2.0
// `containerd-shim-runw-v2 -info`: containerd 2.x's runtime introspection.
#include "runtime_info.h"

#include "containerd/types/introspection.pb.h"

#include "support/unique_fd.h"
#include "support/version.h"

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ; // NOLINT(readability-redundant-declaration)

namespace runw::shim {

namespace {

constexpr std::string_view kRuntimeName = "io.containerd.runw.v2";
// The type containerd's runc shim gives the features document (runtime-spec features.md).
constexpr std::string_view kFeaturesTypeUrl =
    "types.containerd.io/opencontainers/runtime-spec/1/features/Features";

// Reads a pipe to its end.
std::string readToEnd(int fd) {
  std::string out;
  std::array<char, 4096> buffer{};
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return out;
    }
    out.append(buffer.data(), static_cast<std::size_t>(n));
  }
}

} // namespace

std::string encodeRuntimeInfo(std::string_view optionsInput, const std::string &featuresJson) {
  containerd::types::RuntimeInfo info;
  info.set_name(std::string(kRuntimeName));
  info.mutable_version()->set_version(version::kRunw);
  info.mutable_version()->set_revision(version::kCommit);
  google::protobuf::Any options;
  if (!optionsInput.empty() &&
      options.ParseFromArray(optionsInput.data(), static_cast<int>(optionsInput.size())) &&
      !options.type_url().empty()) {
    *info.mutable_options() = options;
  }
  if (!featuresJson.empty()) {
    info.mutable_features()->set_type_url(std::string(kFeaturesTypeUrl));
    info.mutable_features()->set_value(featuresJson);
  }
  return info.SerializeAsString();
}

std::string runtimeFeaturesJson(const std::string &runw) {
  std::array<int, 2> pipe{};
  if (::pipe2(pipe.data(), O_CLOEXEC) != 0) {
    return "";
  }
  UniqueFd readEnd(pipe[0]);
  UniqueFd writeEnd(pipe[1]);
  std::vector<std::string> args{runw, "features"};
  std::vector<char *> argv;
  for (std::string &arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  writeEnd.reset();
  if (rc != 0) {
    return "";
  }
  std::string json = readToEnd(readEnd.get());
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? json : "";
}

} // namespace runw::shim
