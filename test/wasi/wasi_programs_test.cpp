// SPDX-License-Identifier: Apache-2.0
// Runs the WASI test programs (test/wasi/*.c, built to wasm32-wasi) under build/bin/runw-wasm,
// and the portable ones under node's WASI as a differential reference; plus runw-wasm's own
// behaviour: --timeout, traps, and its errors for a missing file, non-wasm bytes, a missing import.
#include "runtime/run_program.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <optional>
#include <ostream>
#include <regex>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using runw::runtime::testing::findInPath;
using runw::runtime::testing::ProgramResult;
using runw::runtime::testing::readFile;
using runw::runtime::testing::RunOptions;
using runw::runtime::testing::runProgram;
using runw::runtime::testing::TempDir;

constexpr const char *kOutsideText = "OUTSIDE SECRET\n";
constexpr const char *kInsideText = "inside\n";
// A hung engine must fail the test, not the ctest timeout.
constexpr int kKillAfterSeconds = 120;

/// One run of one program: what runw-wasm gets and what it must produce. In every string,
/// {root} is the fresh temp dir and {module} the program's .wasm path.
struct WasiCase {
  std::string name{};
  std::string program{};           ///< test/wasi/<program>.c
  std::vector<std::string> dirs{}; ///< --dir values
  std::vector<std::string> env{};  ///< --env values
  std::vector<std::string> args{}; ///< after the module
  std::optional<std::string> stdinText{};
  int exitCode = 0;
  std::string out{}; ///< the whole expected stdout
  /// Also run under node's WASI and compare with runw-wasm. Every exclusion is explained at
  /// kCases below.
  bool differential = true;
};

// gtest prints parameters in test names; the case name is all ctest needs.
void PrintTo(const WasiCase &test, std::ostream *out) { *out << test.name; }

std::string modulePath(const std::string &program) {
  return std::string(RUNW_WASI_PROGRAM_DIR) + "/" + program + ".wasm";
}

std::string expand(std::string text, const fs::path &root, const std::string &module) {
  for (const auto &[key, value] :
       {std::pair<std::string, std::string>{"{root}", root.string()}, {"{module}", module}}) {
    for (size_t at = 0; (at = text.find(key, at)) != std::string::npos; at += value.size()) {
      text.replace(at, key.size(), value);
    }
  }
  return text;
}

void writeText(const fs::path &path, const std::string &text) {
  std::ofstream(path, std::ios::binary) << text;
}

/// root/{outside.txt, outside/secret} must stay unreadable and unchanged; root/sandbox is the
/// usual preopen; root/rootjail is an empty directory the escape program preopens as "/".
void layOut(const fs::path &root) {
  writeText(root / "outside.txt", kOutsideText);
  fs::create_directories(root / "outside");
  writeText(root / "outside" / "secret", kOutsideText);
  fs::create_directories(root / "rootjail");
  const fs::path sandbox = root / "sandbox";
  fs::create_directories(sandbox / "sub");
  fs::create_directories(sandbox / "empty");
  fs::create_directories(sandbox / "racedir");
  writeText(sandbox / "input.txt", kInsideText);
  writeText(sandbox / "sub" / "nested.txt", kInsideText);
  writeText(sandbox / "racedir" / "secret", kInsideText);
}

/// Every path under dir (symlinks not followed) with the content of each regular file.
std::map<std::string, std::string> snapshot(const fs::path &dir) {
  std::map<std::string, std::string> entries;
  for (const auto &entry : fs::recursive_directory_iterator(dir)) {
    const auto relative = fs::relative(entry.path(), dir).string();
    entries[relative] = entry.is_regular_file() && !entry.is_symlink()
                            ? readFile(entry.path())
                            : (entry.is_symlink() ? "symlink" : "directory");
  }
  return entries;
}

/// What a guest must never change: the files outside the preopens, and root's own entries.
void expectOutsideUntouched(const fs::path &root) {
  EXPECT_EQ(readFile(root / "outside.txt"), kOutsideText);
  EXPECT_EQ(readFile(root / "outside" / "secret"), kOutsideText);
  std::vector<std::string> names;
  for (const auto &entry : fs::directory_iterator(root)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"outside", "outside.txt", "rootjail", "sandbox"}));
  EXPECT_TRUE(fs::is_empty(root / "rootjail"));
}

