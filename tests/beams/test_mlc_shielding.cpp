#include "kerma/beams/mlc_shielding.h"

#include "kerma/core/error.h"

#include <gtest/gtest.h>

namespace kerma::beams {
namespace {

// The shadows are traced on a 0.25 mm raster and magnified by up to 1000/989 at the boxes' front.
constexpr double TIP_TOLERANCE_MM = 0.6;

dose::Machine machine() {
  dose::Machine m;
  m.sadMm = 1000;
  m.jawLimitsMm = {{-200, 20}, {-20, 200}, {-200, 20}, {-20, 200}};
  for (int n = 0; n <= 40; ++n) m.mlc.leafBoundariesMm.push_back(-100 + 5 * n);  // 5 mm leaves
  m.mlc.leafTravelMm = {-200, 200};
  m.mlc.maxTipSpreadMm = 150;
  m.mlc.minimumGapMm = 0.5;
  return m;
}

// A box x in [x0, x1], y and z in [-10, 10] mm, contoured on 2 mm slices.
structure::Structure box(const std::string& name, double x0, double x1) {
  structure::Structure s;
  s.name = name;
  s.mask = structure::Mask(core::VolumeGeometry({101, 101, 21}, {-50, -50, -20}, {1, 1, 2}));
  for (double z = -10; z <= 10; z += 2)
    s.contours.push_back({{{x0, -10, z}, {x1, -10, z}, {x1, 10, z}, {x0, 10, z}}});
  return s;
}

// An AP beam (HFS gantry 0: Xb = patient left, Yb = head) open from -50 to 50 mm on every pair.
dose::Beam openBeam(const dose::Machine& m) {
  dose::Beam beam;
  beam.name = "AP";
  beam.jawsMm = {-50, 50, -50, 50};
  beam.leaves = dose::MlcLeaves{std::vector<double>(40, -50), std::vector<double>(40, 50)};
  (void)m;
  return beam;
}

constexpr int MIDDLE_PAIR = 20;  // y 0 to 5 mm, where both boxes are

TEST(MlcShielding, LeavesCloseOverTheOrganUpToTheTargetsMargin) {
  const dose::Machine m = machine();
  // Organ 15 mm beside the target: grown by 5 mm it starts at 20 mm, clear of the target's 17 mm.
  const ShieldedBeam shielded = shieldOrgan(openBeam(m), box("Rectum", 25, 40), box("PTV", -10, 10), m);
  const dose::MlcLeaves& leaves = *shielded.beam.leaves;
  EXPECT_NEAR(leaves.x1Mm[MIDDLE_PAIR], -50, 1e-9);
  EXPECT_NEAR(leaves.x2Mm[MIDDLE_PAIR], 20, TIP_TOLERANCE_MM);  // the side with the target kept
  EXPECT_TRUE(shielded.overlaps.empty());
  // The organ's shadow reaches |y| = 11.1 mm, 16.1 mm with its margin: pairs 16 to 23 (y -20 to
  // 20 mm) are moved, 15 and 24 are not.
  EXPECT_EQ(shielded.pairsMoved, 8);
  EXPECT_EQ(leaves.x2Mm[15], 50);
  EXPECT_EQ(leaves.x2Mm[24], 50);
  EXPECT_LT(leaves.x2Mm[16], 50);
  EXPECT_EQ(shielded.beam.jawsMm, openBeam(m).jawsMm);
}

TEST(MlcShielding, WhereOrganAndTargetOverlapTheRuleDecidesAndSaysWhere) {
  const dose::Machine m = machine();
  const auto organ = box("Rectum", 5, 30), target = box("PTV", -10, 10);
  ShieldingOptions options;
  const ShieldedBeam targetFirst = shieldOrgan(openBeam(m), organ, target, m, options);
  EXPECT_NEAR(targetFirst.beam.leaves->x2Mm[MIDDLE_PAIR], 17, TIP_TOLERANCE_MM);
  EXPECT_FALSE(targetFirst.overlaps.empty());
  options.rule = OverlapRule::OrganFirst;
  const ShieldedBeam organFirst = shieldOrgan(openBeam(m), organ, target, m, options);
  EXPECT_NEAR(organFirst.beam.leaves->x2Mm[MIDDLE_PAIR], 0, TIP_TOLERANCE_MM);  // organ from 5 mm, less 5 mm
  EXPECT_FALSE(organFirst.overlaps.empty());
  EXPECT_EQ(overlapRuleFromName("organ-first"), OverlapRule::OrganFirst);
  EXPECT_THROW(overlapRuleFromName("split"), Error);
}

TEST(MlcShielding, AnOrganInsideTheOpeningKeepsThePieceWithTheTarget) {
  const dose::Machine m = machine();
  // Organ at x 25..30 inside the opening: [-50, 20] holds the target, [35, 50] not.
  const ShieldedBeam shielded = shieldOrgan(openBeam(m), box("Bowel", 25, 30), box("PTV", -10, 10), m);
  EXPECT_NEAR(shielded.beam.leaves->x1Mm[MIDDLE_PAIR], -50, 1e-9);
  EXPECT_NEAR(shielded.beam.leaves->x2Mm[MIDDLE_PAIR], 20, TIP_TOLERANCE_MM);
}

}  // namespace
}  // namespace kerma::beams
