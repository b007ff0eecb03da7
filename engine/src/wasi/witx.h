// SPDX-License-Identifier: Apache-2.0
// The types of wasi_snapshot_preview1 exactly as its witx files define them: errno values,
// rights bits, flag sets, enums and the byte layout of every struct the guest reads or writes.
#pragma once

#include <cstdint>

namespace runw::engine::wasi::witx {

/// Error codes (typenames.witx `errno`, u16). Names follow the witx ones.
enum class Errno : uint16_t {
  Success = 0,
  TooBig = 1,
  Acces = 2,
  AddrInUse = 3,
  AddrNotAvail = 4,
  AfNoSupport = 5,
  Again = 6,
  Already = 7,
  Badf = 8,
  BadMsg = 9,
  Busy = 10,
  Canceled = 11,
  Child = 12,
  ConnAborted = 13,
  ConnRefused = 14,
  ConnReset = 15,
  Deadlk = 16,
  DestAddrReq = 17,
  Dom = 18,
  Dquot = 19,
  Exist = 20,
  Fault = 21,
  Fbig = 22,
  HostUnreach = 23,
  Idrm = 24,
  Ilseq = 25,
  InProgress = 26,
  Intr = 27,
  Inval = 28,
  Io = 29,
  IsConn = 30,
  IsDir = 31,
  Loop = 32,
  Mfile = 33,
  Mlink = 34,
  MsgSize = 35,
  Multihop = 36,
  NameTooLong = 37,
  NetDown = 38,
  NetReset = 39,
  NetUnreach = 40,
  Nfile = 41,
  NoBufs = 42,
  NoDev = 43,
  NoEnt = 44,
  NoExec = 45,
  NoLck = 46,
  NoLink = 47,
  NoMem = 48,
  NoMsg = 49,
  NoProtoOpt = 50,
  NoSpc = 51,
  NoSys = 52,
  NotConn = 53,
  NotDir = 54,
  NotEmpty = 55,
  NotRecoverable = 56,
  NotSock = 57,
  NotSup = 58,
  NoTty = 59,
  Nxio = 60,
  Overflow = 61,
  OwnerDead = 62,
  Perm = 63,
  Pipe = 64,
  Proto = 65,
  ProtoNoSupport = 66,
  ProtoType = 67,
  Range = 68,
  Rofs = 69,
  Spipe = 70,
  Srch = 71,
  Stale = 72,
  TimedOut = 73,
  TxtBsy = 74,
  Xdev = 75,
  NotCapable = 76,
};

/// Rights (u64 flags): what a descriptor may be used for.
namespace rights {
constexpr uint64_t kFdDatasync = 1ULL << 0;
constexpr uint64_t kFdRead = 1ULL << 1;
constexpr uint64_t kFdSeek = 1ULL << 2;
constexpr uint64_t kFdFdstatSetFlags = 1ULL << 3;
constexpr uint64_t kFdSync = 1ULL << 4;
constexpr uint64_t kFdTell = 1ULL << 5;
constexpr uint64_t kFdWrite = 1ULL << 6;
constexpr uint64_t kFdAdvise = 1ULL << 7;
constexpr uint64_t kFdAllocate = 1ULL << 8;
constexpr uint64_t kPathCreateDirectory = 1ULL << 9;
constexpr uint64_t kPathCreateFile = 1ULL << 10;
constexpr uint64_t kPathLinkSource = 1ULL << 11;
constexpr uint64_t kPathLinkTarget = 1ULL << 12;
constexpr uint64_t kPathOpen = 1ULL << 13;
constexpr uint64_t kFdReaddir = 1ULL << 14;
constexpr uint64_t kPathReadlink = 1ULL << 15;
constexpr uint64_t kPathRenameSource = 1ULL << 16;
constexpr uint64_t kPathRenameTarget = 1ULL << 17;
constexpr uint64_t kPathFilestatGet = 1ULL << 18;
constexpr uint64_t kPathFilestatSetSize = 1ULL << 19;
constexpr uint64_t kPathFilestatSetTimes = 1ULL << 20;
constexpr uint64_t kFdFilestatGet = 1ULL << 21;
constexpr uint64_t kFdFilestatSetSize = 1ULL << 22;
constexpr uint64_t kFdFilestatSetTimes = 1ULL << 23;
constexpr uint64_t kPathSymlink = 1ULL << 24;
constexpr uint64_t kPathRemoveDirectory = 1ULL << 25;
constexpr uint64_t kPathUnlinkFile = 1ULL << 26;
constexpr uint64_t kPollFdReadwrite = 1ULL << 27;
constexpr uint64_t kSockShutdown = 1ULL << 28;
constexpr uint64_t kSockAccept = 1ULL << 29;
/// Every right witx defines.
constexpr uint64_t kAll = (1ULL << 30) - 1;

/// Rights that make sense on a directory (operations on paths beneath it, readdir, stat).
constexpr uint64_t kDirectoryBase =
    kFdFdstatSetFlags | kFdSync | kFdAdvise | kPathCreateDirectory | kPathCreateFile |
    kPathLinkSource | kPathLinkTarget | kPathOpen | kFdReaddir | kPathReadlink | kPathRenameSource |
    kPathRenameTarget | kPathFilestatGet | kPathFilestatSetSize | kPathFilestatSetTimes |
    kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink | kPathRemoveDirectory | kPathUnlinkFile |
    kPollFdReadwrite;
/// Rights that make sense on a regular file.
constexpr uint64_t kRegularFileBase =
    kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync | kFdTell | kFdWrite | kFdAdvise |
    kFdAllocate | kFdFilestatGet | kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
/// Rights that make sense on a terminal, pipe or other stream (no seeking).
constexpr uint64_t kStreamBase =
    kFdRead | kFdFdstatSetFlags | kFdWrite | kFdFilestatGet | kPollFdReadwrite;
/// Rights that make sense on a socket.
constexpr uint64_t kSocketBase = kFdRead | kFdFdstatSetFlags | kFdWrite | kFdFilestatGet |
                                 kPollFdReadwrite | kSockShutdown | kSockAccept;
/// What a directory hands down to what is opened beneath it.
constexpr uint64_t kDirectoryInheriting = kDirectoryBase | kRegularFileBase;
} // namespace rights

/// File types (u8).
enum class Filetype : uint8_t {
  Unknown = 0,
  BlockDevice = 1,
  CharacterDevice = 2,
  Directory = 3,
  RegularFile = 4,
  SocketDgram = 5,
  SocketStream = 6,
  SymbolicLink = 7,
};

/// fdflags (u16).
namespace fdflags {
constexpr uint16_t kAppend = 1U << 0;
constexpr uint16_t kDsync = 1U << 1;
constexpr uint16_t kNonblock = 1U << 2;
constexpr uint16_t kRsync = 1U << 3;
constexpr uint16_t kSync = 1U << 4;
constexpr uint16_t kAll = 0x1F;
} // namespace fdflags

/// oflags (u16): path_open's creation flags.
namespace oflags {
constexpr uint16_t kCreat = 1U << 0;
constexpr uint16_t kDirectory = 1U << 1;
constexpr uint16_t kExcl = 1U << 2;
constexpr uint16_t kTrunc = 1U << 3;
constexpr uint16_t kAll = 0xF;
} // namespace oflags

/// lookupflags (u32).
namespace lookupflags {
constexpr uint32_t kSymlinkFollow = 1U << 0;
} // namespace lookupflags

/// fstflags (u16): which timestamps *_set_times changes, and how.
namespace fstflags {
constexpr uint16_t kAtim = 1U << 0;
constexpr uint16_t kAtimNow = 1U << 1;
constexpr uint16_t kMtim = 1U << 2;
constexpr uint16_t kMtimNow = 1U << 3;
constexpr uint16_t kAll = 0xF;
} // namespace fstflags

/// whence (u8) for fd_seek.
enum class Whence : uint8_t { Set = 0, Cur = 1, End = 2 };

/// clockid (u32).
enum class ClockId : uint32_t {
  Realtime = 0,
  Monotonic = 1,
  ProcessCputime = 2,
  ThreadCputime = 3
};

/// advice (u8) for fd_advise.
enum class Advice : uint8_t {
  Normal = 0,
  Sequential = 1,
  Random = 2,
  WillNeed = 3,
  DontNeed = 4,
  NoReuse = 5,
};

/// eventtype (u8) of poll_oneoff subscriptions and events.
enum class EventType : uint8_t { Clock = 0, FdRead = 1, FdWrite = 2 };

/// eventrwflags (u16).
constexpr uint16_t kEventFdReadwriteHangup = 1U << 0;
/// subclockflags (u16).
constexpr uint16_t kSubscriptionClockAbstime = 1U << 0;
/// riflags (u16) for sock_recv.
constexpr uint16_t kRecvPeek = 1U << 0;
constexpr uint16_t kRecvWaitall = 1U << 1;
/// roflags (u16) from sock_recv.
constexpr uint16_t kRecvDataTruncated = 1U << 0;
/// sdflags (u8) for sock_shutdown.
constexpr uint8_t kShutRd = 1U << 0;
constexpr uint8_t kShutWr = 1U << 1;
/// preopentype (u8).
constexpr uint8_t kPreopenTypeDir = 0;

/// signal (u8) for proc_raise, in witx order.
enum class Signal : uint8_t {
  None = 0,
  Hup,
  Int,
  Quit,
  Ill,
  Trap,
  Abrt,
  Bus,
  Fpe,
  Kill,
  Usr1,
  Segv,
  Usr2,
  Pipe,
  Alrm,
  Term,
  Chld,
  Cont,
  Stop,
  Tstp,
  Ttin,
  Ttou,
  Urg,
  Xcpu,
  Xfsz,
  Vtalrm,
  Prof,
  Winch,
  Poll,
  Pwr,
  Sys,
};

/// Struct layouts: size and field offsets in guest memory (little-endian, as witx lays them out).
namespace layout {
// iovec / ciovec: buf u32, buf_len u32.
constexpr uint32_t kIovecSize = 8;
constexpr uint32_t kIovecBuf = 0;
constexpr uint32_t kIovecLen = 4;
// fdstat: fs_filetype u8, fs_flags u16, fs_rights_base u64, fs_rights_inheriting u64.
constexpr uint32_t kFdstatSize = 24;
constexpr uint32_t kFdstatFiletype = 0;
constexpr uint32_t kFdstatFlags = 2;
constexpr uint32_t kFdstatRightsBase = 8;
constexpr uint32_t kFdstatRightsInheriting = 16;
// filestat: dev, ino u64; filetype u8; nlink, size, atim, mtim, ctim u64.
constexpr uint32_t kFilestatSize = 64;
constexpr uint32_t kFilestatDev = 0;
constexpr uint32_t kFilestatIno = 8;
constexpr uint32_t kFilestatFiletype = 16;
constexpr uint32_t kFilestatNlink = 24;
constexpr uint32_t kFilestatSizeField = 32;
constexpr uint32_t kFilestatAtim = 40;
constexpr uint32_t kFilestatMtim = 48;
constexpr uint32_t kFilestatCtim = 56;
// dirent: d_next u64, d_ino u64, d_namlen u32, d_type u8; the name follows the 24 bytes.
constexpr uint32_t kDirentSize = 24;
constexpr uint32_t kDirentNext = 0;
constexpr uint32_t kDirentIno = 8;
constexpr uint32_t kDirentNamlen = 16;
constexpr uint32_t kDirentType = 20;
// prestat: tag u8, then (dir) pr_name_len u32 at 4.
constexpr uint32_t kPrestatSize = 8;
constexpr uint32_t kPrestatTag = 0;
constexpr uint32_t kPrestatNameLen = 4;
// subscription: userdata u64; u: tag u8 at 8, payload at 16.
//   clock: id u32 at 16, timeout u64 at 24, precision u64 at 32, flags u16 at 40.
//   fd_readwrite: file_descriptor u32 at 16.
constexpr uint32_t kSubscriptionSize = 48;
constexpr uint32_t kSubscriptionUserdata = 0;
constexpr uint32_t kSubscriptionTag = 8;
constexpr uint32_t kSubscriptionClockId = 16;
constexpr uint32_t kSubscriptionClockTimeout = 24;
constexpr uint32_t kSubscriptionClockPrecision = 32;
constexpr uint32_t kSubscriptionClockFlags = 40;
constexpr uint32_t kSubscriptionFd = 16;
// event: userdata u64, error u16 at 8, type u8 at 10, fd_readwrite: nbytes u64 at 16, flags u16
// at 24.
constexpr uint32_t kEventSize = 32;
constexpr uint32_t kEventUserdata = 0;
constexpr uint32_t kEventError = 8;
constexpr uint32_t kEventType = 10;
constexpr uint32_t kEventNbytes = 16;
constexpr uint32_t kEventFlags = 24;
} // namespace layout

} // namespace runw::engine::wasi::witx
