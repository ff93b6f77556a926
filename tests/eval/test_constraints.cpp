#include "kerma/eval/constraints.h"

#include "analytic_dose.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

namespace kerma::eval {
namespace {

const core::Point3<core::Patient> CENTRE{0, 0, 0};

TEST(Constraints, ParsesMetrics) {
  EXPECT_EQ(parseDvhMetric("Dmax").kind, DvhMetric::Kind::MaxDose);
  EXPECT_EQ(parseDvhMetric("dmean").kind, DvhMetric::Kind::MeanDose);
  const auto d95 = parseDvhMetric("D95%");
  EXPECT_EQ(d95.kind, DvhMetric::Kind::DoseAtPercent);
  EXPECT_EQ(d95.x, 95);
  const auto nearMax = parseDvhMetric("D0.03cc");
  EXPECT_EQ(nearMax.kind, DvhMetric::Kind::DoseAtCc);
  EXPECT_EQ(nearMax.x, 0.03);
  const auto v20 = parseDvhMetric("V20Gy", VolumeUnit::Cc);
  EXPECT_EQ(v20.kind, DvhMetric::Kind::VolumeAtDose);
  EXPECT_EQ(v20.volumeUnit, VolumeUnit::Cc);
  for (const char* bad : {"", "D", "Dx%", "D120%", "V20", "Q5Gy", "D-3cc"}) EXPECT_THROW(parseDvhMetric(bad), Error) << bad;
}

TEST(Constraints, EvaluatesToPassWarnFailWithTheMeasuredValue) {
  const auto dose = testing::linearDose(CENTRE, {30, 30, 30}, {2, 2, 2}, 10, 0.2);
  const Dvh cord = computeDvh(testing::sphereContours(CENTRE, 20, 2), dose);  // 6 .. 14 Gy
  const auto tmpl = parseConstraintTemplate(R"({
    "name": "t", "version": "1", "source": "test",
    "fractionations": [ { "fractions": 5, "constraints": [
      { "structure": "Spinal-Cord", "aliases": ["Cord"], "metric": "Dmax", "max": 15, "warn": 12 },
      { "structure": "cord", "metric": "Dmax", "max": 13 },
      { "structure": "Cord", "metric": "Dmean", "max": 11, "warn": 9 },
      { "structure": "Cord", "metric": "V10Gy", "min": 40 },
      { "structure": "Rectum", "metric": "Dmax", "max": 30 } ] } ] })",
                                              "inline");
  ASSERT_EQ(constraintsFor(tmpl, 3), nullptr);
  const ConstraintSet* set = constraintsFor(tmpl, 5);
  ASSERT_NE(set, nullptr);
  const auto results = evaluateConstraints(*set, {{"CORD", &cord}});
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].outcome, ConstraintOutcome::Warn);
  EXPECT_EQ(results[0].structureFound, "CORD");
  EXPECT_NEAR(*results[0].value, cord.maxGy, 1e-12);
  EXPECT_EQ(results[1].outcome, ConstraintOutcome::Fail);
  EXPECT_EQ(results[2].outcome, ConstraintOutcome::Warn);
  EXPECT_EQ(results[3].outcome, ConstraintOutcome::Pass);
  EXPECT_NEAR(*results[3].value, 50, 1);
  EXPECT_EQ(results[4].outcome, ConstraintOutcome::NotEvaluated);
  EXPECT_FALSE(results[4].value.has_value());
  EXPECT_EQ(outcomeName(ConstraintOutcome::Fail), "fail");
}

TEST(Constraints, ParseErrorsNameTheFileAndTheEntry) {
  struct Case {
    const char* json;
    const char* entry;
  };
  for (const Case& c : {
           Case{R"({"name":"t","version":"1","source":"s","fractionations":[{"fractions":1,"constraints":[
                  {"structure":"A","metric":"Dmax","max":1},{"structure":"B","metric":"Dfoo","max":1}]}]})",
                "fractionations[0].constraints[1].metric"},
           Case{R"({"name":"t","version":"1","source":"s","fractionations":[{"fractions":1,"constraints":[
                  {"structure":"A","metric":"Dmax"}]}]})",
                "fractionations[0].constraints[0]"},
           Case{R"({"name":"t","version":"1","fractionations":[]})", "source"},
           Case{R"({"name":"t","version":"1","source":"s","fractionations":[{"fractions":"five","constraints":[]}]})",
                "fractionations[0].fractions"},
           Case{R"({"name": )", "JSON"},
           // Found by fuzz_constraints: a number that is no int was cast to one (undefined).
           Case{R"({"name":"t","version":"1","source":"s","fractionations":[{"fractions":1e300,"constraints":[]}]})",
                "fractionations[0].fractions is 1e+300; expected a whole number from 1 to 60"},
           Case{R"({"name":"t","version":"1","source":"s","fractionations":[{"fractions":2.5,"constraints":[]}]})",
                "fractionations[0].fractions is 2.5"},
           Case{R"({"name":"t","version":"1","source":"s","fractionations":[{"fractions":0,"constraints":[]}]})",
                "fractionations[0].fractions is 0"},
           // Found by fuzz_constraints: the JSON parser's out_of_range escaped as such.
           Case{R"({"name":"t","version":1e3002,"source":"s","fractionations":[]})",
                "not valid JSON: [json.exception.out_of_range.406] number overflow parsing '1e3002'"},
       }) {
    try {
      parseConstraintTemplate(c.json, "my_template.json");
      ADD_FAILURE() << c.json;
    } catch (const Error& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find("my_template.json"), std::string::npos) << m;
      EXPECT_NE(m.find(c.entry), std::string::npos) << m;
    }
  }
  EXPECT_THROW(loadConstraintTemplate("/nonexistent/kerma.json"), Error);
}

TEST(Constraints, ShippedTemplatesLoad) {
  const auto tmpl = loadConstraintTemplate(std::filesystem::path(KERMA_CONSTRAINTS_DIR) / "aapm_tg101_sbrt.json");
  EXPECT_NE(tmpl.source.find("Task Group 101"), std::string::npos);
  for (int fractions : {1, 3, 5}) {
    const ConstraintSet* set = constraintsFor(tmpl, fractions);
    ASSERT_NE(set, nullptr) << fractions;
    EXPECT_GE(set->constraints.size(), 8u);
  }
}

}  // namespace
}  // namespace kerma::eval
