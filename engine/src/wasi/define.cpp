// SPDX-License-Identifier: Apache-2.0
// Binds every wasi_snapshot_preview1 function to its import name and wasm signature. The
// signature is derived from the C++ parameter types, so a binding cannot disagree with the
// function it calls.
#include "functions.h"
#include "state.h"

#include "engine/wasi.h"

#include <fmt/format.h>

#include <tuple>
#include <utility>

namespace runw::engine::wasi {

namespace {

using engine::FuncType;
using engine::ValType;
using engine::Value;

template <class T> constexpr ValType valTypeOf() {
  static_assert(std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>);
  return std::is_same_v<T, uint32_t> ? ValType::I32 : ValType::I64;
}

template <class T> T fromValue(const Value &value) {
  if constexpr (std::is_same_v<T, uint32_t>) {
    return value.i32();
  } else {
    return value.i64();
  }
}

template <class Fn> struct Binder;

/// Binds R fn(State&, GuestMemory&, Params...) as a host function returning the errno as i32.
template <class... Params>
struct Binder<WasiResult<void> (*)(WasiContext::State &, GuestMemory &, Params...)> {
  using Function = WasiResult<void> (*)(WasiContext::State &, GuestMemory &, Params...);

  static FuncType type() { return FuncType{{valTypeOf<Params>()...}, {ValType::I32}}; }

  static engine::HostFunction bind(Function function, WasiContext::State &state) {
    return [function, &state](engine::HostContext &context, std::span<const Value> args,
                              std::span<Value> results) -> Result<void> {
      GuestMemory memory(context.memory);
      const auto outcome =
          call(function, state, memory, args, std::index_sequence_for<Params...>{});
      results[0] = Value::i32(outcome ? 0U : static_cast<uint32_t>(outcome.error()));
      return {};
    };
  }

  template <size_t... I>
  static WasiResult<void> call(Function function, WasiContext::State &state, GuestMemory &memory,
                               [[maybe_unused]] std::span<const Value> args,
                               std::index_sequence<I...> /*unused*/) {
    return function(state, memory, fromValue<Params>(args[I])...);
  }
};

template <auto Function>
void bindOne(engine::Store &store, engine::Linker &linker, WasiContext::State &state,
             const char *name) {
  using B = Binder<decltype(Function)>;
  linker.define(kModuleName, name, store.createHostFunction(B::type(), B::bind(Function, state)));
}

/// proc_exit(rval: exitcode): records the status and unwinds the running call. It has no
/// results, so it is bound by hand.
void bindProcExit(engine::Store &store, engine::Linker &linker, WasiContext::State &state) {
  auto exit = [&state](engine::HostContext & /*context*/, std::span<const Value> args,
                       std::span<Value> /*results*/) -> Result<void> {
    state.exitCode = args[0].i32();
    return fail(ErrorCode::Exit, fmt::format("proc_exit({})", args[0].i32()));
  };
  linker.define(kModuleName, "proc_exit",
                store.createHostFunction(FuncType{{ValType::I32}, {}}, std::move(exit)));
}

} // namespace

void WasiContext::define(engine::Store &store, engine::Linker &linker) {
  State &s = *state_;
  bindOne<&fn::argsGet>(store, linker, s, "args_get");
  bindOne<&fn::argsSizesGet>(store, linker, s, "args_sizes_get");
  bindOne<&fn::environGet>(store, linker, s, "environ_get");
  bindOne<&fn::environSizesGet>(store, linker, s, "environ_sizes_get");
  bindOne<&fn::clockResGet>(store, linker, s, "clock_res_get");
  bindOne<&fn::clockTimeGet>(store, linker, s, "clock_time_get");
  bindOne<&fn::fdAdvise>(store, linker, s, "fd_advise");
  bindOne<&fn::fdAllocate>(store, linker, s, "fd_allocate");
  bindOne<&fn::fdClose>(store, linker, s, "fd_close");
  bindOne<&fn::fdDatasync>(store, linker, s, "fd_datasync");
  bindOne<&fn::fdFdstatGet>(store, linker, s, "fd_fdstat_get");
  bindOne<&fn::fdFdstatSetFlags>(store, linker, s, "fd_fdstat_set_flags");
  bindOne<&fn::fdFdstatSetRights>(store, linker, s, "fd_fdstat_set_rights");
  bindOne<&fn::fdFilestatGet>(store, linker, s, "fd_filestat_get");
  bindOne<&fn::fdFilestatSetSize>(store, linker, s, "fd_filestat_set_size");
  bindOne<&fn::fdFilestatSetTimes>(store, linker, s, "fd_filestat_set_times");
  bindOne<&fn::fdPread>(store, linker, s, "fd_pread");
  bindOne<&fn::fdPrestatGet>(store, linker, s, "fd_prestat_get");
  bindOne<&fn::fdPrestatDirName>(store, linker, s, "fd_prestat_dir_name");
  bindOne<&fn::fdPwrite>(store, linker, s, "fd_pwrite");
  bindOne<&fn::fdRead>(store, linker, s, "fd_read");
  bindOne<&fn::fdReaddir>(store, linker, s, "fd_readdir");
  bindOne<&fn::fdRenumber>(store, linker, s, "fd_renumber");
  bindOne<&fn::fdSeek>(store, linker, s, "fd_seek");
  bindOne<&fn::fdSync>(store, linker, s, "fd_sync");
  bindOne<&fn::fdTell>(store, linker, s, "fd_tell");
  bindOne<&fn::fdWrite>(store, linker, s, "fd_write");
  bindOne<&fn::pathCreateDirectory>(store, linker, s, "path_create_directory");
  bindOne<&fn::pathFilestatGet>(store, linker, s, "path_filestat_get");
  bindOne<&fn::pathFilestatSetTimes>(store, linker, s, "path_filestat_set_times");
  bindOne<&fn::pathLink>(store, linker, s, "path_link");
  bindOne<&fn::pathOpen>(store, linker, s, "path_open");
  bindOne<&fn::pathReadlink>(store, linker, s, "path_readlink");
  bindOne<&fn::pathRemoveDirectory>(store, linker, s, "path_remove_directory");
  bindOne<&fn::pathRename>(store, linker, s, "path_rename");
  bindOne<&fn::pathSymlink>(store, linker, s, "path_symlink");
  bindOne<&fn::pathUnlinkFile>(store, linker, s, "path_unlink_file");
  bindOne<&fn::pollOneoff>(store, linker, s, "poll_oneoff");
  bindProcExit(store, linker, s);
  bindOne<&fn::procRaise>(store, linker, s, "proc_raise");
  bindOne<&fn::schedYield>(store, linker, s, "sched_yield");
  bindOne<&fn::randomGet>(store, linker, s, "random_get");
  bindOne<&fn::sockAccept>(store, linker, s, "sock_accept");
  bindOne<&fn::sockRecv>(store, linker, s, "sock_recv");
  bindOne<&fn::sockSend>(store, linker, s, "sock_send");
  bindOne<&fn::sockShutdown>(store, linker, s, "sock_shutdown");
}

} // namespace runw::engine::wasi
