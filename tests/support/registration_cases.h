#ifndef KERMA_TESTS_REGISTRATION_CASES_H
#define KERMA_TESTS_REGISTRATION_CASES_H

// Registration against a known answer, shared by the registration tests and the benchmark
// (tests/benchmarks/registration_vs_elastix.sh): a patient moved by a known rigid map, and the
// target registration error of a found map at points inside the body.

#include "kerma/core/volume.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <array>
#include <cstdint>
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

/// A smooth deformation of the patient, as soft tissue moves between two scans: two Gaussian
/// bumps (σ 50 mm) of 12 and 10 mm about the centre of grid, in the first scan's frame. u(p) is
/// where the tissue at p went; its Jacobian determinant stays within 0.85 to 1.15 (no folding).
struct SmoothDeformation {
  Eigen::Vector3d centre;
  Eigen::Vector3d operator()(const Eigen::Vector3d& p) const {
    constexpr double SIGMA_MM = 50;
    const Eigen::Vector3d c1 = centre + Eigen::Vector3d(50, 20, 0), c2 = centre + Eigen::Vector3d(-50, -10, 20);
    const double g1 = std::exp(-(p - c1).squaredNorm() / (2 * SIGMA_MM * SIGMA_MM));
    const double g2 = std::exp(-(p - c2).squaredNorm() / (2 * SIGMA_MM * SIGMA_MM));
    return g1 * Eigen::Vector3d(9, -6, 4) + g2 * Eigen::Vector3d(-5, 7, -6);
  }
};

/// Where the tissue seen at point x of the second (moving) scan lies in the first (fixed): p =
/// r(x) + u(r(x)), r the rigid fixedFromMoving.
inline Eigen::Vector3d deformedFixedPoint(const RigidMap& fixedFromMoving, const SmoothDeformation& u,
                                          const Eigen::Vector3d& x) {
  const Eigen::Vector3d r = fixedFromMoving.matrix() * x;
  return r + u(r);
}

/// The second scan of a deformed patient: each voxel x of grid takes fixed's value (trilinear, air
/// outside) at deformedFixedPoint(x), plus uniform noise of ±noiseHu (a fixed seed).
inline core::CtVolume deformedRescan(const core::CtVolume& fixed, const core::VolumeGeometry& grid,
                                     const RigidMap& fixedFromMoving, const SmoothDeformation& u, double noiseHu) {
  core::CtVolume moving(grid, std::int16_t{-1000});
  std::uint32_t state = 4711;
  for (int k = 0; k < grid.size()[2]; ++k)
    for (int j = 0; j < grid.size()[1]; ++j)
      for (int i = 0; i < grid.size()[0]; ++i) {
        const core::Point3<core::Patient> x = grid.patientPoint({i, j, k});
        const Eigen::Vector3d p = deformedFixedPoint(fixedFromMoving, u, Eigen::Vector3d(x.x, x.y, x.z));
        state = state * 1664525u + 1013904223u;
        const double noise = (double(state >> 8) / double(1u << 24) - 0.5) * 2 * noiseHu;
        const double hu = core::sampleTrilinear(fixed, {p.x(), p.y(), p.z()}).value_or(-1000) + noise;
        moving.at({i, j, k}) = std::int16_t(std::lround(hu));
      }
  return moving;
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
