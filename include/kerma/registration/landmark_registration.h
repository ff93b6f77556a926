#ifndef KERMA_REGISTRATION_LANDMARK_REGISTRATION_H
#define KERMA_REGISTRATION_LANDMARK_REGISTRATION_H

#include "kerma/core/geometry.h"

#include <string>
#include <vector>

namespace kerma::registration {

/// A rigid map between the patient frames of two studies (their own Frames of Reference):
/// x_fixed = fixedFromMoving(x_moving), LPS mm both.
using RigidTransform = core::Transform<core::Patient, core::Patient>;

/// One anatomical point picked in both studies.
struct LandmarkPair {
  std::string name;                       ///< e.g. "L5 spinous process"
  core::Point3<core::Patient> fixedMm;    ///< in the fixed (current) study
  core::Point3<core::Patient> movingMm;   ///< in the moving (prior) study
};

/// A landmark registration and how well it fits.
struct LandmarkRegistration {
  RigidTransform fixedFromMoving;
  /// |fixedFromMoving(moving) − fixed| of each pair, in the pairs' order, mm: what the physicist
  /// reads to find a mispicked point.
  std::vector<double> residualsMm;
  double rmsResidualMm = 0;
};

/// The rotation and translation that bring the moving points onto the fixed ones with the least
/// sum of squared distances: closed form (Arun, Huang and Blostein, IEEE PAMI 9:698, 1987; the
/// reflection guard of Umeyama, IEEE PAMI 13:376, 1991), the cross-covariance's SVD with Eigen.
/// Throws kerma::Error (BadInput) for fewer than 3 pairs, or pairs on one line (in either study),
/// which leave a rotation about that line free.
LandmarkRegistration registerLandmarks(const std::vector<LandmarkPair>& pairs);

}  // namespace kerma::registration

#endif  // KERMA_REGISTRATION_LANDMARK_REGISTRATION_H
