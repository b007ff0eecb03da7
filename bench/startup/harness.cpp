// SPDX-License-Identifier: Apache-2.0
// Start-up harness: runs `RUNTIME --root R run --bundle B ID` for several runtimes, interleaved,
// and prints medians of wall time, CPU time and peak RSS per runtime plus the ratios between them.
//
// Usage: startup-harness --bundle DIR --check-bundle DIR --work DIR [--rounds N] [--warmup N]
//                        [--tsv FILE] NAME=PATH...
//
// The first NAME=PATH is the subject; ratios are subject/other. Needs root. The harness moves
// itself into a private mount namespace first (see hideUnifiedCgroup), so every runtime runs the
// same way. It is a child subreaper, so processes a runtime orphans are reaped here and counted.

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <linux/magic.h>
#include <sched.h>
#include <string>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr const char *kUnifiedCgroup = "/sys/fs/cgroup/unified";
// How long to wait for processes that outlive the runtime before giving up on them.
constexpr int kStragglerPollMs = 1000;
// The check bundle runs `sh -c 'exit 7'`: a runtime that returns 7 really ran the container.
constexpr int kCheckExitCode = 7;

[[noreturn]] void die(const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  std::fputs("startup-harness: ", stderr);
  std::vfprintf(stderr, fmt, args);
  std::fputc('\n', stderr);
  va_end(args);
  std::exit(1);
}

struct Runtime {
  std::string name;
  std::string path;
  std::string bundle; // measured bundle; empty = --bundle (NAME=PATH@BUNDLE sets it)
};

struct Sample {
  double wallMs = 0;
  double userMs = 0;
  double sysMs = 0;
  long maxRssKb = 0;
  int status = 0;     // raw wait status of the runtime process
  int stragglers = 0; // processes still alive kStragglerPollMs after the runtime exited
};

struct Options {
  std::string bundle;
  std::string checkBundle;
  std::string work;
  std::string tsv;
  int rounds = 30;
  int warmup = 3;
  std::vector<Runtime> runtimes;
};

double toMs(const timeval &tv) {
  return static_cast<double>(tv.tv_sec) * 1e3 + static_cast<double>(tv.tv_usec) / 1e3;
}

double nowMs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

bool isMountPoint(const std::string &path) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  const std::string needle = " " + path + " ";
  while (std::getline(in, line)) {
    // Field 5 is the mount point; the fields before it hold no spaces.
    size_t pos = 0;
    for (int field = 0; field < 4 && pos != std::string::npos; ++field) {
      pos = line.find(' ', pos + 1);
    }
    if (pos != std::string::npos && line.compare(pos, needle.size(), needle) == 0) {
      return true;
    }
  }
  return false;
}

// crun refuses "hybrid" hosts (cgroup v1 plus a cgroup2 at /sys/fs/cgroup/unified that has
// controllers). In a private mount namespace without that mount all three runtimes see plain
// cgroup v1, and the host is untouched. Returns a sentence saying what was done.
std::string hideUnifiedCgroup() {
  if (unshare(CLONE_NEWNS) != 0) {
    die("unshare(CLONE_NEWNS): %s (run as root)", std::strerror(errno));
  }
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    die("making / private: %s", std::strerror(errno));
  }
  if (!isMountPoint(kUnifiedCgroup)) {
    return "private mount namespace; no cgroup2 at /sys/fs/cgroup/unified, nothing to hide";
  }
  std::string how;
  if (umount2(kUnifiedCgroup, MNT_DETACH) == 0) {
    how = "unmounted";
  } else if (mount("none", kUnifiedCgroup, "tmpfs", MS_RDONLY, "size=4k") == 0) {
    how = "covered by an empty tmpfs";
  } else {
    die("cannot hide %s: %s", kUnifiedCgroup, std::strerror(errno));
  }
  struct statfs fs {};
  if (statfs(kUnifiedCgroup, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) {
    die("%s is still cgroup2 after hiding it", kUnifiedCgroup);
  }
  return "private mount namespace with /sys/fs/cgroup/unified " + how +
         " (crun refuses hybrid cgroup v1+v2 hosts), the same for every runtime";
}

