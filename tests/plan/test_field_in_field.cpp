// Field-in-field on the demo patient: the engine's dose of a beam with subfields against its
// segments' doses (fluence is linear), the rounds of plan::fieldInField on an AP/PA pair whose
// target is homogeneous but whose maximum is not, and what --fif accepts. The clinical case's box4
// (an inhomogeneous target made homogeneous, exported and recomputed) is tested through
// kerma-cli plan in test_cli_plan.

#include "kerma/plan/field_in_field.h"

#include "kerma/beams/conformed_beams.h"
#include "kerma/core/error.h"
#include "kerma/dose/beam_model.h"
#include "kerma/dose/ct_density.h"
#include "kerma/phantom/demo_patient.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace kerma::plan {
namespace {

constexpr double GRID_MM = 5;

struct DemoApPa {
  phantom::DemoPatient demo = phantom::makeDemoPatient();
  eval::DoseEngineData engine{dose::loadMachine(KERMA_MACHINE_DIR), dose::loadBeamModel(KERMA_MACHINE_DIR),
                              dose::loadCtDensityCurve(KERMA_RESOURCE_DIR "/ct-density/generic-120kvp.csv")};
  const structure::Structure& target() const {
    return *std::find_if(demo.structures.begin(), demo.structures.end(),
                         [](const auto& s) { return s.name == "GTV_Met"; });
  }
  std::vector<dose::Beam> beams() const {
    beams::ConformationOptions conformation;
    conformation.marginsMm = {7, 7, 7, 7};
    return beams::conformedTemplateBeams(beams::BeamTemplate::ApPa, target(),
                                         &structure::findBody(demo.structures)->mask, engine.machine, conformation,
                                         *structure::centroidMm(target().mask));
  }
  Plan plan() const {
    eval::Prescription rx = eval::parsePrescription("20Gy/5");
    rx.target = target().name;
    return computePlan(demo.ct, demo.structures, beams(), rx, engine, GRID_MM).value();
  }
};

const DemoApPa& demoApPa() {
  static const DemoApPa demo;
  return demo;
}

// Half of every open leaf pair closed from the X2 side.
dose::MlcLeaves halfClosed(const dose::MlcLeaves& leaves) {
  dose::MlcLeaves half = leaves;
  for (std::size_t n = 0; n < half.x1Mm.size(); ++n) half.x2Mm[n] = std::max(half.x1Mm[n] + 0.5, 0.5 * (half.x1Mm[n] + half.x2Mm[n]));
  return half;
}

TEST(FieldInField, ABeamsDoseIsItsSegmentsDosesWeightedByTheirShareOfTheMu) {
  const DemoApPa& d = demoApPa();
  const dose::Beam open = d.beams()[0];
  dose::Beam half = open;
  half.leaves = halfClosed(*open.leaves);
  dose::Beam mixed = open;
  mixed.subfields = {{*half.leaves, 0.3}};
  const core::VolumeGeometry grid = dose::doseGridForBody(structure::findBody(d.demo.structures)->mask, GRID_MM);
  const auto rho = dose::densityOnGrid(d.demo.ct.hu, structure::findBody(d.demo.structures)->mask,
                                       d.engine.densityCurve, grid);
  const auto doses = dose::beamDosesGyPerMu(rho, {mixed, open, half}, d.engine.machine, d.engine.model).value();
  float most = 0, worst = 0;
  for (std::size_t v = 0; v < doses[0].values().size(); ++v) {
    const float expected = 0.7f * doses[1].values()[v] + 0.3f * doses[2].values()[v];
    most = std::max(most, doses[1].values()[v]);
    worst = std::max(worst, std::abs(doses[0].values()[v] - expected));
  }
  EXPECT_GT(most, 0);
  EXPECT_LT(worst, 1e-5f * most);
  // The half-closed segment gives less than the open field on the closed side's axis.
  EXPECT_LT(*core::sampleTrilinear(doses[0], open.isocenterMm), *core::sampleTrilinear(doses[1], open.isocenterMm) + 1e-9);
}

TEST(FieldInField, TheEngineRefusesSubfieldsItCannotDeliver) {
  const DemoApPa& d = demoApPa();
  const core::VolumeGeometry grid({8, 8, 8}, {0, 0, 0}, {GRID_MM, GRID_MM, GRID_MM});
  const core::Volume<float> water(grid, 1.f);
  const auto refusal = [&](dose::Beam beam) {
    try {
      dose::beamDosesGyPerMu(water, {beam}, d.engine.machine, d.engine.model);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::BadInput);
      return std::string(e.what());
    }
    return std::string("no refusal");
  };
  dose::Beam beam = d.beams()[0];
  beam.subfields = {{*beam.leaves, 0.6}, {*beam.leaves, 0.6}};
  EXPECT_NE(refusal(beam).find("subfields deliver more than the beam's MU"), std::string::npos) << refusal(beam);
  beam.subfields = {{*beam.leaves, 0}};
  EXPECT_NE(refusal(beam).find("subfield 1 delivers a share 0"), std::string::npos) << refusal(beam);
  beam.subfields = {{dose::MlcLeaves{{0}, {1}}, 0.2}};
  EXPECT_NE(refusal(beam).find("beam AP subfield 1 has 1 leaf pairs; expected 60"), std::string::npos) << refusal(beam);
  beam.leaves.reset();
  EXPECT_NE(refusal(beam).find("has subfields but no leaves"), std::string::npos) << refusal(beam);
}

