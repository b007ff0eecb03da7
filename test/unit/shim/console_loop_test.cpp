// SPDX-License-Identifier: Apache-2.0
// ConsoleLoop: copying between a pty pair and pipes/fifos, EOF on CloseIO, drain at exit, resize.
#include "console_loop.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <future>
#include <poll.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace runw::shim {
namespace {

using namespace std::chrono_literals;

struct PtyPair {
  UniqueFd master; ///< non-blocking, as the console socket hands it over
  UniqueFd slave;  ///< blocking, as a program uses it
};

PtyPair openPty(bool raw) {
  PtyPair pty;
  pty.master.reset(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
  EXPECT_TRUE(pty.master);
  EXPECT_EQ(::unlockpt(pty.master.get()), 0);
  pty.slave.reset(::ioctl(pty.master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
  EXPECT_TRUE(pty.slave);
  termios modes{};
  EXPECT_EQ(::tcgetattr(pty.slave.get(), &modes), 0);
  if (raw) {
    ::cfmakeraw(&modes);
  } else {
    modes.c_lflag &= ~static_cast<tcflag_t>(ECHO); // keep the output free of our own input
  }
  EXPECT_EQ(::tcsetattr(pty.slave.get(), TCSANOW, &modes), 0);
  return pty;
}

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Pipe openPipe(int flags) {
  int fds[2] = {-1, -1};
  EXPECT_EQ(::pipe2(fds, O_CLOEXEC | flags), 0);
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// Reads what fd delivers until EOF or until nothing arrives for `quiet`.
std::string readAll(int fd, std::chrono::milliseconds quiet = 5000ms) {
  std::string out;
  char buf[4096];
  while (true) {
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, static_cast<int>(quiet.count())) <= 0) {
      return out;
    }
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) {
      return out;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
}

// Reads exactly size bytes (or less if EOF or 5 s of silence come first).
std::string readSome(int fd, std::size_t size) {
  std::string out;
  char buf[4096];
  while (out.size() < size) {
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, 5000) <= 0) {
      break;
    }
    ssize_t n = ::read(fd, buf, std::min(sizeof buf, size - out.size()));
    if (n <= 0) {
      break;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// Writes all of data; false if a write failed.
bool writeAll(int fd, const std::string &data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string pattern(std::size_t size) {
  std::string data(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    data[i] = static_cast<char>('a' + i % 26);
  }
  return data;
}

// A canonical-mode read on the slave: one line, or "" when the terminal gives EOF.
std::string readLine(int slave) {
  pollfd entry{slave, POLLIN, 0};
  if (::poll(&entry, 1, 5000) <= 0) {
    return "<nothing within 5 s>";
  }
  char buf[256];
  ssize_t n = ::read(slave, buf, sizeof buf);
  return n < 0 ? "<error>" : std::string(buf, static_cast<std::size_t>(n));
}

TEST(ConsoleLoop, CopiesStdinToThePtyAndThePtyToStdout) {
  ConsoleLoop loop;
  PtyPair pty = openPty(true);
  Pipe in = openPipe(O_NONBLOCK);
  Pipe out = openPipe(O_NONBLOCK);
  TerminalStdio stdio{std::move(in.read), UniqueFd(), std::move(out.write)};
  auto id = loop.add(std::move(pty.master), std::move(stdio));
  ASSERT_TRUE(id.has_value()) << id.error().describe();

  ASSERT_TRUE(writeAll(pty.slave.get(), "from the program"));
  EXPECT_EQ(readSome(out.read.get(), 16), "from the program");
  ASSERT_TRUE(writeAll(in.write.get(), "typed by the user"));
  EXPECT_EQ(readSome(pty.slave.get(), 17), "typed by the user");
}

TEST(ConsoleLoop, RemoveClosesStdoutSoTheReaderSeesEof) {
  ConsoleLoop loop;
  PtyPair pty = openPty(true);
  Pipe out = openPipe(O_NONBLOCK);
  auto id = loop.add(std::move(pty.master), TerminalStdio{{}, {}, std::move(out.write)});
  ASSERT_TRUE(id.has_value());
  loop.remove(*id);
  EXPECT_EQ(readAll(out.read.get()), "");
  pollfd entry{out.read.get(), POLLIN, 0};
  EXPECT_EQ(::poll(&entry, 1, 0), 1) << "EOF is readable";
}

TEST(ConsoleLoop, ExitIsReportedAfterAllOutputReachedStdout) {
  ConsoleLoop loop;
  PtyPair pty = openPty(true);
  Pipe out = openPipe(O_NONBLOCK);
  // Room for all of it, so the test can read only after the callback.
  ASSERT_GE(::fcntl(out.write.get(), F_SETPIPE_SZ, 1 << 20), 1 << 20);
  auto id = loop.add(std::move(pty.master), TerminalStdio{{}, {}, std::move(out.write)});
  ASSERT_TRUE(id.has_value());
  const std::string data = pattern(300 * 1024);
  std::thread program([&] {
    (void)writeAll(pty.slave.get(), data);
    pty.slave.reset(); // the program exits: the master reads EIO once drained
  });
  std::promise<void> exited;
  // Reported while the program is still writing, as the reaper may see the exit early.
  loop.finish(*id, [&] { exited.set_value(); });
  bool reported = exited.get_future().wait_for(10s) == std::future_status::ready;
  std::string got = readAll(out.read.get(), 0ms);
  char byte = 0;
  ssize_t last = ::read(out.read.get(), &byte, 1);
  loop.remove(*id); // a program still writing (the exit came too early) now gets EIO
  program.join();
  ASSERT_TRUE(reported);
  EXPECT_EQ(got.size(), data.size());
  EXPECT_TRUE(got == data);
  EXPECT_EQ(last, 0) << "stdout is closed at the exit";
}

TEST(ConsoleLoop, ExitIsReportedAfterTheIdleTimeWhenTheSlaveStaysOpen) {
  ConsoleLoop loop(200ms);
  PtyPair pty = openPty(true); // pty.slave stays open: a child of the process still holds it
  Pipe out = openPipe(O_NONBLOCK);
  auto id = loop.add(std::move(pty.master), TerminalStdio{{}, {}, std::move(out.write)});
  ASSERT_TRUE(id.has_value());
  ASSERT_TRUE(writeAll(pty.slave.get(), "last words"));
  auto start = std::chrono::steady_clock::now();
  std::promise<void> exited;
  loop.finish(*id, [&] { exited.set_value(); });
  ASSERT_EQ(exited.get_future().wait_for(5s), std::future_status::ready);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 190ms);
  EXPECT_EQ(readAll(out.read.get(), 0ms), "last words");
}

TEST(ConsoleLoop, AStdoutReaderThatDoesNotReadDoesNotHoldTheExitForever) {
  ConsoleLoop loop(200ms);
  PtyPair pty = openPty(true);
  Pipe out = openPipe(O_NONBLOCK); // nobody reads it
  auto id = loop.add(std::move(pty.master), TerminalStdio{{}, {}, std::move(out.write)});
  ASSERT_TRUE(id.has_value());
  ASSERT_EQ(::fcntl(pty.slave.get(), F_SETFL, O_NONBLOCK), 0);
  const std::string chunk = pattern(4096);
  // Fill the stdout pipe and then the pty, until the program would block.
  for (int i = 0; i < 1000 && ::write(pty.slave.get(), chunk.data(), chunk.size()) > 0; ++i) {
    std::this_thread::sleep_for(1ms);
  }
  pty.slave.reset();
  std::promise<void> exited;
  loop.finish(*id, [&] { exited.set_value(); });
  EXPECT_EQ(exited.get_future().wait_for(5s), std::future_status::ready);
}

TEST(ConsoleLoop, AVanishedStdoutReaderDoesNotBlockTheProgram) {
  ConsoleLoop loop;
  PtyPair pty = openPty(true);
  Pipe out = openPipe(O_NONBLOCK);
  out.read.reset(); // writes now fail with EPIPE (SIGPIPE is blocked on the loop thread)
  auto id = loop.add(std::move(pty.master), TerminalStdio{{}, {}, std::move(out.write)});
  ASSERT_TRUE(id.has_value());
  std::atomic<bool> wrote = false;
  std::thread program([&] {
    wrote = writeAll(pty.slave.get(), pattern(512 * 1024)); // far more than the pty holds
  });
  for (int i = 0; i < 100 && !wrote; ++i) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(wrote) << "the program blocked on its terminal";
  if (!wrote) {
    loop.remove(*id); // unblocks the writer with EIO
  }
  program.join();
}

TEST(ConsoleLoop, CloseStdinSendsEofAfterTheCopiedInput) {
  ConsoleLoop loop;
  PtyPair pty = openPty(false);
  Pipe in = openPipe(O_NONBLOCK);
  UniqueFd client(::dup(in.write.get())); // containerd's writer; in.write is the shim's hold
  auto id = loop.add(std::move(pty.master),
                     TerminalStdio{std::move(in.read), std::move(in.write), UniqueFd()});
  ASSERT_TRUE(id.has_value());
  ASSERT_TRUE(writeAll(client.get(), "line\npartial"));
  client.reset();
  loop.closeStdin(*id);
  EXPECT_EQ(readLine(pty.slave.get()), "line\n");
  // A partial line needs one VEOF to be delivered and one more to read as EOF.
  EXPECT_EQ(readLine(pty.slave.get()), "partial");
  EXPECT_EQ(readLine(pty.slave.get()), "");
}

TEST(ConsoleLoop, StdinDoesNotEndWithoutCloseStdin) {
  ConsoleLoop loop;
  PtyPair pty = openPty(false);
  Pipe in = openPipe(O_NONBLOCK);
  UniqueFd client(::dup(in.write.get()));
  auto id = loop.add(std::move(pty.master),
                     TerminalStdio{std::move(in.read), std::move(in.write), UniqueFd()});
  ASSERT_TRUE(id.has_value());
  ASSERT_TRUE(writeAll(client.get(), "abc\n"));
  client.reset(); // ctr went away; a later attach may write again
  EXPECT_EQ(readLine(pty.slave.get()), "abc\n");
  pollfd entry{pty.slave.get(), POLLIN, 0};
  EXPECT_EQ(::poll(&entry, 1, 300), 0) << "no EOF before CloseIO";
  loop.closeStdin(*id);
  EXPECT_EQ(readLine(pty.slave.get()), "");
}

TEST(ConsoleLoop, ResizeSetsTheWindowSize) {
  ConsoleLoop loop;
  PtyPair pty = openPty(true);
  auto id = loop.add(std::move(pty.master), TerminalStdio{});
  ASSERT_TRUE(id.has_value());
  auto resized = loop.resize(*id, 91, 37);
  ASSERT_TRUE(resized.has_value()) << resized.error().describe();
  winsize size{};
  ASSERT_EQ(::ioctl(pty.slave.get(), TIOCGWINSZ, &size), 0);
  EXPECT_EQ(size.ws_col, 91);
  EXPECT_EQ(size.ws_row, 37);
  auto unknown = loop.resize(*id + 1, 80, 24);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
}

TEST(ConsoleLoop, FinishOfAnUnknownTerminalRunsAtOnce) {
  ConsoleLoop loop;
  bool ran = false;
  loop.finish(42, [&] { ran = true; });
  EXPECT_TRUE(ran);
}

class TerminalFifos : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = "/tmp/runw-console-test-XXXXXX";
    ASSERT_NE(::mkdtemp(dir_.data()), nullptr);
    in_ = dir_ + "/stdin";
    out_ = dir_ + "/stdout";
    ASSERT_EQ(::mkfifo(in_.c_str(), 0600), 0);
    ASSERT_EQ(::mkfifo(out_.c_str(), 0600), 0);
  }
  void TearDown() override {
    ::unlink(in_.c_str());
    ::unlink(out_.c_str());
    ::rmdir(dir_.c_str());
  }
  std::string dir_;
  std::string in_;
  std::string out_;
};

TEST_F(TerminalFifos, OutputWaitsInTheFifoForTheNextReader) {
  auto stdio = openTerminalStdio("", "fifo://" + out_);
  ASSERT_TRUE(stdio.has_value()) << stdio.error().describe();
  ConsoleLoop loop;
  PtyPair pty = openPty(true);
  auto id = loop.add(std::move(pty.master), std::move(*stdio));
  ASSERT_TRUE(id.has_value());
  UniqueFd reader(::open(out_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  ASSERT_TRUE(writeAll(pty.slave.get(), "one "));
  EXPECT_EQ(readSome(reader.get(), 4), "one ");
  reader.reset(); // ctr detached
  ASSERT_TRUE(writeAll(pty.slave.get(), "two"));
  std::this_thread::sleep_for(100ms);
  reader.reset(::open(out_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)); // ctr task attach
  EXPECT_EQ(readSome(reader.get(), 3), "two");
  pty.slave.reset();
  EXPECT_EQ(readAll(reader.get()), "") << "EOF once the program's terminal is closed";
}

TEST_F(TerminalFifos, StdinFifoEndsOnlyAfterCloseStdin) {
  auto stdio = openTerminalStdio(in_, "");
  ASSERT_TRUE(stdio.has_value()) << stdio.error().describe();
  ConsoleLoop loop;
  PtyPair pty = openPty(false);
  auto id = loop.add(std::move(pty.master), std::move(*stdio));
  ASSERT_TRUE(id.has_value());
  UniqueFd writer(::open(in_.c_str(), O_WRONLY | O_CLOEXEC));
  ASSERT_TRUE(writer);
  ASSERT_TRUE(writeAll(writer.get(), "hello\n"));
  writer.reset();
  EXPECT_EQ(readLine(pty.slave.get()), "hello\n");
  pollfd entry{pty.slave.get(), POLLIN, 0};
  EXPECT_EQ(::poll(&entry, 1, 300), 0) << "no EOF before CloseIO";
  loop.closeStdin(*id);
  EXPECT_EQ(readLine(pty.slave.get()), "");
}

TEST(TerminalStdioPaths, OnlyFifosAreSupported) {
  auto file = openTerminalStdio("", "file:///tmp/x.log");
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code, ErrorCode::Unsupported);
  auto none = openTerminalStdio("", "");
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->in);
  EXPECT_FALSE(none->out);
}

} // namespace
} // namespace runw::shim
