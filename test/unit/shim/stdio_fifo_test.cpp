// SPDX-License-Identifier: Apache-2.0
// openStdio: the fds a process without a terminal gets for containerd's stdio fifos.
#include "stdio_fifo.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace runw::shim {
namespace {

class StdioFifo : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("runw-stdio-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    fifo_ = (dir_ / "stdout").string();
    ASSERT_EQ(::mkfifo(fifo_.c_str(), 0600), 0);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string fifo_;
};

TEST_F(StdioFifo, OutputSurvivesTheReaderLeaving) {
  // containerd's reader comes and goes; the process's writes must not fail with EPIPE.
  UniqueFd reader(::open(fifo_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  ASSERT_TRUE(reader);
  auto out = openStdio(fifo_, true);
  ASSERT_TRUE(out.has_value()) << out.error().describe();
  reader.reset();
  std::signal(SIGPIPE, SIG_IGN);
  ASSERT_EQ(::write(out->get(), "kept", 4), 4) << std::strerror(errno);
  // The next reader gets what was written meanwhile.
  UniqueFd next(::open(fifo_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  char buffer[8] = {};
  ASSERT_EQ(::read(next.get(), buffer, sizeof buffer), 4);
  EXPECT_EQ(std::string(buffer, 4), "kept");
}

TEST_F(StdioFifo, StdinReadsEofWhenContainerdCloses) {
  // Opening must not block although containerd's writer is not there yet.
  auto in = openStdio(fifo_, false);
  ASSERT_TRUE(in.has_value()) << in.error().describe();
  UniqueFd writer(::open(fifo_.c_str(), O_WRONLY | O_CLOEXEC));
  ASSERT_TRUE(writer);
  ASSERT_EQ(::write(writer.get(), "x", 1), 1);
  writer.reset();
  char buffer[4] = {};
  EXPECT_EQ(::read(in->get(), buffer, sizeof buffer), 1);
  EXPECT_EQ(::read(in->get(), buffer, sizeof buffer), 0); // EOF: the shim holds no writer
}

TEST_F(StdioFifo, EmptyPathIsDevNullAndUnknownSchemesAreRefused) {
  auto null = openStdio("", true);
  ASSERT_TRUE(null.has_value());
  EXPECT_EQ(::write(null->get(), "x", 1), 1);
  EXPECT_FALSE(openStdio("binary:///usr/bin/logger", true).has_value());
}

} // namespace
} // namespace runw::shim
