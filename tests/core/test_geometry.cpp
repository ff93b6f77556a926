#include "kerma/core/geometry.h"

#include <gtest/gtest.h>

#include <numbers>

namespace kerma::core {
namespace {

constexpr double EXACT = 1e-12;

TEST(Geometry, PointMinusPointIsVectorAndPointPlusVectorIsPoint) {
  const Point3<Patient> a{1, 2, 3}, b{4, 6, 3};
  const Vector3<Patient> ab = b - a;
  EXPECT_EQ(ab, (Vector3<Patient>{3, 4, 0}));
  EXPECT_DOUBLE_EQ(ab.length(), 5.0);
  EXPECT_EQ(a + ab, b);
  EXPECT_EQ(lerp(0.5, a, b), (Point3<Patient>{2.5, 4, 3}));
}

TEST(Geometry, CrossProductFollowsRightHandRule) {
  const Vector3<Patient> x{1, 0, 0}, y{0, 1, 0};
  EXPECT_EQ(x.cross(y), (Vector3<Patient>{0, 0, 1}));
  EXPECT_EQ(y.cross(x), (Vector3<Patient>{0, 0, -1}));
}

TEST(Geometry, TransformAppliesTranslationToPointsOnly) {
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.translate(Eigen::Vector3d(10, 20, 30));
  m.rotate(Eigen::AngleAxisd(std::numbers::pi / 2, Eigen::Vector3d::UnitZ()));
  const Transform<Patient, Voxel> patientFromVoxel(m);
  const auto p = patientFromVoxel(Point3<Voxel>{1, 0, 0});
  EXPECT_NEAR(p.x, 10, EXACT);
  EXPECT_NEAR(p.y, 21, EXACT);
  EXPECT_NEAR(p.z, 30, EXACT);
  const auto v = patientFromVoxel(Vector3<Voxel>{1, 0, 0});
  EXPECT_NEAR(v.x, 0, EXACT);
  EXPECT_NEAR(v.y, 1, EXACT);
  EXPECT_NEAR(v.z, 0, EXACT);
}

TEST(Geometry, ComposedTransformsCancelWithTheirInverse) {
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.translate(Eigen::Vector3d(-5, 2, 7));
  m.rotate(Eigen::AngleAxisd(0.3, Eigen::Vector3d(1, 2, 3).normalized()));
  m.scale(Eigen::Vector3d(0.9766, 0.9766, 3.0));
  const Transform<Patient, Voxel> patientFromVoxel(m);
  const Transform<Voxel, Voxel> identity = patientFromVoxel.inverse() * patientFromVoxel;
  const auto p = identity(Point3<Voxel>{100, 200, 50});
  EXPECT_NEAR(p.x, 100, 1e-9);
  EXPECT_NEAR(p.y, 200, 1e-9);
  EXPECT_NEAR(p.z, 50, 1e-9);
}

}  // namespace
}  // namespace kerma::core
