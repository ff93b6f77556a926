// Rigid image registration against a known answer: the demo patient's CT (moving) and the same
// patient "scanned again" (fixed): resampled through a known rigid map onto another grid with
// 6 mm slices instead of 3 mm, another origin, and ±20 HU of noise. The registration must give
// the map back: the target registration error at points across the pelvis, with the whole image
// and on bone alone.

#include "kerma/registration/image_registration.h"

#include "kerma/core/error.h"
#include "kerma/phantom/demo_patient.h"

#include <Eigen/Geometry>
#include <gtest/gtest.h>

#include <cstdint>
#include <numbers>

namespace kerma::registration {
namespace {

using core::Patient;
using core::Point3;

constexpr double DEG = std::numbers::pi / 180;
// Target registration error allowed, mm: a fraction of the finest level's 2 mm voxels.
constexpr double TRE_LIMIT_MM = 1.0;

// What a patient moves by between two scans: a few degrees, a couple of cm.
RigidTransform knownFixedFromMoving() {
  Eigen::Affine3d m = Eigen::Affine3d::Identity();
  m.linear() = (Eigen::AngleAxisd(4 * DEG, Eigen::Vector3d::UnitZ()) * Eigen::AngleAxisd(2 * DEG, Eigen::Vector3d::UnitX()))
                   .toRotationMatrix();
  m.translation() = Eigen::Vector3d(12, -7, 9);
  return RigidTransform(m);
}

struct Scans {
  core::CtVolume moving;
  core::CtVolume fixed;
};

// The demo CT, and its second scan through knownFixedFromMoving: 2 × 2 × 6 mm voxels, trilinear,
// air outside the first scan, deterministic noise (a linear congruential generator).
const Scans& scans() {
  static const Scans made = [] {
    Scans s{phantom::makeDemoPatient().ct.hu, {}};
    const core::VolumeGeometry grid({230, 160, 40}, {-229, -170, -125}, {2, 2, 6});
    s.fixed = core::CtVolume(grid);
    const RigidTransform movingFromFixed = knownFixedFromMoving().inverse();
    std::uint32_t state = 12345;
    for (int k = 0; k < grid.size()[2]; ++k)
      for (int j = 0; j < grid.size()[1]; ++j)
        for (int i = 0; i < grid.size()[0]; ++i) {
          state = state * 1664525u + 1013904223u;
          const double noise = (double(state >> 8) / double(1u << 24) - 0.5) * 40;
          const auto hu = core::sampleTrilinear(s.moving, movingFromFixed(grid.patientPoint({i, j, k})));
          s.fixed.at({i, j, k}) = std::int16_t(std::lround(hu.value_or(-1000) + noise));
        }
    return s;
  }();
  return made;
}

// The largest distance between where the found and the known map take points across the pelvis.
double worstTargetErrorMm(const RigidTransform& found) {
  const RigidTransform known = knownFixedFromMoving();
  double worst = 0;
  for (double x : {-80.0, 80.0})
    for (double y : {-60.0, 60.0})
      for (double z : {-60.0, 20.0}) {
        const Point3<Patient> p{x, y, z};
        worst = std::max(worst, (found(p) - known(p)).length());
      }
  return worst;
}

TEST(ImageRegistration, FindsTheKnownMapAcrossSliceThicknessAndNoise) {
  const RigidRegistration found = registerRigid(scans().fixed, scans().moving);
  const double tre = worstTargetErrorMm(found.fixedFromMoving);
  EXPECT_LT(tre, TRE_LIMIT_MM) << found.stopCondition;
  EXPECT_LT(found.metricValue, 0);
  RecordProperty("worstTargetErrorMm", std::to_string(tre));
}

TEST(ImageRegistration, OnBoneAloneAndFromAGivenStartItFindsItToo) {
  RigidRegistrationOptions options;
  options.boneOnly = true;
  // A start 5 mm and 2 degrees off, as a landmark registration with a mispicked point gives.
  Eigen::Affine3d start = knownFixedFromMoving().matrix();
  start.translation() += Eigen::Vector3d(5, 0, -3);
  start.linear() = Eigen::AngleAxisd(2 * DEG, Eigen::Vector3d::UnitY()).toRotationMatrix() * start.linear();
  options.initial = RigidTransform(start);
  const RigidRegistration found = registerRigid(scans().fixed, scans().moving, options);
  const double tre = worstTargetErrorMm(found.fixedFromMoving);
  EXPECT_LT(tre, TRE_LIMIT_MM) << found.stopCondition;
  RecordProperty("worstTargetErrorMm", std::to_string(tre));
}

TEST(ImageRegistration, RefusesWhatItCannotRegister) {
  RigidRegistrationOptions options;
  options.boneOnly = true;
  options.boneHu = 5000;  // no bone that dense
  EXPECT_THROW(registerRigid(scans().fixed, scans().moving, options), Error);
}

}  // namespace
}  // namespace kerma::registration
