#ifndef KERMA_APP_DOSE_CALCULATION_H
#define KERMA_APP_DOSE_CALCULATION_H

#include "kerma/app/plan_dose.h"
#include "kerma/core/image_series.h"
#include "kerma/dose/beam.h"
#include "kerma/dose/patient_dose.h"
#include "kerma/eval/prescription.h"
#include "kerma/plan/beam_templates.h"
#include "kerma/structure/structure.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kerma::app {

/// What "Compute dose" asks for: a template plan conformed to a target and its prescription.
struct TemplateDoseRequest {
  std::string target;
  plan::BeamTemplate beamTemplate = plan::BeamTemplate::Box4;
  std::string prescription = "20Gy/5";
  eval::Normalisation normalisation = eval::Normalisation::TargetD95;
  double gridMm = dose::DEFAULT_DOSE_GRID_MM;
  double marginMm = 7;  ///< MLC margin around the target's beam's-eye view, mm
};

/// A computed plan dose with its beams and monitor units.
struct ComputedPlanDose {
  PlanDose dose;                      ///< origin "computed: box4 on PTV, 20 Gy / 5 fx"
  std::vector<dose::Beam> beams;
  std::vector<double> muPerFraction;  ///< one per beam
  double calculationS = 0;
};

/// The dose of request on the patient (ct and its structures, which need a BODY): beams of the
/// template about the target's centroid with the MLC conformed (plan::conformedTemplateBeams),
/// then eval::calculatePlanDose with the machine and density curve in the given files. Runs on
/// the calling thread; progress as dose::beamDosesGyPerMu reports it. nullopt when cancelled.
/// Throws kerma::Error (BadInput) naming the missing target or BODY, and as the calls do.
std::optional<ComputedPlanDose> computeTemplatePlanDose(const core::CtImage& ct,
                                                        const std::vector<structure::Structure>& structures,
                                                        const TemplateDoseRequest& request,
                                                        const std::filesystem::path& machineFolder,
                                                        const std::filesystem::path& densityCurveFile,
                                                        const dose::DoseProgress& progress = {});

}  // namespace kerma::app

#endif  // KERMA_APP_DOSE_CALCULATION_H