void addUsage(Sample &sample, const rusage &ru) {
  sample.userMs += toMs(ru.ru_utime);
  sample.sysMs += toMs(ru.ru_stime);
  sample.maxRssKb = std::max(sample.maxRssKb, ru.ru_maxrss);
}

// Reaps whatever children remain (orphans reparented to us), adding their usage. Waits up to
// kStragglerPollMs for live ones and returns how many were still alive then.
int reapRest(Sample &sample) {
  for (int waited = 0; waited <= kStragglerPollMs; ++waited) {
    int status = 0;
    rusage ru{};
    const pid_t pid = wait4(-1, &status, WNOHANG, &ru);
    if (pid > 0) {
      addUsage(sample, ru);
      --waited;
      continue;
    }
    if (pid < 0) {
      return 0; // ECHILD: nothing left
    }
    usleep(1000);
  }
  return 1;
}

// Forks (not vfork: a CLONE_VM child would carry the harness's whole RSS high-water mark into
// ru_maxrss at exec) and execs argv with stdin/stdout on /dev/null and stderr on errPath.
Sample runCommand(const std::vector<std::string> &argv, const std::string &errPath) {
  std::vector<char *> cargv;
  for (const auto &arg : argv) {
    cargv.push_back(const_cast<char *>(arg.c_str()));
  }
  cargv.push_back(nullptr);
  const int nullFd = open("/dev/null", O_RDWR | O_CLOEXEC);
  const int errFd = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (nullFd < 0 || errFd < 0) {
    die("opening /dev/null or %s: %s", errPath.c_str(), std::strerror(errno));
  }

  Sample sample;
  const double start = nowMs();
  const pid_t child = fork();
  if (child < 0) {
    die("fork: %s", std::strerror(errno));
  }
  if (child == 0) {
    dup2(nullFd, 0);
    dup2(nullFd, 1);
    dup2(errFd, 2);
    execv(cargv[0], cargv.data());
    dprintf(2, "startup-harness: exec %s: %s\n", cargv[0], std::strerror(errno));
    _exit(127);
  }
  for (;;) {
    int status = 0;
    rusage ru{};
    const pid_t pid = wait4(-1, &status, 0, &ru);
    if (pid < 0) {
      if (errno == EINTR) {
        continue;
      }
      die("wait4: %s", std::strerror(errno));
    }
    addUsage(sample, ru);
    if (pid == child) {
      sample.wallMs = nowMs() - start;
      sample.status = status;
      break;
    }
  }
  sample.stragglers = reapRest(sample);
  close(nullFd);
  close(errFd);
  return sample;
}

// Puts the runtimes' state roots on a fresh tmpfs at WORK/state, visible only in our namespace.
// Runtimes expect --root on tmpfs (/run); on a disk, fsyncs of state files would dominate wall
// time for a runtime that makes them durable, which is not what a deployment pays.
void mountStateTmpfs(const std::string &work) {
  const std::string state = work + "/state";
  if (mkdir(state.c_str(), 0700) != 0 && errno != EEXIST) {
    die("mkdir %s: %s", state.c_str(), std::strerror(errno));
  }
  if (mount("tmpfs", state.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700") != 0) {
    die("mounting a tmpfs on %s: %s", state.c_str(), std::strerror(errno));
  }
}

std::vector<std::string> runArgv(const Options &opts, const Runtime &rt, const std::string &bundle,
                                 const std::string &id) {
  return {rt.path, "--root", opts.work + "/state/" + rt.name, "run", "--bundle", bundle, id};
}

std::string readFile(const std::string &path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void requireExit(const Sample &sample, int expected, const std::string &what,
                 const std::string &errPath) {
  if (!WIFEXITED(sample.status) || WEXITSTATUS(sample.status) != expected) {
    die("%s: wait status 0x%x, expected exit %d; stderr:\n%s", what.c_str(), sample.status,
        expected, readFile(errPath).c_str());
  }
}

struct Stats {
  double median = 0;
  double min = 0;
  double max = 0;
};

Stats stats(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  return {median, values.front(), values.back()};
}

Options parseArgs(int argc, char **argv) {
  Options opts;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        die("%s needs a value", arg.c_str());
      }
      return argv[++i];
    };
    if (arg == "--bundle") {
      opts.bundle = value();
    } else if (arg == "--check-bundle") {
      opts.checkBundle = value();
    } else if (arg == "--work") {
      opts.work = value();
    } else if (arg == "--tsv") {
      opts.tsv = value();
    } else if (arg == "--rounds") {
      opts.rounds = std::atoi(value().c_str());
    } else if (arg == "--warmup") {
      opts.warmup = std::atoi(value().c_str());
    } else if (const size_t eq = arg.find('='); eq != std::string::npos && arg[0] != '-') {
      const std::string rest = arg.substr(eq + 1);
      const size_t at = rest.find('@');
      opts.runtimes.push_back({arg.substr(0, eq), rest.substr(0, at),
                               at == std::string::npos ? "" : rest.substr(at + 1)});
    } else {
      die("unknown argument '%s'", arg.c_str());
    }
  }
  if (opts.bundle.empty() || opts.checkBundle.empty() || opts.work.empty() ||
      opts.runtimes.size() < 2 || opts.rounds < 1 || opts.warmup < 0) {
    die("usage: startup-harness --bundle DIR --check-bundle DIR --work DIR [--rounds N] "
        "[--warmup N] [--tsv FILE] NAME=PATH[@BUNDLE] NAME=PATH...");
  }
  return opts;
}

