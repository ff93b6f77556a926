// DRR speed on the demo patient: 512 x 512 over 400 mm at the isocentre, SAD 1000 mm, per gantry
// angle and thread count (docs/performance.md, "DRR").

#include "kerma/phantom/demo_patient.h"
#include "kerma/beams/drr.h"

#include <benchmark/benchmark.h>

namespace {

const kerma::core::CtVolume& demoCt() {
  static const kerma::phantom::DemoPatient patient = kerma::phantom::makeDemoPatient();
  return patient.ct.hu;
}

kerma::dose::Beam beamAt(double gantryDeg) {
  kerma::dose::Beam beam;
  beam.gantryAngleDeg = gantryDeg;
  beam.isocenterMm = {24.48, -48.0, -87.93};  // GTV_Met centroid, as drr_vs_plastimatch.sh
  return beam;
}

// Arguments: gantry angle (deg), threads.
void drrFromHu(benchmark::State& state) {
  kerma::beams::DrrOptions options;
  options.threads = static_cast<int>(state.range(1));
  const kerma::dose::Beam beam = beamAt(double(state.range(0)));
  const kerma::core::CtVolume& ct = demoCt();
  for (auto _ : state) benchmark::DoNotOptimize(kerma::beams::computeDrr(ct, beam, 1000, options));
}

BENCHMARK(drrFromHu)->ArgsProduct({{0, 45, 90}, {1, 2}})->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

}  // namespace

BENCHMARK_MAIN();
