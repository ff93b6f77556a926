#include "kerma/core/volume_geometry.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kerma::core {
namespace {

constexpr double EXACT_MM = 1e-9;

TEST(VolumeGeometry, AxialHeadFirstSupineMapsIndexToPatient) {
  // LUNG1-001-like grid: 512 x 512 x 134, 0.9766 mm pixels, 3 mm slices.
  const VolumeGeometry g({512, 512, 134}, {-249.5, -249.5, -681.5}, {0.9766, 0.9766, 3.0});
  const auto p = g.patientPoint({511, 10, 133});
  EXPECT_NEAR(p.x, -249.5 + 511 * 0.9766, EXACT_MM);
  EXPECT_NEAR(p.y, -249.5 + 10 * 0.9766, EXACT_MM);
  EXPECT_NEAR(p.z, -681.5 + 133 * 3.0, EXACT_MM);
  EXPECT_EQ(g.voxelCount(), 512u * 512u * 134u);
}

TEST(VolumeGeometry, OddMatrixOf511HasItsCentreOnAVoxel) {
  const VolumeGeometry g({511, 511, 90}, {-255, -255, 0}, {1.0, 1.0, 3.0});
  const auto centre = g.voxelFromPatient()(Point3<Patient>{0, 0, 0});
  EXPECT_NEAR(centre.x, 255, EXACT_MM);
  EXPECT_NEAR(centre.y, 255, EXACT_MM);
  EXPECT_EQ(g.linearIndex({510, 510, 89}), g.voxelCount() - 1);
  EXPECT_TRUE(g.contains({510, 0, 89}));
  EXPECT_FALSE(g.contains({511, 0, 0}));
  EXPECT_FALSE(g.contains({0, -1, 0}));
}

TEST(VolumeGeometry, ObliqueDirectionCosinesHandComputed) {
  // Rows run along (cos30, sin30, 0), columns along (0, 0, -1) (a coronal-like oblique plane);
  // slices follow along row x column = (-sin30, cos30, 0).
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  Eigen::Matrix3d d;
  d.col(0) << c, s, 0;
  d.col(1) << 0, 0, -1;
  d.col(2) = d.col(0).cross(d.col(1));
  const VolumeGeometry g({64, 32, 10}, {10, 20, 30}, {0.5, 2.0, 4.0}, d);
  EXPECT_NEAR(d.col(2).x(), -s, 1e-15);
  EXPECT_NEAR(d.col(2).y(), c, 1e-15);
  // Index (2, 3, 1): origin + 2*0.5*row + 3*2*col + 1*4*normal.
  const auto p = g.patientPoint({2, 3, 1});
  EXPECT_NEAR(p.x, 10 + 1.0 * c - 4 * s, EXACT_MM);
  EXPECT_NEAR(p.y, 20 + 1.0 * s + 4 * c, EXACT_MM);
  EXPECT_NEAR(p.z, 30 - 6.0, EXACT_MM);
  const auto back = g.voxelFromPatient()(p);
  EXPECT_NEAR(back.x, 2, 1e-9);
  EXPECT_NEAR(back.y, 3, 1e-9);
  EXPECT_NEAR(back.z, 1, 1e-9);
}

TEST(VolumeGeometry, RefusesNonPositiveSpacingAndNonOrthonormalDirections) {
  EXPECT_THROW(VolumeGeometry({4, 4, 4}, {}, {1, 0, 1}), Error);
  EXPECT_THROW(VolumeGeometry({4, 0, 4}, {}, {1, 1, 1}), Error);
  Eigen::Matrix3d sheared = Eigen::Matrix3d::Identity();
  sheared(0, 1) = 0.1;
  EXPECT_THROW(VolumeGeometry({4, 4, 4}, {}, {1, 1, 1}, sheared), Error);
}

TEST(VolumeGeometry, SameGridComparesWithinTolerance) {
  const VolumeGeometry a({8, 8, 8}, {0, 0, 0}, {1, 1, 1});
  const VolumeGeometry b({8, 8, 8}, {0, 0, 0.0005}, {1, 1, 1});
  const VolumeGeometry c({8, 8, 8}, {0, 0, 0.5}, {1, 1, 1});
  EXPECT_TRUE(a.sameGridAs(b));
  EXPECT_FALSE(a.sameGridAs(c));
}

}  // namespace
}  // namespace kerma::core
