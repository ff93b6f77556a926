#ifndef KERMA_PLAN_PLAN_H
#define KERMA_PLAN_PLAN_H

#include "kerma/core/image_series.h"
#include "kerma/core/volume.h"
#include "kerma/dose/beam.h"
#include "kerma/dose/delivery_limits.h"
#include "kerma/dose/machine.h"
#include "kerma/eval/dose_distribution.h"
#include "kerma/eval/dose_maximum.h"
#include "kerma/eval/plan_dose_calculation.h"
#include "kerma/eval/prescription.h"
#include "kerma/structure/structure.h"

#include <optional>
#include <string>
#include <vector>

namespace kerma::plan {

/// A computed treatment plan: what its RT Plan, RT Dose and report state, and what a change of
/// beam weights needs to re-sum it without the engine. The one plan value of kerma-cli, the
/// workstation and the exporter.
struct Plan {
  std::string label = "KERMA";  ///< RT Plan Label, at most 16 characters
  std::string name;             ///< RT Plan Name, e.g. "box4 20 Gy / 5 fx to PTV"
  /// Total dose, fractions, the structure the dose is normalised on (rx.target) and how.
  eval::Prescription rx;
  std::vector<dose::Beam> beams;
  std::vector<double> muPerFraction;             ///< one per beam
  std::vector<core::Volume<float>> beamGyPerMu;  ///< one per beam, on the dose grid
  core::Volume<float> doseGy;                    ///< the whole course, Gy, on the dose grid
  /// The machine file the plan was computed for: its name, version and checksum go into the RT
  /// Plan, its delivery limits decide what may be approved and exported.
  dose::Machine machine;
  /// rx.target's structure as the dose was normalised on it (mask and contours of that moment):
  /// a weight change normalises on the same voxels.
  structure::Structure normalisedOn;
  /// rx's normalisation quantity of doseGy as measured after scaling: rx.totalDoseGy within the
  /// DVH's resolution, a check.
  double normalisationDoseGy = 0;
};

/// Wall time of computePlan's stages, s.
struct PlanTimes {
  double densityS = 0, monitorUnitsS = 0;
  dose::DoseStageTimes stages;  ///< calibration, fluence, TERMA, superposition
  double calculationS() const {
    return densityS + stages.calibrationS + stages.fluenceS + stages.termaS + stages.superpositionS + monitorUnitsS;
  }
};

/// The plan of beams on the patient (ct and its structures, which need a BODY and rx.target):
/// the dose engine's calculation (eval::calculatePlanDose: density, Gy/MU of each beam, MU from
/// the weights and rx) on a grid of gridMm. Runs on the calling thread; progress and threads as
/// options say; the stages' wall time into times when given. nullopt when options.progress
/// cancelled. Throws kerma::Error (BadInput) naming a missing BODY, target or beam list, and as
/// the calculation does.
std::optional<Plan> computePlan(const core::CtImage& ct, const std::vector<structure::Structure>& structures,
                                std::vector<dose::Beam> beams, const eval::Prescription& rx,
                                const eval::DoseEngineData& engine, double gridMm,
                                const dose::BeamDoseOptions& options = {}, PlanTimes* times = nullptr);

/// Whether beams are plan's beams with at most their names and weights changed: then reweight
/// gives their dose exactly; any other change needs the engine again.
bool onlyWeightsChanged(const Plan& plan, const std::vector<dose::Beam>& beams);

/// Sets plan's beams to beams (onlyWeightsChanged must hold) and its dose and MU to their
/// weights: the per-beam Gy/MU re-summed by eval::normaliseToPrescription, no engine run. Throws
/// kerma::Error (BadInput) as that does (e.g. every weight zero).
void reweight(Plan& plan, const std::vector<dose::Beam>& beams);

/// MU per fraction of each step-and-shoot segment of plan's beam (an index), the open field
/// first: one value for a static beam.
std::vector<double> segmentMuPerFraction(const Plan& plan, std::size_t beam);

/// plan's dose as a distribution of the patient, study and Frame of Reference of ct (RTDOSE).
eval::DoseDistribution doseDistribution(const Plan& plan, const core::SeriesIdentity& ct);

/// What of plan the machine could not deliver (dose::checkDeliveryLimits: dose per fraction, MU
/// of each beam); empty when it can.
std::vector<dose::DeliveryLimitWarning> deliveryWarnings(const Plan& plan);
/// The blocking warning before anything of plan is written: throws kerma::Error (BadInput)
/// listing every limit plan breaks (dose::requireWithinDeliveryLimits).
void requireDeliverable(const Plan& plan);

/// The plan's global maximum: the hottest point of its dose inside the BODY among structures
/// (eval::doseMaximumWithin); nullopt without a BODY or when the dose grid misses it.
std::optional<eval::DoseMaximum> globalMaximum(const Plan& plan, const std::vector<structure::Structure>& structures);

/// A global maximum above eval::GLOBAL_MAX_LIMIT_PERCENT of the prescription, in words ("global
/// maximum 30.33 Gy (151.6 % of 20 Gy) at (x, y, z) mm, above 110 %"); nullopt at or below it.
std::optional<std::string> hotSpotWarning(const Plan& plan, const eval::DoseMaximum& maximum);

/// "computed: 4 beams on PTV, 20 Gy / 5 fx": where a computed dose came from, for the user.
std::string describeOrigin(const Plan& plan);

}  // namespace kerma::plan

#endif  // KERMA_PLAN_PLAN_H
