#ifndef KERMA_APP_DOSE_CALCULATION_H
#define KERMA_APP_DOSE_CALCULATION_H

#include "kerma/app/plan_dose.h"
#include "kerma/core/image_series.h"
#include "kerma/core/volume.h"
#include "kerma/dose/beam.h"
#include "kerma/dose/machine.h"
#include "kerma/dose/patient_dose.h"
#include "kerma/eval/prescription.h"
#include "kerma/structure/structure.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kerma::app {

/// What "Compute dose" asks for beyond the plan's beams: the prescription, the structure it
/// is normalised to and the dose grid.
struct PlanDoseRequest {
  std::string target;
  std::string prescription = "20Gy/5";
  eval::Normalisation normalisation = eval::Normalisation::TargetD95;
  double gridMm = dose::DEFAULT_DOSE_GRID_MM;
};

/// A computed plan dose with its beams and monitor units, and what a change of weights needs
/// to re-sum it without the engine: each beam's Gy/MU, the prescription and its target.
struct ComputedPlanDose {
  PlanDose dose;                      ///< origin "computed: 4 beams on PTV, 20 Gy / 5 fx"
  std::vector<dose::Beam> beams;
  std::vector<double> muPerFraction;  ///< one per beam
  double calculationS = 0;
  std::vector<core::Volume<float>> beamGyPerMu;  ///< one per beam
  eval::Prescription rx;
  structure::Structure target;        ///< with contours of its mask, as the normalisation reads them
  dose::Machine machine;              ///< the machine file the dose was computed for (its checksum)
};

/// The dose of beams (the plan's, as BeamPlanModel holds them) on the patient (ct and its
/// structures, which need a BODY), normalised as request says: eval::calculatePlanDose with the
/// machine and density curve in the given files. Runs on the calling thread; progress as
/// dose::beamDosesGyPerMu reports it. nullopt when cancelled. Throws kerma::Error (BadInput)
/// naming the missing beams, target or BODY, and as the calls do.
std::optional<ComputedPlanDose> computePlanDose(const core::CtImage& ct,
                                                const std::vector<structure::Structure>& structures,
                                                const std::vector<dose::Beam>& beams, const PlanDoseRequest& request,
                                                const std::filesystem::path& machineFolder,
                                                const std::filesystem::path& densityCurveFile,
                                                const dose::DoseProgress& progress = {});

/// Whether beams are computed's beams with at most their weights changed: then
/// reweightPlanDose gives their dose exactly, any other change needs the engine again.
bool onlyWeightsChanged(const ComputedPlanDose& computed, const std::vector<dose::Beam>& beams);

/// Sets computed's beams to beams (onlyWeightsChanged must hold) and its dose and MU to their
/// new weights: the per-beam Gy/MU re-summed by eval::normaliseToPrescription, no engine run.
/// Throws kerma::Error (BadInput) as that does (e.g. a weight of zero).
void reweightPlanDose(ComputedPlanDose& computed, const std::vector<dose::Beam>& beams);

}  // namespace kerma::app

#endif  // KERMA_APP_DOSE_CALCULATION_H
