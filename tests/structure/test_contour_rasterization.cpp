#include "kerma/structure/contour_rasterization.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

namespace kerma::structure {
namespace {

using core::Point3;
using core::Patient;

// Axis-aligned rectangle on the plane z = zMm, corners given in mm, counter-clockwise.
PlanarContour rectangle(double x0, double y0, double x1, double y1, double zMm) {
  return {{Point3<Patient>{x0, y0, zMm}, {x1, y0, zMm}, {x1, y1, zMm}, {x0, y1, zMm}}};
}

PlanarContour reversed(PlanarContour contour) {
  std::reverse(contour.pointsMm.begin(), contour.pointsMm.end());
  return contour;
}

std::size_t insideCount(const Mask& mask) {
  std::size_t n = 0;
  for (auto v : mask.values()) n += v != 0;
  return n;
}

const core::VolumeGeometry GRID({20, 20, 5}, {0, 0, 0}, {1, 1, 2});

TEST(ContourSliceIndex, FindsThePlaneOfAContour) {
  EXPECT_EQ(contourSliceIndex(rectangle(1, 1, 5, 5, 6.0), GRID), 3);
  EXPECT_EQ(contourSliceIndex(rectangle(1, 1, 5, 5, 6.0 + 0.5 * SLICE_PLANE_TOLERANCE_MM), GRID), 3);
}

TEST(ContourSliceIndex, RejectsContoursOffEveryPlane) {
  EXPECT_FALSE(contourSliceIndex(rectangle(1, 1, 5, 5, 5.0), GRID));   // between slices 2 and 3
  EXPECT_FALSE(contourSliceIndex(rectangle(1, 1, 5, 5, 10.0), GRID));  // beyond the last slice
  EXPECT_FALSE(contourSliceIndex(PlanarContour{}, GRID));
  PlanarContour tilted = rectangle(1, 1, 5, 5, 4.0);
  tilted.pointsMm[2].z = 6.0;
  EXPECT_FALSE(contourSliceIndex(tilted, GRID));
}

TEST(RasterizeContours, FillsTheVoxelCentresInsideARectangle) {
  // Centres 2..5 in x and 3..4 in y lie strictly inside.
  const Mask mask = rasterizeContours({rectangle(1.5, 2.5, 5.5, 4.5, 2.0)}, GRID);
  EXPECT_EQ(insideCount(mask), 4u * 2u);
  EXPECT_EQ(mask.at({2, 3, 1}), 1);
  EXPECT_EQ(mask.at({5, 4, 1}), 1);
  EXPECT_EQ(mask.at({1, 3, 1}), 0);
  EXPECT_EQ(mask.at({6, 3, 1}), 0);
  EXPECT_EQ(mask.at({2, 3, 0}), 0);
}

TEST(RasterizeContours, CentresOnEdgesBelongToTheHighSide) {
  // Edges through centres: x = 2 and y = 3 are inside, x = 5 and y = 6 outside.
  const Mask mask = rasterizeContours({rectangle(2, 3, 5, 6, 0.0)}, GRID);
  EXPECT_EQ(insideCount(mask), 3u * 3u);
  EXPECT_EQ(mask.at({2, 3, 0}), 1);
  EXPECT_EQ(mask.at({4, 5, 0}), 1);
  EXPECT_EQ(mask.at({5, 3, 0}), 0);
  EXPECT_EQ(mask.at({2, 6, 0}), 0);
  // Two rectangles sharing the edge x = 5 cover each centre exactly once.
  const Mask both = rasterizeContours({rectangle(2, 3, 5, 6, 0.0), rectangle(5, 3, 8, 6, 0.0)}, GRID);
  EXPECT_EQ(insideCount(both), 6u * 3u);
}

TEST(RasterizeContours, NestedContoursCutHolesWhateverTheirOrientation) {
  const PlanarContour outer = rectangle(0.5, 0.5, 10.5, 10.5, 4.0);  // 10 × 10 centres
  const PlanarContour hole = rectangle(3.5, 3.5, 6.5, 6.5, 4.0);     // 3 × 3 centres
  const PlanarContour island = rectangle(4.5, 4.5, 5.5, 5.5, 4.0);   // 1 centre
  for (const auto& inner : {hole, reversed(hole)}) {
    const Mask mask = rasterizeContours({outer, inner}, GRID);
    EXPECT_EQ(insideCount(mask), 100u - 9u);
    EXPECT_EQ(mask.at({5, 5, 2}), 0);
  }
  const Mask withIsland = rasterizeContours({island, outer, hole}, GRID);
  EXPECT_EQ(insideCount(withIsland), 100u - 9u + 1u);
  EXPECT_EQ(withIsland.at({5, 5, 2}), 1);
}

TEST(RasterizeContours, FollowsRotatedGrids) {
  // i runs towards +y, j towards −x: patient (x, y) lies at voxel (y, −x).
  Eigen::Matrix3d directions;
  directions << 0, -1, 0, 1, 0, 0, 0, 0, 1;
  const core::VolumeGeometry rotated({20, 20, 1}, {0, 0, 0}, {1, 1, 1}, directions);
  const Mask mask = rasterizeContours({rectangle(-3.5, 1.5, -2.5, 2.5, 0.0)}, rotated);
  EXPECT_EQ(insideCount(mask), 1u);
  EXPECT_EQ(mask.at({2, 3, 0}), 1);
}

TEST(RasterizeContours, RejectsAContourOffTheSlicePlanes) {
  try {
    rasterizeContours({rectangle(1, 1, 5, 5, 2.0), rectangle(1, 1, 5, 5, 3.0)}, GRID);
    FAIL() << "expected kerma::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    EXPECT_NE(std::string(e.what()).find("contour 1"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kerma::structure
