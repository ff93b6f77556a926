#include "kerma/structure/contour_mask.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <numbers>

namespace kerma::structure {
namespace {

using core::Patient;
using core::Point3;

// Volumes of shapes a few mm across, rasterised at 1 mm: the boundary voxels decide the error.
constexpr double VOLUME_TOLERANCE = 0.02;

PlanarContour circle(double cx, double cy, double z, double radiusMm, int n = 180) {
  PlanarContour c;
  for (int a = 0; a < n; ++a) {
    const double t = 2 * std::numbers::pi * a / n;
    c.pointsMm.push_back({cx + radiusMm * std::cos(t), cy + radiusMm * std::sin(t), z});
  }
  return c;
}

// A rectangle on the plane x = xMm spanning y in [y0, y1] and z in [z0, z1] (a sagittal contour).
PlanarContour sagittalRectangle(double xMm, double y0, double y1, double z0, double z1) {
  return PlanarContour{{{xMm, y0, z0}, {xMm, y1, z0}, {xMm, y1, z1}, {xMm, y0, z1}}};
}

TEST(ContourMask, NewellNormalFollowsTheWinding) {
  const PlanarContour square{{{0, 0, 5}, {10, 0, 5}, {10, 10, 5}, {0, 10, 5}}};
  const auto n = contourNormal(square);
  ASSERT_TRUE(n);
  EXPECT_NEAR(n->z, 1.0, 1e-12);
  PlanarContour reversed = square;
  std::reverse(reversed.pointsMm.begin(), reversed.pointsMm.end());
  EXPECT_NEAR(contourNormal(reversed)->z, -1.0, 1e-12);
  EXPECT_FALSE(contourNormal(PlanarContour{{{0, 0, 0}, {1, 1, 1}, {2, 2, 2}}}));
}

TEST(ContourMask, AnnulusOnSlicesHasItsHole) {
  const core::VolumeGeometry grid({80, 80, 5}, {-40, -40, 0}, {1, 1, 2});
  std::vector<PlanarContour> contours;
  for (int k = 0; k < 5; ++k) {
    contours.push_back(circle(0, 0, 2.0 * k, 20));
    contours.push_back(circle(0, 0, 2.0 * k, 10));
  }
  const Mask mask = maskFromContours(contours, grid);
  EXPECT_EQ(mask.at({40, 40, 2}), 0);  // centre: inside the hole
  EXPECT_EQ(mask.at({55, 40, 2}), 1);  // 15 mm out: in the ring
  const double expectedCc = std::numbers::pi * (400 - 100) * 2 * 5 / 1000;
  EXPECT_NEAR(volumeCc(mask), expectedCc, VOLUME_TOLERANCE * expectedCc);
}

TEST(ContourMask, ContoursBetweenSlicesGoToTheNearestSlice) {
  // Contours every 3 mm at z = 0.4, 3.4, ...; the grid has 2 mm slices from z = 0.
  const core::VolumeGeometry grid({60, 60, 12}, {-30, -30, 0}, {1, 1, 2});
  std::vector<PlanarContour> contours;
  for (int p = 0; p < 7; ++p) contours.push_back(circle(0, 0, 0.4 + 3.0 * p, 15));
  const Mask mask = maskFromContours(contours, grid);
  // Slices z = 0 .. 20 all lie within 1.5 mm of a plane (last plane 18.4, slice 20 is 1.6 away).
  for (int k = 0; k < 10; ++k) EXPECT_EQ(mask.at({30, 30, k}), 1) << "slice " << k;
  EXPECT_EQ(mask.at({30, 30, 10}), 0);
  EXPECT_EQ(mask.at({30, 30, 11}), 0);
  const double expectedCc = std::numbers::pi * 225 * 2 * 10 / 1000;
  EXPECT_NEAR(volumeCc(mask), expectedCc, VOLUME_TOLERANCE * expectedCc);
}

TEST(ContourMask, SagittalContoursAreResampledOntoAxialSlices) {
  // A box 20 mm (x) by 30 mm (y) by 30 mm (z) drawn as sagittal rectangles every 2 mm: each plane
  // stands for a 2 mm slab, so the planes x = -9 .. 9 cover x in [-10, 10].
  std::vector<PlanarContour> contours;
  for (int p = 0; p < 10; ++p) contours.push_back(sagittalRectangle(-9.0 + 2 * p, -15, 15, -15, 15));
  const core::VolumeGeometry grid({60, 60, 30}, {-29.5, -29.5, -29}, {1, 1, 2});
  const Mask mask = maskFromContours(contours, grid);
  EXPECT_EQ(mask.at({30, 30, 15}), 1);
  EXPECT_EQ(mask.at({30 + 12, 30, 15}), 0);  // x = 12.5 mm: outside
  const double expectedCc = 20.0 * 30 * 30 / 1000;
  EXPECT_NEAR(volumeCc(mask), expectedCc, 0.05 * expectedCc);
}

TEST(ContourMask, RefusesContoursOnPlanesThatAreNotParallel) {
  const core::VolumeGeometry grid({20, 20, 20}, {-10, -10, -10}, {1, 1, 1});
  const std::vector<PlanarContour> contours{circle(0, 0, 0, 5), sagittalRectangle(0, -5, 5, -5, 5)};
  EXPECT_THROW(maskFromContours(contours, grid), Error);
}

PlanarContour polygon(std::initializer_list<std::array<double, 2>> xy, double z) {
  PlanarContour c;
  for (const auto& p : xy) c.pointsMm.push_back({p[0], p[1], z});
  return c;
}

TEST(ContourMask, FindsTheCrossingOfASelfIntersectingContour) {
  // A bow tie has no net area (Newell's normal is zero) but two crossing edges, 1 and 3.
  const auto crossing = firstEdgeCrossing(polygon({{0, 0}, {10, 0}, {0, 10}, {10, 10}}, -4));
  ASSERT_TRUE(crossing);
  EXPECT_EQ(crossing->firstEdge, 1u);
  EXPECT_EQ(crossing->secondEdge, 3u);
  EXPECT_NEAR(crossing->pointMm.x, 5, 1e-12);
  EXPECT_NEAR(crossing->pointMm.y, 5, 1e-12);
  EXPECT_NEAR(crossing->pointMm.z, -4, 1e-12);
  // A figure eight on a sagittal plane.
  PlanarContour sagittal;
  for (const auto& p : polygon({{0, 0}, {10, 0}, {0, 10}, {10, 10}}, 0).pointsMm) sagittal.pointsMm.push_back({3, p.x, p.y});
  EXPECT_TRUE(firstEdgeCrossing(sagittal));
}

TEST(ContourMask, SimpleTouchingAndDegenerateContoursHaveNoCrossing) {
  EXPECT_FALSE(firstEdgeCrossing(circle(0, 0, 0, 5)));
  EXPECT_FALSE(firstEdgeCrossing(polygon({{0, 0}, {10, 0}, {10, 10}, {0, 10}}, 0)));
  // A keyhole: in along y = 5 and out along the same line touches, it does not cross.
  EXPECT_FALSE(firstEdgeCrossing(polygon({{0, 0}, {10, 0}, {10, 5}, {4, 5}, {10, 5}, {10, 10}, {0, 10}}, 0)));
  EXPECT_FALSE(firstEdgeCrossing(polygon({{0, 0}, {1, 0}, {2, 0}, {3, 0}}, 0)));  // on one line
  EXPECT_FALSE(firstEdgeCrossing(polygon({{0, 0}, {1, 0}, {0, 1}}, 0)));          // a triangle
}

TEST(ContourMask, StrayVerticesAreThoseFartherThanTheMarginOutsideTheImageBox) {
  // Voxel centres 0..9 mm at 1 mm (2 mm between slices): the box runs from -0.5 to 9.5 mm in x
  // and y and from -1 to 19 mm in z.
  const core::VolumeGeometry grid({10, 10, 10}, {0, 0, 0}, {1, 1, 2});
  PlanarContour drawnPastTheEdge = polygon({{-20, 0}, {5, 0}, {5, 5}}, 4);  // 19.5 mm outside: kept
  PlanarContour corrupted = polygon({{0, 0}, {9.5 + 50.5, 9.5 + 0}, {5, 5}, {1e30, 2}}, 6);
  PlanarContour corner = polygon({{9.5 + 36, 9.5 + 36}, {5, 5}, {0, 5}}, 6);  // 36·√2 = 50.9 mm
  PlanarContour above = polygon({{1, 1}, {2, 1}, {2, 2}}, 19 + 51);
  const auto stray = strayVertices({drawnPastTheEdge, corrupted, corner, above}, grid, 50);
  ASSERT_EQ(stray.size(), 6u);
  EXPECT_EQ(stray[0].contour, 1u);
  EXPECT_EQ(stray[0].vertex, 1u);
  EXPECT_NEAR(stray[0].outsideMm, 50.5, 1e-9);
  EXPECT_EQ(stray[1].vertex, 3u);
  EXPECT_DOUBLE_EQ(stray[1].outsideMm, 1e30 - 9.5);
  EXPECT_EQ(stray[2].contour, 2u);
  EXPECT_NEAR(stray[2].outsideMm, 36 * std::sqrt(2.0), 1e-9);
  for (std::size_t v = 0; v < 3; ++v) {
    EXPECT_EQ(stray[3 + v].contour, 3u);
    EXPECT_EQ(stray[3 + v].vertex, v);
    EXPECT_NEAR(stray[3 + v].outsideMm, 51, 1e-9);
  }
}

TEST(ContourMask, NoContoursGiveAnEmptyMask) {
  const core::VolumeGeometry grid({4, 4, 4}, {0, 0, 0}, {1, 1, 1});
  EXPECT_EQ(volumeCc(maskFromContours({}, grid)), 0.0);
}

}  // namespace
}  // namespace kerma::structure
