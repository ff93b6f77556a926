#ifndef KERMA_REGISTRATION_IMAGE_REGISTRATION_H
#define KERMA_REGISTRATION_IMAGE_REGISTRATION_H

#include "kerma/core/volume.h"
#include "kerma/registration/landmark_registration.h"

#include <optional>
#include <string>
#include <vector>

namespace kerma::registration {

/// What a rigid image registration looks at and where it starts.
struct RigidRegistrationOptions {
  /// On bone alone: the metric reads only the fixed image's voxels of at least boneHu, what a
  /// physicist registers on for a bone metastasis (soft tissue moves between scans; bone does not).
  bool boneOnly = false;
  double boneHu = 150;
  /// Where the search starts: fixedFromMoving (e.g. a landmark registration's); nullopt: the
  /// moving patient's centre on the fixed one's (centroids of the voxels above −500 HU).
  std::optional<RigidTransform> initial;
};

/// A rigid image registration and how it ended.
struct RigidRegistration {
  RigidTransform fixedFromMoving;
  /// Mattes mutual information of the last level, as ITK gives it (negative; lower is better).
  double metricValue = 0;
  int iterations = 0;         ///< of the last (finest) level
  std::string stopCondition;  ///< the optimiser's own words for the last level
};

/// Rigid registration (6 degrees of freedom: ITK's versor rigid transform) of moving onto fixed,
/// CT volumes each in its own patient frame (Frame of Reference), LPS mm. Both are first averaged
/// over blocks of whole voxels up to 2 mm (a 0.98 mm CT in pairs of pixels). The metric is Mattes
/// mutual information (50 bins), which works across scans with different slice thickness, noise
/// and calibration, on 30 000 random voxels of the fixed image per level with a fixed seed; the
/// optimiser regular-step gradient descent, its steps scaled by the physical shift they cause;
/// three levels, the images smoothed and shrunk to about 8, 4 and 2 mm voxels; rotation about
/// the fixed patient's centre. Throws kerma::Error (BadInput) for an image without voxels or
/// without a patient, a bone mask without a voxel, or when the optimiser fails.
RigidRegistration registerRigid(const core::CtVolume& fixed, const core::CtVolume& moving,
                                const RigidRegistrationOptions& options = {});

}  // namespace kerma::registration

#endif  // KERMA_REGISTRATION_IMAGE_REGISTRATION_H
