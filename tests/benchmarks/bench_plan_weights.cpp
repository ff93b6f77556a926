// A beam weight changed on a 4-field box of the demo patient (2.5 mm dose grid): the dose re-summed
// from each beam's Gy/MU (plan::reweight, no engine run) and the DVHs of the patient's structures
// computed again, as the workstation does after a weight edit. Issue 18's goal: 50 ms.

#include "kerma/beams/conformed_beams.h"
#include "kerma/dose/beam_model.h"
#include "kerma/dose/ct_density.h"
#include "kerma/eval/dvh.h"
#include "kerma/phantom/demo_patient.h"
#include "kerma/plan/plan.h"
#include "kerma/structure/contour_extraction.h"

#include <benchmark/benchmark.h>

#include <algorithm>

namespace {

using namespace kerma;

struct Box4 {
  phantom::DemoPatient demo = phantom::makeDemoPatient();
  plan::Plan plan;
  std::vector<std::vector<structure::PlanarContour>> contours;

  Box4() {
    const auto& structures = demo.structures;
    const auto target = std::find_if(structures.begin(), structures.end(), [](const auto& s) { return s.name == "GTV_Met"; });
    const eval::DoseEngineData engine{dose::loadMachine(KERMA_MACHINE_DIR), dose::loadBeamModel(KERMA_MACHINE_DIR),
                                      dose::loadCtDensityCurve(KERMA_RESOURCE_DIR "/ct-density/generic-120kvp.csv")};
    beams::ConformationOptions conformation;
    conformation.marginsMm = {7, 7, 7, 7};
    const auto beams = beams::conformedTemplateBeams(beams::BeamTemplate::Box4, *target,
                                                     &structure::findBody(structures)->mask, engine.machine, conformation,
                                                     *structure::centroidMm(target->mask));
    eval::Prescription rx = eval::parsePrescription("20Gy/5");
    rx.target = target->name;
    plan = plan::computePlan(demo.ct, structures, beams, rx, engine, dose::DEFAULT_DOSE_GRID_MM).value();
    for (const auto& s : structures) contours.push_back(structure::extractContours(s.mask));
  }
};

void weightChange(benchmark::State& state) {
  static Box4 box4;
  std::vector<dose::Beam> beams = box4.plan.beams;
  int step = 0;
  for (auto _ : state) {
    beams[0].weight = 1 + 0.1 * (++step % 5);  // a new weight every time
    plan::reweight(box4.plan, beams);
    const auto dvhs = eval::computeDvhs(box4.contours, plan::doseDistribution(box4.plan, box4.demo.ct.identity));
    benchmark::DoNotOptimize(dvhs);
  }
  const auto& size = box4.plan.doseGy.geometry().size();
  state.SetLabel("dose grid " + std::to_string(size[0]) + "x" + std::to_string(size[1]) + "x" + std::to_string(size[2]) +
                 ", " + std::to_string(box4.contours.size()) + " structures");
}

void reweightAlone(benchmark::State& state) {
  static Box4 box4;
  std::vector<dose::Beam> beams = box4.plan.beams;
  int step = 0;
  for (auto _ : state) {
    beams[0].weight = 1 + 0.1 * (++step % 5);
    plan::reweight(box4.plan, beams);
    benchmark::DoNotOptimize(box4.plan.doseGy);
  }
}

}  // namespace

BENCHMARK(weightChange)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(reweightAlone)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK_MAIN();