// The AP/PA pair on the anterior metastasis: the target is homogeneous with open fields, the
// maximum (behind the target, from PA) is not. Field-in-field lowers the maximum while the target
// stays homogeneous, every segment keeps the machine's minimum MU, and the plan's dose is the
// engine's for its final beams.
TEST(FieldInField, AHomogeneousTargetStaysSoWhileTheMaximumComesDown) {
  const DemoApPa& d = demoApPa();
  const Plan plan = d.plan();
  const Homogeneity before = targetHomogeneity(plan);
  ASSERT_TRUE(before.icru83()) << before.d2Percent << " " << before.d98Percent;
  const double maximumBefore = globalMaximum(plan, d.demo.structures)->percentOf(20);
  ASSERT_GT(maximumBefore, 130);

  const FieldInFieldResult result = fieldInField(plan, d.demo.ct, d.demo.structures, d.engine, {105, 3}).value();
  EXPECT_EQ(result.summary.before.d2Percent, before.d2Percent);
  EXPECT_TRUE(result.summary.after.icru83()) << result.summary.after.d2Percent << " " << result.summary.after.d98Percent;
  const double maximumAfter = globalMaximum(result.plan, d.demo.structures)->percentOf(20);
  EXPECT_LT(maximumAfter, maximumBefore - 10);
  ASSERT_EQ(result.summary.beams.size(), 2u);
  EXPECT_EQ(result.summary.beams[0].rfind("AP: ", 0), 0u) << result.summary.beams[0];
  for (std::size_t b = 0; b < result.plan.beams.size(); ++b) {
    EXPECT_LE(result.plan.beams[b].subfields.size(), 3u);
    for (const double mu : segmentMuPerFraction(result.plan, b)) EXPECT_GE(mu, d.engine.machine.minMuPerSegment);
  }
  EXPECT_TRUE(deliveryWarnings(result.plan).empty());
  const Plan again =
      computePlan(d.demo.ct, d.demo.structures, result.plan.beams, result.plan.rx, d.engine, GRID_MM).value();
  EXPECT_TRUE(std::ranges::equal(again.doseGy.values(), result.plan.doseGy.values()));
  RecordProperty("globalMaxPercentBefore", std::to_string(maximumBefore));
  RecordProperty("globalMaxPercentAfter", std::to_string(maximumAfter));
}

TEST(FieldInField, OptionsAreALevelAndACountOfSubfields) {
  const FieldInFieldOptions options = parseFieldInField("107.5:2");
  EXPECT_EQ(options.levelPercent, 107.5);
  EXPECT_EQ(options.maxSubfields, 2);
  for (const char* bad : {"105", "105:", ":3", "99:3", "151:3", "105:0", "105:11", "105:2.5", "x:3", "105:3x"}) {
    try {
      parseFieldInField(bad);
      ADD_FAILURE() << bad << " accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "'"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace kerma::plan
