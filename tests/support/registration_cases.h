#ifndef KERMA_TESTS_REGISTRATION_CASES_H
#define KERMA_TESTS_REGISTRATION_CASES_H

// Registration against a known answer, shared by the registration tests and the benchmark
// (tests/benchmarks/registration_vs_elastix.sh): a patient moved by a known rigid map, and the
// target registration error of a found map at points inside the body.

#include "kerma/core/volume.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace kerma::testing {

using RigidMap = core::Transform<core::Patient, core::Patient>;

/// Rotations about x, y and z (degrees, applied in that order) through the centre of grid, then a
/// shift (mm): how a patient lies differently at a second scan.
inline RigidMap movedAboutCentre(const core::VolumeGeometry& grid, const std::array<double, 6>& degreesThenMm) {
  constexpr double DEG = std::numbers::pi / 180;
  const auto& s = grid.size();
  const core::Point3<core::Patient> c =
      grid.patientFromVoxel()(core::Point3<core::Voxel>{(s[0] - 1) / 2.0, (s[1] - 1) / 2.0, (s[2] - 1) / 2.0});
  const Eigen::Vector3d centre(c.x, c.y, c.z);
  const Eigen::Matrix3d r = (Eigen::AngleAxisd(degreesThenMm[2] * DEG, Eigen::Vector3d::UnitZ()) *
                             Eigen::AngleAxisd(degreesThenMm[1] * DEG, Eigen::Vector3d::UnitY()) *
                             Eigen::AngleAxisd(degreesThenMm[0] * DEG, Eigen::Vector3d::UnitX()))
                                .toRotationMatrix();
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.linear() = r;
  m.translation() = centre - r * centre + Eigen::Vector3d(degreesThenMm[3], degreesThenMm[4], degreesThenMm[5]);
  return RigidMap(m);
}

/// The grid of a second scan of the patient on grid: the same pixels, sliceMm slices, over a
/// length cropMm shorter at each end, as a second scan covers the anatomy seen on the first (where
/// the first scan ends, a rescan made from it would show air that a real scan does not have, and
/// a false edge for the registration).
inline core::VolumeGeometry rescanGrid(const core::VolumeGeometry& grid, double sliceMm, double cropMm) {
  const int slices = int(std::floor(((grid.size()[2] - 1) * grid.spacingMm()[2] - 2 * cropMm) / sliceMm)) + 1;
  const Eigen::Vector3d along = grid.directionCosines().col(2) * cropMm;
  return core::VolumeGeometry({grid.size()[0], grid.size()[1], slices},
                              grid.originMm() + core::Vector3<core::Patient>{along.x(), along.y(), along.z()},
                              {grid.spacingMm()[0], grid.spacingMm()[1], sliceMm}, grid.directionCosines());
}

struct TargetError {
  double meanMm = 0;
  double maxMm = 0;
  int points = 0;
};

/// |found(p) − truth(p)| over points p of the moving study that fall, through the truth, on the
/// fixed CT's body (above −500 HU) on a 20 mm lattice of its voxels.
inline TargetError targetError(const RigidMap& foundFixedFromMoving, const RigidMap& trueFixedFromMoving,
                               const core::CtVolume& fixed) {
  constexpr double STEP_MM = 20;
  constexpr double BODY_HU = -500;
  const auto& g = fixed.geometry();
  const RigidMap trueMovingFromFixed = trueFixedFromMoving.inverse();
  std::array<int, 3> step{};
  for (std::size_t a = 0; a < 3; ++a) step[a] = std::max(1, int(STEP_MM / g.spacingMm()[a]));
  TargetError e;
  double sum = 0;
  for (int k = 0; k < g.size()[2]; k += step[2])
    for (int j = 0; j < g.size()[1]; j += step[1])
      for (int i = 0; i < g.size()[0]; i += step[0]) {
        if (fixed.at({i, j, k}) < BODY_HU) continue;
        const core::Point3<core::Patient> p = g.patientPoint({i, j, k});
        const double error = (foundFixedFromMoving(trueMovingFromFixed(p)) - p).length();
        sum += error;
        e.maxMm = std::max(e.maxMm, error);
        ++e.points;
      }
  e.meanMm = e.points ? sum / e.points : 0;
  return e;
}

}  // namespace kerma::testing

#endif  // KERMA_TESTS_REGISTRATION_CASES_H
