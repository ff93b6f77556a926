#ifndef KERMA_EVAL_PLAN_DOSE_CALCULATION_H
#define KERMA_EVAL_PLAN_DOSE_CALCULATION_H

#include "kerma/core/volume.h"
#include "kerma/dose/beam.h"
#include "kerma/dose/beam_model.h"
#include "kerma/dose/ct_density.h"
#include "kerma/dose/machine.h"
#include "kerma/dose/patient_dose.h"
#include "kerma/eval/monitor_units.h"
#include "kerma/eval/prescription.h"
#include "kerma/structure/structure.h"

#include <optional>
#include <vector>

namespace kerma::eval {

/// What the dose engine needs beyond the patient: the machine, its beam model and the CT
/// calibration.
struct DoseEngineData {
  dose::Machine machine;
  dose::BeamModel model;
  dose::CtDensityCurve densityCurve;
};

/// A plan's dose, scaled to its prescription, with the wall time of each stage.
struct PlanDoseCalculation {
  core::VolumeGeometry grid;                     ///< the dose grid
  std::vector<core::Volume<float>> beamGyPerMu;  ///< one per beam, on grid
  NormalisedPlanDose plan;   ///< dose of the whole course, Gy, and MU per fraction
  dose::DoseStageTimes stageTimes;
  double densityS = 0, monitorUnitsS = 0;
  double calculationS() const {
    return densityS + stageTimes.calibrationS + stageTimes.fluenceS + stageTimes.termaS + stageTimes.superpositionS +
           monitorUnitsS;
  }
};

/// The dose of beams on a patient (docs/methods/dose.md §§ 6–8): density from ct through the
/// curve on a grid of gridMm over body (dose::doseGridForBody), each beam's Gy/MU
/// (dose::beamDosesGyPerMu), then MU from the weights and rx (normaliseToPrescription; target
/// for target mean and D95). nullopt when options.progress cancelled. Throws kerma::Error
/// (BadInput) as those functions do.
std::optional<PlanDoseCalculation> calculatePlanDose(const core::CtVolume& ct, const structure::Structure& body,
                                                     const structure::Structure* target,
                                                     const std::vector<dose::Beam>& beams, const Prescription& rx,
                                                     const DoseEngineData& engine, double gridMm,
                                                     const dose::BeamDoseOptions& options = {});

}  // namespace kerma::eval

#endif  // KERMA_EVAL_PLAN_DOSE_CALCULATION_H
