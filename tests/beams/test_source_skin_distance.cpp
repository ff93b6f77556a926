#include "kerma/beams/source_skin_distance.h"

#include <gtest/gtest.h>

namespace kerma::beams {
namespace {

constexpr double SAD_MM = 1000;
constexpr double SSD_TOLERANCE_MM = 1e-9;

/// A body of voxels with centres |x| <= 80, |y| <= 100 mm on a 1 mm grid, so its voxelised
/// surface lies at |x| = 80.5 and |y| = 100.5 mm.
structure::Mask boxBody() {
  structure::Mask body(core::VolumeGeometry({301, 301, 5}, {-150, -150, -4}, {1, 1, 2}));
  for (int k = 0; k < 5; ++k)
    for (int j = 50; j <= 250; ++j)
      for (int i = 70; i <= 230; ++i) body.at({i, j, k}) = 1;
  return body;
}

TEST(SourceSkinDistance, AxisEntersTheVoxelisedBodySurface) {
  const auto body = boxBody();
  dose::Beam beam;
  EXPECT_NEAR(*sourceSkinDistanceMm(beam, SAD_MM, body), SAD_MM - 100.5, SSD_TOLERANCE_MM);
  beam.gantryAngleDeg = 90;
  EXPECT_NEAR(*sourceSkinDistanceMm(beam, SAD_MM, body), SAD_MM - 80.5, SSD_TOLERANCE_MM);
  beam.isocenterMm = {0, 30, 0};  // 30 mm posterior: the AP distance to the skin grows
  beam.gantryAngleDeg = 0;
  EXPECT_NEAR(*sourceSkinDistanceMm(beam, SAD_MM, body), SAD_MM - 130.5, SSD_TOLERANCE_MM);
}

TEST(SourceSkinDistance, AxisMissingTheBodyHasNoSsd) {
  dose::Beam beam;
  beam.isocenterMm = {0, 0, 50};  // above the body's slices
  EXPECT_FALSE(sourceSkinDistanceMm(beam, SAD_MM, boxBody()));
}

}  // namespace
}  // namespace kerma::beams
