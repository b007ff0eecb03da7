// SPDX-License-Identifier: Apache-2.0
// The wasi_snapshot_preview1 functions, one C++ function each, with the wasm signature's
// parameters in order: i32 -> uint32_t, i64 -> uint64_t (pointers are uint32_t offsets into
// guest memory). Each returns the errno the guest receives; define.cpp binds them by name.
// Narrow witx types passed as i32 (u8/u16 flags and enums) are checked by the callee: bits
// beyond the type are Errno::Inval.
#pragma once

#include "guest_memory.h"
#include "state.h"

#include "support/result.h"

#include <cstdint>

namespace runw::engine::wasi::fn {

using State = WasiContext::State;
using R = WasiResult<void>;

// args_env.cpp
R argsGet(State &s, GuestMemory &m, uint32_t argv, uint32_t argvBuf);
R argsSizesGet(State &s, GuestMemory &m, uint32_t argcPtr, uint32_t argvBufSizePtr);
R environGet(State &s, GuestMemory &m, uint32_t environ, uint32_t environBuf);
R environSizesGet(State &s, GuestMemory &m, uint32_t countPtr, uint32_t bufSizePtr);

// clock_random.cpp
R clockResGet(State &s, GuestMemory &m, uint32_t id, uint32_t resolutionPtr);
R clockTimeGet(State &s, GuestMemory &m, uint32_t id, uint64_t precision, uint32_t timePtr);
R randomGet(State &s, GuestMemory &m, uint32_t buf, uint32_t bufLen);
R schedYield(State &s, GuestMemory &m);
R procRaise(State &s, GuestMemory &m, uint32_t signal);

// fd_ops.cpp
R fdAdvise(State &s, GuestMemory &m, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice);
R fdAllocate(State &s, GuestMemory &m, uint32_t fd, uint64_t offset, uint64_t len);
R fdClose(State &s, GuestMemory &m, uint32_t fd);
R fdDatasync(State &s, GuestMemory &m, uint32_t fd);
R fdFdstatGet(State &s, GuestMemory &m, uint32_t fd, uint32_t statPtr);
R fdFdstatSetFlags(State &s, GuestMemory &m, uint32_t fd, uint32_t flags);
R fdFdstatSetRights(State &s, GuestMemory &m, uint32_t fd, uint64_t base, uint64_t inheriting);
R fdFilestatGet(State &s, GuestMemory &m, uint32_t fd, uint32_t statPtr);
R fdFilestatSetSize(State &s, GuestMemory &m, uint32_t fd, uint64_t size);
R fdFilestatSetTimes(State &s, GuestMemory &m, uint32_t fd, uint64_t atim, uint64_t mtim,
                     uint32_t fstFlags);
R fdPread(State &s, GuestMemory &m, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint64_t offset,
          uint32_t nreadPtr);
R fdPrestatGet(State &s, GuestMemory &m, uint32_t fd, uint32_t prestatPtr);
R fdPrestatDirName(State &s, GuestMemory &m, uint32_t fd, uint32_t path, uint32_t pathLen);
R fdPwrite(State &s, GuestMemory &m, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint64_t offset,
           uint32_t nwrittenPtr);
R fdRead(State &s, GuestMemory &m, uint32_t fd, uint32_t iovs, uint32_t iovsLen, uint32_t nreadPtr);
R fdReaddir(State &s, GuestMemory &m, uint32_t fd, uint32_t buf, uint32_t bufLen, uint64_t cookie,
            uint32_t bufusedPtr);
R fdRenumber(State &s, GuestMemory &m, uint32_t fd, uint32_t to);
R fdSeek(State &s, GuestMemory &m, uint32_t fd, uint64_t offset, uint32_t whence,
         uint32_t newOffsetPtr);
R fdSync(State &s, GuestMemory &m, uint32_t fd);
R fdTell(State &s, GuestMemory &m, uint32_t fd, uint32_t offsetPtr);
R fdWrite(State &s, GuestMemory &m, uint32_t fd, uint32_t iovs, uint32_t iovsLen,
          uint32_t nwrittenPtr);

// path_ops.cpp
R pathCreateDirectory(State &s, GuestMemory &m, uint32_t fd, uint32_t path, uint32_t pathLen);
R pathFilestatGet(State &s, GuestMemory &m, uint32_t fd, uint32_t flags, uint32_t path,
                  uint32_t pathLen, uint32_t statPtr);
R pathFilestatSetTimes(State &s, GuestMemory &m, uint32_t fd, uint32_t flags, uint32_t path,
                       uint32_t pathLen, uint64_t atim, uint64_t mtim, uint32_t fstFlags);
R pathLink(State &s, GuestMemory &m, uint32_t oldFd, uint32_t oldFlags, uint32_t oldPath,
           uint32_t oldPathLen, uint32_t newFd, uint32_t newPath, uint32_t newPathLen);
R pathOpen(State &s, GuestMemory &m, uint32_t fd, uint32_t dirflags, uint32_t path,
           uint32_t pathLen, uint32_t oflags, uint64_t rightsBase, uint64_t rightsInheriting,
           uint32_t fdflags, uint32_t openedFdPtr);
R pathReadlink(State &s, GuestMemory &m, uint32_t fd, uint32_t path, uint32_t pathLen, uint32_t buf,
               uint32_t bufLen, uint32_t bufusedPtr);
R pathRemoveDirectory(State &s, GuestMemory &m, uint32_t fd, uint32_t path, uint32_t pathLen);
R pathRename(State &s, GuestMemory &m, uint32_t fd, uint32_t oldPath, uint32_t oldPathLen,
             uint32_t newFd, uint32_t newPath, uint32_t newPathLen);
R pathSymlink(State &s, GuestMemory &m, uint32_t oldPath, uint32_t oldPathLen, uint32_t fd,
              uint32_t newPath, uint32_t newPathLen);
R pathUnlinkFile(State &s, GuestMemory &m, uint32_t fd, uint32_t path, uint32_t pathLen);

// poll.cpp
R pollOneoff(State &s, GuestMemory &m, uint32_t in, uint32_t out, uint32_t nsubscriptions,
             uint32_t neventsPtr);

// sock.cpp
R sockAccept(State &s, GuestMemory &m, uint32_t fd, uint32_t flags, uint32_t fdPtr);
R sockRecv(State &s, GuestMemory &m, uint32_t fd, uint32_t riData, uint32_t riDataLen,
           uint32_t riFlags, uint32_t roDatalenPtr, uint32_t roFlagsPtr);
R sockSend(State &s, GuestMemory &m, uint32_t fd, uint32_t siData, uint32_t siDataLen,
           uint32_t siFlags, uint32_t soDatalenPtr);
R sockShutdown(State &s, GuestMemory &m, uint32_t fd, uint32_t how);

} // namespace runw::engine::wasi::fn
