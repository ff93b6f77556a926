#include "kerma/eval/monitor_units.h"

#include "kerma/core/error.h"
#include "kerma/core/parallel.h"
#include "kerma/eval/dvh.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

namespace kerma::eval {

namespace {

// Voxels a worker sums at a time.
constexpr std::size_t SUM_BLOCK_VOXELS = 1 << 16;

double doseAtGy(const core::Volume<float>& dose, const core::Point3<core::Patient>& p) {
  return core::sampleTrilinear(dose, p).value_or(0.0);
}

double normalisationQuantityGy(const DoseDistribution& dose, const Prescription& rx,
                               const std::vector<dose::Beam>& beams, const structure::Structure* target) {
  const core::Volume<float>& doseGy = dose.doseGy;
  switch (rx.normalisation) {
    case Normalisation::Point:
      if (!rx.pointMm) throw Error(ErrorCode::BadInput, "normalisation to a point without a point; expected x,y,z in mm");
      return doseAtGy(doseGy, *rx.pointMm);
    case Normalisation::Isocentre:
      return doseAtGy(doseGy, rx.pointMm.value_or(beams.front().isocenterMm));
    case Normalisation::TargetMean:
    case Normalisation::TargetD95: {
      if (!target || target->contours.empty())
        throw Error(ErrorCode::BadInput, "normalisation to the target without target contours; expected a target structure");
      const Dvh dvh = computeDvh(target->contours, dose);
      return rx.normalisation == Normalisation::TargetMean ? dvh.meanGy : doseAtPercentGy(dvh, 95);
    }
  }
  assert(false && "every normalisation handled");
  return 0;
}

}  // namespace

NormalisedPlanDose normaliseToPrescription(const std::vector<core::Volume<float>>& beamGyPerMu,
                                           const std::vector<dose::Beam>& beams, const Prescription& rx,
                                           const structure::Structure* target) {
  assert(beamGyPerMu.size() == beams.size() && !beams.empty() && "one dose per beam");
  NormalisedPlanDose out;
  // Summed in a distribution, so that the normalisation reads it without a copy.
  DoseDistribution summed;
  summed.doseGy = core::Volume<float>(beamGyPerMu.front().geometry(), 0.f);
  // MU per fraction before scaling: each beam gives weight Gy at its isocentre.
  for (std::size_t b = 0; b < beams.size(); ++b) {
    const dose::Beam& beam = beams[b];
    if (!(beam.weight > 0))
      throw Error(ErrorCode::BadInput, "beam " + beam.name + " has weight " + std::to_string(beam.weight) +
                                           "; expected a positive weight");
    const double atIso = doseAtGy(beamGyPerMu[b], beam.isocenterMm);
    if (!(atIso > 0))
      throw Error(ErrorCode::BadInput, "beam " + beam.name +
                                           " gives no dose at its isocentre; expected the isocentre inside the field and the dose grid");
    out.muPerFraction.push_back(beam.weight / atIso);
  }
  // Each voxel summed over the beams in their order, in blocks on worker threads: the same
  // floats whatever the thread count.
  auto accumulate = [&] {
    auto total = summed.doseGy.values();
    const std::size_t blocks = (total.size() + SUM_BLOCK_VOXELS - 1) / SUM_BLOCK_VOXELS;
    core::parallelFor(blocks, 0, [&](std::size_t block) {
      const std::size_t begin = block * SUM_BLOCK_VOXELS, end = std::min(total.size(), begin + SUM_BLOCK_VOXELS);
      std::fill(total.begin() + long(begin), total.begin() + long(end), 0.f);
      for (std::size_t b = 0; b < beams.size(); ++b) {
        const float muCourse = static_cast<float>(out.muPerFraction[b] * rx.fractions);
        const auto d = beamGyPerMu[b].values();
        for (std::size_t v = begin; v < end; ++v) total[v] += muCourse * d[v];
      }
    });
  };
  accumulate();
  const double scale = normalisationScale(rx, normalisationQuantityGy(summed, rx, beams, target));
  for (double& mu : out.muPerFraction) mu *= scale;
  // Summed again from the scaled MU rather than scaled, so the dose is exactly Σ MU_b d_b.
  accumulate();
  out.normalisationDoseGy = normalisationQuantityGy(summed, rx, beams, target);
  out.doseGy = std::move(summed.doseGy);
  return out;
}

}  // namespace kerma::eval