struct Summary {
  Stats wall;
  Stats cpu;
  Stats user;
  Stats sys;
  Stats rssMib;
};

Summary summarize(const std::vector<Sample> &samples) {
  std::vector<double> wall, cpu, user, sys, rss;
  for (const Sample &s : samples) {
    wall.push_back(s.wallMs);
    cpu.push_back(s.userMs + s.sysMs);
    user.push_back(s.userMs);
    sys.push_back(s.sysMs);
    rss.push_back(static_cast<double>(s.maxRssKb) / 1024.0);
  }
  return {stats(wall), stats(cpu), stats(user), stats(sys), stats(rss)};
}

void printRow(const std::string &name, const Summary &s) {
  std::printf("| %s | %.1f (%.1f–%.1f) | %.1f (%.1f–%.1f) | %.1f / %.1f | %.1f (%.1f–%.1f) |\n",
              name.c_str(), s.wall.median, s.wall.min, s.wall.max, s.cpu.median, s.cpu.min,
              s.cpu.max, s.user.median, s.sys.median, s.rssMib.median, s.rssMib.min, s.rssMib.max);
}

void printTable(const Options &opts, const std::vector<std::vector<Sample>> &samples,
                const std::vector<Sample> &floorSamples) {
  std::printf("| runtime | wall ms: median (min–max) | CPU ms user+sys: median (min–max) "
              "| user / sys ms: medians | peak RSS MiB: median (min–max) |\n"
              "|---|---|---|---|---|\n");
  std::vector<Summary> summaries;
  for (size_t r = 0; r < opts.runtimes.size(); ++r) {
    summaries.push_back(summarize(samples[r]));
    printRow(opts.runtimes[r].name, summaries.back());
  }
  printRow("(floor: fork+exec of the rootfs's /bin/true, no runtime)", summarize(floorSamples));

  // Every runw case (native, wasm) against every peer.
  std::printf("\n| ratio of medians | wall | CPU | peak RSS |\n|---|---|---|---|\n");
  for (size_t a = 0; a < opts.runtimes.size(); ++a) {
    if (!opts.runtimes[a].name.starts_with("runw")) {
      continue;
    }
    for (size_t b = 0; b < opts.runtimes.size(); ++b) {
      if (opts.runtimes[b].name.starts_with("runw")) {
        continue;
      }
      const Summary &subject = summaries[a];
      const Summary &other = summaries[b];
      std::printf("| %s/%s | %.2f | %.2f | %.2f |\n", opts.runtimes[a].name.c_str(),
                  opts.runtimes[b].name.c_str(), subject.wall.median / other.wall.median,
                  subject.cpu.median / other.cpu.median,
                  subject.rssMib.median / other.rssMib.median);
    }
  }
}

