#ifndef KERMA_SRC_REGISTRATION_ITK_BRIDGE_H
#define KERMA_SRC_REGISTRATION_ITK_BRIDGE_H

// The ITK side of registerRigid and registerDeformable, in plain arrays: ITK 5.2 bundles its own
// Eigen 3.3, which cannot share a translation unit with the Eigen 3.4 of Kerma's geometry.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kerma::registration::itkbridge {

/// Voxel sizes of the registration's levels, coarse to fine, mm: the images are smoothed and shrunk
/// to about these.
inline constexpr std::array<double, 3> LEVEL_VOXEL_MM{8, 4, 2};

/// A regular grid in LPS mm, i fastest: an image's, or where a deformable registration's
/// displacements are given.
struct PlainGrid {
  std::array<int, 3> size{};
  std::array<double, 3> spacingMm{}, originMm{};
  std::array<double, 9> direction{};  ///< row-major, columns the i, j, k axes
};

/// A CT volume as ITK takes it: its grid and its values, i fastest.
struct PlainImage {
  PlainGrid grid;
  const float* hu = nullptr;
};

/// x_moving = rotation x_fixed + translation (ITK's direction of a registration transform).
struct PlainRigid {
  std::array<double, 9> rotation{};  ///< row-major
  std::array<double, 3> translationMm{};
};

struct PlainResult {
  bool cancelled = false;  ///< keepGoing said stop: the rest is not a result
  PlainRigid movingFromFixed;
  double metricValue = 0;
  int iterations = 0;
  std::string stopCondition;
};

struct PlainDeformableResult {
  /// b(p) − p at every point p of the grid asked for, mm (x, y, z interleaved), b the map from the
  /// fixed image into the moving image's (both on the fixed frame).
  std::vector<float> displacementMm;
  double metricValue = 0;
  int iterations = 0;
  std::string stopCondition;
};

/// registerDeformable's ITK pipeline (see image_registration.h): diffeomorphic demons registering
/// the moving image (already resampled onto the fixed frame through the rigid map) onto the fixed
/// one, the displacement sampled on grid. Throws kerma::Error (BadInput) when ITK fails.
PlainDeformableResult registerDemons(const PlainImage& fixed, const PlainImage& moving, const PlainGrid& grid);

/// Called after each iteration with the fraction done; false stops the registration.
using KeepGoing = std::function<bool(double fractionDone)>;

/// registerRigid's ITK pipeline (see image_registration.h); boneHu set: the metric reads only
/// the fixed image's voxels of at least that. Throws kerma::Error (BadInput) as registerRigid does.
PlainResult registerRigid(const PlainImage& fixed, const PlainImage& moving, std::optional<double> boneHu,
                          const std::optional<PlainRigid>& initial, const KeepGoing& keepGoing);

/// The metric registerRigid minimises (Mattes mutual information, its finest level) of moving
/// mapped onto fixed by movingFromFixed, on SAMPLES_PER_LEVEL voxels of the fixed image (of bone
/// alone with boneHu) picked with a fixed seed. Throws as registerRigid does.
double rigidMetric(const PlainImage& fixed, const PlainImage& moving, std::optional<double> boneHu,
                   const PlainRigid& movingFromFixed);

}  // namespace kerma::registration::itkbridge

#endif  // KERMA_SRC_REGISTRATION_ITK_BRIDGE_H
