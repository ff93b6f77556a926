// BED and EQD2 against hand calculations (docs/methods/radiobiology.md), voxel by voxel and for
// plan sums of two courses.

#include "kerma/eval/radiobiology.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

namespace kerma::eval {
namespace {

constexpr double HAND_TOLERANCE_GY = 1e-9;
constexpr double FLOAT_TOLERANCE_GY = 1e-4;  // doses stored as float

DoseDistribution uniformDose(double doseGy, const std::string& frameOfReferenceUid = "1.2.3",
                             core::VolumeGeometry grid = core::VolumeGeometry({4, 3, 2}, {0, 0, 0}, {2, 2, 2})) {
  DoseDistribution d;
  d.identity.frameOfReferenceUid = frameOfReferenceUid;
  d.identity.patientId = "P1";
  d.doseGy = core::Volume<float>(grid, static_cast<float>(doseGy));
  return d;
}

TEST(Radiobiology, HandCheckedBedAndEqd2) {
  // 8 Gy x 1, alpha/beta 3: EQD2 = 8 (1 + 8/3) / (1 + 2/3) = 17.6 Gy.
  EXPECT_NEAR(eqd2Gy(8, 1, 3), 17.6, HAND_TOLERANCE_GY);
  // 20 Gy / 5, alpha/beta 10: BED = 20 (1 + 4/10) = 28 Gy.
  EXPECT_NEAR(bedGy(20, 5, 10), 28, HAND_TOLERANCE_GY);
  // 2 Gy fractions are their own EQD2.
  EXPECT_NEAR(eqd2Gy(60, 30, 3), 60, HAND_TOLERANCE_GY);
  // 21 Gy / 3 at alpha/beta 3: BED = 21 (1 + 7/3) = 70, EQD2 = 70 / (5/3) = 42 Gy.
  EXPECT_NEAR(eqd2Gy(21, 3, 3), 42, HAND_TOLERANCE_GY);
  // 20 Gy / 5 at alpha/beta 3: BED = 20 (1 + 4/3) = 46.667, EQD2 = 28 Gy.
  EXPECT_NEAR(eqd2Gy(20, 5, 3), 28, HAND_TOLERANCE_GY);
}

TEST(Radiobiology, RefusesImpossibleFractionation) {
  EXPECT_THROW(bedGy(20, 0, 3), Error);
  EXPECT_THROW(eqd2Gy(20, 5, 0), Error);
  EXPECT_THROW(eqd2Gy(20, 5, -3), Error);
}

TEST(Radiobiology, Eqd2PerVoxelUsesEachVoxelsAlphaBeta) {
  const core::VolumeGeometry grid({3, 1, 1}, {0, 0, 0}, {1, 1, 1});
  core::Volume<float> physical(grid, std::vector<float>{8, 20, 0});
  core::Volume<float> alphaBeta(grid, std::vector<float>{3, 10, 3});
  const auto eqd2 = eqd2Volume(physical, 1, alphaBeta);
  EXPECT_NEAR(eqd2.values()[0], 17.6, FLOAT_TOLERANCE_GY);
  EXPECT_NEAR(eqd2.values()[1], 20 * (1 + 20 / 10.0) / 1.2, FLOAT_TOLERANCE_GY);
  EXPECT_EQ(eqd2.values()[2], 0);
  EXPECT_NEAR(bedVolume(physical, 1, alphaBeta).values()[0], 8 * (1 + 8 / 3.0), FLOAT_TOLERANCE_GY);
}

TEST(Radiobiology, StructureValueMapSetsValuesInsideMasks) {
  const core::VolumeGeometry grid({4, 1, 1}, {0, 0, 0}, {1, 1, 1});
  structure::Mask mask(core::VolumeGeometry({8, 1, 1}, {-0.25, 0, 0}, {0.5, 1, 1}), std::uint8_t{0});
  mask.at({1, 0, 0}) = 1;  // patient x = 0.25 -> nearest to dose voxel 0
  mask.at({5, 0, 0}) = 1;  // x = 2.25 -> dose voxel 2
  const auto map = structureValueMap(grid, 3, {{&mask, 10}});
  EXPECT_EQ(std::vector<float>(map.values().begin(), map.values().end()), (std::vector<float>{10, 3, 10, 3}));
}

TEST(Radiobiology, Eqd2DistributionIsEffective) {
  const auto eqd2 = eqd2Distribution(uniformDose(8), 1, 3);
  EXPECT_EQ(eqd2.type, DoseType::Effective);
  EXPECT_NEAR(eqd2.doseGy.values()[0], 17.6, FLOAT_TOLERANCE_GY);
  EXPECT_THROW(eqd2Distribution(eqd2, 1, 3), Error);
}

TEST(Radiobiology, TwoCoursesSumVoxelByVoxelInEqd2AndPhysically) {
  // First course 21 Gy / 3 weekly, second 20 Gy / 5: cumulative EQD2 (alpha/beta 3) 42 + 28 Gy.
  std::vector<Course> courses = {{"course1.dcm", uniformDose(21), 3, 0, {}, {}}, {"course2.dcm", uniformDose(20), 5, 0, {}, {}}};
  SumOptions eqd2;
  eqd2.alphaBetaGy = 3;
  const auto sum = sumCourses(courses, eqd2);
  EXPECT_EQ(sum.type, DoseType::Effective);
  EXPECT_EQ(sum.summationType, "MULTI_PLAN");
  for (float v : sum.doseGy.values()) EXPECT_NEAR(v, 70, FLOAT_TOLERANCE_GY);

  SumOptions physical;
  physical.mode = SumMode::Physical;
  const auto physicalSum = sumCourses(courses, physical);
  for (float v : physicalSum.doseGy.values()) EXPECT_NEAR(v, 41, FLOAT_TOLERANCE_GY);

  // Half of the first course recovered: 0.5 * 42 + 28 = 49 Gy.
  courses[0].recoveredFraction = 0.5;
  const auto recovered = sumCourses(courses, eqd2);
  for (float v : recovered.doseGy.values()) EXPECT_NEAR(v, 49, FLOAT_TOLERANCE_GY);

  // Recovery set for one structure only (the voxel at i = 0).
  structure::Mask cord(courses[0].dose.doseGy.geometry(), std::uint8_t{0});
  cord.at({0, 0, 0}) = 1;
  courses[0].recoveredFraction = 0;
  courses[0].recoveredByStructure = {{&cord, 0.25}};
  const auto partial = sumCourses(courses, eqd2);
  EXPECT_NEAR(partial.doseGy.at({0, 0, 0}), 0.75 * 42 + 28, FLOAT_TOLERANCE_GY);
  EXPECT_NEAR(partial.doseGy.at({1, 0, 0}), 70, FLOAT_TOLERANCE_GY);
}

TEST(Radiobiology, SumResamplesOntoTheFirstGrid) {
  const auto coarse = uniformDose(10, "1.2.3", core::VolumeGeometry({2, 2, 2}, {0, 0, 0}, {6, 4, 2}));
  const auto fine = uniformDose(4, "1.2.3", core::VolumeGeometry({4, 3, 2}, {0, 0, 0}, {2, 2, 2}));
  SumOptions physical;
  physical.mode = SumMode::Physical;
  const auto sum = sumCourses({{"fine", fine, 1, 0, {}, {}}, {"coarse", coarse, 1, 0, {}, {}}}, physical);
  EXPECT_TRUE(sum.doseGy.geometry().sameGridAs(fine.doseGy.geometry()));
  for (float v : sum.doseGy.values()) EXPECT_NEAR(v, 14, FLOAT_TOLERANCE_GY);
}

TEST(Radiobiology, SumRefusesOtherFramesOfReferenceNamingBothUids) {
  try {
    sumCourses({{"a.dcm", uniformDose(1, "1.2.3"), 1, 0, {}, {}}, {"b.dcm", uniformDose(1, "9.8.7"), 1, 0, {}, {}}}, {});
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("1.2.3"), std::string::npos) << m;
    EXPECT_NE(m.find("9.8.7"), std::string::npos) << m;
    EXPECT_NE(m.find("b.dcm"), std::string::npos) << m;
  }
  auto relative = uniformDose(1);
  relative.units = DoseUnits::Relative;
  EXPECT_THROW(sumCourses({{"r.dcm", relative, 1, 0, {}, {}}}, {}), Error);
  EXPECT_THROW(sumCourses({{"x.dcm", uniformDose(1), 1, 1.5, {}, {}}}, {}), Error);
  EXPECT_THROW(sumCourses({}, {}), Error);
}

}  // namespace
}  // namespace kerma::eval
