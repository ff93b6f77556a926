#include "kerma/beams/machine_limits.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

namespace kerma::beams {
namespace {

// The generic 6 MV machine Kerma ships: Millennium 120 leaves, travel -200..200 mm, tip spread
// 150 mm, gap 0.5 mm; jaws X1/Y1 -200..20, X2/Y2 -20..200; collimator -175..175, couch -95..95.
const dose::Machine& generic6mv() {
  static const dose::Machine machine = dose::loadMachine(KERMA_MACHINE_DIR);
  return machine;
}

// A 40 x 100 mm field that every limit allows: jaws at +-20 / +-50, every pair open at +-20.
dose::Beam openBeam() {
  dose::Beam beam;
  beam.name = "AP";
  beam.jawsMm = {-20, 20, -50, 50};
  beam.leaves = dose::MlcLeaves{std::vector<double>(60, -20.0), std::vector<double>(60, 20.0)};
  return beam;
}

std::vector<std::string> messages(const std::vector<LimitViolation>& violations) {
  std::vector<std::string> out;
  for (const auto& v : violations) out.push_back(v.message);
  return out;
}

TEST(MachineLimits, AFieldWithinEveryLimitHasNoViolation) {
  EXPECT_TRUE(checkMachineLimits(openBeam(), generic6mv()).empty());
  EXPECT_NO_THROW(requireMachineLimits(openBeam(), generic6mv()));
}

TEST(MachineLimits, AnglesAreCheckedModuloAFullTurn) {
  const dose::Range collimator{-175, 175};
  EXPECT_TRUE(angleWithin(350, collimator));   // -10
  EXPECT_TRUE(angleWithin(-175, collimator));
  EXPECT_TRUE(angleWithin(185, collimator));   // -175
  EXPECT_FALSE(angleWithin(180, collimator));
  EXPECT_FALSE(angleWithin(184.9, collimator));
  EXPECT_TRUE(angleWithin(360, {0, 360}));
  EXPECT_TRUE(angleWithin(-10, {0, 360}));

  dose::Beam beam = openBeam();
  beam.gantryAngleDeg = 370;
  beam.collimatorAngleDeg = 180;
  beam.couchAngleDeg = 100;
  const auto violations = checkMachineLimits(beam, generic6mv());
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].kind, LimitKind::CollimatorAngle);
  EXPECT_EQ(violations[0].message, "collimator angle 180.0 deg; expected within -175.0..175.0 deg");
  EXPECT_EQ(violations[1].kind, LimitKind::CouchAngle);
  EXPECT_EQ(violations[1].message, "couch angle 100.0 deg; expected within -95.0..95.0 deg");
  beam.couchAngleDeg = 270;  // -90
  beam.collimatorAngleDeg = 350;
  EXPECT_TRUE(checkMachineLimits(beam, generic6mv()).empty());
}

TEST(MachineLimits, JawsOutsideTheirTravelOrCrossedAreNamed) {
  dose::Beam beam = openBeam();
  beam.jawsMm = {-210, 20, 10, 5};
  const auto violations = checkMachineLimits(beam, generic6mv());
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].kind, LimitKind::JawTravel);
  EXPECT_EQ(violations[0].message, "jaw X1 at -210.0 mm; expected within its travel -200.0..20.0 mm");
  EXPECT_EQ(violations[1].kind, LimitKind::JawOrder);
  EXPECT_EQ(violations[1].message, "jaw Y1 at 10.0 mm is not below Y2 at 5.0 mm; expected Y1 < Y2");
}

TEST(MachineLimits, LeafTravelGapAndSpreadNameThePairTheValueAndTheLimit) {
  dose::Beam beam = openBeam();
  beam.leaves->x1Mm[30] = -205;  // pair 31, Yb 0..5 mm
  beam.leaves->x1Mm[0] = 10;     // pair 1: gap 0.2 mm
  beam.leaves->x2Mm[0] = 10.2;
  beam.leaves->x2Mm[59] = 180;   // X2 bank from 10.2 to 180 mm
  const auto violations = checkMachineLimits(beam, generic6mv());
  EXPECT_EQ(messages(violations),
            (std::vector<std::string>{
                "leaf pair 1 (Yb -200.0..-190.0 mm): gap X2 - X1 = 10.2 - (10.0) = 0.2 mm; expected at least the "
                "minimum gap 0.5 mm",
                "leaf pair 31 (Yb 0.0..5.0 mm): X1 tip at -205.0 mm; expected within the leaf travel -200.0..200.0 mm",
                "bank X1: tips span 215.0 mm, from -205.0 mm (pair 31) to 10.0 mm (pair 1); expected at most the "
                "maximum tip spread 150.0 mm",
                "bank X2: tips span 169.8 mm, from 10.2 mm (pair 1) to 180.0 mm (pair 60); expected at most the "
                "maximum tip spread 150.0 mm"}));
  EXPECT_EQ(violations[0].kind, LimitKind::MinimumGap);
  EXPECT_EQ(violations[0].pair, 0);
  EXPECT_EQ(violations[1].kind, LimitKind::LeafTravel);
  EXPECT_EQ(violations[1].pair, 30);
  EXPECT_EQ(violations[2].kind, LimitKind::TipSpread);
  try {
    requireMachineLimits(beam, generic6mv());
    ADD_FAILURE() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::BadInput);
    EXPECT_EQ(std::string(e.what()).rfind("beam AP cannot be delivered on Generic 6 MV: leaf pair 1 ", 0), 0u) << e.what();
  }
  beam.leaves->x1Mm.pop_back();
  const auto count = checkMachineLimits(beam, generic6mv());
  ASSERT_EQ(count.size(), 1u);
  EXPECT_EQ(count[0].message, "the MLC has 59 X1 and 60 X2 leaf positions; expected 60 of each");
}

