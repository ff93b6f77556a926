// Rigid image registration against a known answer: a CT (fixed) and the same patient "scanned
// again" (moving): moved by a known rigid map, on another grid with thicker slices, with noise.
// The registration must give the map back: the target registration error at points inside the
// body. The demo patient with the whole image and on bone alone; the acceptance figures (0.5 mm
// mean, 1 mm max; a dose mapped through the result against the truth, gamma 2 %/2 mm ≥ 98 %) on
// LUNG1, a real CT re-sliced at 5 mm.

#include "kerma/registration/image_registration.h"

#include "registration_cases.h"
#include "shared_data.h"

#include "kerma/core/error.h"
#include "kerma/dicom/ct_import.h"
#include "kerma/eval/gamma.h"
#include "kerma/phantom/demo_patient.h"
#include "kerma/phantom/rescan.h"

#include <Eigen/Geometry>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <numbers>
#include <string_view>
#include <vector>

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

TEST(ImageRegistration, FindsTheKnownMapAcrossSliceThicknessAndNoiseReportingItsProgress) {
  std::vector<double> fractions;
  const auto found = registerRigid(demoScans().fixed, demoScans().moving, {}, [&](double fraction, std::string_view) {
    fractions.push_back(fraction);
    return true;
  });
  ASSERT_TRUE(found.has_value());
  expectTheTruth(*found, demoScans());
  ASSERT_GT(fractions.size(), 10u);
  EXPECT_EQ(fractions.front(), 0);
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_GT(fractions.back(), 0.7);
  EXPECT_LT(fractions.back(), 1.0);
}

TEST(ImageRegistration, OnBoneAloneAndFromAGivenStartItFindsItToo) {
  RigidRegistrationOptions options;
  options.boneOnly = true;
  // A start 5 mm and 2 degrees off, as a landmark registration with a mispicked point gives.
  Eigen::Affine3d start = demoScans().fixedFromMoving.matrix();
  start.translation() += Eigen::Vector3d(5, 0, -3);
  start.linear() = Eigen::AngleAxisd(2 * DEG, Eigen::Vector3d::UnitY()).toRotationMatrix() * start.linear();
  options.initial = RigidTransform(start);
  expectTheTruth(*registerRigid(demoScans().fixed, demoScans().moving, options), demoScans());
}

TEST(ImageRegistration, StopsWhenTold) {
  // Stopped at the first iteration: no result, and each level left ends at its next iteration.
  int reports = 0;
  const auto stopped = registerRigid(demoScans().fixed, demoScans().moving, {}, [&](double fraction, std::string_view) {
    ++reports;
    return fraction == 0;
  });
  EXPECT_FALSE(stopped.has_value());
  EXPECT_LE(reports, 1 + 3) << "the start, then one iteration of each of the three levels";
}

TEST(ImageRegistration, ItsMetricIsLowestAtTheTruth) {
  // What the fusion review shows after a move by hand: the metric of the found map against maps
  // moved 3 mm or 2 degrees off it, on bone and on the whole image.
  for (const bool boneOnly : {false, true}) {
    RigidRegistrationOptions options;
    options.boneOnly = boneOnly;
    const RigidTransform truth = demoScans().fixedFromMoving;
    const double atTruth = rigidMetric(demoScans().fixed, demoScans().moving, truth, options);
    EXPECT_LT(atTruth, -0.1) << "boneOnly " << boneOnly;
    Eigen::Affine3d shifted = truth.matrix(), turned = truth.matrix();
    shifted.pretranslate(Eigen::Vector3d(3, 0, 0));
    turned.prerotate(Eigen::AngleAxisd(2 * DEG, Eigen::Vector3d::UnitZ()));
    for (const auto& off : {shifted, turned})
      EXPECT_LT(atTruth, rigidMetric(demoScans().fixed, demoScans().moving, RigidTransform(off), options) - 0.01)
          << "boneOnly " << boneOnly;
  }
}

