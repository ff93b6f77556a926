#ifndef KERMA_DOSE_PATIENT_DOSE_H
#define KERMA_DOSE_PATIENT_DOSE_H

#include "kerma/core/volume.h"
#include "kerma/dose/beam.h"
#include "kerma/dose/beam_model.h"
#include "kerma/dose/machine.h"
#include "kerma/structure/structure.h"

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace kerma::dose {

/// Dose-grid spacings the engine accepts, mm: the kernel fit and the validation cover 1–5 mm.
inline constexpr double MIN_DOSE_GRID_MM = 1;
inline constexpr double MAX_DOSE_GRID_MM = 5;
inline constexpr double DEFAULT_DOSE_GRID_MM = 2.5;
/// Margin of the dose grid around BODY's bounding box, mm: room for isodose lines at the skin.
inline constexpr double DEFAULT_DOSE_GRID_MARGIN_MM = 5;

/// The dose grid of a patient: isotropic spacingMm voxels, axes along the CT's, covering the
/// bounding box of body's voxels (their full extent) grown by marginMm and cut to the CT's
/// extent. Independent of the CT's spacing. Throws kerma::Error (BadInput) when spacingMm is
/// outside [MIN_DOSE_GRID_MM, MAX_DOSE_GRID_MM] or body is empty.
core::VolumeGeometry doseGridForBody(const structure::Mask& body, double spacingMm = DEFAULT_DOSE_GRID_MM,
                                     double marginMm = DEFAULT_DOSE_GRID_MARGIN_MM);

/// Wall-clock seconds of the stages of a calculation, summed over beams.
struct DoseStageTimes {
  double fluenceS = 0, termaS = 0, superpositionS = 0, calibrationS = 0;
};

/// Progress of a calculation: fraction done in [0, 1] and the stage ("TERMA AP"). Return false
/// to cancel; the calculation then stops at the next stage boundary.
using DoseProgress = std::function<bool(double fractionDone, std::string_view stage)>;

struct BeamDoseOptions {
  int threads = 0;  ///< 0 = hardware concurrency; the result does not depend on it
  DoseProgress progress;
};

/// Dose of each beam per monitor unit, Gy/MU, on rho's grid (mass density, g/cm³; isotropic
/// spacing in [MIN_DOSE_GRID_MM, MAX_DOSE_GRID_MM]): fluence of the beam's jaws and leaves with
/// the machine's transmissions (eqs. 1–3; of a beam with subfields, its segments' fluences
/// weighted by their share of the MU), TERMA (eqs. 4–5), collapsed-cone superposition
/// (eqs. 7–9) and the monitor-unit calibration of eq. 10 (calibration field in water on a grid of
/// the same spacing, Sc of the jaws' equivalent square). Dose to water in medium. Bit-identical
/// for any thread count. nullopt when options.progress cancelled. Throws kerma::Error (BadInput)
/// naming the beam when its leaves or a subfield's do not match the machine's pairs, when it has
/// subfields without leaves or subfield shares outside (0, 1) or above 1 together, and for a grid that is not
/// isotropic or whose spacing is outside the range.
std::optional<std::vector<core::Volume<float>>> beamDosesGyPerMu(const core::Volume<float>& rho, const std::vector<Beam>& beams,
                                                  const Machine& machine, const BeamModel& model,
                                                  const BeamDoseOptions& options = {},
                                                  DoseStageTimes* times = nullptr);

}  // namespace kerma::dose

#endif  // KERMA_DOSE_PATIENT_DOSE_H