std::vector<std::string> optionsFor(const WasiCase &test, const fs::path &root,
                                    const std::string &module) {
  std::vector<std::string> words;
  for (const auto &dir : test.dirs) {
    words.insert(words.end(), {"--dir", expand(dir, root, module)});
  }
  for (const auto &env : test.env) {
    words.insert(words.end(), {"--env", expand(env, root, module)});
  }
  words.push_back(module);
  for (const auto &arg : test.args) {
    words.push_back(expand(arg, root, module));
  }
  return words;
}

std::string runwWasm() { return std::string(RUNW_BIN_DIR) + "/runw-wasm"; }

/// Runs test under runw-wasm in a fresh temp dir, then checks nothing outside changed.
ProgramResult runUnderRunw(const WasiCase &test) {
  TempDir root;
  layOut(root.path());
  const std::string module = modulePath(test.program);
  std::vector<std::string> words{"run"};
  const auto options = optionsFor(test, root.path(), module);
  words.insert(words.end(), options.begin(), options.end());
  const bool readOnly = std::any_of(test.dirs.begin(), test.dirs.end(),
                                    [](const std::string &dir) { return dir.ends_with(":ro"); });
  const auto before = snapshot(root.path() / "sandbox");
  auto result = runProgram(runwWasm(), words, root.path(), {test.stdinText, kKillAfterSeconds});
  EXPECT_FALSE(result.timedOut) << "runw-wasm ran longer than " << kKillAfterSeconds << " s";
  expectOutsideUntouched(root.path());
  if (readOnly) {
    EXPECT_EQ(snapshot(root.path() / "sandbox"), before) << "a read-only preopen changed";
  }
  return result;
}

/// Runs test under node's WASI (test/wasi/node_wasi_runner.mjs) in a fresh temp dir.
std::optional<ProgramResult> runUnderNode(const WasiCase &test) {
  const auto node = findInPath("node");
  if (!node) {
    ADD_FAILURE() << "node not found in PATH: the differential test needs node 20 "
                     "(Debian's nodejs; scripts/deps.sh installs it)";
    return std::nullopt;
  }
  TempDir root;
  layOut(root.path());
  const std::string module = modulePath(test.program);
  std::vector<std::string> words{"--no-warnings", RUNW_NODE_WASI_RUNNER};
  const auto options = optionsFor(test, root.path(), module);
  words.insert(words.end(), options.begin(), options.end());
  auto result = runProgram(*node, words, root.path(), {test.stdinText, kKillAfterSeconds});
  EXPECT_FALSE(result.timedOut) << "node ran longer than " << kKillAfterSeconds << " s";
  expectOutsideUntouched(root.path());
  return result;
}

const std::vector<std::string> kSandbox{"{root}/sandbox:/sandbox"};

