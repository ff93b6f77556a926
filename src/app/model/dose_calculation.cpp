#include "kerma/app/dose_calculation.h"

#include "kerma/core/error.h"
#include "kerma/dose/beam_model.h"
#include "kerma/eval/monitor_units.h"
#include "kerma/eval/plan_dose_calculation.h"
#include "kerma/structure/contour_extraction.h"

#include <memory>

namespace kerma::app {

namespace {

// A computed dose in the CT's patient, study and Frame of Reference.
std::shared_ptr<eval::DoseDistribution> distributionOf(core::SeriesIdentity identity, core::Volume<float> doseGy) {
  auto distribution = std::make_shared<eval::DoseDistribution>();
  distribution->identity = std::move(identity);
  distribution->identity.modality = "RTDOSE";
  distribution->doseGy = std::move(doseGy);
  return distribution;
}

}  // namespace

std::optional<ComputedPlanDose> computePlanDose(const core::CtImage& ct,
                                                const std::vector<structure::Structure>& structures,
                                                const std::vector<dose::Beam>& beams, const PlanDoseRequest& request,
                                                const std::filesystem::path& machineFolder,
                                                const std::filesystem::path& densityCurveFile,
                                                const dose::DoseProgress& progress) {
  if (beams.empty()) throw Error(ErrorCode::BadInput, "the plan has no beams; make them with Plan > New plan from template");
  const structure::Structure* body = structure::findBody(structures);
  if (!body) throw Error(ErrorCode::BadInput, "no BODY (EXTERNAL) structure; expected the patient outline");
  const structure::Structure* found = nullptr;
  for (const auto& s : structures)
    if (s.name == request.target) found = &s;
  if (!found) throw Error(ErrorCode::BadInput, "target '" + request.target + "' not found among the structures");

  ComputedPlanDose out;
  // Edited masks may have outgrown their contours: the normalisation reads the target's DVH.
  out.target = *found;
  out.target.contours = structure::extractContours(out.target.mask);
  eval::DoseEngineData engine;
  engine.machine = dose::loadMachine(machineFolder);
  engine.model = dose::loadBeamModel(machineFolder);
  engine.densityCurve = dose::loadCtDensityCurve(densityCurveFile);
  out.machine = engine.machine;
  out.rx = eval::parsePrescription(request.prescription);
  out.rx.target = request.target;
  out.rx.normalisation = request.normalisation;
  out.beams = beams;
  dose::BeamDoseOptions options;
  options.progress = progress;
  auto calculation = eval::calculatePlanDose(ct.hu, *body, &out.target, beams, out.rx, engine, request.gridMm, options);
  if (!calculation) return std::nullopt;
  out.muPerFraction = calculation->plan.muPerFraction;
  out.calculationS = calculation->calculationS();
  out.beamGyPerMu = std::move(calculation->beamGyPerMu);
  out.dose.dose = distributionOf(ct.identity, std::move(calculation->plan.doseGy));
  out.dose.origin = "computed: " + std::to_string(beams.size()) + " beams on " + request.target + ", " +
                    eval::describe(out.rx);
  out.dose.prescriptionGy = out.rx.totalDoseGy;
  out.dose.fractions = out.rx.fractions;
  return out;
}

bool onlyWeightsChanged(const ComputedPlanDose& computed, const std::vector<dose::Beam>& beams) {
  if (beams.size() != computed.beams.size()) return false;
  for (std::size_t b = 0; b < beams.size(); ++b) {
    const dose::Beam& was = computed.beams[b];
    const dose::Beam& now = beams[b];
    // Neither the name nor the weight enters a beam's Gy/MU; everything else does.
    if (was.gantryAngleDeg != now.gantryAngleDeg || was.collimatorAngleDeg != now.collimatorAngleDeg ||
        was.couchAngleDeg != now.couchAngleDeg || was.patientPosition != now.patientPosition ||
        !(was.isocenterMm == now.isocenterMm) || !(was.jawsMm == now.jawsMm) ||
        was.leaves != now.leaves || was.ssdMm != now.ssdMm || was.energy != now.energy)
      return false;
  }
  return true;
}

void reweightPlanDose(ComputedPlanDose& computed, const std::vector<dose::Beam>& beams) {
  eval::NormalisedPlanDose plan = eval::normaliseToPrescription(computed.beamGyPerMu, beams, computed.rx, &computed.target);
  computed.beams = beams;
  computed.muPerFraction = std::move(plan.muPerFraction);
  computed.dose.dose = distributionOf(computed.dose.dose->identity, std::move(plan.doseGy));
}

}  // namespace kerma::app
