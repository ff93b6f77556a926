// DVHs against closed forms: a sphere in a linear dose gradient, on fine and coarse grids.

#include "kerma/eval/dvh.h"

#include "analytic_dose.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <iostream>
#include <limits>

namespace kerma::eval {
namespace {

using testing::linearDose;
using testing::sphereCapCc;
using testing::sphereContours;
using testing::sphereVolumeCc;

constexpr double VOLUME_TOLERANCE_PERCENT = 1.0;  // acceptance: cumulative DVH within 1 % volume
constexpr double DOSE_TOLERANCE_GY = 0.05;

const core::Point3<core::Patient> CENTRE{12.3, -40.7, 101.1};

// Cumulative DVH of a sphere of radius R in dose d0 + g (x - cx): V(>= d) is the cap beyond
// x - cx = (d - d0) / g.
void expectSphereInGradient(double radiusMm, double planeSpacingMm, double gridMm, double gradient = 0.5) {
  const double d0Gy = 20;  // Gy; gradient in Gy/mm
  const auto contours = sphereContours(CENTRE, radiusMm, planeSpacingMm);
  const int n = static_cast<int>(std::ceil(2 * radiusMm / gridMm)) + 4;
  const auto dose = linearDose(CENTRE, {n, n, n}, {gridMm, gridMm, gridMm}, d0Gy, gradient);
  const Dvh dvh = computeDvh(contours, dose);
  const double exactCc = sphereVolumeCc(radiusMm);
  EXPECT_NEAR(dvh.volumeCc, exactCc, 0.01 * exactCc) << "R " << radiusMm;
  EXPECT_EQ(dvh.outsideDoseGridCc, 0);
  double worstPercent = 0;
  for (double t = -radiusMm; t <= radiusMm; t += radiusMm / 50) {
    const double dGy = d0Gy + gradient * t;
    const double expectedPercent = 100 * sphereCapCc(radiusMm, t) / exactCc;
    worstPercent = std::max(worstPercent, std::abs(volumeAtLeastPercent(dvh, dGy) - expectedPercent));
  }
  EXPECT_LT(worstPercent, VOLUME_TOLERANCE_PERCENT) << "R " << radiusMm << " mm on a " << gridMm << " mm grid";
  std::cout << "sphere R " << radiusMm << " mm, dose grid " << gridMm << " mm: volume error "
            << 100 * (dvh.volumeCc / exactCc - 1) << " %, worst cumulative DVH error " << worstPercent << " % volume\n";
  EXPECT_NEAR(dvh.meanGy, d0Gy, DOSE_TOLERANCE_GY);
  EXPECT_NEAR(doseAtPercentGy(dvh, 50), d0Gy, DOSE_TOLERANCE_GY);
  EXPECT_NEAR(dvh.maxGy, d0Gy + gradient * radiusMm, 0.02 * gradient * radiusMm);
  EXPECT_NEAR(dvh.minGy, d0Gy - gradient * radiusMm, 0.02 * gradient * radiusMm);
}

TEST(Dvh, SphereInALinearGradientMatchesTheClosedForm) { expectSphereInGradient(30, 2.5, 2.5); }

// A body-sized sphere (14 L) is sampled with rows further apart (the segment budget of
// computeDvhs), and its DVH still meets the same tolerances.
TEST(Dvh, BodySizedSphereSampledWithFewerRowsIsStillRight) { expectSphereInGradient(150, 3, 2.5, 0.1); }

// Contours every 0.5 mm: a stack of discs then differs from the sphere by h² / 8R² = 0.2 % at R = 4.
TEST(Dvh, SmallSphereOnACoarseGridIsStillRight) {
  expectSphereInGradient(6, 0.5, 5.0);
  expectSphereInGradient(4, 0.5, 4.0);
}

TEST(Dvh, SampleStepsOutsideTheirRangeAreBadInput) {
  const auto dose = linearDose(CENTRE, {10, 10, 10}, {3, 3, 3}, 10, 0.2);
  for (const double stepMm : {1e-300, 0.0, -1.0, 0.001, 20.0, std::numeric_limits<double>::quiet_NaN()}) {
    DvhOptions options;
    options.sampleStepMm = stepMm;
    try {
      computeDvh(sphereContours(CENTRE, 5, 2), dose, options);
      ADD_FAILURE() << stepMm << " mm was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::BadInput) << e.what();
      EXPECT_NE(std::string(e.what()).find("sample step"), std::string::npos) << e.what();
    }
  }
}

TEST(Dvh, DoseAtVolumeInvertsVolumeAtDose) {
  const auto dose = linearDose(CENTRE, {30, 30, 30}, {3, 3, 3}, 10, 0.2);
  const Dvh dvh = computeDvh(sphereContours(CENTRE, 25, 2), dose);
  for (double percent : {2.0, 5.0, 50.0, 95.0, 98.0}) {
    const double dGy = doseAtPercentGy(dvh, percent);
    EXPECT_NEAR(volumeAtLeastPercent(dvh, dGy), percent, 0.05) << percent;
  }
  EXPECT_NEAR(volumeAtLeastCc(dvh, doseAtVolumeGy(dvh, 1.5)), 1.5, 0.01);
  const DoseStatistics s = doseStatistics(dvh);
  EXPECT_NEAR(s.homogeneityIndex, (s.d2Gy - s.d98Gy) / s.d50Gy, 1e-12);
  EXPECT_GT(s.d2Gy, s.d50Gy);
  EXPECT_GT(s.d50Gy, s.d95Gy);
  EXPECT_GT(s.d95Gy, s.d98Gy);
  EXPECT_LE(s.d0_03ccGy, s.maxGy);
  EXPECT_GT(s.d0_03ccGy, s.d2Gy);
  EXPECT_EQ(doseAtPercentGy(dvh, 0), dvh.maxGy);
  EXPECT_EQ(doseAtPercentGy(dvh, 100), dvh.minGy);
  EXPECT_EQ(volumeAtLeastCc(dvh, 0), dvh.volumeCc);
  EXPECT_EQ(volumeAtLeastCc(dvh, 1000), 0);
}

TEST(Dvh, HolesAreCutByTheEvenOddRuleAndPartsOutsideTheGridCountAtZero) {
  const auto dose = linearDose(CENTRE, {20, 20, 20}, {2, 2, 2}, 5, 0);
  auto contours = sphereContours(CENTRE, 15, 1);
  const auto inner = sphereContours(CENTRE, 8, 1);
  contours.insert(contours.end(), inner.begin(), inner.end());
  const Dvh shell = computeDvh(contours, dose);
  EXPECT_NEAR(shell.volumeCc, sphereVolumeCc(15) - sphereVolumeCc(8), 0.01 * shell.volumeCc);
  EXPECT_NEAR(shell.meanGy, 5, 1e-5);

  // The last voxel centre is at +19 mm, so the grid ends at +20 mm: 0.5 mm past the sphere's centre.
  const core::Point3<core::Patient> edge{CENTRE.x + 19.5, CENTRE.y, CENTRE.z};
  const Dvh half = computeDvh(sphereContours(edge, 10, 0.5), dose);
  const double outsidePercent = 100 * sphereCapCc(10, 0.5) / sphereVolumeCc(10);
  EXPECT_NEAR(100 * half.outsideDoseGridCc / half.volumeCc, outsidePercent, 0.5);
  EXPECT_NEAR(volumeAtLeastPercent(half, 1), 100 - outsidePercent, 0.5);
  EXPECT_EQ(half.minGy, 0);
}

TEST(Dvh, ResultDoesNotDependOnTheThreadCount) {
  const auto dose = linearDose(CENTRE, {24, 24, 24}, {2.5, 2.5, 2.5}, 30, -0.7);
  const auto contours = sphereContours(CENTRE, 22, 3);
  DvhOptions one, many;
  one.threads = 1;
  many.threads = 4;
  const Dvh a = computeDvh(contours, dose, one), b = computeDvh(contours, dose, many);
  EXPECT_EQ(a.cumulativeCc, b.cumulativeCc);
  EXPECT_EQ(a.meanGy, b.meanGy);
}

TEST(Dvh, GridDvhGivesIsodoseVolumesAndPaddickIndices) {
  // Dose 0..40 Gy along x over a 100 mm box: the 20 Gy isodose is half of it.
  const auto dose = linearDose(CENTRE, {41, 20, 10}, {2.5, 5, 10}, 20, 0.4);
  const Dvh grid = computeGridDvh(dose);
  const double boxCc = 41 * 2.5 * 20 * 5 * 10 * 10 / 1000.0;
  EXPECT_NEAR(grid.volumeCc, boxCc, 1e-9 * boxCc);
  // Within half a voxel of the edge the dose is that of the outermost voxel.
  EXPECT_NEAR(volumeAtLeastCc(grid, 20), 0.5 * boxCc, 0.001 * boxCc);

  const auto target = computeDvh(sphereContours(CENTRE, 10, 1), dose);
  const ConformityIndices ci = conformityIndices(target, grid, 20);
  EXPECT_NEAR(ci.targetCoveredCc, 0.5 * target.volumeCc, 0.01 * target.volumeCc);
  EXPECT_NEAR(ci.paddickCi, ci.targetCoveredCc * ci.targetCoveredCc / (target.volumeCc * 0.5 * boxCc), 1e-3);
  EXPECT_NEAR(ci.gradientIndex, volumeAtLeastCc(grid, 10) / volumeAtLeastCc(grid, 20), 1e-9);
  EXPECT_NEAR(ci.gradientIndex, (51.25 + 25) / 51.25, 0.005);  // box edge at x = 51.25 mm
}

TEST(Dvh, CurvesInGyAndPercentOfPrescription) {
  const auto dose = linearDose(CENTRE, {30, 30, 30}, {2, 2, 2}, 10, 0.3);
  const Dvh dvh = computeDvh(sphereContours(CENTRE, 20, 2), dose);
  const auto cumulative = cumulativeCurve(dvh, 0.5);
  ASSERT_GE(cumulative.size(), 2u);
  EXPECT_EQ(cumulative.front().dose, 0);
  EXPECT_NEAR(cumulative.front().volume, 100, 1e-9);
  EXPECT_NEAR(cumulative.back().volume, 0, 1e-3);  // at or just above the maximum
  const auto inCc = cumulativeCurve(dvh, 0.5, {VolumeUnit::Cc, 20.0});
  EXPECT_NEAR(inCc[20].dose, 100 * 10 / 20.0, 1e-12);
  EXPECT_NEAR(inCc[20].volume, volumeAtLeastCc(dvh, 10), 1e-12);
  double sumCc = 0;
  for (const auto& p : differentialCurve(dvh, 0.5, {VolumeUnit::Cc, {}})) sumCc += p.volume * 0.5;
  EXPECT_NEAR(sumCc, dvh.volumeCc, 1e-5 * dvh.volumeCc);
}

TEST(Dvh, RefusesContoursNotParallelToTheDoseSlices) {
  const auto dose = linearDose(CENTRE, {10, 10, 10}, {2, 2, 2}, 5, 0);
  structure::PlanarContour tilted;
  tilted.pointsMm = {{0, 0, 100}, {10, 0, 101}, {10, 10, 102}};
  EXPECT_THROW(computeDvh({tilted}, dose), Error);
}

}  // namespace
}  // namespace kerma::eval
