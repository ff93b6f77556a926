#include "kerma/structure/contour_extraction.h"

#include "kerma/structure/contour_rasterization.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numbers>

namespace kerma::structure {
namespace {

using core::Patient;
using core::Point3;

constexpr double EXACT_MM = 1e-9;

// Mask of the voxels whose centres satisfy inside(p) for p in patient coordinates.
Mask maskWhere(const core::VolumeGeometry& grid, const std::function<bool(const Point3<Patient>&)>& inside) {
  Mask mask(grid, 0);
  const auto& size = grid.size();
  for (int k = 0; k < size[2]; ++k)
    for (int j = 0; j < size[1]; ++j)
      for (int i = 0; i < size[0]; ++i) mask.at({i, j, k}) = inside(grid.patientPoint({i, j, k})) ? 1 : 0;
  return mask;
}

double radiusMm(const Point3<Patient>& p) { return std::hypot(p.x, p.y); }

// Signed area in the x-y plane, mm², positive counter-clockwise (x right, y up).
double signedAreaMm2(const PlanarContour& contour) {
  double twiceArea = 0;
  const auto& points = contour.pointsMm;
  for (std::size_t m = 0; m < points.size(); ++m) {
    const auto& a = points[m];
    const auto& b = points[(m + 1) % points.size()];
    twiceArea += a.x * b.y - b.x * a.y;
  }
  return twiceArea / 2;
}

double distanceToPolygonMm(const Point3<Patient>& p, const PlanarContour& polygon) {
  double nearestMm = INFINITY;
  const auto& points = polygon.pointsMm;
  for (std::size_t m = 0; m < points.size(); ++m) {
    const auto& a = points[m];
    const auto ab = points[(m + 1) % points.size()] - a;
    const double t = std::clamp((p - a).dot(ab) / ab.dot(ab), 0.0, 1.0);
    nearestMm = std::min(nearestMm, (p - (a + ab * t)).length());
  }
  return nearestMm;
}

bool sameVoxels(const Mask& a, const Mask& b) {
  return std::equal(a.values().begin(), a.values().end(), b.values().begin(), b.values().end());
}

// Origin chosen so that (0, 0) falls between voxel centres, as on a real CT.
const core::VolumeGeometry DISC_GRID({80, 80, 1}, {-39.5, -39.5, 0}, {1, 1, 1});

TEST(ExtractContours, DiscOfRadius30MmHasAreaPiRSquared) {
  constexpr double RADIUS_MM = 30;
  constexpr double AREA_TOLERANCE = 0.005;
  const Mask disc = maskWhere(DISC_GRID, [](const Point3<Patient>& p) { return radiusMm(p) <= RADIUS_MM; });
  for (const double toleranceMm : {0.0, DEFAULT_SIMPLIFY_TOLERANCE_MM}) {
    const auto contours = extractContours(disc, toleranceMm);
    ASSERT_EQ(contours.size(), 1u);
    const double expectedMm2 = std::numbers::pi * RADIUS_MM * RADIUS_MM;
    EXPECT_NEAR(signedAreaMm2(contours[0]), expectedMm2, AREA_TOLERANCE * expectedMm2);
    for (const auto& p : contours[0].pointsMm) EXPECT_NEAR(radiusMm(p), RADIUS_MM, 1.0);
  }
}

TEST(ExtractContours, SingleVoxelIsADiamondThroughTheEdgeMidpoints) {
  Mask mask(core::VolumeGeometry({3, 3, 2}, {10, 20, 30}, {2, 2, 5}), 0);
  mask.at({1, 1, 1}) = 1;
  const auto contours = extractContours(mask);
  ASSERT_EQ(contours.size(), 1u);
  ASSERT_EQ(contours[0].pointsMm.size(), 4u);
  EXPECT_NEAR(signedAreaMm2(contours[0]), 2.0, EXACT_MM);  // half of the 2 mm × 2 mm pixel
  for (const auto& p : contours[0].pointsMm) {
    EXPECT_NEAR(p.z, 35.0, EXACT_MM);
    EXPECT_NEAR(std::abs(p.x - 12) + std::abs(p.y - 22), 1.0, EXACT_MM);
  }
}

TEST(ExtractContours, AnnulusRoundTripsWithItsHole) {
  const Mask ring = maskWhere(DISC_GRID, [](const Point3<Patient>& p) { return radiusMm(p) >= 12 && radiusMm(p) <= 25; });
  for (const double toleranceMm : {0.0, DEFAULT_SIMPLIFY_TOLERANCE_MM}) {
    const auto contours = extractContours(ring, toleranceMm);
    ASSERT_EQ(contours.size(), 2u);
    // The outer boundary runs counter-clockwise, the hole clockwise.
    EXPECT_GT(signedAreaMm2(contours[0]), 0);
    EXPECT_LT(signedAreaMm2(contours[1]), 0);
    EXPECT_TRUE(sameVoxels(rasterizeContours(contours, ring.geometry()), ring)) << toleranceMm;
  }
}

TEST(ExtractContours, IslandsHolesAndDiagonalNeighboursRoundTrip) {
  // A square with a hole holding an island, a separate blob, and a checkerboard patch whose
  // voxels touch only diagonally.
  const Mask mask = maskWhere(DISC_GRID, [](const Point3<Patient>& p) {
    const double r = std::max(std::abs(p.x + 15), std::abs(p.y + 15));
    const bool squareWithHole = r < 20 && !(r < 10);
    const bool island = r < 4;
    const bool blob = std::hypot(p.x - 25, p.y - 25) < 8;
    const bool checker = p.x > 20 && p.x < 30 && p.y > -30 && p.y < -20 &&
                         (int(std::floor(p.x)) + int(std::floor(p.y))) % 2 == 0;
    return squareWithHole || island || blob || checker;
  });
  const auto contours = extractContours(mask);
  EXPECT_GT(contours.size(), 4u);
  EXPECT_TRUE(sameVoxels(rasterizeContours(contours, mask.geometry()), mask));
}

TEST(ExtractContours, MaskTouchingTheGridBorderCloses) {
  Mask full(core::VolumeGeometry({4, 3, 1}, {0, 0, 0}, {1, 1, 1}), 1);
  const auto contours = extractContours(full);
  ASSERT_EQ(contours.size(), 1u);
  EXPECT_NEAR(signedAreaMm2(contours[0]), 4.0 * 3.0 - 4 * 0.125, EXACT_MM);  // corners cut
  EXPECT_TRUE(sameVoxels(rasterizeContours(contours, full.geometry()), full));
}

TEST(ExtractContours, SphereRoundTripChangesVolumeByLessThanOnePercent) {
  constexpr double MAX_VOLUME_CHANGE = 0.01;
  const core::VolumeGeometry grid({64, 64, 24}, {-31.5, -31.5, -34.5}, {0.977, 0.977, 3});
  const Mask sphere = maskWhere(grid, [](const Point3<Patient>& p) { return std::hypot(p.x, p.y, p.z) <= 25; });
  const Mask roundTrip = rasterizeContours(extractContours(sphere), grid);
  EXPECT_NEAR(volumeCc(roundTrip), volumeCc(sphere), MAX_VOLUME_CHANGE * volumeCc(sphere));
}

TEST(ExtractContours, SimplificationStaysWithinToleranceOfTheMarchingSquaresLine) {
  const core::VolumeGeometry grid({90, 90, 4}, {-44.5, -44.5, 0}, {0.977, 0.977, 3});
  const Mask shapes = maskWhere(grid, [](const Point3<Patient>& p) {
    const double ellipse = std::pow(p.x / 40, 2) + std::pow((p.y - 0.1 * p.z) / 22, 2);
    return ellipse <= 1 && std::hypot(p.x - 10, p.y) > 3 + p.z;
  });
  const auto exact = extractContours(shapes, 0.0);
  const auto simplified = extractContours(shapes, DEFAULT_SIMPLIFY_TOLERANCE_MM);
  ASSERT_EQ(exact.size(), simplified.size());
  std::size_t exactPoints = 0, simplifiedPoints = 0;
  for (std::size_t c = 0; c < exact.size(); ++c) {
    exactPoints += exact[c].pointsMm.size();
    simplifiedPoints += simplified[c].pointsMm.size();
    for (const auto& p : exact[c].pointsMm)
      EXPECT_LE(distanceToPolygonMm(p, simplified[c]), DEFAULT_SIMPLIFY_TOLERANCE_MM + EXACT_MM);
  }
  EXPECT_LT(simplifiedPoints, exactPoints);
}

TEST(SimplifyClosedContour, KeepsCornersAndDropsPointsOnStraightRuns) {
  PlanarContour square;
  for (int m = 0; m < 10; ++m) square.pointsMm.push_back({double(m), 0, 0});
  for (int m = 0; m < 10; ++m) square.pointsMm.push_back({10, double(m), 0});
  for (int m = 0; m < 10; ++m) square.pointsMm.push_back({10 - double(m), 10, 0});
  for (int m = 0; m < 10; ++m) square.pointsMm.push_back({0, 10 - double(m), 0});
  const auto simplified = simplifyClosedContour(square, 0.0);
  ASSERT_EQ(simplified.pointsMm.size(), 4u);
  EXPECT_NEAR(signedAreaMm2(simplified), 100.0, EXACT_MM);
}

TEST(SimplifyClosedContour, ThinShapeRemainsAPolygon) {
  const PlanarContour sliver{{Point3<Patient>{0, 0, 0}, {5, 0.01, 0}, {10, 0, 0}, {5, -0.01, 0}, {2, 0, 0}}};
  EXPECT_GE(simplifyClosedContour(sliver, 1.0).pointsMm.size(), 3u);
}

// Its speed is measured by tests/benchmarks/bench_structure, not here.
TEST(ExtractContours, LargeMaskGivesOneRingAndOneHolePerSlice) {
  const core::VolumeGeometry grid({512, 512, 100}, {-250, -250, 0}, {0.977, 0.977, 3});
  Mask body(grid, 0);
  const auto& size = grid.size();
  for (int k = 0; k < size[2]; ++k)
    for (int j = 0; j < size[1]; ++j)
      for (int i = 0; i < size[0]; ++i) {
        const double u = (i - 256.0) / 180, v = (j - 256.0) / 120;
        body.at({i, j, k}) = u * u + v * v <= 1 && std::hypot(i - 300.0, j - 250.0) > 20 + k % 7;
      }
  EXPECT_EQ(extractContours(body).size(), 200u);
}

}  // namespace
}  // namespace kerma::structure
