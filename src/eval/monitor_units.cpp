#include "kerma/eval/monitor_units.h"

#include "kerma/core/error.h"
#include "kerma/eval/dvh.h"

#include <cassert>
#include <cmath>
#include <string>

namespace kerma::eval {

namespace {

double doseAtGy(const core::Volume<float>& dose, const core::Point3<core::Patient>& p) {
  return core::sampleTrilinear(dose, p).value_or(0.0);
}

double normalisationQuantityGy(const core::Volume<float>& doseGy, const Prescription& rx,
                               const std::vector<dose::Beam>& beams, const structure::Structure* target) {
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
      DoseDistribution distribution;
      distribution.doseGy = doseGy;
      const Dvh dvh = computeDvh(target->contours, distribution);
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
  out.doseGy = core::Volume<float>(beamGyPerMu.front().geometry(), 0.f);
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
  auto accumulate = [&] {
    auto total = out.doseGy.values();
    std::fill(total.begin(), total.end(), 0.f);
    for (std::size_t b = 0; b < beams.size(); ++b) {
      const float muCourse = static_cast<float>(out.muPerFraction[b] * rx.fractions);
      const auto d = beamGyPerMu[b].values();
      for (std::size_t v = 0; v < total.size(); ++v) total[v] += muCourse * d[v];
    }
  };
  accumulate();
  const double scale = normalisationScale(rx, normalisationQuantityGy(out.doseGy, rx, beams, target));
  for (double& mu : out.muPerFraction) mu *= scale;
  // Summed again from the scaled MU rather than scaled, so the dose is exactly Σ MU_b d_b.
  accumulate();
  out.normalisationDoseGy = normalisationQuantityGy(out.doseGy, rx, beams, target);
  return out;
}

}  // namespace kerma::eval
