// ReirradiationModel: cumulative EQD2 of a prior and a current course with per-structure α/β
// and recovery, against the hand-computed values of docs/methods/radiobiology.md.

#include "kerma/app/reirradiation_model.h"

#include "kerma/core/error.h"
#include "kerma/structure/contour_extraction.h"

#include <Eigen/Geometry>
#include <gtest/gtest.h>

namespace kerma::app {
namespace {

// DVH doses come from histogram bins of (max dose / 4000) and sub-voxel sampling.
constexpr double DOSE_TOLERANCE_GY = 0.05;
// Structure indices.
constexpr int BODY = 0, CORD = 1, PTV = 2;

const core::VolumeGeometry GRID({30, 30, 20}, {-30, -30, -30}, {2, 2, 3});

core::SeriesIdentity ctIdentity() {
  core::SeriesIdentity id;
  id.patientId = "REIRR";
  id.frameOfReferenceUid = "1.2.3.4";
  return id;
}

// A box of voxels [i0, i1) x [j0, j1) x [k0, k1) as a structure with mask and contours.
structure::Structure box(std::string name, structure::RoiType type, std::array<int, 6> range) {
  structure::Structure s{std::move(name), type, {200, 200, 0}, structure::Mask(GRID, 0), {}};
  for (int k = range[4]; k < range[5]; ++k)
    for (int j = range[2]; j < range[3]; ++j)
      for (int i = range[0]; i < range[1]; ++i) s.mask.at({i, j, k}) = 1;
  s.contours = structure::extractContours(s.mask);
  return s;
}

PlanDose uniformDose(double doseGy, std::string origin) {
  eval::DoseDistribution dose;
  dose.identity = ctIdentity();
  dose.doseGy = core::Volume<float>(GRID, float(doseGy));
  return {std::make_shared<const eval::DoseDistribution>(std::move(dose)), std::move(origin), {}};
}

std::shared_ptr<const std::vector<structure::Structure>> structures() {
  return std::make_shared<const std::vector<structure::Structure>>(std::vector<structure::Structure>{
      box("BODY", structure::RoiType::External, {0, 30, 0, 30, 0, 20}),
      box("Spinal-Cord", structure::RoiType::Organ, {4, 10, 4, 10, 4, 12}),
      box("PTV", structure::RoiType::Ptv, {15, 25, 15, 25, 4, 12})});
}

CumulativeEvaluation evaluate(ReirradiationModel& model, const PlanDose& current) {
  auto inputs = model.inputs(current);
  EXPECT_TRUE(inputs.has_value());
  CumulativeEvaluation result = evaluateCumulative(*inputs);
  EXPECT_TRUE(model.setResult(model.revision(), result));
  return result;
}

TEST(ReirradiationModel, DefaultsTenGrayForTargetsThreeForNormalTissue) {
  ReirradiationModel model(ctIdentity(), "CT", structures());
  EXPECT_EQ(model.alphaBetaGy(CORD), eval::LATE_NORMAL_TISSUE_ALPHA_BETA_GY);
  EXPECT_EQ(model.alphaBetaGy(PTV), eval::TUMOUR_ALPHA_BETA_GY);
  EXPECT_EQ(model.recoveredFraction(0), 0);
  EXPECT_EQ(model.currentFractions(), 5);
  EXPECT_FALSE(model.inputs(uniformDose(20, "current")).has_value()) << "no prior course yet";
  EXPECT_THROW(model.setAlphaBetaGy(0, 0), Error);
  EXPECT_THROW(model.setRecoveredFraction(0, 1.5), Error);
  EXPECT_THROW(model.addPriorCourse(uniformDose(21, "prior"), 0), Error);
  EXPECT_THROW(model.setCurrentFractions(-1), Error);
  PlanDose other = uniformDose(21, "other.dcm");
  auto dose = *other.dose;
  dose.identity.frameOfReferenceUid = "9.9";
  other.dose = std::make_shared<const eval::DoseDistribution>(std::move(dose));
  EXPECT_THROW(model.addPriorCourse(other, 3), Error);
  EXPECT_TRUE(model.priorCourses().empty());
}

// 21 Gy / 3 then 20 Gy / 5 at α/β 3 Gy: EQD2 42 + 28 = 70 Gy (radiobiology.md); at 10 Gy:
// 29.75 + 23.33 Gy. α/β, recovery and the sum are per voxel while the DVH samples between voxel
// centres, so a structure's edge mixes its value with its neighbour's: the interior (Dmin here)
// carries the hand-computed value.
TEST(ReirradiationModel, CumulativeEqd2OfTwoCoursesMatchesTheHandCalculation) {
  ReirradiationModel model(ctIdentity(), "CT", structures());
  model.addPriorCourse(uniformDose(21, "prior.dcm"), 3);
  model.setCurrentFractions(5);
  const CumulativeEvaluation result = evaluate(model, uniformDose(20, "current.dcm"));
  EXPECT_EQ(result.eqd2Sum.type, eval::DoseType::Effective);
  EXPECT_NEAR(result.evaluation.dvhs[CORD].maxGy, 70, DOSE_TOLERANCE_GY);
  EXPECT_NEAR(result.evaluation.dvhs[CORD].minGy, 70, DOSE_TOLERANCE_GY);
  EXPECT_NEAR(result.evaluation.dvhs[PTV].minGy, 29.75 + 70.0 / 3, DOSE_TOLERANCE_GY);

  model.setCumulativeTemplate(eval::parseConstraintTemplate(R"({
    "name": "cumulative", "version": "1", "source": "test",
    "fractionations": [ { "fractions": 1, "constraints": [
      { "structure": "Spinal-Cord", "metric": "D0.035cc", "max": 67.7, "warn": 60 } ] } ] })", "t.json"));
  auto results = model.constraintResults();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].outcome, eval::ConstraintOutcome::Fail);
  const auto plot = model.plot();
  ASSERT_EQ(plot.curves.size(), 3u);
  EXPECT_EQ(plot.doseAxisTitle, "Cumulative EQD2 (Gy)");

