// SPDX-License-Identifier: Apache-2.0
// Unit tests of preloadWasm: the module a wasm workload runs, decoded and validated before start.
#include "process/workload.h"

#include "engine/engine.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace runw::runtime::process {
namespace {

// The smallest valid module: the preamble and no sections.
constexpr std::string_view kEmptyModule{"\0asm\x01\0\0\0", 8};
// The preamble, then a section of id 1 that claims more bytes than there are: malformed.
constexpr std::string_view kTruncatedModule{"\0asm\x01\0\0\0\x01\x7f\x00", 11};

class PreloadWasm : public ::testing::Test {
protected:
  void SetUp() override {
    char pattern[] = "/tmp/runw-preload-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string &name, std::string_view bytes) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<long>(bytes.size()));
    return path;
  }

  std::string dir_;
};

TEST_F(PreloadWasm, ValidModuleIsKeptForTheRun) {
  Workload workload{write("ok.wasm", kEmptyModule), true, nullptr};
  preloadWasm(workload);
  ASSERT_NE(workload.module, nullptr);
  EXPECT_TRUE(workload.module->exports().empty());
}

TEST_F(PreloadWasm, MalformedModuleIsLeftForTheRunToReport) {
  Workload workload{write("bad.wasm", kTruncatedModule), true, nullptr};
  preloadWasm(workload);
  EXPECT_EQ(workload.module, nullptr);
}

TEST_F(PreloadWasm, MissingFileIsLeftForTheRunToReport) {
  Workload workload{dir_ + "/absent.wasm", true, nullptr};
  preloadWasm(workload);
  EXPECT_EQ(workload.module, nullptr);
}

TEST_F(PreloadWasm, NativeWorkloadIsNotRead) {
  Workload workload{write("native-but-wasm-bytes", kEmptyModule), false, nullptr};
  preloadWasm(workload);
  EXPECT_EQ(workload.module, nullptr);
}

TEST_F(PreloadWasm, ModuleBiggerThanOneReadIsReadWhole) {
  // A custom section of 200 KiB: the file needs several reads and must arrive intact to load.
  std::string bytes(kEmptyModule);
  const size_t payload = 200 * 1024;
  const std::string name = "big";
  const size_t size = 1 + name.size() + payload;
  bytes += '\0'; // custom section id
  for (size_t rest = size;; rest >>= 7) {
    const auto low = static_cast<char>(rest & 0x7f);
    if (rest < 0x80) {
      bytes += low;
      break;
    }
    bytes += static_cast<char>(low | 0x80);
  }
  bytes += static_cast<char>(name.size());
  bytes += name;
  bytes.append(payload, 'x');
  Workload workload{write("big.wasm", bytes), true, nullptr};
  preloadWasm(workload);
  EXPECT_NE(workload.module, nullptr);
  // One byte short of the section's size is malformed, so a short read would show.
  bytes.pop_back();
  Workload truncated{write("short.wasm", bytes), true, nullptr};
  preloadWasm(truncated);
  EXPECT_EQ(truncated.module, nullptr);
}

} // namespace
} // namespace runw::runtime::process
