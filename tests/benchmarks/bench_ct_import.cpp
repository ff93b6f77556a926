// CT series import speed on the shared LUNG1-001 series (134 x 512 x 512), per thread count.

#include "kerma/dicom/ct_import.h"

#include <benchmark/benchmark.h>

#include <filesystem>

namespace {

void loadLung1(benchmark::State& state) {
  const std::filesystem::path folder = std::filesystem::path(KERMA_SHARED_DIR) / "data/lung1-001/ct";
  if (!std::filesystem::exists(folder)) {
    state.SkipWithError("shared LUNG1-001 data absent");
    return;
  }
  kerma::dicom::CtScanOptions options;
  options.threads = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(kerma::dicom::loadCtSeries(folder, options));
  state.SetItemsProcessed(state.iterations() * 134);
  state.SetLabel("slices");
}

BENCHMARK(loadLung1)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