  // A quarter of the first course recovered in the cord and the body around it:
  // 0.75 * 42 + 28 = 59.5 Gy.
  model.setRecoveredFraction(CORD, 0.25);
  EXPECT_EQ(model.result(), nullptr) << "a changed input drops the result";
  model.setRecoveredFraction(BODY, 0.25);
  const CumulativeEvaluation recovered = evaluate(model, uniformDose(20, "current.dcm"));
  EXPECT_NEAR(recovered.evaluation.dvhs[CORD].maxGy, 59.5, DOSE_TOLERANCE_GY);
  EXPECT_NEAR(recovered.evaluation.dvhs[PTV].minGy, 29.75 + 70.0 / 3, DOSE_TOLERANCE_GY)
      << "the PTV recovers nothing";
  results = model.constraintResults();
  EXPECT_EQ(results[0].outcome, eval::ConstraintOutcome::Pass);

  // α/β 2 Gy in the cord: 21 (1 + 7/2) / 2 + 20 (1 + 4/2) / 2 = 47.25 + 30 Gy, a quarter of the
  // first recovered; its surroundings (59.5 Gy) are lower.
  model.setAlphaBetaGy(CORD, 2);
  const CumulativeEvaluation cord2 = evaluate(model, uniformDose(20, "current.dcm"));
  EXPECT_NEAR(cord2.evaluation.dvhs[CORD].maxGy, 0.75 * 47.25 + 30, DOSE_TOLERANCE_GY);
}

