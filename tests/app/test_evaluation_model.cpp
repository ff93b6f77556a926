// EvaluationModel: the plan dose entry point, DVH curves and statistics as the panels show them,
// constraint results and CSV, on analytic spheres in a linear dose.

#include "kerma/app/evaluation_model.h"

#include "../eval/analytic_dose.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <sstream>

namespace kerma::app {
namespace {

const core::Point3<core::Patient> CENTRE{10, -20, 30};
constexpr double D0_GY = 20, GRADIENT_GY_PER_MM = 0.5;

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

core::SeriesIdentity ctIdentity() {
  core::SeriesIdentity id;
  id.patientId = "ANALYTIC";
  id.frameOfReferenceUid = "1.2.3.4";
  return id;
}

std::shared_ptr<const std::vector<structure::Structure>> structures() {
  auto list = std::make_shared<std::vector<structure::Structure>>();
  list->push_back({"PTV", structure::RoiType::Ptv, {255, 0, 0}, {}, testing::sphereContours(CENTRE, 20, 2)});
  list->push_back({"Rectum", structure::RoiType::Organ, {150, 75, 0},
                   {}, testing::sphereContours({CENTRE.x + 30, CENTRE.y, CENTRE.z}, 8, 2)});
  list->push_back({"Marker", structure::RoiType::Marker, {0, 0, 255}, {}, {}});
  return list;
}

PlanDose analyticDose(std::string frameOfReferenceUid = "1.2.3.4", std::string patientId = "ANALYTIC") {
  auto dose = testing::linearDose(CENTRE, {40, 30, 30}, {2.5, 2.5, 2.5}, D0_GY, GRADIENT_GY_PER_MM);
  dose.identity.frameOfReferenceUid = std::move(frameOfReferenceUid);
  dose.identity.patientId = std::move(patientId);
  return {std::make_shared<const eval::DoseDistribution>(std::move(dose)), "analytic.dcm", {}};
}

// A model with the analytic dose evaluated.
EvaluationModel evaluatedModel() {
  EvaluationModel model(ctIdentity(), "test CT", structures());
  const auto revision = model.setPlanDose(analyticDose());
  EXPECT_TRUE(model.setEvaluation(revision, evaluateDose(model.structures(), *model.planDose()->dose)));
  return model;
}

TEST(EvaluationModel, RefusesADoseOfAnotherFrameOfReferenceOrPatientNamingBoth) {
  EvaluationModel model(ctIdentity(), "test CT", structures());
  try {
    model.setPlanDose(analyticDose("9.9.9"));
    FAIL() << "accepted a dose of another Frame of Reference";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("9.9.9"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("1.2.3.4"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("analytic.dcm"), std::string::npos) << e.what();
  }
  try {
    model.setPlanDose(analyticDose("1.2.3.4", "SOMEONE-ELSE"));
    FAIL() << "accepted a dose of another patient";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("SOMEONE-ELSE"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("ANALYTIC"), std::string::npos) << e.what();
  }
  EXPECT_EQ(model.planDose(), nullptr);
  EXPECT_EQ(model.revision(), 0u);
}

TEST(EvaluationModel, DropsTheEvaluationOfADoseThatWasReplaced) {
  EvaluationModel model(ctIdentity(), "test CT", structures());
  const auto first = model.setPlanDose(analyticDose());
  auto evaluation = evaluateDose(model.structures(), *model.planDose()->dose);
  const auto second = model.setPlanDose(analyticDose());
  EXPECT_GT(second, first);
  EXPECT_FALSE(model.setEvaluation(first, evaluation));
  EXPECT_EQ(model.evaluation(), nullptr);
  EXPECT_TRUE(model.setEvaluation(second, std::move(evaluation)));
  EXPECT_NE(model.evaluation(), nullptr);
}

// After an edit the model evaluates the structures as they are: a new structure appears, one
// hidden stays hidden, and an evaluation of the old structures is refused.
TEST(EvaluationModel, FollowsTheStructuresAfterAnEdit) {
  EvaluationModel model = evaluatedModel();
  model.setShown(1, false);
  const auto before = model.revision();
  auto edited = std::make_shared<std::vector<structure::Structure>>(*structures());
  edited->push_back({"CTV", structure::RoiType::Ctv, {255, 160, 0}, {}, testing::sphereContours(CENTRE, 10, 2)});
  const auto revision = model.setStructures(edited);
  EXPECT_GT(revision, before);
  EXPECT_EQ(model.evaluation(), nullptr) << "the old DVHs no longer describe the structures";
  EXPECT_FALSE(model.setEvaluation(before, evaluateDose(*structures(), *model.planDose()->dose)));
  ASSERT_EQ(model.structures().size(), 4u);
  EXPECT_FALSE(model.shown(1)) << "Rectum stays hidden";
  EXPECT_TRUE(model.shown(3)) << "the new CTV is shown";
  EXPECT_TRUE(model.setEvaluation(revision, evaluateDose(model.structures(), *model.planDose()->dose)));
  const TextTable table = model.statisticsTable();
  EXPECT_TRUE(std::any_of(table.rows.begin(), table.rows.end(), [](const auto& row) { return row[0] == "CTV"; }));
}

TEST(EvaluationModel, ConstraintsFollowTheFractionsOfTheDose) {
  EvaluationModel model(ctIdentity(), "test CT", structures());
  EXPECT_EQ(model.fractions(), 1);
  PlanDose dose = analyticDose();
  dose.fractions = 5;
  model.setPlanDose(dose);
  EXPECT_EQ(model.fractions(), 5);
  model.setFractions(3);  // the user's choice holds until a dose states its own
  model.setPlanDose(analyticDose());
  EXPECT_EQ(model.fractions(), 3);
}

TEST(EvaluationModel, PlotsEachShownStructuresCumulativeDvhInItsColour) {
  EvaluationModel model = evaluatedModel();
  const auto& dvhs = model.evaluation()->dvhs;
  EXPECT_TRUE(dvhs[2].cumulativeCc.empty()) << "a structure without contours has no DVH";
  DvhPlot plot = model.plot();
  EXPECT_EQ(plot.doseAxisTitle, "Dose (Gy)");
  EXPECT_EQ(plot.volumeAxisTitle, "Volume (%)");
  ASSERT_EQ(plot.curves.size(), 2u);
  EXPECT_EQ(plot.curves[0].name, "PTV");
  EXPECT_EQ(plot.curves[0].colour, (structure::Rgb{255, 0, 0}));
  const auto expected = eval::cumulativeCurve(dvhs[0], dvhs[0].binWidthGy);
  ASSERT_EQ(plot.curves[0].points.size(), expected.size());
  for (std::size_t n = 0; n < expected.size(); ++n) {
    EXPECT_EQ(plot.curves[0].points[n].dose, expected[n].dose);
    EXPECT_EQ(plot.curves[0].points[n].volume, expected[n].volume);
  }
  // Sphere of R = 20 mm in 20 Gy + 0.5 Gy/mm: half of it above 20 Gy.
  EXPECT_NEAR(eval::volumeAtLeastPercent(dvhs[0], D0_GY), 50, 1);

  model.setShown(0, false);
  model.setPrescriptionGy(40);
  model.setVolumeUnit(eval::VolumeUnit::Cc);
  plot = model.plot();
  ASSERT_EQ(plot.curves.size(), 1u);
  EXPECT_EQ(plot.curves[0].name, "Rectum");
  EXPECT_EQ(plot.doseAxisTitle, "Dose (% of 40 Gy)");
  EXPECT_EQ(plot.volumeAxisTitle, "Volume (cm³)");
  const auto& rectum = plot.curves[0].points;
  EXPECT_DOUBLE_EQ(rectum.front().volume, dvhs[1].volumeCc);
  EXPECT_DOUBLE_EQ(rectum[10].dose, 100.0 * 10 * dvhs[1].binWidthGy / 40);
  EXPECT_THROW(model.setPrescriptionGy(0.0), Error);
}

TEST(EvaluationModel, StatisticsTableShowsTheDvhStatisticsWithUnitsInHeaders) {
  EvaluationModel model = evaluatedModel();
  model.setVDosesGy({20, 30});
  TextTable table = model.statisticsTable();
  const std::vector<std::string> headers = {
      "Structure", "Volume (cm³)", "Dmin (Gy)", "Dmax (Gy)", "D0.03cc (Gy)", "Dmean (Gy)", "D2% (Gy)",
      "D50% (Gy)", "D95% (Gy)", "D98% (Gy)", "V20Gy (%)", "V30Gy (%)", "HI", "CI (Paddick)", "GI"};
  EXPECT_EQ(table.headers, headers);
  ASSERT_EQ(table.rows.size(), 2u) << "no row for the structure without contours";
  const auto& dvh = model.evaluation()->dvhs[0];
  const auto st = eval::doseStatistics(dvh);
  const std::vector<std::string> ptv = {"PTV", fixed(st.volumeCc, 2), fixed(st.minGy, 2), fixed(st.maxGy, 2),
                                        fixed(st.d0_03ccGy, 2), fixed(st.meanGy, 2), fixed(st.d2Gy, 2),
                                        fixed(st.d50Gy, 2), fixed(st.d95Gy, 2), fixed(st.d98Gy, 2),
                                        fixed(eval::volumeAtLeastPercent(dvh, 20), 1),
                                        fixed(eval::volumeAtLeastPercent(dvh, 30), 1),
                                        fixed(st.homogeneityIndex, 3), "–", "–"};
  EXPECT_EQ(table.rows[0], ptv);
  EXPECT_EQ(table.rows[1][12], "–") << "HI only for targets";
  EXPECT_EQ(table.rows[0][5], "20.00") << "mean of a linear dose over a sphere is its centre dose";

  model.setPrescriptionGy(20);
  table = model.statisticsTable();
  // No EXTERNAL structure: isodose volumes over the whole dose grid.
  const auto ci = eval::conformityIndices(dvh, eval::computeGridDvh(*model.planDose()->dose), 20);
  EXPECT_EQ(table.rows[0][13], fixed(ci.paddickCi, 3));
  EXPECT_EQ(table.rows[0][14], fixed(ci.gradientIndex, 2));
}

TEST(EvaluationModel, ConstraintResultsOfTheChosenTemplateAndFractions) {
  EvaluationModel model = evaluatedModel();
  model.setConstraintTemplates({eval::parseConstraintTemplate(R"({
    "name": "test", "version": "1", "source": "made up for the test",
    "fractionations": [ { "fractions": 5, "constraints": [
      { "structure": "rectum", "metric": "Dmax", "max": 40 },
      { "structure": "PTV", "metric": "D95%", "min": 19 },
      { "structure": "Cord", "metric": "Dmax", "max": 20 } ] } ] })", "test.json")});
  ASSERT_EQ(model.templateIndex(), 0);
  EXPECT_TRUE(model.constraintResults().empty()) << "no set for 1 fraction";
  model.setFractions(5);
  const auto results = model.constraintResults();
  ASSERT_EQ(results.size(), 3u);
  // Rectum: sphere of 8 mm at +30 mm: Dmax about 20 + 0.5 * 38 = 39 Gy.
  EXPECT_EQ(results[0].outcome, eval::ConstraintOutcome::Pass);
  EXPECT_NEAR(*results[0].value, 39, 0.3);
  // PTV D95: 20 + 0.5 * x95 with x95 about -13 mm: about 13.5 Gy.
  EXPECT_EQ(results[1].outcome, eval::ConstraintOutcome::Fail);
  EXPECT_EQ(results[2].outcome, eval::ConstraintOutcome::NotEvaluated);
  EXPECT_THROW(model.setFractions(0), Error);
}

TEST(EvaluationModel, CsvHasAColumnPerCurveWithUnitsAndARowPerDose) {
  DvhPlot plot{"Dose (Gy)", "Volume (%)",
               {{"A", {}, {{0, 100}, {1, 50}, {2, 0}}}, {"B", {}, {{0, 100}, {1, 80}}}}};
  EXPECT_EQ(dvhCsv(plot), "\"Dose (Gy)\",\"A: Volume (%)\",\"B: Volume (%)\"\n0,100,100\n1,50,80\n2,0,0\n");
}

TEST(EvaluationModel, CursorReadoutStatesUnits) {
  EvaluationModel model(ctIdentity(), "test CT", structures());
  EXPECT_EQ(model.cursorReadout(12.3, 45.25), "dose 12.30 Gy, volume 45.2 %");
  model.setPrescriptionGy(20);
  model.setVolumeUnit(eval::VolumeUnit::Cc);
  EXPECT_EQ(model.cursorReadout(50, 3.456), "dose 10.00 Gy (50.0 % of 20 Gy), volume 3.46 cm³");
}

}  // namespace
}  // namespace kerma::app
