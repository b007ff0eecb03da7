# SPDX-License-Identifier: Apache-2.0
# Thin wrapper over cmake/ctest: deps, build, test (optionally sanitized), format, demo, bench.
#
#   make deps                          install missing Debian packages (scripts/deps.sh)
#   make / make build                  Release build into build/ (Ninja)
#   make test                          deps, build, format check, ctest
#   make test SANITIZE=address,undefined   same, in build-asan/ (RelWithDebInfo + sanitizers)
#   make test SANITIZE=thread          same, in build-tsan/
#   make test LABEL=unit               only the ctest tests with that label
#   make format                        clang-format -i on every C++ source
#   make demo                          build, then run examples/hello (a WASI program with args,
#                                      env and a read-only preopen) on runw-wasm, the same module
#                                      as a wasm container with `runw run`, and examples/fib
#   make bench                         run the benchmarks in $(BUILD_DIR)/bench, if any
#   make bench-interp                  interpreter CPU time vs wasm-interp, node and native
#   make bench-startup                 container start-up wall/CPU/RSS vs crun and runc (root)
#   make bench-shim                    ctr run --rm wall time and shim RSS, runw vs runc shim (root)
#   make clean                         remove build/ and build-*/
#
# Variables: BUILD_DIR, JOBS (default 2), SANITIZE, BUILD_TYPE, LABEL, CTEST_ARGS.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
MAKEFLAGS += --no-print-directory
.DEFAULT_GOAL := build

JOBS ?= 2
SANITIZE ?=
LABEL ?=
CTEST_ARGS ?=

ifeq ($(strip $(SANITIZE)),)
  BUILD_DIR ?= build
  BUILD_TYPE ?= Release
else
  BUILD_DIR ?= build-$(if $(findstring thread,$(SANITIZE)),tsan,asan)
  BUILD_TYPE ?= RelWithDebInfo
  # Exported so gtest discovery at build time and ctest at test time both see them.
  export ASAN_OPTIONS ?= halt_on_error=1:print_stacktrace=1:detect_leaks=1:detect_stack_use_after_return=1
  export UBSAN_OPTIONS ?= halt_on_error=1:print_stacktrace=1
  export LSAN_OPTIONS ?= print_suppressions=0
  export TSAN_OPTIONS ?= halt_on_error=1:second_deadlock_stack=1
endif

CMAKE ?= cmake
CTEST ?= ctest
RUNW := $(BUILD_DIR)/bin/runw

.PHONY: all deps configure build test check-format format demo bench bench-interp bench-startup bench-shim clean

all: build

deps:
	@scripts/deps.sh

# Configure only when the tree has never been configured, or was configured with a different
# SANITIZE; everything else (CMakeLists.txt edits included) ninja re-runs cmake for by itself.
configure: deps
	@if [[ ! -f "$(BUILD_DIR)/build.ninja" ]] || \
	    ! grep -qxF 'RUNW_SANITIZE:STRING=$(SANITIZE)' "$(BUILD_DIR)/CMakeCache.txt"; then \
	  $(CMAKE) -S . -B "$(BUILD_DIR)" -G Ninja \
	    -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DRUNW_SANITIZE=$(SANITIZE); \
	fi

build: configure
	@$(CMAKE) --build "$(BUILD_DIR)" -j $(JOBS)

check-format: deps
	@scripts/check-format.sh

format: deps
	@scripts/check-format.sh --fix

# --no-tests=error: a tree that registers no test must not pass as green.
test: build check-format
	@$(CTEST) --test-dir "$(BUILD_DIR)" --output-on-failure -j $(JOBS) --no-tests=error \
	  $(if $(LABEL),-L '$(LABEL)') $(CTEST_ARGS)

# examples/hello is C compiled to wasm32-wasi by the build (build/examples/hello.wasm); the demo
# runs it with arguments, an environment variable and examples/hello/data preopened read-only as
# /data. Then it calls an exported function of a module assembled with wabt's wat2wasm.
demo: build
	@echo "+ $(BUILD_DIR)/bin/runw-wasm run --dir examples/hello/data:/data:ro --env GREETING=Hello $(BUILD_DIR)/examples/hello.wasm alice bob"
	@"$(BUILD_DIR)/bin/runw-wasm" run --dir examples/hello/data:/data:ro --env GREETING=Hello \
	  "$(BUILD_DIR)/examples/hello.wasm" alice bob
	@scripts/demo-container.sh "$(BUILD_DIR)"
	@wat2wasm examples/fib/fib.wat -o "$(BUILD_DIR)/fib.wasm"
	@echo "+ $(BUILD_DIR)/bin/runw-wasm run --invoke fib $(BUILD_DIR)/fib.wasm 30"
	@"$(BUILD_DIR)/bin/runw-wasm" run --invoke fib "$(BUILD_DIR)/fib.wasm" 30

# Benchmarks are the executables named *bench* in $(BUILD_DIR)/bench (or bin); ctest skips them.
bench: build
	@mapfile -t benches < <(find "$(BUILD_DIR)/bench" "$(BUILD_DIR)/bin" -maxdepth 1 -type f \
	    -executable -name '*bench*' 2>/dev/null | sort); \
	if [[ $${#benches[@]} -eq 0 ]]; then echo "bench: no benchmarks built in $(BUILD_DIR)"; exit 0; fi; \
	for b in "$${benches[@]}"; do echo "+ $$b"; "$$b"; done

# The interpreter bench: C kernels on runw, wasm-interp, node and native (bench/interp/README.md).
bench-interp: build
	@bench/interp/run.sh "$(BUILD_DIR)"

# The start-up bench: `run` of a busybox /bin/true bundle on runw, crun and runc, interleaved
# (bench/startup/README.md).
bench-startup: build
	@bench/startup/run.sh "$(BUILD_DIR)"

# The shim bench: `ctr run --rm` through containerd-shim-runw-v2 vs the runc shim with runc
# (bench/shim/README.md).
bench-shim: build
	@bench/shim/run.sh "$(BUILD_DIR)"

# Removes every default tree (build/, build-asan/, build-tsan/) plus a custom BUILD_DIR.
clean:
	rm -rf build build-*/ $(filter-out / . ..,$(BUILD_DIR))