// Programs kept out of the differential test (differential = false), because node 20's uvwasi
// does not implement the calls faithfully:
// - symlinks: uvwasi checks a new symlink's target against the preopen root instead of the
//   link's directory (symlink("../hard.txt", "d3/up") fails with ENOTCAPABLE), fails
//   readlink into a short buffer with ENOBUFS instead of truncating, and opens through a
//   symlink despite O_NOFOLLOW.
// - times: uvwasi drops the sub-second part of set times (1000000000.123456789 reads back as
//   1000000000.000000000) and rejects UTIME_NOW with EINVAL.
// - readonly: uvwasi has no read-only preopens (the runner refuses `:ro`).
// - escape_race is not a WasiCase: its host thread is runw-only (uvwasi resolves a path and then
//   opens it by host path, which is exactly the race the test looks for).
// - loop, traps, runw-wasm's own errors: runw-wasm's command-line behaviour, tested on their own.
const std::vector<WasiCase> kCases = {
    {.name = "files_dir_named_by_host_path",
     .program = "files",
     .dirs = {"{root}/sandbox"},
     .args = {"{root}/sandbox"},
     .out = "input.txt: inside\ncreate/write/read: ok\nappend/truncate: ok\nerrors: ok\n"
            "stat/unlink/rmdir: ok\n"},
    {.name = "files",
     .program = "files",
     .dirs = kSandbox,
     .args = {"/sandbox"},
     .out = "input.txt: inside\ncreate/write/read: ok\nappend/truncate: ok\nerrors: ok\n"
            "stat/unlink/rmdir: ok\n"},
    {.name = "readdir_500_files",
     .program = "readdir",
     .dirs = kSandbox,
     .args = {"/sandbox"},
     .out = "created 500 files\n"
            "first pass: 500 of 500 files seen once, subdir seen 1, unexpected 0\n"
            "after rewinddir: 500 of 500 files seen once, subdir seen 1, unexpected 0\n"
            "empty directory: 0 entries\n"},
    {.name = "seek_tell_pread_pwrite",
     .program = "seek",
     .dirs = kSandbox,
     .args = {"/sandbox"},
     .out = "seek/tell: ok\nhole: ok\npread/pwrite/readv/writev: ok\nappend: ok\n"},
    {.name = "rename_link",
     .program = "links",
     .dirs = kSandbox,
     .args = {"/sandbox"},
     .out = "rename: ok\nlink: ok\n"},
    {.name = "symlink_readlink",
     .program = "symlinks",
     .dirs = kSandbox,
     .args = {"/sandbox"},
     .out = "symlink/readlink: ok\n",
     .differential = false},
    {.name = "timestamps",
     .program = "times",
     .dirs = kSandbox,
     .args = {"/sandbox"},
     .out = "utimensat: atime=1000000000.123456789 mtime=1500000000.987654321\n"
            "futimens: atime=1000000000.123456789 mtime=1600000000.000000005\n"
            "epoch: atime=0.000000000 mtime=86400.000000000\n"
            "NOW flags: within the realtime clock\n"
            "write: mtime moved to now\n"
            "through a symlink: atime=1200000000.000000000 mtime=1300000000.000000000\n",
     .differential = false},
    {.name = "clocks",
     .program = "clocks",
     .out = "realtime: plausible\nmonotonic: non-decreasing\ncputime: advances\n"
            "realtime: resolution ok\nmonotonic: resolution ok\nprocess: resolution ok\n"
            "thread: resolution ok\n"},
    {.name = "random", .program = "random", .out = "getentropy: ok\narc4random: ok\n"},
    {.name = "poll_stdin_pipe_and_timeouts",
     .program = "poll",
     .stdinText = "ping\n",
     .out = "poll stdin: readable\nstdin: ping\npoll timeout: waited\nnanosleep: slept\n"},
    {.name = "args_env_in_order",
     .program = "args_env",
     .env = {"GREETING=hi", "EMPTY=", "EQ=a=b"},
     .args = {"one", "two words", ""},
     .out = "argc=4\nargv[0]={module}\nargv[1]=one\nargv[2]=two words\nargv[3]=\n"
            "env[0]=GREETING=hi\nenv[1]=EMPTY=\nenv[2]=EQ=a=b\nenvc=3\n"},
    {.name = "args_env_none", .program = "args_env", .out = "argc=1\nargv[0]={module}\nenvc=0\n"},
    {.name = "exit_7",
     .program = "exit_code",
     .args = {"exit", "7"},
     .exitCode = 7,
     .out = "mode exit 7\n"},
    {.name = "exit_255",
     .program = "exit_code",
     .args = {"exit", "255"},
     .exitCode = 255,
     .out = "mode exit 255\n"},
    {.name = "exit_0", .program = "exit_code", .args = {"exit", "0"}, .out = "mode exit 0\n"},
    // 256 would read as success in 8 bits: runw-wasm reports 1 (node's WASI exits 0: no diff).
    {.name = "exit_256_is_not_success",
     .program = "exit_code",
     .args = {"exit", "256"},
     .exitCode = 1,
     .out = "mode exit 256\n",
     .differential = false},
    {.name = "return_42_from_main",
     .program = "exit_code",
     .args = {"return", "42"},
     .exitCode = 42,
     .out = "mode return 42\n"},
    {.name = "abort_traps",
     .program = "exit_code",
     .args = {"abort"},
     .exitCode = 134,
     .out = "mode abort 0\n"},
    {.name = "readonly_preopen",
     .program = "readonly",
     .dirs = {"{root}/sandbox:/sandbox:ro"},
     .args = {"/sandbox"},
     .out = "read: inside\nreads: ok\nwrites: all EROFS\nunchanged: ok\n",
     .differential = false},
    {.name = "escapes",
     .program = "escape",
     .dirs = {"{root}/sandbox:/sandbox", "{root}/rootjail:/"},
     .args = {"/sandbox", "{root}/outside"},
     .out = "dotdot: blocked\nsub-dotdot: blocked\ndotdot-dir: blocked\netc-passwd: blocked\n"
            "raw-dotdot: blocked\nraw-sub-dotdot: blocked\nraw-dotdot-dir: blocked\n"
            "raw-etc-passwd: blocked\nraw-host-absolute: blocked\n"
            "symlink-etc-passwd: blocked\nsymlink-host-absolute: blocked\n"
            "symlink-dotdot: blocked\nsymlink-sub-dotdot: blocked\nsymlink-up-dir: blocked\n"
            "symlink-host-dir: blocked\nsymlink-chain: blocked\nsymlink-dir-chain: blocked\n"
            "inside-symlink: readable\n"
            "unlink-outside: blocked\nmkdir-outside: blocked\ncreate-outside: blocked\n"
            "rename-out: blocked\nrename-in: blocked\nlink-in: blocked\nstat-outside: blocked\n"
            "guest-race: blocked\nescapes: 0\n"},
};

