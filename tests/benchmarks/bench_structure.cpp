// Structure operations at clinical sizes: margins on LUNG1-001 (512 x 512 x 134) and contour
// extraction. The goal: a 15 mm expansion in under 0.5 s on 2 cores.

#include "kerma/dicom/ct_import.h"
#include "kerma/dicom/rtstruct_import.h"
#include "kerma/structure/contour_extraction.h"
#include "kerma/structure/margin.h"

#include <benchmark/benchmark.h>

#include <filesystem>

namespace {

namespace fs = std::filesystem;

// LUNG1-001's structures on its CT, loaded once for all benchmarks.
const std::vector<kerma::structure::Structure>* lung1Structures() {
  static const auto structures = []() -> std::optional<std::vector<kerma::structure::Structure>> {
    const fs::path shared = fs::path(KERMA_SHARED_DIR) / "data/lung1-001";
    if (!fs::exists(shared)) return std::nullopt;
    const auto ct = kerma::dicom::loadCtSeries(shared / "ct");
    return kerma::dicom::structuresOnCt(kerma::dicom::readStructureSet(shared / "rtstruct/RS.dcm"), ct.image).structures;
  }();
  return structures ? &*structures : nullptr;
}

void expandLung1(benchmark::State& state) {
  const auto* structures = lung1Structures();
  if (!structures) {
    state.SkipWithError("shared LUNG1-001 data absent");
    return;
  }
  const auto& s = (*structures)[std::size_t(state.range(0))];
  for (auto _ : state) benchmark::DoNotOptimize(kerma::structure::expand(s.mask, kerma::structure::MarginMm::isotropic(15)));
  state.SetLabel(s.name + " + 15 mm");
}

void contractLung1(benchmark::State& state) {
  const auto* structures = lung1Structures();
  if (!structures) {
    state.SkipWithError("shared LUNG1-001 data absent");
    return;
  }
  const auto& s = (*structures)[std::size_t(state.range(0))];
  for (auto _ : state) benchmark::DoNotOptimize(kerma::structure::contract(s.mask, kerma::structure::MarginMm::isotropic(5)));
  state.SetLabel(s.name + " - 5 mm");
}

void extractLung1(benchmark::State& state) {
  const auto* structures = lung1Structures();
  if (!structures) {
    state.SkipWithError("shared LUNG1-001 data absent");
    return;
  }
  const auto& s = (*structures)[std::size_t(state.range(0))];
  for (auto _ : state) benchmark::DoNotOptimize(kerma::structure::extractContours(s.mask));
  state.SetLabel(s.name);
}

// Structures 0..3: GTV-1, Spinal-Cord, Lung-Left, Lung-Right.
BENCHMARK(expandLung1)->DenseRange(0, 3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(contractLung1)->Arg(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(extractLung1)->Arg(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
