#include "kerma/app/dose_calculation.h"

#include "kerma/core/error.h"
#include "kerma/dose/beam_model.h"
#include "kerma/eval/plan_dose_calculation.h"
#include "kerma/plan/conformed_beams.h"
#include "kerma/structure/contour_extraction.h"

#include <memory>

namespace kerma::app {

std::optional<ComputedPlanDose> computeTemplatePlanDose(const core::CtImage& ct,
                                                        const std::vector<structure::Structure>& structures,
                                                        const TemplateDoseRequest& request,
                                                        const std::filesystem::path& machineFolder,
                                                        const std::filesystem::path& densityCurveFile,
                                                        const dose::DoseProgress& progress) {
  const structure::Structure* body = structure::findBody(structures);
  if (!body) throw Error(ErrorCode::BadInput, "no BODY (EXTERNAL) structure; expected the patient outline");
  const structure::Structure* found = nullptr;
  for (const auto& s : structures)
    if (s.name == request.target) found = &s;
  if (!found) throw Error(ErrorCode::BadInput, "target '" + request.target + "' not found among the structures");
  // Edited masks may have outgrown their contours: the normalisation reads the target's DVH.
  structure::Structure target = *found;
  target.contours = structure::extractContours(target.mask);
  const auto centroid = structure::centroidMm(target.mask);
  if (!centroid) throw Error(ErrorCode::BadInput, "target '" + request.target + "' is empty");

  eval::DoseEngineData engine;
  engine.machine = dose::loadMachine(machineFolder);
  engine.model = dose::loadBeamModel(machineFolder);
  engine.densityCurve = dose::loadCtDensityCurve(densityCurveFile);
  eval::Prescription rx = eval::parsePrescription(request.prescription);
  rx.target = request.target;
  rx.normalisation = request.normalisation;
  plan::ConformationOptions conformation;
  conformation.marginsMm = {request.marginMm, request.marginMm, request.marginMm, request.marginMm};
  ComputedPlanDose out;
  out.beams = plan::conformedTemplateBeams(request.beamTemplate, target, &body->mask, engine.machine, conformation,
                                           *centroid);
  dose::BeamDoseOptions options;
  options.progress = progress;
  auto calculation = eval::calculatePlanDose(ct.hu, *body, &target, out.beams, rx, engine, request.gridMm, options);
  if (!calculation) return std::nullopt;
  out.muPerFraction = calculation->plan.muPerFraction;
  out.calculationS = calculation->calculationS();
  auto distribution = std::make_shared<eval::DoseDistribution>();
  distribution->identity = ct.identity;
  distribution->identity.modality = "RTDOSE";
  distribution->doseGy = std::move(calculation->plan.doseGy);
  out.dose.dose = std::move(distribution);
  out.dose.origin = "computed: " + std::to_string(out.beams.size()) + " beams on " + request.target + ", " +
                    eval::describe(rx);
  out.dose.prescriptionGy = rx.totalDoseGy;
  return out;
}

}  // namespace kerma::app