// A prior course planned on another CT: refused without a registration, and with one of other
// frames; with the accepted one its dose is mapped: a prior dose that is 21 Gy only in a slab of
// its own frame lands, 12 mm further along x, on the cord and not the PTV.
TEST(ReirradiationModel, APriorCourseOnAnotherCtIsMappedThroughItsAcceptedRegistration) {
  ReirradiationModel model(ctIdentity(), "CT", structures());
  eval::DoseDistribution priorDose;
  priorDose.identity = ctIdentity();
  priorDose.identity.frameOfReferenceUid = "5.6.7";
  priorDose.doseGy = core::Volume<float>(GRID, 0.f);
  // Voxels i 0 to 3 (x -30 to -24 mm): under the cord (i 4 to 9) once moved 12 mm along +x.
  for (int k = 0; k < 20; ++k)
    for (int j = 0; j < 30; ++j)
      for (int i = 0; i < 4; ++i) priorDose.doseGy.at({i, j, k}) = 21;
  const PlanDose prior{std::make_shared<const eval::DoseDistribution>(std::move(priorDose)), "RD_2012.dcm", {}};
  EXPECT_THROW(model.addPriorCourse(prior, 3), Error) << "another Frame of Reference without a registration";
  Eigen::Affine3d shift = Eigen::Affine3d::Identity();
  shift.translation() = Eigen::Vector3d(12, 0, 0);
  const core::Transform<core::Patient, core::Patient> ctFromPrior(shift);
  EXPECT_THROW(model.addPriorCourse(prior, 3, AcceptedRegistration{{"1.2.3.4", "9.9.9", ctFromPrior, nullptr}, "wrong.dcm", ""}), Error);
  EXPECT_TRUE(model.priorCourses().empty());

  model.addPriorCourse(prior, 3, AcceptedRegistration{{"1.2.3.4", "5.6.7", ctFromPrior, nullptr}, "REG.dcm (by PHYSICIST^ANNA)", "shifted 12 mm"});
  ASSERT_EQ(model.priorCourses().size(), 1u);
  EXPECT_EQ(model.priorCourses()[0].registration->origin, "REG.dcm (by PHYSICIST^ANNA)");
  const CumulativeEvaluation result = evaluate(model, uniformDose(20, "current.dcm"));
  // The cord's upper half along x (x -18 to -12 mm here, -30 to -24 there) got the prior
  // 21 Gy / 3: 42 + 28 Gy; its lower half (x -22 to -20) only the current 28 Gy. The PTV (x 0 to
  // 20 mm) got only the current course: 23.33 Gy EQD2 at α/β 10 inside, up to 28 Gy at its edge
  // where the body's α/β 3 mixes in (as above).
  EXPECT_NEAR(result.evaluation.dvhs[CORD].maxGy, 70, DOSE_TOLERANCE_GY);
  EXPECT_NEAR(result.evaluation.dvhs[CORD].minGy, 28, DOSE_TOLERANCE_GY);
  EXPECT_NEAR(result.evaluation.dvhs[PTV].minGy, 70.0 / 3, DOSE_TOLERANCE_GY);
  EXPECT_LT(result.evaluation.dvhs[PTV].maxGy, 28 + DOSE_TOLERANCE_GY);
}

// After an edit α/β and recovery stay with their structures by name, new structures get the
// defaults, and the old result is dropped.
TEST(ReirradiationModel, FollowsTheStructuresAfterAnEditByName) {
  ReirradiationModel model(ctIdentity(), "CT", structures());
  model.setAlphaBetaGy(CORD, 2);
  model.setRecoveredFraction(CORD, 0.25);
  auto edited = std::make_shared<std::vector<structure::Structure>>(*structures());
  edited->erase(edited->begin());  // BODY removed: the cord is first now
  edited->push_back(box("CTV", structure::RoiType::Ctv, {16, 24, 16, 24, 5, 11}));
  model.setStructures(edited);
  ASSERT_EQ(model.structures().size(), 3u);
  EXPECT_EQ(model.alphaBetaGy(0), 2);
  EXPECT_EQ(model.recoveredFraction(0), 0.25);
  EXPECT_EQ(model.alphaBetaGy(2), eval::TUMOUR_ALPHA_BETA_GY);
  EXPECT_EQ(model.recoveredFraction(2), 0);
  EXPECT_EQ(model.result(), nullptr);
}

TEST(ReirradiationModel, IgnoresAResultOfInputsThatChanged) {
  ReirradiationModel model(ctIdentity(), "CT", structures());
  model.addPriorCourse(uniformDose(21, "prior.dcm"), 3);
  const auto revision = model.revision();
  const CumulativeEvaluation result = evaluateCumulative(*model.inputs(uniformDose(20, "c")));
  model.removePriorCourse(0);
  EXPECT_FALSE(model.setResult(revision, result));
  EXPECT_EQ(model.result(), nullptr);
}

}  // namespace
}  // namespace kerma::app