// Issue 16's acceptance case: a real CT (LUNG1, 0.98 mm pixels, 3 mm slices) against itself moved
// by a few degrees about each axis and 27 mm, re-sliced at 5 mm with noise.
// A prior course's dose as the moving study would hold it: 20 Gy in a 60 mm cube about the
// patient's centre with a 4 mm wide penumbra (error function), on a 2.5 mm grid of its own.
core::Volume<float> priorDose(const core::CtVolume& moving) {
  const auto& g = moving.geometry();
  const core::Point3<core::Patient> centre = g.patientPoint({g.size()[0] / 2, g.size()[1] / 2, g.size()[2] / 2});
  core::Volume<float> dose(core::VolumeGeometry({57, 57, 57}, centre + core::Vector3<core::Patient>{-70, -70, -70},
                                                {2.5, 2.5, 2.5}),
                           0.f);
  for (int k = 0; k < 57; ++k)
    for (int j = 0; j < 57; ++j)
      for (int i = 0; i < 57; ++i) {
        const core::Vector3<core::Patient> d = dose.geometry().patientPoint({i, j, k}) - centre;
        double share = 1;
        for (double x : {d.x, d.y, d.z}) share *= 0.5 * std::erfc((std::abs(x) - 30) / 2.0);
        dose.at({i, j, k}) = float(20 * share);
      }
  return dose;
}

TEST(ImageRegistration, OnARealCtReslicedAndTheDoseMappedThroughIt) {
  KERMA_REQUIRE_SHARED("data/lung1-001/ct");
  const Scans scans = rescanOf(dicom::loadCtSeries(testing::sharedPath("data/lung1-001/ct")).image.hu,
                               {1.5, -2, 3, 15, -20, 10}, 5);
  const RigidRegistration found = *registerRigid(scans.fixed, scans.moving);
  expectTheTruth(found, scans);

  // The prior dose on a 2.5 mm grid of the fixed (current) frame, mapped through the truth and
  // through the result: gamma 2 %/2 mm (issue 16: at least 98 % pass).
  const core::Volume<float> prior = priorDose(scans.moving);
  const auto& g = scans.fixed.geometry();
  const core::Point3<core::Patient> centre = g.patientPoint({g.size()[0] / 2, g.size()[1] / 2, g.size()[2] / 2});
  const core::VolumeGeometry current({81, 81, 81}, centre + core::Vector3<core::Patient>{-100, -100, -100}, {2.5, 2.5, 2.5});
  const core::Volume<float> throughTruth = core::resample(prior, current, 0.f, scans.fixedFromMoving.inverse());
  const core::Volume<float> throughFound = core::resample(prior, current, 0.f, found.fixedFromMoving.inverse());
  const eval::GammaResult gamma = eval::gammaIndex(throughTruth, throughFound, {2, 2, 10, 2, 0});
  EXPECT_GT(gamma.evaluated, 10000u);
  EXPECT_GE(gamma.passRatePercent(), 98.0);
  std::cout << "mapped dose, gamma 2 %/2 mm: " << gamma.passRatePercent() << " % of " << gamma.evaluated << " voxels\n";
}

