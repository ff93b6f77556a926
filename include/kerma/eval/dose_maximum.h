#ifndef KERMA_EVAL_DOSE_MAXIMUM_H
#define KERMA_EVAL_DOSE_MAXIMUM_H

#include "kerma/core/geometry.h"
#include "kerma/core/volume.h"
#include "kerma/structure/structure.h"

#include <optional>
#include <string>

namespace kerma::eval {

/// Above this share of the prescribed dose a plan's global maximum is a hot spot that approval
/// must acknowledge, %: ICRU Report 50 accepts +7 % inside the PTV; 110 % anywhere in the patient
/// is the usual tolerance of 3D-conformal plans (e.g. RTOG protocols' "major deviation").
inline constexpr double GLOBAL_MAX_LIMIT_PERCENT = 110;

/// The hottest point of a plan's dose in the patient: what a physicist calls its global maximum.
struct DoseMaximum {
  double gy = 0;
  core::Point3<core::Patient> positionMm;  ///< the centre of the hottest voxel
  /// gy as a share of a prescribed dose, %.
  double percentOf(double prescribedGy) const { return 100 * gy / prescribedGy; }
};

/// The maximum of doseGy over the voxels whose centres lie inside region (structure::insideMask:
/// the BODY, so that the dose in the air around the patient does not count); the first such voxel
/// in memory order when several are equal. nullopt when no voxel centre lies inside.
std::optional<DoseMaximum> doseMaximumWithin(const core::Volume<float>& doseGy, const structure::Mask& region);

/// "30.33 Gy (151.6 % of 20 Gy) at (26.2, 98.0, -76.2) mm": maximum for a reader.
std::string describe(const DoseMaximum& maximum, double prescribedGy);

}  // namespace kerma::eval

#endif  // KERMA_EVAL_DOSE_MAXIMUM_H
