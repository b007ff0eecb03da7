# SPDX-License-Identifier: Apache-2.0
# Version facts baked into the binaries: project version, git commit, OCI spec versions.

set(RUNW_OCI_RUNTIME_SPEC_VERSION "1.2.1")
set(RUNW_OCI_RUNTIME_SPEC_MIN_VERSION "1.0.0")
set(RUNW_OCI_IMAGE_SPEC_VERSION "1.1.1")

execute_process(COMMAND git -C ${CMAKE_SOURCE_DIR} rev-parse --short=12 HEAD
                OUTPUT_VARIABLE RUNW_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE runw_git_rc)
if(NOT runw_git_rc EQUAL 0 OR RUNW_GIT_COMMIT STREQUAL "")
  set(RUNW_GIT_COMMIT "unknown")
endif()
execute_process(COMMAND git -C ${CMAKE_SOURCE_DIR} status --porcelain --untracked-files=no
                OUTPUT_VARIABLE runw_git_dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT runw_git_dirty STREQUAL "")
  string(APPEND RUNW_GIT_COMMIT "-dirty")
endif()

configure_file(${CMAKE_SOURCE_DIR}/cmake/version.h.in
               ${CMAKE_BINARY_DIR}/generated/support/version.h @ONLY)
