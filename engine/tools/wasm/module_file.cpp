// SPDX-License-Identifier: Apache-2.0
#include "module_file.h"

#include "support/unique_fd.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace runw::wasmtool {

namespace {

// Modules are read whole; 1 GiB is far beyond any real module and keeps a mistaken path
// (a disk image, /dev/zero) from eating memory.
constexpr size_t kMaxModuleBytes = size_t{1} << 30;

Result<std::vector<uint8_t>> readModule(const std::string &path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    return failErrno(fmt::format("cannot open {}", path));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return fail(ErrorCode::Invalid, fmt::format("{} is not a regular file", path));
  }
  if (static_cast<uint64_t>(info.st_size) > kMaxModuleBytes) {
    return fail(ErrorCode::Limit, fmt::format("{} is larger than 1 GiB", path));
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(info.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return failErrno(fmt::format("cannot read {}", path), got == 0 ? EIO : errno);
    }
    done += static_cast<size_t>(got);
  }
  return bytes;
}

} // namespace

std::optional<engine::ValidatedModule> loadValidated(const std::string &path) {
  auto bytes = readModule(path);
  if (!bytes) {
    fmt::print(stderr, "runw-wasm: {}\n", bytes.error().describe());
    return std::nullopt;
  }
  // A file that does not even start with the magic is some other kind of file; say so rather
  // than report a decoding offset. Wasm with a wrong version or a bad body goes to the loader.
  static constexpr std::array<uint8_t, 4> kMagic{0x00, 0x61, 0x73, 0x6d};
  if (bytes->size() < kMagic.size() || !std::equal(kMagic.begin(), kMagic.end(), bytes->begin())) {
    fmt::print(stderr, "runw-wasm: {}: not a WebAssembly module (no \\0asm magic)\n", path);
    return std::nullopt;
  }
  auto module = engine::load(std::move(*bytes));
  if (!module) {
    fmt::print(stderr, "runw-wasm: {}: malformed module: {}\n", path, module.error().describe());
    return std::nullopt;
  }
  auto validated = engine::validate(std::move(*module));
  if (!validated) {
    fmt::print(stderr, "runw-wasm: {}: invalid module: {}\n", path, validated.error().describe());
    return std::nullopt;
  }
  return std::move(*validated);
}

} // namespace runw::wasmtool
