// SPDX-License-Identifier: Apache-2.0
// Cost of reading and writing config.json: runw parses it on every create, exec and update.
#include "oci/json.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

namespace {

std::string fixture(const char *name) {
  auto text = runw::oci::readDocumentFile(std::string(RUNW_SHARED_DIR) + "/fixtures/oci/" + name);
  if (!text) {
    std::fprintf(stderr, "bench fixture: %s\n", text.error().describe().c_str());
    return {};
  }
  return *text;
}

void parseConfig(benchmark::State &state, const char *name) {
  const std::string text = fixture(name);
  if (text.empty()) {
    state.SkipWithError("fixture missing");
    return;
  }
  for (auto _ : state) {
    auto spec = runw::oci::parseSpec(text);
    benchmark::DoNotOptimize(spec);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}

void serializeConfig(benchmark::State &state, const char *name) {
  auto spec = runw::oci::parseSpec(fixture(name));
  if (!spec) {
    state.SkipWithError("fixture does not parse");
    return;
  }
  for (auto _ : state) {
    std::string out = runw::oci::serialize(*spec);
    benchmark::DoNotOptimize(out);
  }
}

BENCHMARK_CAPTURE(parseConfig, podman_busybox, "podman-busybox-echo.config.json");
BENCHMARK_CAPTURE(parseConfig, crio_busybox, "crio-busybox-sh.config.json");
BENCHMARK_CAPTURE(serializeConfig, podman_busybox, "podman-busybox-echo.config.json");

} // namespace

BENCHMARK_MAIN();
