# SPDX-License-Identifier: Apache-2.0
# Integration test of containerd-shim-runw-v2 (runtime io.containerd.runw.v2) under a private
# containerd; include() it from test/integration/CMakeLists.txt. Run it by hand with
#   sudo RUNW_RUNTIME=build/bin/runw RUNW_SHIM=build/bin/containerd-shim-runw-v2 \
#     RUNW_SHIM_CALL=build/test-bin/runw-shim-call bash test/integration/containerd_shim.sh
if(RUNW_SANITIZE)
  return()
endif()

add_test(NAME integration.containerd_shim
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/containerd_shim.sh)
set_tests_properties(integration.containerd_shim PROPERTIES
  ENVIRONMENT "RUNW_RUNTIME=$<TARGET_FILE:runw>;RUNW_SHIM=$<TARGET_FILE:containerd-shim-runw-v2>;RUNW_SHIM_CALL=$<TARGET_FILE:runw-shim-call>;RUNW_BUILD_DIR=${CMAKE_BINARY_DIR}"
  LABELS integration
  TIMEOUT 300
  RUN_SERIAL TRUE)
