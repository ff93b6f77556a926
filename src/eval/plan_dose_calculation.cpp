#include "kerma/eval/plan_dose_calculation.h"

#include <chrono>

namespace kerma::eval {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::optional<PlanDoseCalculation> calculatePlanDose(const core::CtVolume& ct, const structure::Structure& body,
                                                     const structure::Structure* target,
                                                     const std::vector<dose::Beam>& beams, const Prescription& rx,
                                                     const DoseEngineData& engine, double gridMm,
                                                     const dose::BeamDoseOptions& options) {
  PlanDoseCalculation out;
  auto start = std::chrono::steady_clock::now();
  out.grid = dose::doseGridForBody(body.mask, gridMm);
  const core::Volume<float> rho = dose::densityOnGrid(ct, body.mask, engine.densityCurve, out.grid, options.threads);
  out.densityS = secondsSince(start);
  auto perBeam = dose::beamDosesGyPerMu(rho, beams, engine.machine, engine.model, options, &out.stageTimes);
  if (!perBeam) return std::nullopt;
  out.beamGyPerMu = std::move(*perBeam);
  start = std::chrono::steady_clock::now();
  out.plan = normaliseToPrescription(out.beamGyPerMu, beams, rx, target);
  out.monitorUnitsS = secondsSince(start);
  return out;
}

}  // namespace kerma::eval