// Issue 16's deformable case: LUNG1 moved as above and deformed smoothly by up to 12 mm (two
// Gaussian bumps), re-sliced at 5 mm with noise. Target registration error at points of the moving
// body: |found(p(x)) − x| where p(x) is where the truth puts the moving point x in the fixed study.
TEST(ImageRegistration, DeformableOnARealCtDeformedSmoothly) {
  KERMA_REQUIRE_SHARED("data/lung1-001/ct");
  const core::CtVolume fixed = dicom::loadCtSeries(testing::sharedPath("data/lung1-001/ct")).image.hu;
  const RigidTransform fixedFromMoving = testing::movedAboutCentre(fixed.geometry(), {1.5, -2, 3, 15, -20, 10}).inverse();
  const auto& g = fixed.geometry();
  const core::Point3<core::Patient> c = g.patientFromVoxel()(
      core::Point3<core::Voxel>{(g.size()[0] - 1) / 2.0, (g.size()[1] - 1) / 2.0, (g.size()[2] - 1) / 2.0});
  const testing::SmoothDeformation u{Eigen::Vector3d(c.x, c.y, c.z)};
  const core::CtVolume moving =
      testing::deformedRescan(fixed, testing::rescanGrid(g, 5, 30), fixedFromMoving, u, 20);

  const DeformableRegistration found = registerDeformable(fixed, moving);
  EXPECT_EQ(found.foldedVoxels, 0u);
  EXPECT_GT(found.minJacobian, 0.5);
  EXPECT_LT(found.maxJacobian, 2.0);
  double sum = 0, rigidSum = 0, worst = 0;
  int points = 0;
  const auto& mg = moving.geometry();
  for (int k = 2; k < mg.size()[2] - 2; k += 4)
    for (int j = 0; j < mg.size()[1]; j += 20)
      for (int i = 0; i < mg.size()[0]; i += 20) {
        if (moving.at({i, j, k}) < -500) continue;
        const core::Point3<core::Patient> x = mg.patientPoint({i, j, k});
        const Eigen::Vector3d p = testing::deformedFixedPoint(fixedFromMoving, u, Eigen::Vector3d(x.x, x.y, x.z));
        const core::Point3<core::Patient> fixedPoint{p.x(), p.y(), p.z()};
        const double error = (found.movingFromFixed.movingPoint(fixedPoint) - x).length();
        sum += error;
        rigidSum += (found.rigid.fixedFromMoving.inverse()(fixedPoint) - x).length();
        worst = std::max(worst, error);
        ++points;
      }
  ASSERT_GT(points, 100);
  std::cout << "deformable: target registration error mean " << sum / points << " mm, max " << worst << " mm over "
            << points << " points (the rigid start: mean " << rigidSum / points << " mm); Jacobian "
            << found.minJacobian << " to " << found.maxJacobian << "; " << found.iterations << " iterations, "
            << found.stopCondition << "\n";
  EXPECT_LT(sum / points, 1.0);  // issue 16: deformable ≤ 1 mm mean
  EXPECT_LT(sum / points, rigidSum / points) << "the deformation is followed beyond the rigid map";

  // The prior dose mapped through the result against through the truth (issue 16: gamma 2 %/2 mm
  // at least 98 %). The truth's moving point of a fixed p: q + u(q) = p solved by iteration (u
  // changes by at most 0.15 mm a mm, so q <- p - u(q) contracts), then x = r⁻¹(q).
  const core::Point3<core::Patient> centre = g.patientPoint({g.size()[0] / 2, g.size()[1] / 2, g.size()[2] / 2});
  const core::VolumeGeometry current({81, 81, 81}, centre + core::Vector3<core::Patient>{-100, -100, -100}, {2.5, 2.5, 2.5});
  auto truthField = std::make_shared<core::DisplacementField>();
  truthField->grid = core::VolumeGeometry({51, 51, 51}, current.originMm(), {4, 4, 4});
  for (auto& component : truthField->displacementMm) component = core::Volume<float>(truthField->grid, 0.f);
  const RigidTransform movingFromFixed = fixedFromMoving.inverse();
  for (int k = 0; k < 51; ++k)
    for (int j = 0; j < 51; ++j)
      for (int i = 0; i < 51; ++i) {
        const core::Point3<core::Patient> p = truthField->grid.patientPoint({i, j, k});
        const Eigen::Vector3d target(p.x, p.y, p.z);
        Eigen::Vector3d q = target;
        for (int n = 0; n < 30; ++n) q = target - u(q);
        const core::Point3<core::Patient> x = movingFromFixed(core::Point3<core::Patient>{q.x(), q.y(), q.z()});
        truthField->displacementMm[0].at({i, j, k}) = float(x.x - p.x);
        truthField->displacementMm[1].at({i, j, k}) = float(x.y - p.y);
        truthField->displacementMm[2].at({i, j, k}) = float(x.z - p.z);
      }
  const core::Volume<float> prior = priorDose(moving);
  const core::Volume<float> throughTruth = core::mapOntoFixed(prior, current, 0.f, {"fixed", "moving", fixedFromMoving, truthField});
  const core::Volume<float> throughFound = core::mapOntoFixed(
      prior, current, 0.f,
      {"fixed", "moving", found.rigid.fixedFromMoving, std::make_shared<const core::DisplacementField>(found.movingFromFixed)});
  const eval::GammaResult gamma = eval::gammaIndex(throughTruth, throughFound, {2, 2, 10, 2, 0});
  EXPECT_GT(gamma.evaluated, 10000u);
  EXPECT_GE(gamma.passRatePercent(), 98.0);
  std::cout << "dose mapped through the deformation, gamma 2 %/2 mm: " << gamma.passRatePercent() << " % of "
            << gamma.evaluated << " voxels\n";
}

TEST(ImageRegistration, RefusesWhatItCannotRegister) {
  RigidRegistrationOptions options;
  options.boneOnly = true;
  options.boneHu = 5000;  // no bone that dense
  EXPECT_THROW(registerRigid(demoScans().fixed, demoScans().moving, options), Error);
}

}  // namespace
}  // namespace kerma::registration
