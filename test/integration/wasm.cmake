# SPDX-License-Identifier: Apache-2.0
# Integration tests of wasm containers: podman and containerd run the example images with runw.
# include() it from test/integration/CMakeLists.txt. The scripts pack the images themselves from
# build/examples/*.wasm (built by default, see examples/CMakeLists.txt); run one by hand with
#   sudo RUNW_RUNTIME=build/bin/runw bash test/integration/podman_wasm.sh
if(RUNW_SANITIZE)
  return()
endif()

foreach(suite IN ITEMS podman_wasm containerd_wasm)
  add_test(NAME integration.${suite}
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/${suite}.sh)
  set_tests_properties(integration.${suite} PROPERTIES
    ENVIRONMENT "RUNW_RUNTIME=$<TARGET_FILE:runw>;RUNW_BUILD_DIR=${CMAKE_BINARY_DIR}"
    LABELS integration
    TIMEOUT 300
    RUN_SERIAL TRUE)
endforeach()
