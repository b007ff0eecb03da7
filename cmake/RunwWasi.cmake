# SPDX-License-Identifier: Apache-2.0
# runw_add_wasi_program(): compiles C sources into a wasm32-wasi command module at build time
# with clang-19 and Debian's wasi-libc (test/wasi programs, examples).

find_program(RUNW_CLANG19 clang-19)
if(NOT RUNW_CLANG19)
  message(FATAL_ERROR "clang-19 not found: the WASI test programs and examples are C compiled to "
                      "wasm32-wasi with it. Install clang-19 lld-19 wasi-libc "
                      "libclang-rt-19-dev-wasm32 (scripts/deps.sh).")
endif()
set(RUNW_WASI_SYSROOT /usr CACHE PATH "Sysroot holding wasi-libc (include/wasm32-wasi, lib/wasm32-wasi)")
if(NOT EXISTS "${RUNW_WASI_SYSROOT}/lib/wasm32-wasi/libc.a")
  message(FATAL_ERROR "wasi-libc not found (${RUNW_WASI_SYSROOT}/lib/wasm32-wasi/libc.a): install "
                      "the wasi-libc package (scripts/deps.sh)")
endif()
execute_process(COMMAND ${RUNW_CLANG19} --target=wasm32-wasi -print-libgcc-file-name
                OUTPUT_VARIABLE RUNW_WASI_BUILTINS OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT EXISTS "${RUNW_WASI_BUILTINS}")
  message(FATAL_ERROR "compiler-rt builtins for wasm32 not found (${RUNW_WASI_BUILTINS}): install "
                      "libclang-rt-19-dev-wasm32 (scripts/deps.sh)")
endif()
find_program(RUNW_WASM_LD wasm-ld-19)
if(NOT RUNW_WASM_LD)
  message(FATAL_ERROR "wasm-ld-19 not found: install lld-19 (scripts/deps.sh)")
endif()

set(RUNW_WASI_CFLAGS --target=wasm32-wasi --sysroot=${RUNW_WASI_SYSROOT} -O2 -Wall -Wextra -Werror)

# runw_add_wasi_program(target OUTPUT file.wasm SOURCES a.c ... [DEPENDS header.h ...])
# A target (built by default) that produces OUTPUT; relative paths are from the current source dir.
function(runw_add_wasi_program target)
  cmake_parse_arguments(ARG "" "OUTPUT" "SOURCES;DEPENDS" ${ARGN})
  list(TRANSFORM ARG_SOURCES PREPEND "${CMAKE_CURRENT_SOURCE_DIR}/" REGEX "^[^/]")
  list(TRANSFORM ARG_DEPENDS PREPEND "${CMAKE_CURRENT_SOURCE_DIR}/" REGEX "^[^/]")
  get_filename_component(outputDir "${ARG_OUTPUT}" DIRECTORY)
  add_custom_command(
    OUTPUT "${ARG_OUTPUT}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${outputDir}"
    COMMAND ${RUNW_CLANG19} ${RUNW_WASI_CFLAGS} -o "${ARG_OUTPUT}" ${ARG_SOURCES}
    DEPENDS ${ARG_SOURCES} ${ARG_DEPENDS}
    COMMENT "Compiling ${target} to wasm32-wasi"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS "${ARG_OUTPUT}")
endfunction()
