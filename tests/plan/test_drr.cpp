#include "kerma/plan/drr.h"

#include <gtest/gtest.h>

namespace kerma::plan {
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
  const DrrImage image = computeDrr(phantom(), dose::Beam{}, SAD_MM, options);
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
  const DrrImage front = computeDrr(ct, dose::Beam{}, SAD_MM, options);
  // Bone centre: x = 30, z = 30 mm, i.e. column 50 + 15, row 50 - 15 (2 mm pixels).
  EXPECT_GT(front.at(65, 35), front.at(35, 35) + 0.3);
  EXPECT_GT(front.at(65, 35), front.at(65, 65) + 0.3);
  // Gantry 90 (from the patient's left): the bone lies in the middle of the ray paths in
  // anterior-posterior position, superior: top rows, centred left-right.
  dose::Beam lateral;
  lateral.gantryAngleDeg = 90;
  const DrrImage side = computeDrr(ct, lateral, SAD_MM, options);
  EXPECT_GT(side.at(50, 35), side.at(50, 65) + 0.3);
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
  EXPECT_EQ(computeDrr(ct, beam, SAD_MM, one).lineIntegral, computeDrr(ct, beam, SAD_MM, four).lineIntegral);
}

}  // namespace
}  // namespace kerma::plan
