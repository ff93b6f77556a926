#include "kerma/registration/landmark_registration.h"

#include "kerma/core/error.h"

#include <Eigen/Geometry>
#include <gtest/gtest.h>

#include <numbers>

namespace kerma::registration {
namespace {

using core::Patient;
using core::Point3;

constexpr double DEG = std::numbers::pi / 180;

// The clinical case's kind of shift between two CTs: a few degrees about each axis, a few cm.
RigidTransform knownTransform() {
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.linear() = (Eigen::AngleAxisd(3 * DEG, Eigen::Vector3d::UnitZ()) * Eigen::AngleAxisd(-2 * DEG, Eigen::Vector3d::UnitY()) *
                Eigen::AngleAxisd(4 * DEG, Eigen::Vector3d::UnitX()))
                   .toRotationMatrix();
  m.translation() = Eigen::Vector3d(12, -27, 5);
  return RigidTransform(m);
}

// Bony landmarks of a pelvis in the moving study, mm.
const std::vector<Point3<Patient>> MOVING{{-60, 10, -40}, {60, 12, -42}, {0, 80, 0}, {0, -90, 20},
                                          {-92, -8, -45}, {92, -8, -45}};

std::vector<LandmarkPair> pairsThrough(const RigidTransform& fixedFromMoving) {
  std::vector<LandmarkPair> pairs;
  for (std::size_t n = 0; n < MOVING.size(); ++n)
    pairs.push_back({"L" + std::to_string(n + 1), fixedFromMoving(MOVING[n]), MOVING[n]});
  return pairs;
}

TEST(LandmarkRegistration, RecoversAKnownRigidTransformExactly) {
  const RigidTransform truth = knownTransform();
  const LandmarkRegistration found = registerLandmarks(pairsThrough(truth));
  EXPECT_TRUE(found.fixedFromMoving.matrix().isApprox(truth.matrix(), 1e-12));
  ASSERT_EQ(found.residualsMm.size(), MOVING.size());
  for (const double r : found.residualsMm) EXPECT_LT(r, 1e-9);
  EXPECT_LT(found.rmsResidualMm, 1e-9);
}

TEST(LandmarkRegistration, AMispickedPointStandsOutInItsResidual) {
  std::vector<LandmarkPair> pairs = pairsThrough(knownTransform());
  pairs[2].fixedMm.y += 6;  // picked 6 mm off
  const LandmarkRegistration found = registerLandmarks(pairs);
  std::size_t worst = 0;
  for (std::size_t n = 1; n < pairs.size(); ++n)
    if (found.residualsMm[n] > found.residualsMm[worst]) worst = n;
  EXPECT_EQ(worst, 2u);
  // Least squares spreads the error: the mispicked pair keeps most of it, the rms is below it.
  EXPECT_GT(found.residualsMm[2], 4);
  EXPECT_LT(found.rmsResidualMm, 6);
}

TEST(LandmarkRegistration, MirroredPointsGiveARotationNotAReflection) {
  std::vector<LandmarkPair> pairs = pairsThrough(RigidTransform());
  for (auto& pair : pairs) pair.fixedMm.x = -pair.fixedMm.x;  // left and right swapped
  const LandmarkRegistration found = registerLandmarks(pairs);
  EXPECT_NEAR(found.fixedFromMoving.matrix().linear().determinant(), 1, 1e-12);
  EXPECT_GT(found.rmsResidualMm, 10);  // no rotation fits a mirror image
}

TEST(LandmarkRegistration, TooFewOrCollinearPairsAreRefused) {
  std::vector<LandmarkPair> pairs = pairsThrough(knownTransform());
  pairs.resize(2);
  EXPECT_THROW(registerLandmarks(pairs), Error);
  const std::vector<LandmarkPair> onALine{{"a", {0, 0, 0}, {0, 0, 0}}, {"b", {10, 0, 0}, {10, 0, 0}}, {"c", {25, 0, 0}, {25, 0, 0}}};
  try {
    registerLandmarks(onALine);
    FAIL() << "collinear landmarks were accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    EXPECT_NE(std::string(e.what()).find("one line"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kerma::registration
