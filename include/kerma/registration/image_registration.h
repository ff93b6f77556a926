#ifndef KERMA_REGISTRATION_IMAGE_REGISTRATION_H
#define KERMA_REGISTRATION_IMAGE_REGISTRATION_H

#include "kerma/core/frame_registration.h"
#include "kerma/core/volume.h"
#include "kerma/registration/landmark_registration.h"

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
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

/// What a registration reports while it runs: the fraction done (0 to 1) and its stage; returning
/// false stops it.
using RegistrationProgress = std::function<bool(double fractionDone, std::string_view stage)>;

/// Rigid registration (6 degrees of freedom: ITK's versor rigid transform) of moving onto fixed,
/// CT volumes each in its own patient frame (Frame of Reference), LPS mm. Both are first averaged
/// over blocks of whole voxels up to 2 mm (a 0.98 mm CT in pairs of pixels). The metric is Mattes
/// mutual information (50 bins), which works across scans with different slice thickness, noise
/// and calibration, on 30 000 random voxels of the fixed image per level with a fixed seed; the
/// optimiser regular-step gradient descent, its steps scaled by the physical shift they cause;
/// three levels, the images smoothed and shrunk to about 8, 4 and 2 mm voxels; rotation about
/// the fixed patient's centre. Throws kerma::Error (BadInput) for an image without voxels or
/// without a patient, a bone mask without a voxel, or when the optimiser fails. progress is told
/// after every iteration; nullopt when it said stop (the search then ends within an iteration of
/// each level left).
std::optional<RigidRegistration> registerRigid(const core::CtVolume& fixed, const core::CtVolume& moving,
                                               const RigidRegistrationOptions& options = {},
                                               const RegistrationProgress& progress = {});

/// The value registerRigid's finest level minimises (Mattes mutual information, negative, lower is
/// better) for moving mapped onto fixed by fixedFromMoving, on its number of fixed voxels (of bone
/// alone with options.boneOnly) drawn with a fixed seed: how a registration adjusted by hand
/// compares with the one found (values of one image pair and one option set compare; others do
/// not). Throws as registerRigid does.
double rigidMetric(const core::CtVolume& fixed, const core::CtVolume& moving, const RigidTransform& fixedFromMoving,
                   const RigidRegistrationOptions& options = {});

/// How a deformable registration is made.
struct DeformableRegistrationOptions {
  RigidRegistrationOptions rigid;  ///< the rigid registration it starts from
  double fieldSpacingMm = 4;       ///< the displacement field's grid over the fixed image
};

/// A deformable registration and what a physicist checks before using it.
struct DeformableRegistration {
  RigidRegistration rigid;  ///< the start: its map is the deformable result's rigid part
  core::DisplacementField movingFromFixed;
  /// Range of the Jacobian determinant of p -> movingPoint(p) over the field's grid (1: volume
  /// kept; below 1 the moving study's tissue is compressed onto the fixed one).
  double minJacobian = 1, maxJacobian = 1;
  /// Field points where the map folds (Jacobian determinant ≤ 0): must be 0 for a usable result.
  std::size_t foldedVoxels = 0;
  double metricValue = 0;  ///< demons' mean squared HU difference at the end
  int iterations = 0;
  std::string stopCondition;
};

/// Deformable registration of moving onto fixed: registerRigid(options.rigid) first; then the
/// moving CT resampled onto the fixed one's 2 mm image through the rigid map (where it has no data,
/// both images are set to air, so that a shorter scan does not pull the field), and ITK's
/// diffeomorphic demons (symmetric forces; the field smoothed with a Gaussian of 2 voxels each
/// iteration, the regularisation; steps of at most 2 voxels) over levels of 4 and 2 mm, 10 and 5
/// iterations. Demons compare HU directly: right for two CTs, which the rigid step does not assume.
/// The result is sampled on a grid of options.fieldSpacingMm with its Jacobian determinant range
/// and folded points. Throws kerma::Error (BadInput) as registerRigid does, or when ITK fails.
DeformableRegistration registerDeformable(const core::CtVolume& fixed, const core::CtVolume& moving,
                                          const DeformableRegistrationOptions& options = {});

}  // namespace kerma::registration

#endif  // KERMA_REGISTRATION_IMAGE_REGISTRATION_H
