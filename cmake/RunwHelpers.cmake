# SPDX-License-Identifier: Apache-2.0
# runw_add_library / runw_add_executable: one place for standard, warnings, visibility, PIC.

set(RUNW_WARNINGS -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion -Werror)

function(runw_apply_sanitizers target)
  if(RUNW_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${RUNW_SANITIZE} -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${RUNW_SANITIZE})
    # GCC 12's flow analysis gets confused by sanitizer instrumentation and reports
    # maybe-uninitialized inside libstdc++ headers (<regex>, <optional>); the plain build
    # keeps the warning.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
    endif()
  endif()
endfunction()

function(runw_set_common target)
  target_compile_features(${target} PUBLIC cxx_std_23)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF POSITION_INDEPENDENT_CODE ON
                                             CXX_VISIBILITY_PRESET hidden
                                             VISIBILITY_INLINES_HIDDEN ON)
  target_compile_options(${target} PRIVATE ${RUNW_WARNINGS})
  runw_apply_sanitizers(${target})
endfunction()

# runw_add_library(name SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
# A static library with include/ public and src/ private.
function(runw_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  runw_set_common(${name})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                     PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# runw_add_executable(name SOURCES ... [DEPS ...])
function(runw_add_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  runw_set_common(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
endfunction()

# runw_link_static(target): the programs users and clients start many times a second (runw,
# runw-wasm, the shim) are linked static-pie: no dynamic loader, no symbol resolution at every
# start (that was about half of a `runw create`'s instructions), still address-randomized.
# Sanitizer builds stay dynamic (the sanitizer runtimes need it).
function(runw_link_static target)
  if(NOT RUNW_SANITIZE)
    target_link_options(${target} PRIVATE -static-pie)
  endif()
endfunction()

# runw_add_gtest(name LABEL label SOURCES ... DEPS ...): a GoogleTest binary registered with ctest.
function(runw_add_gtest name)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  runw_set_common(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/test-bin)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE RUNW_SHARED_DIR="${RUNW_SHARED_DIR}"
                                             RUNW_BIN_DIR="${CMAKE_BINARY_DIR}/bin"
                                             RUNW_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  gtest_discover_tests(${name} PROPERTIES LABELS ${ARG_LABEL} DISCOVERY_TIMEOUT 30)
endfunction()

include(GoogleTest)