// A field-in-field subfield's leaves are held to the same limits, named by their subfield.
TEST(MachineLimits, SubfieldLeavesAreCheckedAndNamed) {
  dose::Beam beam = openBeam();
  dose::MlcLeaves closed = *beam.leaves;
  closed.x2Mm[30] = closed.x1Mm[30] + 0.5;  // closed at the minimum gap: allowed
  beam.subfields = {{closed, 0.2}};
  EXPECT_TRUE(checkMachineLimits(beam, generic6mv()).empty());
  closed.x2Mm[30] = closed.x1Mm[30] + 0.2;
  beam.subfields.push_back({closed, 0.1});
  const auto violations = checkMachineLimits(beam, generic6mv());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].kind, LimitKind::MinimumGap);
  EXPECT_EQ(violations[0].message.rfind("subfield 2: leaf pair 31 ", 0), 0u) << violations[0].message;
}

TEST(MachineLimits, InterdigitationIsRefusedOnlyWhereTheMachineForbidsIt) {
  dose::Beam beam = openBeam();
  beam.leaves->x1Mm[30] = 25;  // pair 31 opens at 25..60, right of its neighbours' X2 tips at 20
  beam.leaves->x2Mm[30] = 60;
  EXPECT_TRUE(checkMachineLimits(beam, generic6mv()).empty());
  dose::Machine rigid = generic6mv();
  rigid.mlc.interdigitationAllowed = false;
  const auto violations = checkMachineLimits(beam, rigid);
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].kind, LimitKind::Interdigitation);
  EXPECT_EQ(violations[0].pair, 29);
  EXPECT_EQ(violations[0].message,
            "leaf pairs 30 and 31: X1 tip of pair 31 at 25.0 mm against X2 tip of pair 30 at 20.0 mm; this MLC does "
            "not interdigitate, expected X2 - X1 of neighbours at least the minimum gap 0.5 mm");
  EXPECT_EQ(violations[1].pair, 30);
  EXPECT_EQ(violations[1].message,
            "leaf pairs 31 and 32: X1 tip of pair 31 at 25.0 mm against X2 tip of pair 32 at 20.0 mm; this MLC does "
            "not interdigitate, expected X2 - X1 of neighbours at least the minimum gap 0.5 mm");
}

TEST(MachineLimits, DragRangesOfLeavesAndJaws) {
  dose::MlcLeaves leaves = *openBeam().leaves;
  // X1 of pair 31: spread from the other X1 tips (-20) and the gap to its own X2 tip (20).
  const dose::Range x1 = leafTipRange(leaves, generic6mv(), 30, LeafBank::X1);
  EXPECT_DOUBLE_EQ(x1.min, -170);
  EXPECT_DOUBLE_EQ(x1.max, 19.5);
  const dose::Range x2 = leafTipRange(leaves, generic6mv(), 30, LeafBank::X2);
  EXPECT_DOUBLE_EQ(x2.min, -19.5);
  EXPECT_DOUBLE_EQ(x2.max, 170);
  // Without interdigitation the neighbours' X2 tips bound the X1 tip too.
  dose::Machine rigid = generic6mv();
  rigid.mlc.interdigitationAllowed = false;
  leaves.x2Mm[31] = 10;
  EXPECT_DOUBLE_EQ(leafTipRange(leaves, rigid, 30, LeafBank::X1).max, 9.5);
  EXPECT_DOUBLE_EQ(leafTipRange(leaves, generic6mv(), 30, LeafBank::X1).max, 19.5);

  const dose::JawsMm jaws{-20, 50, -50, 10};
  EXPECT_EQ(jawRange(jaws, generic6mv(), Jaw::X1), (dose::Range{-200, 20}));
  EXPECT_EQ(jawRange(jaws, generic6mv(), Jaw::X2), (dose::Range{-19, 200}));
  EXPECT_EQ(jawRange(jaws, generic6mv(), Jaw::Y1), (dose::Range{-200, 9}));
  EXPECT_EQ(jawRange(jaws, generic6mv(), Jaw::Y2), (dose::Range{-20, 200}));
}

}  // namespace
}  // namespace kerma::beams
