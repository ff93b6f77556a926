// Rigid image registration against a known answer: a CT (fixed) and the same patient "scanned
// again" (moving): moved by a known rigid map, on another grid with thicker slices, with noise.
// The registration must give the map back: the target registration error at points inside the
// body. The demo patient with the whole image and on bone alone; the acceptance figures (0.5 mm
// mean, 1 mm max) on LUNG1, a real CT re-sliced at 5 mm.

#include "kerma/registration/image_registration.h"

#include "registration_cases.h"
#include "shared_data.h"

#include "kerma/core/error.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/phantom/demo_patient.h"
#include "kerma/phantom/rescan.h"

#include <Eigen/Geometry>
#include <gtest/gtest.h>

#include <iostream>
#include <numbers>

namespace kerma::registration {
namespace {

constexpr double DEG = std::numbers::pi / 180;
// Issue 16's acceptance: target registration error inside the body.
constexpr double MEAN_TRE_LIMIT_MM = 0.5;
constexpr double MAX_TRE_LIMIT_MM = 1.0;

struct Scans {
  core::CtVolume fixed;
  core::CtVolume moving;
  RigidTransform fixedFromMoving;  // the truth
};

// The patient of fixed scanned again: moved, with sliceMm slices over a length 30 mm shorter at
// each end, and ±20 HU of noise.
Scans rescanOf(core::CtVolume fixed, const std::array<double, 6>& move, double sliceMm) {
  const core::VolumeGeometry& g = fixed.geometry();
  const RigidTransform movingFromFixed = testing::movedAboutCentre(g, move);
  const core::VolumeGeometry grid = testing::rescanGrid(g, sliceMm, 30);
  core::CtVolume moving = phantom::rescanned(fixed, {grid, movingFromFixed, 20, 12345});
  return {std::move(fixed), std::move(moving), movingFromFixed.inverse()};
}

// The demo patient (3 mm slices) and its second scan with 6 mm slices, 4 and 2 degrees, 17 mm.
const Scans& demoScans() {
  static const Scans scans = rescanOf(phantom::makeDemoPatient().ct.hu, {2, 0, 4, 12, -7, 9}, 6);
  return scans;
}

void expectTheTruth(const RigidRegistration& found, const Scans& scans) {
  const testing::TargetError e = testing::targetError(found.fixedFromMoving, scans.fixedFromMoving, scans.fixed);
  EXPECT_GT(e.points, 100);
  EXPECT_LT(e.meanMm, MEAN_TRE_LIMIT_MM) << found.stopCondition;
  EXPECT_LT(e.maxMm, MAX_TRE_LIMIT_MM) << found.stopCondition;
  std::cout << "target registration error: mean " << e.meanMm << " mm, max " << e.maxMm << " mm (" << e.points
            << " points); " << found.iterations << " iterations, " << found.stopCondition << "\n";
  ::testing::Test::RecordProperty("meanTargetErrorMm", std::to_string(e.meanMm));
  ::testing::Test::RecordProperty("maxTargetErrorMm", std::to_string(e.maxMm));
}

TEST(ImageRegistration, FindsTheKnownMapAcrossSliceThicknessAndNoise) {
  expectTheTruth(registerRigid(demoScans().fixed, demoScans().moving), demoScans());
}

TEST(ImageRegistration, OnBoneAloneAndFromAGivenStartItFindsItToo) {
  RigidRegistrationOptions options;
  options.boneOnly = true;
  // A start 5 mm and 2 degrees off, as a landmark registration with a mispicked point gives.
  Eigen::Affine3d start = demoScans().fixedFromMoving.matrix();
  start.translation() += Eigen::Vector3d(5, 0, -3);
  start.linear() = Eigen::AngleAxisd(2 * DEG, Eigen::Vector3d::UnitY()).toRotationMatrix() * start.linear();
  options.initial = RigidTransform(start);
  expectTheTruth(registerRigid(demoScans().fixed, demoScans().moving, options), demoScans());
}

// Issue 16's acceptance case: a real CT (LUNG1, 0.98 mm pixels, 3 mm slices) against itself moved
// by a few degrees about each axis and 27 mm, re-sliced at 5 mm with noise.
TEST(ImageRegistration, OnARealCtResliced) {
  KERMA_REQUIRE_SHARED("data/lung1-001/ct");
  const Scans scans = rescanOf(dicom::loadCtSeries(testing::sharedPath("data/lung1-001/ct")).image.hu,
                               {1.5, -2, 3, 15, -20, 10}, 5);
  expectTheTruth(registerRigid(scans.fixed, scans.moving), scans);
}

TEST(ImageRegistration, RefusesWhatItCannotRegister) {
  RigidRegistrationOptions options;
  options.boneOnly = true;
  options.boneHu = 5000;  // no bone that dense
  EXPECT_THROW(registerRigid(demoScans().fixed, demoScans().moving, options), Error);
}

}  // namespace
}  // namespace kerma::registration