std::string caseName(const ::testing::TestParamInfo<WasiCase> &info) { return info.param.name; }

class WasiProgramTest : public ::testing::TestWithParam<WasiCase> {};

TEST_P(WasiProgramTest, RunwMatchesExpected) {
  const WasiCase &test = GetParam();
  const auto result = runUnderRunw(test);
  EXPECT_EQ(result.exitCode, test.exitCode) << "stderr: " << result.err;
  EXPECT_EQ(result.out, expand(test.out, "", modulePath(test.program))) << "stderr: " << result.err;
}

INSTANTIATE_TEST_SUITE_P(Programs, WasiProgramTest, ::testing::ValuesIn(kCases), caseName);

std::vector<WasiCase> differentialCases() {
  std::vector<WasiCase> cases;
  std::copy_if(kCases.begin(), kCases.end(), std::back_inserter(cases),
               [](const WasiCase &test) { return test.differential; });
  return cases;
}

class WasiDifferentialTest : public ::testing::TestWithParam<WasiCase> {};

// node must produce the expected output too (so the expectation is not runw's own opinion), and
// runw-wasm must agree with node on stdout and exit code.
TEST_P(WasiDifferentialTest, NodeAgreesWithRunw) {
  const WasiCase &test = GetParam();
  const auto node = runUnderNode(test);
  ASSERT_TRUE(node.has_value());
  const auto runwResult = runUnderRunw(test);
  const std::string expected = expand(test.out, "", modulePath(test.program));
  EXPECT_EQ(node->exitCode, test.exitCode) << "node stderr: " << node->err;
  EXPECT_EQ(node->out, expected) << "node stderr: " << node->err;
  EXPECT_EQ(runwResult.exitCode, node->exitCode) << "runw stderr: " << runwResult.err;
  EXPECT_EQ(runwResult.out, node->out) << "runw stderr: " << runwResult.err;
}

INSTANTIATE_TEST_SUITE_P(Node, WasiDifferentialTest, ::testing::ValuesIn(differentialCases()),
                         caseName);

// Counts of one race run, from escape_race's stderr.
struct RaceCounts {
  long inside = 0;
  long failed = 0;
};

