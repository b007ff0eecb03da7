# SPDX-License-Identifier: Apache-2.0
# Bundle-driven runw CLI tests (root, busybox-static, jq); include()d from this directory's
# CMakeLists.txt. Run them by hand with: sudo RUNW=build/bin/runw bash test/integration/runw_cli.sh
add_test(NAME integration.runw_cli
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/runw_cli.sh)
set_tests_properties(integration.runw_cli PROPERTIES
  ENVIRONMENT "RUNW=$<TARGET_FILE:runw>"
  LABELS integration
  TIMEOUT 300
  RUN_SERIAL TRUE)
