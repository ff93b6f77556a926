#include "kerma/beams/drr.h"

#include <gtest/gtest.h>

#include <Eigen/Geometry>

#include <algorithm>
#include <array>
#include <vector>

namespace kerma::beams {
namespace {

constexpr double SAD_MM = 1000;
constexpr double INTEGRAL_TOLERANCE = 1e-5;

/// Water (HU 0) in |x|, |y| <= 49.5 mm voxel centres on a 1 mm grid, air elsewhere, and a bone
/// block (HU 1000) at patient left and superior.
core::CtVolume phantom() {
  core::CtVolume ct(core::VolumeGeometry({201, 201, 101}, {-100, -100, -50}, {1, 1, 1}), std::int16_t(-1000));
  for (int k = 0; k < 101; ++k)
    for (int j = 50; j <= 150; ++j)
      for (int i = 50; i <= 150; ++i) ct.at({i, j, k}) = 0;
  for (int k = 70; k < 90; ++k)
    for (int j = 90; j < 110; ++j)
      for (int i = 120; i < 140; ++i) ct.at({i, j, k}) = 1000;
  return ct;
}

TEST(Drr, CentralRayIntegratesWaterAlongItsPath) {
  DrrOptions options;
  options.sizePx = 5;
  options.fieldSizeMm = 50;
  const DrrImage image = *computeDrr(phantom(), dose::Beam{}, SAD_MM, options);
  // The central ray crosses 101 mm of water (voxels -50..50 along y).
  EXPECT_NEAR(image.at(2, 2), DRR_MU_WATER_PER_MM * 101, INTEGRAL_TOLERANCE);
  EXPECT_DOUBLE_EQ(image.pixelSpacingAtIsocenterMm, 10);
}

TEST(Drr, OrientationIsTheBeamsEyeView) {
  DrrOptions options;
  options.sizePx = 101;
  options.fieldSizeMm = 202;
  const auto ct = phantom();
  // HFS gantry 0: Xb is the patient's left, Yb the head, so the bone (left, superior) shows in
  // the upper right quadrant of the image.
  const DrrImage front = *computeDrr(ct, dose::Beam{}, SAD_MM, options);
  // Bone centre: x = 30, z = 30 mm, i.e. column 50 + 15, row 50 - 15 (2 mm pixels).
  EXPECT_GT(front.at(65, 35), front.at(35, 35) + 0.3);
  EXPECT_GT(front.at(65, 35), front.at(65, 65) + 0.3);
  // Gantry 90 (from the patient's left): the bone lies in the middle of the ray paths in
  // anterior-posterior position, superior: top rows, centred left-right.
  dose::Beam lateral;
  lateral.gantryAngleDeg = 90;
  const DrrImage side = *computeDrr(ct, lateral, SAD_MM, options);
  EXPECT_GT(side.at(50, 35), side.at(50, 65) + 0.3);
}

/// A box of voxels [lo, hi] (inclusive indices) filled with HU, for the analytic phantom below.
struct HuBox {
  std::array<int, 3> lo, hi;
  std::int16_t hu;
};

/// Length, mm, of the part of the ray p(t) = source + t·(pixel − source), t ≥ 0, inside the
/// voxel box [lo − ½, hi + ½] of grid: slab method in the grid's own mm axes, from the grid's
/// definition (origin, direction cosines, spacing) rather than the code's voxel transform.
double chordMm(const core::VolumeGeometry& grid, const HuBox& box, const core::Point3<core::Patient>& source,
               const core::Point3<core::Patient>& pixel) {
  const Eigen::Matrix3d& axes = grid.directionCosines();
  const Eigen::Vector3d origin(grid.originMm().x, grid.originMm().y, grid.originMm().z);
  const Eigen::Vector3d s = axes.transpose() * (Eigen::Vector3d(source.x, source.y, source.z) - origin);
  const Eigen::Vector3d d = axes.transpose() * Eigen::Vector3d(pixel.x - source.x, pixel.y - source.y, pixel.z - source.z);
  double tIn = 0, tOut = 1e30;
  for (int axis = 0; axis < 3; ++axis) {
    const double lo = (box.lo[std::size_t(axis)] - 0.5) * grid.spacingMm()[std::size_t(axis)];
    const double hi = (box.hi[std::size_t(axis)] + 0.5) * grid.spacingMm()[std::size_t(axis)];
    const double t0 = (lo - s[axis]) / d[axis], t1 = (hi - s[axis]) / d[axis];
    tIn = std::max(tIn, std::min(t0, t1));
    tOut = std::min(tOut, std::max(t0, t1));
  }
  return tOut > tIn ? (tOut - tIn) * d.norm() : 0;
}

// On a rotated, anisotropic grid the DRR of nested boxes of constant HU is known exactly: each
// pixel is Σ μ_water · Δ(1 + HU/1000) · chord over the boxes (air below −1000 HU counts as 0).
// Strongly divergent rays (source 150 mm from the isocentre) cross faces of every axis obliquely.
TEST(Drr, LineIntegralsEqualChordsThroughAnalyticBoxes) {
  const Eigen::Matrix3d axes = Eigen::AngleAxisd(0.3, Eigen::Vector3d(1, 2, 3).normalized()).toRotationMatrix();
  const core::VolumeGeometry grid({40, 30, 20}, {-30, -15, -25}, {1.5, 1.0, 2.5}, axes);
  core::CtVolume ct(grid, std::int16_t(-1024));
  const HuBox water{{4, 3, 2}, {35, 26, 17}, 0}, bone{{12, 10, 6}, {20, 15, 11}, 1000}, lung{{24, 8, 4}, {31, 20, 14}, -700};
  // Gas below −1000 HU inside the body attenuates nothing (not negatively).
  const HuBox gas{{6, 20, 13}, {9, 24, 16}, -1024};
  // A chip outside the water in a corner of the grid: rays then cross empty bricks of the
  // non-air box that the walk skips.
  const HuBox chip{{36, 0, 17}, {39, 2, 19}, 500};
  for (const HuBox& box : {water, bone, lung, gas, chip})
    for (int k = box.lo[2]; k <= box.hi[2]; ++k)
      for (int j = box.lo[1]; j <= box.hi[1]; ++j)
        for (int i = box.lo[0]; i <= box.hi[0]; ++i) ct.at({i, j, k}) = box.hu;
  // Relative attenuation each box adds to the one it lies in: water 1 over air, bone 2 − 1,
  // lung 0.3 − 1, gas 0 − 1, the chip 1.5 over air.
  const std::vector<std::pair<HuBox, double>> layers = {{water, 1.0}, {bone, 1.0}, {lung, -0.7}, {gas, -1.0}, {chip, 1.5}};

  constexpr double SAD_SHORT_MM = 150;
  DrrOptions options;
  options.sizePx = 32;
  options.fieldSizeMm = 90;
  for (const auto& [gantry, collimator, couch] : {std::array{33.0, 20.0, 15.0}, std::array{270.0, 90.0, 300.0}}) {
    dose::Beam beam;
    beam.gantryAngleDeg = gantry;
    beam.collimatorAngleDeg = collimator;
    beam.couchAngleDeg = couch;
    beam.isocenterMm = grid.patientPoint({20, 15, 10});
    const DrrImage image = *computeDrr(ct, beam, SAD_SHORT_MM, options);
    const auto patientFromBld = beam.patientFromBeamLimitingDevice();
    const core::Point3<core::Patient> source = core::sourcePositionMm(patientFromBld, SAD_SHORT_MM);
    int missing = 0, throughBone = 0, throughGas = 0, throughChip = 0;
    for (int row = 0; row < image.heightPx; ++row)
      for (int column = 0; column < image.widthPx; ++column) {
        const BevPointMm plane = image.isocenterPlanePointMm(column, row);
        const core::Point3<core::Patient> pixel = patientFromBld(core::Point3<core::IecBeamLimitingDevice>{plane.x, plane.y, 0});
        double expected = 0;
        for (const auto& [box, relativeMu] : layers) expected += DRR_MU_WATER_PER_MM * relativeMu * chordMm(grid, box, source, pixel);
        EXPECT_NEAR(image.at(column, row), expected, 1e-5) << "gantry " << gantry << ", pixel " << column << ", " << row;
        missing += expected == 0;
        throughBone += chordMm(grid, bone, source, pixel) > 0;
        throughGas += chordMm(grid, gas, source, pixel) > 0;
        throughChip += chordMm(grid, chip, source, pixel) > 0;
      }
    // The field covers rays that miss the phantom and rays through the bone, the gas and the chip.
    EXPECT_GT(missing, 0);
    EXPECT_GT(throughBone, 10);
    EXPECT_GT(throughGas, 3);
    EXPECT_GT(throughChip, 0);
  }
}

TEST(Drr, ThreadCountDoesNotChangeTheImage) {
  DrrOptions one, four;
  one.sizePx = four.sizePx = 32;
  one.threads = 1;
  four.threads = 4;
  const auto ct = phantom();
  dose::Beam beam;
  beam.gantryAngleDeg = 33;
  beam.couchAngleDeg = 10;
  EXPECT_EQ(computeDrr(ct, beam, SAD_MM, one)->lineIntegral, computeDrr(ct, beam, SAD_MM, four)->lineIntegral);
}

// Stopped after 5 of 32 rows (one thread, so rows go in order): nothing comes back; never stopped:
// the image of a calculation without keepGoing.
TEST(Drr, KeepGoingStopsTheCalculationOrLeavesTheImageAsItWas) {
  DrrOptions options;
  options.sizePx = 32;
  options.threads = 1;
  const auto ct = phantom();
  dose::Beam beam;
  beam.gantryAngleDeg = 33;
  const auto plain = computeDrr(ct, beam, SAD_MM, options);
  int asked = 0;
  options.keepGoing = [&asked] { return ++asked <= 5; };
  EXPECT_FALSE(computeDrr(ct, beam, SAD_MM, options));
  EXPECT_EQ(asked, 6);
  options.keepGoing = [] { return true; };
  const auto kept = computeDrr(ct, beam, SAD_MM, options);
  ASSERT_TRUE(plain && kept);
  EXPECT_EQ(kept->lineIntegral, plain->lineIntegral);
}

}  // namespace
}  // namespace kerma::beams