// One run of the host side of the symlink race: a thread keeps exchanging sandbox/dir (holding
// "inside") with sandbox/swap (a symlink to root/outside, holding "OUTSIDE SECRET") while the
// guest opens dir/secret in a loop. No open may ever read the outside file.
RaceCounts raceOnce(const std::string &linkTarget) {
  TempDir root;
  layOut(root.path());
  const fs::path dir = root.path() / "sandbox" / "dir";
  const fs::path swap = root.path() / "sandbox" / "swap";
  fs::create_directories(dir);
  writeText(dir / "secret", kInsideText);
  fs::create_symlink(expand(linkTarget, root.path(), ""), swap);

  std::atomic<bool> stop{false};
  std::atomic<long> exchanges{0};
  std::thread swapper([&] {
    while (!stop.load()) {
      if (::renameat2(AT_FDCWD, dir.c_str(), AT_FDCWD, swap.c_str(), RENAME_EXCHANGE) == 0) {
        exchanges.fetch_add(1);
      }
    }
  });
  const auto result = runProgram(runwWasm(),
                                 {"run", "--dir", (root.path() / "sandbox").string() + ":/sandbox",
                                  modulePath("escape_race"), "/sandbox", "3000"},
                                 root.path(), {std::nullopt, kKillAfterSeconds});
  stop.store(true);
  swapper.join();

  EXPECT_EQ(result.exitCode, 0) << "stderr: " << result.err;
  EXPECT_EQ(result.out, "host-race: blocked\n") << "stderr: " << result.err;
  EXPECT_GT(exchanges.load(), 100) << "the host thread barely swapped; the race was not run";
  expectOutsideUntouched(root.path());
  const std::regex counts(R"((\d+) inside, (\d+) failed, 0 outside)");
  std::smatch match;
  EXPECT_TRUE(std::regex_search(result.err, match, counts)) << "stderr: " << result.err;
  if (match.empty()) {
    return {};
  }
  return {std::stol(match[1]), std::stol(match[2])};
}

// Every run must keep the outside file unread (checked in raceOnce). Both states must also be
// seen, or the loop never raced the swapper; on a loaded machine the swapper can be descheduled
// with the symlink in place for a whole run, so a run that saw only one state is repeated.
void hostRace(const std::string &linkTarget) {
  constexpr int kAttempts = 5;
  RaceCounts total;
  for (int attempt = 0; attempt < kAttempts && (total.inside == 0 || total.failed == 0);
       ++attempt) {
    const RaceCounts counts = raceOnce(linkTarget);
    total.inside += counts.inside;
    total.failed += counts.failed;
    if (::testing::Test::HasFailure()) {
      return;
    }
  }
  EXPECT_GT(total.inside, 0)
      << "every open failed in " << kAttempts << " runs: a rename storm elsewhere in the sandbox "
      << "must not deny service (openat2's EAGAIN should fall back to the component walk)";
  EXPECT_GT(total.failed, 0) << "no open ever met the symlink in " << kAttempts
                             << " runs: the race was not run";
}

TEST(WasiEscapeRace, HostSwapsDirectoryWithAbsoluteSymlink) { hostRace("{root}/outside"); }

TEST(WasiEscapeRace, HostSwapsDirectoryWithRelativeSymlink) { hostRace("../outside"); }

// runw-wasm's own behaviour around a module.

ProgramResult runwWasmIn(const fs::path &cwd, const std::vector<std::string> &args) {
  auto result = runProgram(runwWasm(), args, cwd, {std::nullopt, kKillAfterSeconds});
  EXPECT_FALSE(result.timedOut);
  return result;
}

// One line on stderr, "runw-wasm: ..." and mentioning what.
void expectOneErrorLine(const ProgramResult &result, const std::string &what) {
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_TRUE(result.err.starts_with("runw-wasm: ")) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find(what), std::string::npos)
      << "expected '" << what << "' in " << result.err;
}

TEST(RunwWasmRun, TimeoutStopsALoopingModule) {
  TempDir root;
  const auto start = std::chrono::steady_clock::now();
  const auto result = runwWasmIn(root.path(), {"run", "--timeout", "1", modulePath("loop")});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.exitCode, 124) << result.err;
  EXPECT_EQ(result.out, "looping\n");
  EXPECT_TRUE(result.err.starts_with("runw-wasm: timeout: ")) << result.err;
  EXPECT_GE(elapsed, std::chrono::milliseconds(900));
  EXPECT_LT(elapsed, std::chrono::milliseconds(2500));
}