void writeTsv(const Options &opts, const std::vector<std::vector<Sample>> &samples) {
  if (opts.tsv.empty()) {
    return;
  }
  FILE *out = std::fopen(opts.tsv.c_str(), "w");
  if (out == nullptr) {
    die("%s: %s", opts.tsv.c_str(), std::strerror(errno));
  }
  std::fprintf(out, "runtime\tround\twall_ms\tuser_ms\tsys_ms\tmaxrss_kb\n");
  for (size_t r = 0; r < opts.runtimes.size(); ++r) {
    for (size_t i = 0; i < samples[r].size(); ++i) {
      const Sample &s = samples[r][i];
      std::fprintf(out, "%s\t%zu\t%.3f\t%.3f\t%.3f\t%ld\n", opts.runtimes[r].name.c_str(), i,
                   s.wallMs, s.userMs, s.sysMs, s.maxRssKb);
    }
  }
  std::fclose(out);
}

struct Measurements {
  std::vector<std::vector<Sample>> samples; // per runtime, measured rounds only
  std::vector<Sample> floorSamples;
  int stragglers = 0;
};

// Runs the warm-up and measured rounds: every runtime once per round, then the floor.
Measurements measure(const Options &opts, const std::string &errPath, const std::string &prefix) {
  const size_t n = opts.runtimes.size();
  Measurements m;
  m.samples.resize(n);
  const std::vector<std::string> floorArgv = {opts.bundle + "/rootfs/bin/true"};
  for (int round = -opts.warmup; round < opts.rounds; ++round) {
    // Rotate the order every round so no runtime always runs right after the same other one.
    const size_t offset = static_cast<size_t>(round + opts.warmup) % n;
    for (size_t k = 0; k < n; ++k) {
      const Runtime &rt = opts.runtimes[(k + offset) % n];
      const std::string id = prefix + "-" +
                             (round < 0 ? "w" + std::to_string(-round) : std::to_string(round)) +
                             "-" + rt.name;
      const std::string &bundle = rt.bundle.empty() ? opts.bundle : rt.bundle;
      const Sample s = runCommand(runArgv(opts, rt, bundle, id), errPath);
      requireExit(s, 0, rt.name + " " + id, errPath);
      m.stragglers += s.stragglers;
      if (round >= 0) {
        m.samples[(k + offset) % n].push_back(s);
      }
    }
    const Sample s = runCommand(floorArgv, errPath);
    requireExit(s, 0, "floor", errPath);
    if (round >= 0) {
      m.floorSamples.push_back(s);
    }
  }
  return m;
}

} // namespace

int main(int argc, char **argv) {
  const Options opts = parseArgs(argc, argv);
  const std::string nsNote = hideUnifiedCgroup();
  mountStateTmpfs(opts.work);
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
    die("PR_SET_CHILD_SUBREAPER: %s", std::strerror(errno));
  }
  const std::string errPath = opts.work + "/last.err";
  const std::string prefix = "startup-" + std::to_string(getpid());

  // A runtime that returns the container's exit code really ran the container process.
  for (const Runtime &rt : opts.runtimes) {
    const Sample s = runCommand(runArgv(opts, rt, opts.checkBundle, prefix + "-check"), errPath);
    requireExit(s, kCheckExitCode, rt.name + " check run", errPath);
  }

  const Measurements m = measure(opts, errPath, prefix);
  std::printf("%s; --root on a tmpfs.\n%d warm-up + %d measured rounds, runtimes interleaved "
              "(order rotated each "
              "round), a fresh container id per run.\n",
              nsNote.c_str(), opts.warmup, opts.rounds);
  std::printf("CPU = user+sys of the runtime and every descendant (wait4 rusage of each reaped "
              "process); peak RSS = max ru_maxrss over that process tree.\n\n");
  printTable(opts, m.samples, m.floorSamples);
  if (m.stragglers > 0) {
    std::printf("\nwarning: %d run(s) left processes alive for over %d ms after the runtime "
                "exited; their usage is missing\n",
                m.stragglers, kStragglerPollMs);
  }
  writeTsv(opts, m.samples);
  return 0;
}
