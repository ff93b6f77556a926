#include "kerma/eval/dose_maximum.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kerma::eval {
namespace {

// A dose of 2 mm voxels whose value rises along x (1 Gy per voxel), with one hotter voxel in the
// air; the body is a 1 mm mask, another grid, covering x <= 10 mm.
TEST(DoseMaximum, TheHottestVoxelInsideTheRegionOnAnotherGrid) {
  const core::VolumeGeometry doseGrid({20, 5, 5}, {0, 0, 0}, {2, 2, 2});
  core::Volume<float> doseGy(doseGrid, 0.0f);
  for (int k = 0; k < 5; ++k)
    for (int j = 0; j < 5; ++j)
      for (int i = 0; i < 20; ++i) doseGy.at({i, j, k}) = float(i + j * 0.01);
  doseGy.at({15, 2, 2}) = 100;  // in the air: not the patient's maximum

  const core::VolumeGeometry maskGrid({11, 10, 10}, {0, 0, 0}, {1, 1, 1});  // x from -0.5 to 10.5 mm
  const structure::Mask body(maskGrid, 1);
  const auto hottest = doseMaximumWithin(doseGy, body);
  ASSERT_TRUE(hottest);
  // Dose voxel i = 5 (x = 10 mm) is the last inside; j = 4 (y = 8 mm) adds the most.
  EXPECT_FLOAT_EQ(float(hottest->gy), float(5 + 4 * 0.01));
  EXPECT_DOUBLE_EQ(hottest->positionMm.x, 10);
  EXPECT_DOUBLE_EQ(hottest->positionMm.y, 8);
  EXPECT_DOUBLE_EQ(hottest->positionMm.z, 0);  // the first of the equal voxels in memory order
  EXPECT_NEAR(hottest->percentOf(4), 126, 1e-4);

  EXPECT_FALSE(doseMaximumWithin(doseGy, structure::Mask(maskGrid, 0)));
}

}  // namespace
}  // namespace kerma::eval