TEST(RunwWasmRun, AbortTrapNamesTrapAndFunction) {
  TempDir root;
  const auto result = runwWasmIn(root.path(), {"run", modulePath("exit_code"), "abort"});
  EXPECT_EQ(result.exitCode, 134);
  EXPECT_EQ(result.out, "mode abort 0\n");
  EXPECT_NE(result.err.find("runw-wasm: trap: unreachable (in wasm function abort)\n"),
            std::string::npos)
      << result.err;
}

TEST(RunwWasmRun, DivideByZeroTrapNamesTrapAndFunction) {
  TempDir root;
  const auto result = runwWasmIn(root.path(), {"run", modulePath("exit_code"), "divide"});
  EXPECT_EQ(result.exitCode, 134);
  EXPECT_EQ(result.out, "mode divide 0\n");
  EXPECT_NE(
      result.err.find("runw-wasm: trap: integer divide by zero (in wasm function divide_by)\n"),
      std::string::npos)
      << result.err;
}

TEST(RunwWasmRun, MissingModuleFile) {
  TempDir root;
  const std::string missing = (root.path() / "no-such-module.wasm").string();
  expectOneErrorLine(runwWasmIn(root.path(), {"run", missing}), missing);
}

TEST(RunwWasmRun, NotAWasmFile) {
  TempDir root;
  const fs::path bogus = root.path() / "bogus.wasm";
  writeText(bogus, "#!/bin/sh\necho this is not wasm\n");
  expectOneErrorLine(runwWasmIn(root.path(), {"run", bogus.string()}), bogus.string());
}

TEST(RunwWasmRun, MissingImport) {
  TempDir root;
  expectOneErrorLine(runwWasmIn(root.path(), {"run", modulePath("missing_import")}),
                     "runw_no_such_function");
}

TEST(RunwWasmRun, MissingPreopenDirectory) {
  TempDir root;
  const std::string missing = (root.path() / "no-such-dir").string();
  expectOneErrorLine(runwWasmIn(root.path(), {"run", "--dir", missing, modulePath("args_env")}),
                     missing);
}

TEST(RunwWasmRun, MaxMemoryMakesMallocFailCleanly) {
  TempDir root;
  const auto result =
      runwWasmIn(root.path(), {"run", "--max-memory", "8M", modulePath("memory_hog"), "8"});
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "malloc failed cleanly below the 8 MiB cap\n");
}

/// A loopback port nothing listens on right now (the kernel's pick for a socket bound to 0).
int freeLoopbackPort() {
  const int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  EXPECT_EQ(::bind(probe, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
  EXPECT_EQ(::getsockname(probe, reinterpret_cast<sockaddr *>(&address), &length), 0);
  ::close(probe);
  return ntohs(address.sin_port);
}

/// Connects to 127.0.0.1:port, retrying while the listener is not up yet (up to ~10 s).
int connectWithRetry(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0) {
      return fd;
    }
    ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

TEST(RunwWasmRun, SocketsOnAPreopenedListener) {
  TempDir root;
  const int port = freeLoopbackPort();
  ProgramResult result;
  std::thread runner([&] {
    result = runwWasmIn(root.path(), {"run", "--tcp-listen", fmt::format("127.0.0.1:{}", port),
                                      modulePath("sock_echo")});
  });
  const int connection = connectWithRetry(port);
  std::string reply;
  if (connection >= 0) {
    const std::string line = "hello wasi sockets\n";
    EXPECT_EQ(::send(connection, line.data(), line.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(line.size()));
    char buffer[256];
    ssize_t got = 0;
    while ((got = ::recv(connection, buffer, sizeof buffer, 0)) > 0) {
      reply.append(buffer, static_cast<size_t>(got));
    }
    ::close(connection);
  }
  runner.join();
  ASSERT_GE(connection, 0) << "runw-wasm never listened: " << result.err;
  EXPECT_EQ(reply, "HELLO WASI SOCKETS\n");
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "echoed 19 bytes\n");
}

TEST(RunwWasmRun, BadListenAddress) {
  TempDir root;
  expectOneErrorLine(
      runwWasmIn(root.path(), {"run", "--tcp-listen", "nowhere", modulePath("sock_echo")}),
      "nowhere");
}

} // namespace
